"""Pilot tests of the leaders' dashboard: overview, drill-down, rounds, filters, help."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import AS_OF, settle
from textual.widgets import Select, Static

from oppfolging.store.init import init_dataset
from oppfolging.tui.app import Filters, OppfolgingApp, make_app
from oppfolging.tui.screens.detail import IndicatorScreen, MeasureScreen
from oppfolging.tui.screens.drill import FocusAreaScreen, GoalScreen, PlanScreen
from oppfolging.tui.screens.empty import EmptyScreen
from oppfolging.tui.screens.filters import FilterScreen
from oppfolging.tui.screens.help import HelpScreen
from oppfolging.tui.screens.overview import OverviewScreen
from oppfolging.tui.screens.problems import ProblemsScreen
from oppfolging.tui.screens.revisions import RevisionScreen
from oppfolging.tui.widgets.keyed_table import KeyedTable


def _table(app: OppfolgingApp, selector: str) -> KeyedTable:
    return app.screen.query_one(selector, KeyedTable)


def _static_text(app: OppfolgingApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_walks_from_overview_to_an_indicator_and_back(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        plans = _table(app, "#plans")
        assert plans.keys[0] == "porsgrunn-hm-2026"
        assert "lier-hov-2018" in plans.keys
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert _table(app, "#children").keys[0] == "pg-io1"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FocusAreaScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert "Aktiv og selvstendig" in _static_text(app, "#breadcrumb")
        indicators = _table(app, "#indicators")
        assert indicators.row_count >= 3
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorScreen)
        assert app.screen.item_id == indicators.keys[0].removeprefix("i:")
        assert "høyere er bedre" in _static_text(app, "#definition")
        assert _table(app, "#history").row_count > 3
        for expected in (GoalScreen, FocusAreaScreen, PlanScreen, OverviewScreen):
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, expected)


async def test_measure_detail_from_a_goal(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(GoalScreen("pg-m1.1", app.session.clamp_round(None)))  # type: ignore[union-attr]
        await settle(pilot)
        measures = _table(app, "#measures")
        measures.focus_table()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MeasureScreen)
        assert "Ansvarlig" in _static_text(app, "#definition")


async def test_switching_rounds(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert "1. tertial 2026" in _static_text(app, "#round-bar")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "Årsrapport 2025" in _static_text(app, "#round-bar")
        assert screen.result is not None
        assert str(screen.result.round) == "2025"
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert "1. tertial 2026" in _static_text(app, "#round-bar")
        await pilot.press("right_square_bracket")  # already the latest finished round
        await settle(pilot)
        assert "1. tertial 2026" in _static_text(app, "#round-bar")


async def test_filter_narrows_the_attention_list(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        unfiltered = _table(app, "#attention").row_count
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        app.screen.query_one("#status", Select).value = "missing"
        await pilot.click("#apply")
        await settle(pilot)
        assert app.filters == Filters(status="missing")
        attention = _table(app, "#attention")
        assert 0 < attention.row_count < unfiltered
        assert "filter: ? mangler" in str(app.screen.query_one("#attention-title").render())


async def test_revision_overview_flags_lier(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, RevisionScreen)
        table = _table(app, "#revisions")
        assert table.keys[0] in {"lier-hov-2018"} or "lier-hov-2018" in table.keys
        assert "planstrategi" in _static_text(app, "#planstrategy")


async def test_help_opens_and_closes(app: OppfolgingApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_broken_dataset_shows_problems(sample_copy: Path) -> None:
    (sample_copy / "values.csv").write_text("indicator_id,period,value\nx,2026-T9,abc\n")
    app = make_app(sample_copy, AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ProblemsScreen)
        assert _table(app, "#problems").row_count >= 2


async def test_empty_dataset_says_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "tom"
    init_dataset(folder)
    app = make_app(folder, AS_OF)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EmptyScreen)


@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
async def test_overview_at_small_and_large_sizes(app: OppfolgingApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert _table(app, "#attention").row_count > 0


async def test_export_dialog_writes_the_file(app: OppfolgingApp, tmp_path: Path) -> None:
    from textual.widgets import Input

    from oppfolging.tui.screens.export import ExportScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#name", Input).value == "oppfolging-2026-T1.xlsx"
        app.screen.query_one("#format", Select).value = "md"
        await settle(pilot)
        assert app.screen.query_one("#name", Input).value == "oppfolging-2026-T1.md"
        app.screen.query_one("#folder", Input).value = str(tmp_path)
        await pilot.click("#export")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        written = tmp_path / "oppfolging-2026-T1.md"
        assert written.is_file()
        assert "Tid for prioritering" in written.read_text(encoding="utf-8")


async def test_export_dialog_shows_the_error_for_a_folder_it_cannot_make(
    app: OppfolgingApp, tmp_path: Path
) -> None:
    from textual.widgets import Input

    from oppfolging.tui.screens.export import ExportScreen

    blocker = tmp_path / "en-fil"
    blocker.write_text("ikke en mappe", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#folder", Input).value = str(blocker / "under")
        await pilot.click("#export")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "Feil" in str(app.screen.query_one("#export-status", Static).render())


async def test_large_dataset_loads_in_a_worker_behind_a_loading_screen(
    app: OppfolgingApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oppfolging.tui import app as app_module
    from oppfolging.tui.screens.loading import LoadingScreen

    monkeypatch.setattr(app_module, "SMALL_DATASET_BYTES", 0)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, LoadingScreen)
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert len(app.screen_stack) == 2


async def test_overview_refreshes_after_another_users_save(
    app: OppfolgingApp, sample_copy: Path
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = _table(app, "#attention").keys
        assert "i:pg-i3.1.2" in before  # missing in 2026-T1
        with (sample_copy / "values.csv").open("a", encoding="utf-8") as stream:
            stream.write("pg-i3.1.2,2026-T1,4000,,Ola,2026-06-01T10:00:00\n")
        app.check_disk()
        await settle(pilot)
        assert "i:pg-i3.1.2" not in _table(app, "#attention").keys
        app.check_disk()  # nothing new: no second reload
        await settle(pilot)


async def test_no_reload_while_a_dialog_is_open(app: OppfolgingApp, sample_copy: Path) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.session
        await pilot.press("f")
        await settle(pilot)
        (sample_copy / "changes.csv").write_text("at,user,table,key,column,old,new\n")
        app.check_disk()
        await settle(pilot)
        assert app.session is session
        await pilot.press("escape")
        await settle(pilot)
        app.check_disk()
        await settle(pilot)
        assert app.session is not session
