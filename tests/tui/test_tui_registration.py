"""Pilot tests of registration: worklist, value and measure forms, conflicts, settings."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from pilot_helpers import settle
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from oppfolging.domain.periods import Period
from oppfolging.settings import PersonalSettings, load_personal_settings, save_personal_settings
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.screens.changes import ChangesScreen
from oppfolging.tui.screens.forms import (
    ConfirmScreen,
    ConflictScreen,
    MeasureFormScreen,
    ValueFormScreen,
    open_form,
)
from oppfolging.tui.screens.overview import OverviewScreen
from oppfolging.tui.screens.settings import SettingsScreen
from oppfolging.tui.screens.worklist import WorklistScreen
from oppfolging.tui.watch import DiskWatcher
from oppfolging.tui.widgets.keyed_table import KeyedTable

USER = "Test Testesen"
ROUND = Period(2026, 1)
MISSING = "pg-i3.1.2"
"""The one indicator of the sample without a value in 1. tertial 2026 (unit: timer)."""


@pytest.fixture
def registrar(app: OppfolgingApp) -> OppfolgingApp:
    """The app, with a name in the personal settings (the `app` fixture set their path)."""
    save_personal_settings(PersonalSettings(name=USER))
    return app


def _values(folder: Path) -> pl.DataFrame:
    return pl.read_csv(folder / "values.csv", infer_schema=False)


def _changes(folder: Path) -> pl.DataFrame:
    return pl.read_csv(folder / "changes.csv", infer_schema=False)


def _cell(frame: pl.DataFrame, indicator_id: str, period: str) -> pl.DataFrame:
    return frame.filter(pl.col("indicator_id") == indicator_id, pl.col("period") == period)


def _text(app: OppfolgingApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render()).replace("\xa0", " ")


async def _type(pilot: Pilot[None], selector: str, typed: str) -> None:
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.press(*typed)
    await settle(pilot)


async def test_registers_a_value_from_the_worklist(
    registrar: OppfolgingApp, sample_copy: Path
) -> None:
    async with registrar.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(registrar.screen, WorklistScreen)
        worklist = registrar.screen.query_one("#worklist", KeyedTable)
        assert worklist.keys == [f"i:{MISSING}"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(registrar.screen, ValueFormScreen)
        assert "3 718 timer" in _text(registrar, "#context")
        await _type(pilot, "#value", "12,5")
        assert "bak" in _text(registrar, "#preview")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(registrar.screen, ConfirmScreen), "3 718 → 12,5 is an implausible jump"
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(registrar.screen, WorklistScreen)
        assert registrar.screen.query_one("#worklist", KeyedTable).keys == []
    row = _cell(_values(sample_copy), MISSING, "2026-T1")
    assert row["value"].to_list() == ["12.5"]
    assert row["registered_by"].to_list() == [USER]
    changes = _changes(sample_copy)
    assert set(changes["column"]) >= {"value", "registered_by", "registered_at"}
    assert changes.filter(pl.col("column") == "value")["new"].to_list() == ["12.5"]
    assert set(changes["user"]) == {USER}


async def test_registers_a_measure_status(registrar: OppfolgingApp, sample_copy: Path) -> None:
    async with registrar.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(registrar, "m:pg-t1.1.2", ROUND)
        await settle(pilot)
        assert isinstance(registrar.screen, MeasureFormScreen)
        registrar.screen.query_one("#status", Select).value = "delayed"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "kommentar" in _text(registrar, "#error")
        await _type(pilot, "#comment", "Venter på budsjett")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(registrar.screen, OverviewScreen)
    updates = pl.read_csv(sample_copy / "measure_updates.csv", infer_schema=False)
    row = updates.filter(pl.col("measure_id") == "pg-t1.1.2", pl.col("period") == "2026-T1")
    assert row.select("status", "comment", "registered_by").row(0) == (
        "delayed",
        "Venter på budsjett",
        USER,
    )
    assert "status" in _changes(sample_copy)["column"].to_list()


@pytest.mark.parametrize(
    ("indicator_id", "typed", "reason"),
    [(MISSING, "abc", "ikke et tall"), ("pg-i1.1.4", "150", "mellom 0 og 100")],
)
async def test_rejected_input_shows_why_and_saves_nothing(
    registrar: OppfolgingApp, sample_copy: Path, indicator_id: str, typed: str, reason: str
) -> None:
    before = {p.name: p.read_bytes() for p in sample_copy.iterdir() if p.is_file()}
    async with registrar.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(registrar, f"i:{indicator_id}", ROUND)
        await settle(pilot)
        input_ = registrar.screen.query_one("#value", Input)
        input_.value = ""
        await _type(pilot, "#value", typed)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(registrar.screen, ValueFormScreen)
        assert reason in _text(registrar, "#error")
    after = {p.name: p.read_bytes() for p in sample_copy.iterdir() if p.is_file()}
    assert after == before


async def test_a_cell_changed_behind_the_apps_back_is_a_conflict(
    registrar: OppfolgingApp, sample_copy: Path
) -> None:
    async with registrar.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(registrar, f"i:{MISSING}", ROUND)
        await settle(pilot)
        with (sample_copy / "values.csv").open("a", encoding="utf-8") as stream:
            stream.write(f"{MISSING},2026-T1,4000,Fra en annen,Ola,2026-06-01T10:00:00\n")
        await _type(pilot, "#value", "3900")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(registrar.screen, ConflictScreen)
        shown = _text(registrar, "#conflict-cells")
        assert "3 900" in shown
        assert "4 000" in shown
        assert _cell(_values(sample_copy), MISSING, "2026-T1")["value"].to_list() == ["4000"]
        await pilot.click("#overwrite")
        await settle(pilot)
        assert isinstance(registrar.screen, OverviewScreen)
    assert _cell(_values(sample_copy), MISSING, "2026-T1")["value"].to_list() == ["3900"]


async def test_keeping_theirs_saves_nothing(registrar: OppfolgingApp, sample_copy: Path) -> None:
    async with registrar.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(registrar, f"i:{MISSING}", ROUND)
        await settle(pilot)
        with (sample_copy / "values.csv").open("a", encoding="utf-8") as stream:
            stream.write(f"{MISSING},2026-T1,4000,,Ola,2026-06-01T10:00:00\n")
        await _type(pilot, "#value", "3900")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(registrar.screen, OverviewScreen)
    assert _cell(_values(sample_copy), MISSING, "2026-T1")["value"].to_list() == ["4000"]
    assert not (sample_copy / "changes.csv").exists()


async def test_settings_screen_saves_the_name(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await _type(pilot, "#name", "Kari Nordmann")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
    assert load_personal_settings().settings.name == "Kari Nordmann"


async def test_a_pasted_name_with_an_escape_sequence_is_refused(app: OppfolgingApp) -> None:
    """The name signs every save and is written into the dataset as it is: one line of
    plain text only (a paste can bring an escape sequence or a line break)."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#name", Input).value = "Kari\x1b[2J"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        error = str(app.screen.query_one("#error", Static).render())
        assert "én linje uten kontrolltegn" in error
    assert load_personal_settings().settings.name == ""


