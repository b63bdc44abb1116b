"""The revision overview (issue 11): arrow keys at once, the due date in view at 120
columns, plan names under «Erstatter», Enter opens the plan."""

from __future__ import annotations

import polars as pl
from pilot_helpers import settle

from oppfolging.i18n import t
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.screens.drill import PlanScreen
from oppfolging.tui.screens.revisions import RevisionScreen, revision_rows
from oppfolging.tui.widgets.keyed_table import KeyedTable


async def test_the_table_takes_arrow_keys_at_once(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, RevisionScreen)
        table = app.screen.query_one("#revisions", KeyedTable).table
        assert table is not None
        assert table.has_focus
        await pilot.press("down", "down")
        assert table.cursor_row == 2


async def test_the_due_date_is_in_view_at_120_columns(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        table = app.screen.query_one("#revisions", KeyedTable).table
        assert table is not None
        labels = [str(column.label) for column in table.ordered_columns]
        due = labels.index(t("col.revision_due"))
        right_edge = sum(column.render_width for column in table.ordered_columns[: due + 1])
        assert right_edge <= table.scrollable_content_region.width


async def test_replaced_plans_are_named_not_numbered(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        revisions = app.session.revisions  # type: ignore[union-attr]
        names = dict(zip(revisions["plan_id"], revisions["name"], strict=True))
        rows = revision_rows(revisions)
        replacing = revisions.filter(pl.col("replaces").str.len_chars() > 0)
        assert replacing.height > 0
        for plan_id, replaces in replacing.select("plan_id", "replaces").iter_rows():
            shown = rows.filter(pl.col("plan_id") == plan_id)["replaces"][0]
            assert shown == "; ".join(names.get(i, i) for i in replaces.split(";"))
            assert not any(i in shown.split("; ") for i in replaces.split(";") if i in names)


async def test_enter_on_a_plan_opens_its_drill_down(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        table = app.screen.query_one("#revisions", KeyedTable)
        await pilot.press("down")
        chosen = table.cursor_key
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert app.screen.key == chosen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RevisionScreen)
