"""Pilot tests: periods read as words on every screen (issue 11 item 4), every screen of a
round has the overview's header, and the goal screen keeps the measures' deadline in view."""

from __future__ import annotations

import itertools
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import AS_OF, SAMPLE, settle
from rich.text import Text
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from oppfolging.domain.periods import Period, parse_period
from oppfolging.i18n import t
from oppfolging.registration.rounds import lock_round
from oppfolging.session import open_session
from oppfolging.settings import PersonalSettings, save_personal_settings
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.screens.detail import (
    CHART_MARGIN,
    IndicatorScreen,
    MeasureScreen,
    period_ticks,
)
from oppfolging.tui.screens.drill import FocusAreaScreen, GoalScreen, PlanScreen
from oppfolging.tui.screens.forms import open_form
from oppfolging.tui.screens.grouped import GroupedScreen
from oppfolging.tui.screens.round import RoundScreen
from oppfolging.tui.screens.worklist import WorklistScreen
from oppfolging.tui.widgets.keyed_table import KeyedTable

ROUND = Period(2026, 1)
HEADER = ("Eksempeldata", "1. tertial 2026 · status per 30.04.2026")
"""The overview's header for the sample at the tests' date: dataset name, round text."""
CODE = re.compile(r"\b\d{4}-T[123]\b")
"""A period code, which no person should have to read."""
GOAL, INDICATOR, MEASURE = "pg-m1.1", "pg-i1.1.1", "pg-t1.1.1"


def _plain_cells(table: KeyedTable) -> list[str]:
    """Every shown cell of a table as plain text, headers included."""
    frame = table._frame
    cells = [Text.from_markup(str(c)).plain for row in frame.iter_rows() for c in row]
    return [*frame.columns, *cells]


def _period_column(table: KeyedTable) -> list[str]:
    return [Text.from_markup(str(c)).plain for c in table._frame[t("col.period")].to_list()]


def _screen_text(screen: Screen[Any]) -> str:
    """The text of every table and description on the screen."""
    parts = [cell for table in screen.query(KeyedTable) for cell in _plain_cells(table)]
    parts += [str(static.render()) for static in screen.query(Static)]
    return "\n".join(parts)


async def _show(app: OppfolgingApp, pilot: Pilot[Any], screen: Screen[Any]) -> None:
    app.push_screen(screen)
    await settle(pilot)


