"""Pilot tests: the value and measure forms for a period of a locked round (issue 10) say
that the round is locked, refuse to save without a correction reason (the registration
service's own message) and save a correction with one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from pilot_helpers import settle
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from oppfolging.domain.periods import Period
from oppfolging.registration.rounds import lock_round
from oppfolging.reporting.round_state import corrections_after_lock
from oppfolging.settings import PersonalSettings, save_personal_settings
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.screens.forms import MeasureFormScreen, ValueFormScreen, open_form

USER = "Test Testesen"
ROUND = Period(2026, 1)


@pytest.fixture
def locked_app(app: OppfolgingApp, sample_copy: Path) -> OppfolgingApp:
    """The app on a sample whose 1. tertial 2026 Kari has locked."""
    save_personal_settings(PersonalSettings(name=USER))
    lock_round(sample_copy, "2026-T1", "Kari", datetime(2026, 5, 12, 9, 0))
    return app


def _text(app: OppfolgingApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render()).replace("\xa0", " ")


async def _type(pilot: Pilot[None], selector: str, typed: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.value = ""
    field.focus()
    await pilot.press(*typed)
    await settle(pilot)


def _value(folder: Path) -> list[str]:
    values = pl.read_csv(folder / "values.csv", infer_schema=False)
    cell = values.filter(pl.col("indicator_id") == "pg-i1.1.1", pl.col("period") == "2026-T1")
    return cell["value"].to_list()


async def test_value_form_of_a_locked_round_needs_a_reason(
    locked_app: OppfolgingApp, sample_copy: Path
) -> None:
    async with locked_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(locked_app, "i:pg-i1.1.1", ROUND)
        await settle(pilot)
        assert isinstance(locked_app.screen, ValueFormScreen)
        notice = _text(locked_app, "#locked")
        assert "1. tertial 2026 er låst" in notice
        assert "Kari 12.05.2026" in notice
        await _type(pilot, "#value", "350")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(locked_app.screen, ValueFormScreen), "refused without a reason"
        refused = _text(locked_app, "#save-error")
        assert "rapporteringen 1. tertial 2026 er låst" in refused
        assert "Begrunnelse for korrigering" in refused
        assert locked_app.screen.focused is locked_app.screen.query_one("#correction", Input)
        assert _value(sample_copy) == ["351"]
        await _type(pilot, "#correction", "Tastefeil")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(locked_app.screen, ValueFormScreen)
    assert _value(sample_copy) == ["350"]
    listed = corrections_after_lock(sample_copy, "2026-T1")
    assert listed["reason"].to_list() == ["Tastefeil"]
    assert listed["by"].to_list() == [USER]


async def test_measure_form_of_a_locked_round_needs_a_reason(
    locked_app: OppfolgingApp, sample_copy: Path
) -> None:
    async with locked_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(locked_app, "m:pg-t1.1.1", ROUND)
        await settle(pilot)
        assert isinstance(locked_app.screen, MeasureFormScreen)
        assert "er låst" in _text(locked_app, "#locked")
        locked_app.screen.query_one("#status", Select).value = "completed"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(locked_app.screen, MeasureFormScreen)
        assert "begrunnelse" in _text(locked_app, "#save-error")
        await _type(pilot, "#correction", "Meldt feil")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(locked_app.screen, MeasureFormScreen)
    updates = pl.read_csv(sample_copy / "measure_updates.csv", infer_schema=False)
    row = updates.filter(pl.col("measure_id") == "pg-t1.1.1", pl.col("period") == "2026-T1")
    assert row["status"].to_list() == ["completed"]
    assert corrections_after_lock(sample_copy, "2026-T1")["reason"].to_list() == ["Meldt feil"]


async def test_form_of_an_open_round_has_no_correction_field(
    locked_app: OppfolgingApp,
) -> None:
    async with locked_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(locked_app, "i:pg-i1.1.1", Period(2026, 2))
        await settle(pilot)
        assert isinstance(locked_app.screen, ValueFormScreen)
        assert not locked_app.screen.query("#correction")
        assert not locked_app.screen.query("#locked")


async def test_a_correction_saved_in_the_app_is_marked_without_reading_the_folder(
    locked_app: OppfolgingApp, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overview's Δ marks compare the lock's snapshot with the session's own round.
    Before, they loaded the folder: during the app's save that waited 10 s for the save's
    own lock (the table is built after the overview is computed), then compared with
    whatever the failed read gave."""
    from test_overview_layout import _cell

    from oppfolging.i18n import t
    from oppfolging.reporting import round_state
    from oppfolging.store.load import load_dataset

    loads: list[Path] = []
    real = load_dataset

    def counted(folder: Path, **kwargs: bool) -> object:
        loads.append(folder)
        return real(folder, **kwargs)

    monkeypatch.setattr(round_state, "load_dataset", counted)
    async with locked_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not _cell(locked_app, "#plans", "porsgrunn-hm-2026", t("col.status")).startswith("Δ")
        open_form(locked_app, "i:pg-i1.1.1", ROUND)
        await settle(pilot)
        await _type(pilot, "#value", "350")
        await _type(pilot, "#correction", "Tastefeil")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(locked_app.screen, ValueFormScreen)
        assert _cell(locked_app, "#plans", "porsgrunn-hm-2026", t("col.status")).startswith("Δ")
        assert not _cell(locked_app, "#plans", "lier-hov-2018", t("col.status")).startswith("Δ")
    assert _value(sample_copy) == ["350"]
    assert loads == []
