"""Pilot tests of issue 11 items 3 and 6: the «Hvorfor» pane, comments in full, and a
filter that reaches every panel with the active filter on screen."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from pilot_helpers import AS_OF, settle
from textual.widgets import Select, Static

from oppfolging.tui.app import Filters, OppfolgingApp, make_app
from oppfolging.tui.screens.detail import IndicatorScreen
from oppfolging.tui.screens.drill import PlanScreen
from oppfolging.tui.screens.overview import OverviewScreen
from oppfolging.tui.widgets.keyed_table import KeyedTable

BEHIND = "pg-i1.1.4"
"""An indicator behind in the sample's 1. tertial 2026 (the round shown on 01.06.2026)."""
LIER = "lier-hov-2018"
LONG_COMMENT = (
    "Start [bold]ikke fet[/bold] og [@click=app.quit]ikke en lenke[/] i C:\\data\\[x]\\ — "
    + " ".join(f"ord{i}" for i in range(120))
    + " SLUTT"
)


def _with_long_comment(folder: Path) -> None:
    """Give BEHIND's 2026-T1 value the long comment (with brackets and backslashes)."""
    path = folder / "values.csv"
    values = pl.read_csv(path, infer_schema=False)
    chosen = (pl.col("indicator_id") == BEHIND) & (pl.col("period") == "2026-T1")
    assert values.filter(chosen).height == 1
    values = values.with_columns(
        comment=pl.when(chosen).then(pl.lit(LONG_COMMENT)).otherwise(pl.col("comment"))
    )
    values.write_csv(path)


