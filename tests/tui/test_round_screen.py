"""Pilot tests of the round workflow (issue 10): ready from the worklist, the round
screen's lock and unlock, at 80×24."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import settle

from oppfolging.domain.roundlock import lock_info, ready_units
from oppfolging.settings import PersonalSettings, save_personal_settings
from oppfolging.store.load import read_table
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.screens.dialogs import ConfirmScreen
from oppfolging.tui.screens.round import ReasonScreen, RoundScreen
from oppfolging.tui.screens.worklist import WorklistScreen

UNIT = "Hjemmetjenesten"


async def test_ready_from_worklist_then_lock_and_unlock(
    app: OppfolgingApp, sample_copy: Path
) -> None:
    save_personal_settings(PersonalSettings(name="Kari", unit=UNIT))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, WorklistScreen)
        await pilot.press("K")
        await settle(pilot)
        events = read_table(sample_copy, "round_events")[0]
        assert set(ready_units(events, "2026-T1")) == {UNIT}
        await pilot.press("escape", "R")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RoundScreen)
        assert screen.state is not None
        assert screen.state.ready_count == 1
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await settle(pilot)
        events = read_table(sample_copy, "round_events")[0]
        lock = lock_info(events, "2026-T1")
        assert lock is not None
        assert lock.by == "Kari"
        assert screen.state is not None
        assert screen.state.lock is not None
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, ReasonScreen)  # a reason is required
        await pilot.press(*"Feil tall", "enter")
        await settle(pilot)
        events = read_table(sample_copy, "round_events")[0]
        assert lock_info(events, "2026-T1") is None
        assert events["reason"].to_list()[-1] == "Feil tall"
