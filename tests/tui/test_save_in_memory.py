"""After one's own save the app updates the tables it holds instead of reading the folder
again (issue 14.3), and what it shows then is what a fresh read shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import AS_OF, settle
from polars.testing import assert_frame_equal
from textual.widgets import Select

from oppfolging import session as session_module
from oppfolging.domain.periods import Period
from oppfolging.domain.schema import TABLES
from oppfolging.settings import PersonalSettings, save_personal_settings
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.overview_data import overview_frames
from oppfolging.tui.screens.forms import MeasureFormScreen, open_form
from oppfolging.tui.screens.overview import OverviewScreen

ROUND = Period(2026, 1)


async def test_a_saved_status_is_shown_from_memory_as_a_fresh_read_shows_it(
    app: OppfolgingApp, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_personal_settings(PersonalSettings(name="Kari"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.session
        assert before is not None
        assert before.dataset.fingerprint is not None
        reads: list[Path] = []
        real_open = session_module.open_session

        def counted(folder: Path, as_of: object) -> object:
            reads.append(folder)
            return real_open(folder, as_of)  # type: ignore[arg-type]

        monkeypatch.setattr(session_module, "open_session", counted)
        open_form(app, "m:pg-t1.1.2", ROUND)
        await settle(pilot)
        assert isinstance(app.screen, MeasureFormScreen)
        app.screen.query_one("#status", Select).value = "delayed"
        app.screen.query_one("#comment").focus()
        await pilot.press(*"Venter [b]\\")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert reads == [], "the save was applied in memory, the folder not read again"
        held = app.session
        assert held is not None
        assert held is not before
        monkeypatch.setattr(session_module, "open_session", real_open)
        fresh = real_open(sample_copy, AS_OF)
        for name in TABLES:
            assert_frame_equal(held.dataset[name], fresh.dataset[name], check_exact=True)
        screen = app.screen
        assert screen.result is not None
        mine = overview_frames(held, held.round_result(ROUND), app.filters, screen.plan_id)
        theirs = overview_frames(fresh, fresh.round_result(ROUND), app.filters, screen.plan_id)
        for part in ("plans", "focus_areas", "attention"):
            assert_frame_equal(getattr(mine, part)[0], getattr(theirs, part)[0])
            assert getattr(mine, part)[1] == getattr(theirs, part)[1]
        updates = held.dataset["measure_updates"]
        row = updates.filter(
            (updates["measure_id"] == "pg-t1.1.2") & (updates["period"] == "2026-T1")
        )
        assert row["status"].to_list() == ["delayed"]
        assert row["comment"].to_list() == ["Venter [b]\\"]
