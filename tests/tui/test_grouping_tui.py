"""Pilot tests of the views across plans (issue 11): `g` on the overview groups the
highlighted plan's municipality by perspective, `g` cycles to tags and plans; the filter
narrows to a tag or a perspective."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from pilot_helpers import AS_OF, settle
from textual.widgets import Select

from oppfolging.session import open_session
from oppfolging.tui.app import Filters, OppfolgingApp
from oppfolging.tui.grouping_view import NO_GROUP
from oppfolging.tui.overview_data import attention_items
from oppfolging.tui.screens.filters import FilterScreen
from oppfolging.tui.screens.grouped import GroupedScreen
from oppfolging.tui.screens.overview import OverviewScreen
from oppfolging.tui.widgets.keyed_table import KeyedTable


def _table(app: OppfolgingApp, selector: str) -> KeyedTable:
    return app.screen.query_one(selector, KeyedTable)


async def _open_grouping_for(app: OppfolgingApp, pilot: object, plan_id: str) -> GroupedScreen:
    plans = _table(app, "#plans")
    plans.focus_table()
    plans.move_cursor_to(plan_id)
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("g")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, GroupedScreen)
    return screen


async def test_g_groups_drammens_plans_by_perspective_and_cycles(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_grouping_for(app, pilot, "drammen-oms-2009")
        assert (screen.municipality, screen.by) == ("Drammen kommune", "perspective")
        assert _table(app, "#groups").keys == ["Brukere", "Bysamfunnet", "Økonomi"]
        # the highlighted group's focus areas come from three of the five plans
        members = _table(app, "#members")
        assert sorted(members.keys) == ["dr-hr1", "dr-om1", "dr-ps1"]
        await pilot.press("down")
        await settle(pilot)
        assert sorted(_table(app, "#members").keys) == ["dr-bo1", "dr-ru1"]
        title = str(app.screen.query_one("#grouping-title").render())
        assert "per perspektiv" in title
        await pilot.press("g")
        await settle(pilot)
        assert str(screen.by) == "tag"
        assert _table(app, "#groups").row_count == 0  # Drammen has no indicators or measures
        await pilot.press("g")
        await settle(pilot)
        assert screen.by == "plan"
        assert len(_table(app, "#groups").keys) == 5
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)


async def test_alvers_indicators_and_measures_grouped_by_trapp_step(app: OppfolgingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await _open_grouping_for(app, pilot, "alver-hso-2023")
        await pilot.press("g")
        await settle(pilot)
        assert screen.by == "tag"
        keys = _table(app, "#groups").keys
        assert keys[:2] == ["Bustadtrappa trinn 1", "Bustadtrappa trinn 5"]
        assert keys.index("Meistringstrappa trinn 9") < keys.index("Meistringstrappa trinn 10")
        assert keys[-1] == NO_GROUP
        _table(app, "#groups").move_cursor_to("Meistringstrappa trinn 3")
        await settle(pilot)
        assert _table(app, "#members").keys == ["i:al-i1.1.2", "m:al-t1.1.1"]


async def test_filter_by_tag_narrows_the_attention_list(
    app: OppfolgingApp, sample_copy: Path
) -> None:
    # Tag one indicator of the attention list (the sample's tags are on Alver's plan, which
    # is in consultation and so never in a round's attention list).
    session = open_session(sample_copy, AS_OF)
    listed = attention_items(session.round_result(session.rounds[-1]), Filters())["key"]
    tagged = [
        *listed.filter(listed.str.starts_with("i:"))[:2],
        listed.filter(listed.str.starts_with("m:"))[0],
    ]
    for table, id_column, prefix in (
        ("indicators", "indicator_id", "i:"),
        ("measures", "measure_id", "m:"),
    ):
        path = sample_copy / f"{table}.csv"
        frame = pl.read_csv(path, infer_schema=False)
        frame = frame.with_columns(
            pl.when((pl.lit(prefix) + pl.col(id_column)).is_in(tagged))
            .then(pl.lit("Trinn 4"))
            .otherwise(pl.col("tags"))
            .alias("tags")
        )
        frame.write_csv(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = _table(app, "#attention").keys
        expected = [key for key in before if key in tagged]
        assert len(expected) == 3
        assert len(expected) < len(before)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#tag", Select).value = "Trinn 4"
        await pilot.click("#apply")
        await settle(pilot)
        assert app.filters == Filters(tag="Trinn 4")
        assert _table(app, "#attention").keys == expected
        assert "Trinn 4" in str(app.screen.query_one("#attention-title").render())


async def test_filter_by_perspective_narrows_the_attention_list(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = len(_table(app, "#attention").keys)
        await pilot.press("f")
        await settle(pilot)
        perspective = "Innovativ og inkluderende tjenesteutvikling"
        app.screen.query_one("#perspective", Select).value = perspective
        await pilot.click("#apply")
        await settle(pilot)
        assert app.filters == Filters(perspective=perspective)
        after = _table(app, "#attention").keys
        assert 0 < len(after) < before
        # every row left belongs to a focus area with that perspective (pg-io4..6)
        assert all(key.split("-")[1][1] in "456" for key in after), after
