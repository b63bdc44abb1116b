"""Pilot tests of the keys (issue 11 item 7): help generated from the bindings, j/k, one
screen per burst of Enters, one notification per message, undo everywhere, `q`, focus."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from pilot_helpers import settle
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Input, Markdown

import oppfolging.tui.screens as screens_package
from oppfolging.domain.periods import Period
from oppfolging.i18n import NB, t
from oppfolging.settings import PersonalSettings, save_personal_settings
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.base import AppScreen, TranslatedBindings
from oppfolging.tui.screens.detail import IndicatorScreen, MeasureScreen
from oppfolging.tui.screens.drill import PlanScreen
from oppfolging.tui.screens.help import HelpScreen, describe
from oppfolging.tui.screens.overview import OverviewScreen
from oppfolging.tui.screens.worklist import WorklistScreen
from oppfolging.tui.widgets.keyed_table import KeyedTable, RowTable

ROUND = Period(2026, 1)
MISSING = "pg-i3.1.2"
"""The one indicator of the sample without a value in 1. tertial 2026."""
ROOT_SCREENS = {"OverviewScreen", "PictureScreen", "ProblemsScreen", "EmptyScreen"}
"""Screens at the bottom of the stack: their `q` quits (there is nothing to go back to)."""


def all_screen_classes() -> list[type[Screen[Any]]]:
    """Every screen class of the app, found by walking Textual's `Screen` subclasses after
    importing every screen module (independent of the help's own list)."""
    for info in pkgutil.iter_modules(screens_package.__path__):
        importlib.import_module(f"{screens_package.__name__}.{info.name}")
    found: list[type[Screen[Any]]] = []
    pending: list[type[Screen[Any]]] = [Screen]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("oppfolging.") and sub not in found:
                found.append(sub)
    return found


def help_rows(app: OppfolgingApp) -> list[list[str]]:
    """The key lines of the help as shown: [keys, what] of every `- **keys** – what`."""
    source = app.screen.query_one(Markdown).source
    return [
        [_unescaped(match.group(1)), _unescaped(match.group(2))]
        for match in re.finditer(r"^- \*\*(.+?)\*\*\u00a0– (.*)$", source, re.MULTILINE)
    ]


def _unescaped(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def listed(rows: list[list[str]], keys: str, what: str) -> bool:
    """True when one row has `keys` among its keys and says `what`."""
    return any(len(row) == 2 and keys in row[0].split(" / ") and what in row[1] for row in rows)


async def test_help_lists_every_binding_of_every_screen(app: OppfolgingApp) -> None:
    classes = all_screen_classes()
    assert {"OverviewScreen", "IndicatorScreen", "RevisionScreen", "ValueFormScreen"} <= {
        cls.__name__ for cls in classes
    }
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = help_rows(app)
        owners: list[type[DOMNode]] = [*classes, RowTable, OppfolgingApp]
        missing = [
            (owner.__name__, binding.key)
            for owner in owners
            for bindings in owner._merge_bindings().key_to_bindings.values()
            for binding in bindings
            if not listed(rows, app.get_key_display(binding), describe(binding))
        ]
        assert missing == []
        # and what is not a binding: the statuses of measures and the revision flags
        source = app.screen.query_one(Markdown).source
        assert t("help.measure_statuses") in source
        assert "◐ " in source
        assert t("help.revision_flags") in source
        assert "○ ikke vedtatt" in source


def test_every_app_screen_has_a_help_title() -> None:
    for cls in all_screen_classes():
        if issubclass(cls, AppScreen) and not cls.__subclasses__():
            assert t(f"help.screen.{cls.__name__}") != f"help.screen.{cls.__name__}", cls


async def test_j_and_k_move_down_and_up(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#plans", KeyedTable).table
        assert table is not None
        assert table.has_focus
        assert table.cursor_row == 0
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1


async def test_three_quick_enters_push_one_screen(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        depth = len(app.screen_stack)
        for _ in range(3):  # typed ahead: all three queued before the first is handled
            app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert len(app.screen_stack) == depth + 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)


async def test_holding_a_key_shows_one_notification_per_message(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press(*["left_square_bracket"] * (len(app.session.rounds) + 9))  # type: ignore[union-attr]
        await settle(pilot)
        said = [n.message for n in app._notifications]
        assert said.count(t("overview.no_more_rounds")) == 1


async def test_a_dismissed_message_can_be_shown_again(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.notify("one")
        app.notify("one")
        app.notify("two")
        await pilot.pause()
        assert sorted(n.message for n in app._notifications) == ["one", "two"]
        app.notify("one")
        app.clear_notifications()
        await pilot.pause()
        app.notify("one")
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["one"]


def _value_cells(folder: Path) -> pl.DataFrame:
    values = pl.read_csv(folder / "values.csv", infer_schema=False)
    return values.filter(pl.col("indicator_id") == MISSING, pl.col("period") == "2026-T1")


async def test_undo_and_redo_from_the_indicator_screen(
    app: OppfolgingApp, sample_copy: Path
) -> None:
    save_personal_settings(PersonalSettings(name="Kari"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(IndicatorScreen(MISSING, ROUND))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#value", Input).focus()
        await pilot.press(*"3800", "enter")
        await settle(pilot)
        assert isinstance(app.screen, IndicatorScreen)
        assert _value_cells(sample_copy).height == 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert _value_cells(sample_copy).height == 0
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert _value_cells(sample_copy).height == 1


async def test_undo_from_the_measure_screen_and_the_worklist(
    app: OppfolgingApp, sample_copy: Path
) -> None:
    save_personal_settings(PersonalSettings(name="Kari"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(IndicatorScreen(MISSING, ROUND))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#value", Input).focus()
        await pilot.press(*"3800", "enter")
        await settle(pilot)
        measure_id = app.session.round_result(ROUND).measures["measure_id"][0]  # type: ignore[union-attr]
        app.push_screen(MeasureScreen(measure_id, ROUND))
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert isinstance(app.screen, MeasureScreen)
        assert _value_cells(sample_copy).height == 0
        await pilot.press("q", "q", "r")
        await settle(pilot)
        assert isinstance(app.screen, WorklistScreen)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert _value_cells(sample_copy).height == 1
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert _value_cells(sample_copy).height == 0


def test_q_goes_back_on_every_screen_below_the_overview() -> None:
    for cls in all_screen_classes():
        if not issubclass(cls, AppScreen) or cls.__subclasses__():
            continue
        q = cls._merge_bindings().key_to_bindings.get("q", [])
        actions = [binding.action for binding in q]
        expected = [] if cls.__name__ in ROOT_SCREENS else ["app.pop_screen"]
        assert actions == expected, cls


async def test_q_goes_back_then_quits_on_the_overview(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert len(app.screen_stack) == 4
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert app.return_code is None
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_focused_table_is_marked_by_shape_not_only_colour(
    app: OppfolgingApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for _ in range(3):
            boxes = list(app.screen.query(".box"))
            focused = [box for box in boxes if box.has_focus_within]
            assert len(focused) == 1
            others = [box for box in boxes if not box.has_focus_within]
            marks = {box: box.styles.border_left[0] for box in boxes}
            assert marks[focused[0]] in {"heavy", "thick"}
            assert all(marks[box] not in {"heavy", "thick"} for box in others)
            title = focused[0].query_one(".box-title")
            assert title.styles.background != others[0].query_one(".box-title").styles.background
            await pilot.press("tab")
            await settle(pilot)


def test_binding_descriptions_are_catalogued() -> None:
    """Every binding's description is a catalogue key, looked up when the footer or help
    shows it (not a text translated when the class was defined)."""
    for bindings in RowTable._merge_bindings().key_to_bindings.values():
        for binding in bindings:
            assert binding.description in NB, binding


def test_every_screen_translates_its_bindings_when_shown() -> None:
    """Each of the app's screens looks its binding descriptions up when they are read, and
    each binding it declares is described by a catalogue key."""
    for info in pkgutil.walk_packages(screens_package.__path__, "oppfolging.tui.screens."):
        importlib.import_module(info.name)
    ours = [cls for cls in _subclasses(Screen) if cls.__module__.startswith("oppfolging.")]
    assert len(ours) > 10
    for cls in ours:
        assert issubclass(cls, TranslatedBindings), cls
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            assert binding.description in NB, (cls, binding)


def _subclasses(cls: type[Any]) -> list[type[Any]]:
    found: list[type[Any]] = []
    sub: type[Any]
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found