async def test_first_registration_asks_for_the_name(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(app, f"i:{MISSING}", ROUND)
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await _type(pilot, "#name", "Kari")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ValueFormScreen)
        assert app.screen.user == "Kari"


async def test_change_history_and_undo(registrar: OppfolgingApp, sample_copy: Path) -> None:
    async with registrar.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(registrar, f"i:{MISSING}", ROUND)
        await settle(pilot)
        await _type(pilot, "#value", "3800")
        await pilot.press("enter")
        await settle(pilot)
        registrar.push_screen(ChangesScreen(f"i:{MISSING}"))
        await settle(pilot)
        assert registrar.screen.query_one("#changes", KeyedTable).row_count >= 3
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
    assert _cell(_values(sample_copy), MISSING, "2026-T1").height == 0


def test_disk_watcher_notices_another_save_once(sample_copy: Path) -> None:
    watcher = DiskWatcher(sample_copy)
    assert not watcher.changed()
    (sample_copy / "changes.csv").write_text("at,user,table,key,column,old,new\n")
    assert watcher.changed()
    assert not watcher.changed()


async def test_worklist_notices_a_save_on_disk(registrar: OppfolgingApp, sample_copy: Path) -> None:
    async with registrar.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        with (sample_copy / "values.csv").open("a", encoding="utf-8") as stream:
            stream.write(f"{MISSING},2026-T1,4000,,Ola,2026-06-01T10:00:00\n")
        screen = registrar.screen
        assert isinstance(screen, WorklistScreen)
        registrar.check_disk()
        await settle(pilot)
        assert screen.query_one("#worklist", KeyedTable).keys == []


async def test_implausible_jump_names_the_limit_as_a_norwegian_percentage(
    registrar: OppfolgingApp,
) -> None:
    async with registrar.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(registrar, f"i:{MISSING}", ROUND)
        await settle(pilot)
        await _type(pilot, "#value", "12,5")
        await pilot.press("enter")
        await settle(pilot)
        screen = registrar.screen
        assert isinstance(screen, ConfirmScreen)
        assert "mer enn 50\u00a0% endring" in screen.question
        assert "50%" not in screen.question


async def test_an_unexpected_save_error_is_shown_and_saving_works_again(
    registrar: OppfolgingApp, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oppfolging.registration import save as real_save
    from oppfolging.tui.screens import dialogs

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disken er borte")

    monkeypatch.setattr(dialogs, "save_registration", broken)
    async with registrar.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(registrar, f"i:{MISSING}", ROUND)
        await settle(pilot)
        await _type(pilot, "#value", "3800")
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = registrar.screen
        assert isinstance(screen, ValueFormScreen)
        assert not screen.saving
        assert screen.query_one("#save-error", Static).display
        assert "Kunne ikke lagre: disken er borte" in _text(registrar, "#save-error")
        monkeypatch.setattr(dialogs, "save_registration", real_save)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(registrar.screen, OverviewScreen)
    assert _cell(_values(sample_copy), MISSING, "2026-T1")["value"].to_list() == ["3800"]


async def test_escape_asks_before_throwing_away_typed_input(
    registrar: OppfolgingApp, sample_copy: Path
) -> None:
    async with registrar.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(registrar, f"i:{MISSING}", ROUND)
        await settle(pilot)
        await pilot.press("escape")  # nothing typed: closes at once
        await settle(pilot)
        assert isinstance(registrar.screen, OverviewScreen)
        open_form(registrar, f"i:{MISSING}", ROUND)
        await settle(pilot)
        await _type(pilot, "#value", "3800")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(registrar.screen, ConfirmScreen)
        await pilot.press("escape")  # no: back to the form, the input kept
        await settle(pilot)
        assert isinstance(registrar.screen, ValueFormScreen)
        assert registrar.screen.query_one("#value", Input).value == "3800"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(registrar.screen, OverviewScreen)
        open_form(registrar, "m:pg-t1.1.2", ROUND)
        await settle(pilot)
        registrar.screen.query_one("#status", Select).value = "completed"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(registrar.screen, ConfirmScreen)
    assert not (sample_copy / "changes.csv").exists()