@pytest.fixture
def long_app(sample_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> OppfolgingApp:
    monkeypatch.setenv("OPPFOLGING_CONFIG", str(tmp_path / "personal.toml"))
    _with_long_comment(sample_copy)
    return make_app(sample_copy, AS_OF)


def _table(app: OppfolgingApp, selector: str) -> KeyedTable:
    return app.screen.query_one(selector, KeyedTable)


def _text(app: OppfolgingApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _flat(value: str) -> str:
    return " ".join(value.split())


async def test_why_pane_shows_the_full_comment_literally(long_app: OppfolgingApp) -> None:
    async with long_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not long_app.screen.query_one("#why-box").display  # 40 rows: off until `d`
        attention = _table(long_app, "#attention")
        assert f"i:{BEHIND}" in attention.keys
        attention.focus_table()
        attention.move_cursor_to(f"i:{BEHIND}")
        await pilot.press("d")
        await settle(pilot)
        assert long_app.screen.query_one("#why-box").display
        shown = _flat(_text(long_app, "#why"))
        why = _text(long_app, "#why").splitlines()
        comment = next(line for line in why if "Kommentar:" in line)
        assert _flat(comment) == "Kommentar: " + _flat(LONG_COMMENT)
        assert "Historikk" in shown
        assert "Vurdering av målet" in shown
        await pilot.press("d")
        assert not long_app.screen.query_one("#why-box").display


async def test_why_pane_follows_the_highlighted_row(long_app: OppfolgingApp) -> None:
    async with long_app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert long_app.screen.query_one("#why-box").display  # room enough: shown
        attention = _table(long_app, "#attention")
        attention.focus_table()
        other = next(key for key in attention.keys if key != f"i:{BEHIND}")
        attention.move_cursor_to(other)
        await settle(pilot)
        assert "SLUTT" not in _text(long_app, "#why")
        attention.move_cursor_to(f"i:{BEHIND}")
        await settle(pilot)
        assert "SLUTT" in _text(long_app, "#why")


async def test_comment_column_fills_the_width(long_app: OppfolgingApp) -> None:
    async with long_app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        table = _table(long_app, "#attention").table
        assert table is not None
        columns = table.ordered_columns
        comment = next(c for c in columns if c.label.plain == "Kommentar")
        wide = comment.render_width
        assert wide > 60
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        comment = next(c for c in table.ordered_columns if c.label.plain == "Kommentar")
        assert comment.render_width < wide


async def test_indicator_screen_shows_the_highlighted_comment_in_full(
    long_app: OppfolgingApp,
) -> None:
    async with long_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        long_app.push_screen(IndicatorScreen(BEHIND, long_app.session.clamp_round(None)))  # type: ignore[union-attr]
        await settle(pilot)
        history = _table(long_app, "#history")
        history.focus_table()
        history.move_cursor_to("2026-T1")
        await settle(pilot)
        assert _flat(LONG_COMMENT) in _flat(_text(long_app, "#comment"))


async def _choose(pilot: object, app: OppfolgingApp, select: str, value: str) -> None:
    await pilot.press("f")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    app.screen.query_one(select, Select).value = value
    await pilot.click("#apply")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_a_plan_filter_reaches_every_panel(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#filter-bar").display
        await _choose(pilot, app, "#plan", LIER)
        assert app.filters == Filters(plan_id=LIER)
        dataset = app.session.dataset  # type: ignore[union-attr]
        assert _table(app, "#plans").keys == [LIER]
        areas = _table(app, "#focus-areas").keys
        lier_areas = dataset.focus_areas.filter(pl.col("plan_id") == LIER)["focus_area_id"]
        assert areas
        assert set(areas) <= set(lier_areas.to_list())
        result = app.session.round_result(app.screen.round)  # type: ignore[union-attr, attr-defined]
        lier_items = {
            *("i:" + result.indicators.filter(pl.col("plan_id") == LIER)["indicator_id"]),
            *("m:" + result.measures.filter(pl.col("plan_id") == LIER)["measure_id"]),
        }
        attention = _table(app, "#attention").keys
        assert attention
        assert set(attention) <= lier_items
        line = _text(app, "#filter-bar")
        assert "Filter: plan = Helse-, omsorgs- og velferdsplan for Lier kommune" in line
        assert "f endrer" in line


async def test_a_status_filter_narrows_plans_and_focus_areas(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        all_plans = _table(app, "#plans").keys
        await _choose(pilot, app, "#status", "off_track")
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        result = app.session.round_result(screen.round)  # type: ignore[union-attr, arg-type]
        behind = result.indicators.filter(pl.col("status") == "off_track")
        plans = _table(app, "#plans").keys
        assert plans
        assert set(plans) == set(behind["plan_id"]) & set(all_plans)
        areas = _table(app, "#focus-areas").keys
        assert areas
        assert set(areas) <= set(behind["focus_area_id"])
        assert "status = ✖ bak" in _text(app, "#filter-bar")


async def test_the_filter_line_shows_at_80x24_and_on_the_drill_down(app: OppfolgingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _choose(pilot, app, "#responsible", "Frisklivssentralen")
        bar = app.screen.query_one("#filter-bar")
        assert bar.display
        assert bar.region.height == 1
        assert 0 <= bar.region.y < 24
        assert bar.region.width > 0
        assert "enhet = Frisklivssentralen" in _text(app, "#filter-bar")
        _table(app, "#plans").focus_table()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert "enhet = Frisklivssentralen" in _text(app, "#filter-bar")
        session = app.session
        assert session is not None
        units = session.dataset.indicators.join(session.dataset.goals, on="goal_id")
        mine = units.filter(pl.col("responsible") == "Frisklivssentralen")["focus_area_id"]
        measures = session.dataset.measures.join(session.dataset.goals, on="goal_id")
        mine_m = measures.filter(pl.col("responsible") == "Frisklivssentralen")["focus_area_id"]
        assert set(_table(app, "#children").keys) <= {*mine, *mine_m}
        await _choose(pilot, app, "#responsible", "Frisklivssentralen")  # unchanged
        await pilot.press("f")
        await settle(pilot)
        await pilot.click("#clear")
        await settle(pilot)
        assert not app.screen.query_one("#filter-bar").display


def test_why_content_shows_the_goals_registered_assessment(sample_copy: Path) -> None:
    from datetime import datetime

    from oppfolging.registration.assessments import register_assessment
    from oppfolging.session import open_session
    from oppfolging.tui.why import goal_assessments, why_content

    text = "Frisklivsresept [henger] etter \\ tiltak i gang"
    register_assessment(
        sample_copy, "2026-T1", "goal", "pg-m1.1", "some_deviation", text, "Avbrudd", "Kari",
        datetime(2026, 6, 1, 12), suggested=None,
    )  # fmt: skip
    session = open_session(sample_copy, AS_OF)
    round_ = session.clamp_round(None)
    shown = str(why_content(session, round_, f"i:{BEHIND}", goal_assessments(session, round_)))
    line = next(row for row in shown.splitlines() if "Vurdering av målet" in row)
    assert text in line
    assert "Flere innbyggere er fysisk aktive" in line


def test_change_note_shows_old_and_new_comment_in_full() -> None:
    from oppfolging.tui.screens.changes import change_note

    old, new = "gammel [b]tekst[/b] " * 10, "ny \\[tekst] C:\\mappe " * 10
    shown = str(change_note({"column": "comment", "old": old, "new": new}))
    assert shown == f"Kommentar: {old.strip()} → {new.strip()}"


def test_the_expected_value_has_the_decimals_of_value_and_target() -> None:
    from oppfolging.tui.why import _expected

    row = {"value": 58.9, "target": 70.0, "expected": 61.3333}
    assert _expected(row, "%") == "61,3\u00a0%"
    assert _expected({"value": 144, "target": 260, "expected": 170.6}, "") == "171"
    assert _expected({"value": 1.0, "target": 2.0, "expected": None}, "%") == "–"