async def test_goal_screen_shows_periods_in_words(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _show(app, pilot, GoalScreen(GOAL, ROUND))
        indicators = app.screen.query_one("#indicators", KeyedTable)
        assert indicators.row_count >= 3
        assert set(_period_column(indicators)) == {"1. tertial 2026"}
        assert not CODE.search(_screen_text(app.screen))


async def test_indicator_and_measure_screens_show_periods_in_words(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _show(app, pilot, IndicatorScreen(INDICATOR, ROUND))
        history = _period_column(app.screen.query_one("#history", KeyedTable))
        assert "1. tertial 2026" in history
        assert "3. tertial 2025" in history  # older periods too, newest first
        text = _screen_text(app.screen)
        assert "Status 1. tertial 2026" in text
        assert not CODE.search(text)
        await _show(app, pilot, MeasureScreen(MEASURE, ROUND))
        assert "1. tertial 2026" in _period_column(app.screen.query_one("#history", KeyedTable))
        assert not CODE.search(_screen_text(app.screen))


async def test_worklist_and_forms_show_periods_in_words(app: OppfolgingApp) -> None:
    save_personal_settings(PersonalSettings(name="Kari"))  # else the settings dialog first
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _show(app, pilot, WorklistScreen(ROUND))
        worklist = app.screen.query_one("#worklist", KeyedTable)
        assert worklist.row_count > 0
        assert set(_period_column(worklist)) == {"1. tertial 2026"}
        open_form(app, f"i:{INDICATOR}", ROUND)
        await settle(pilot)
        form = _screen_text(app.screen)
        assert "Periode: 1. tertial 2026" in form
        assert not CODE.search(form)
        await pilot.press("escape")
        await settle(pilot)
        open_form(app, f"m:{MEASURE}", ROUND)
        await settle(pilot)
        assert "Periode: 1. tertial 2026" in _screen_text(app.screen)


@pytest.mark.parametrize(
    "make",
    [
        lambda: PlanScreen("porsgrunn-hm-2026", ROUND),
        lambda: FocusAreaScreen("pg-io1", ROUND),
        lambda: GoalScreen(GOAL, ROUND),
        lambda: IndicatorScreen(INDICATOR, ROUND),
        lambda: MeasureScreen(MEASURE, ROUND),
        lambda: WorklistScreen(ROUND),
        lambda: RoundScreen(ROUND),
        lambda: GroupedScreen("Lier kommune", ROUND),
    ],
    ids=["plan", "focus_area", "goal", "indicator", "measure", "worklist", "round", "grouped"],
)
async def test_every_round_screen_has_the_overviews_header(
    app: OppfolgingApp, make: object
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert (app.screen.title, app.screen.sub_title) == HEADER
        await _show(app, pilot, make())  # type: ignore[operator]
        assert (app.screen.title, app.screen.sub_title) == HEADER


async def test_a_locked_round_says_so_below_the_overview_too(
    sample_copy: Path, app: OppfolgingApp
) -> None:
    lock_round(sample_copy, "2026-T1", "Kari", datetime(2026, 5, 16, 9, 30))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        overview = app.screen.sub_title
        await _show(app, pilot, GoalScreen(GOAL, ROUND))
        assert app.screen.sub_title == overview
        assert "låst" in str(overview)


async def test_goal_screen_keeps_every_measure_deadline_whole_at_120_columns(
    app: OppfolgingApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _show(app, pilot, GoalScreen(GOAL, ROUND))
        measures = app.screen.query_one("#measures", KeyedTable)
        table = measures.table
        assert table is not None
        headers = [str(c.label) for c in table.ordered_columns]
        deadline = headers.index(t("col.deadline"))
        widths = [c.render_width for c in table.ordered_columns]
        assert sum(widths[: deadline + 1]) <= table.scrollable_content_region.width
        dates = [Text.from_markup(c).plain for c in measures._frame[t("col.deadline")]]
        assert widths[deadline] >= max(len(d) for d in dates) + 2  # + the cell padding
        name = widths[headers.index(t("col.measure"))]
        assert name > 30  # the name takes the rest, not a sliver


@pytest.mark.parametrize("width", [40, 76, 120, 200])
def test_chart_names_periods_in_words_that_fit_side_by_side(width: int) -> None:
    periods = [str(Period(2024, 1))]
    while len(periods) < 9:
        periods.append(str(parse_period(periods[-1]).next()))
    positions, labels = period_ticks(periods, width)
    assert labels[-1] == "3. tertial 2026"  # the newest is always named
    assert positions[-1] == len(periods)
    assert all(not CODE.search(label) for label in labels)
    cells = (width - CHART_MARGIN) / len(periods)  # per period on the x axis
    gaps = [(b - a) * cells for a, b in itertools.pairwise(positions)]
    assert all(gap >= len("1. tertial 2026") + 1 for gap in gaps)  # no label overlaps
    assert len(labels) == 9 or width < 200  # a wide chart names every period


def test_chart_without_periods_has_no_ticks() -> None:
    assert period_ticks([], 76) == ([], [])


def test_overview_detail_pane_lists_history_periods_in_words() -> None:
    from oppfolging.tui.why import indicator_history_lines

    session = open_session(SAMPLE, AS_OF)
    lines = indicator_history_lines(session, {"indicator_id": INDICATOR, "unit": "antall"})
    text = "\n".join(line.plain for line in lines)
    assert "1. tertial 2026" in text
    assert not CODE.search(text)
