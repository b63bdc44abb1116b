"""After one's own save the app updates the tables it holds instead of reading the folder
again (issue 14.3), and what it shows then is what a fresh read shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import AS_OF, settle
from polars.testing import assert_frame_equal
from textual.pilot import Pilot
from textual.widgets import Select

from oppfolging import session as session_module
from oppfolging.domain.periods import Period
from oppfolging.domain.schema import TABLES
from oppfolging.settings import PersonalSettings, save_personal_settings
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.overview_data import overview_frames
from oppfolging.tui.screens import dialogs
from oppfolging.tui.screens.forms import MeasureFormScreen, open_form
from oppfolging.tui.screens.overview import OverviewScreen

ROUND = Period(2026, 1)


async def save_delayed(pilot: Pilot[None], comment: str) -> None:
    """On the open measure form: status delayed, `comment` typed, Ctrl+S, settled."""
    screen = pilot.app.screen
    screen.query_one("#status", Select).value = "delayed"
    screen.query_one("#comment").focus()
    await pilot.press(*comment)
    await pilot.press("ctrl+s")
    await settle(pilot)


def _count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The folders read again (`open_session`) from now on, wherever it is called from."""
    reads: list[Path] = []
    real_open = session_module.open_session

    def counted(folder: Path, as_of: object) -> object:
        reads.append(folder)
        return real_open(folder, as_of)  # type: ignore[arg-type]

    monkeypatch.setattr(session_module, "open_session", counted)
    monkeypatch.setattr(dialogs, "open_session", counted)
    return reads


async def test_a_saved_status_is_shown_from_memory_as_a_fresh_read_shows_it(
    app: OppfolgingApp, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_personal_settings(PersonalSettings(name="Kari"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.session
        assert before is not None
        assert before.dataset.fingerprint is not None
        reads = _count_reads(monkeypatch)
        real_open = session_module.open_session
        open_form(app, "m:pg-t1.1.2", ROUND)
        await settle(pilot)
        assert isinstance(app.screen, MeasureFormScreen)
        await save_delayed(pilot, "Venter [b]\\")
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


async def test_the_cache_takes_the_saved_state_once_the_overview_has_shown_it(
    app: OppfolgingApp, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The validated cache is written after the overview shows the save (so writing it
    does not slow the round's computation), and holds what a fresh read gives."""
    from oppfolging.i18n import language
    from oppfolging.store import cache

    save_personal_settings(PersonalSettings(name="Kari"))
    events: list[str] = []
    real_write = cache.write_cached

    def recorded(folder: Path, key: str, result: object) -> None:
        events.append("cache")
        real_write(folder, key, result)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "write_cached", recorded)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        real_apply = overview._apply_state

        def applied(frames: object) -> None:
            events.append("overview")
            real_apply(frames)  # type: ignore[arg-type]

        monkeypatch.setattr(overview, "_apply_state", applied)
        events.clear()
        open_form(app, "m:pg-t1.1.2", ROUND)
        await settle(pilot)
        await save_delayed(pilot, "Venter")
        await app.workers.wait_for_complete()
        assert events == ["overview", "cache"]
        held = app.session
        assert held is not None
        assert held.dataset.fingerprint is not None
    cached = cache.read_cached(sample_copy, cache.cache_key(held.dataset.fingerprint, language()))
    assert cached is not None
    fresh = session_module.open_session(sample_copy, AS_OF)
    for name in TABLES:
        assert_frame_equal(cached.dataset[name], fresh.dataset[name], check_exact=True)


async def test_the_app_keeps_the_reads_a_save_needs_and_renews_them_after_its_save(
    app: OppfolgingApp, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a form opens, the tables a save reads are read ahead (not at the start: that
    would slow the first overview), so the save parses none of them; after the save they
    are read again as the save left them."""
    from oppfolging.store import csvio, sharedread

    save_personal_settings(PersonalSettings(name="Kari"))
    path = sample_copy / "measure_updates.csv"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert sharedread.kept_data(path) is None
        before = path.read_bytes()
        parsed_before_save: list[str] = []
        real_read = csvio.read_raw

        def counted(file: Path, data: bytes | None = None) -> object:
            if data == before:  # the content the save started from (not the one it left)
                parsed_before_save.append(file.name)
            return real_read(file, data)

        open_form(app, "m:pg-t1.1.2", ROUND)
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert sharedread.kept_data(path) == before
        assert sharedread.kept_data(sample_copy / "values.csv") is not None
        monkeypatch.setattr(sharedread, "read_raw", counted)
        await save_delayed(pilot, "Venter")
        assert isinstance(app.screen, OverviewScreen)
        assert path.read_bytes() != before, "the save was written"
        assert parsed_before_save == [], "the save parsed the kept file"
        await app.workers.wait_for_complete()
        assert sharedread.kept_data(path) == path.read_bytes()


async def test_the_round_computed_while_the_save_writes_is_the_one_shown(
    app: OppfolgingApp, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The overview's round is computed with the save's tables while its files are written
    (`dialogs.EarlyRound`); the session after the save takes that round over, and it is the
    round a fresh read computes."""
    from oppfolging.session import Session

    save_personal_settings(PersonalSettings(name="Kari"))
    early: list[Session] = []
    real_while = Session.while_saving

    def recorded(self: Session, tables: tuple[object, ...]) -> Session | None:
        made = real_while(self, tables)  # type: ignore[arg-type]
        early.extend([made] if made is not None else [])
        return made

    monkeypatch.setattr(Session, "while_saving", recorded)
    taken: list[object] = []
    real_take = OppfolgingApp.take_early_frames

    def take(self: OppfolgingApp, *args: Any) -> object:
        frames = real_take(self, *args)
        taken.append(frames)
        return frames

    monkeypatch.setattr(OppfolgingApp, "take_early_frames", take)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(app, "m:pg-t1.1.2", ROUND)
        await settle(pilot)
        await save_delayed(pilot, "Venter")
        assert isinstance(app.screen, OverviewScreen)
        held = app.session
        assert held is not None
        assert len(early) == 1
        assert held._results[ROUND] is early[0]._results[ROUND]
        assert app.screen.result is early[0]._results[ROUND]
        assert taken[0] is not None, "the overview took the tables computed during the save"
        mine = overview_frames(held, held.round_result(ROUND), app.filters, app.screen.plan_id)
        for part in ("plans", "focus_areas", "attention"):
            assert_frame_equal(getattr(taken[0], part)[0], getattr(mine, part)[0])
    fresh = session_module.open_session(sample_copy, AS_OF).round_result(ROUND)
    for part in ("indicators", "measures"):
        assert_frame_equal(getattr(held._results[ROUND], part), getattr(fresh, part))


async def test_a_save_that_fails_while_writing_shows_nothing_it_computed(
    app: OppfolgingApp, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    save_personal_settings(PersonalSettings(name="Kari"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.session
        open_form(app, "m:pg-t1.1.2", ROUND)
        await settle(pilot)

        def full(descriptor: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fsync", full)
        await save_delayed(pilot, "Venter")
        monkeypatch.undo()
        assert isinstance(app.screen, MeasureFormScreen), "the form stays open, saying why"
        assert "full" in str(app.screen.query_one("#save-error").render())
        assert app.session is before
    assert before is not None
    after = session_module.open_session(sample_copy, AS_OF).dataset["measure_updates"]
    assert_frame_equal(after, before.dataset["measure_updates"])  # nothing was saved


async def test_an_error_in_the_early_round_never_stops_the_save(
    app: OppfolgingApp, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oppfolging.session import Session

    def broken(self: Session, tables: object) -> Session | None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Session, "while_saving", broken)
    save_personal_settings(PersonalSettings(name="Kari"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(app, "m:pg-t1.1.2", ROUND)
        await settle(pilot)
        await save_delayed(pilot, "Venter")
        assert isinstance(app.screen, OverviewScreen)
    updates = session_module.open_session(sample_copy, AS_OF).dataset["measure_updates"]
    row = updates.filter((updates["measure_id"] == "pg-t1.1.2") & (updates["period"] == "2026-T1"))
    assert row["status"].to_list() == ["delayed"]


async def test_an_undo_and_a_redo_are_shown_from_memory_as_a_fresh_read_shows_them(
    app: OppfolgingApp, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An undo is a save: the app applies it to the tables it holds, as a form's save."""
    save_personal_settings(PersonalSettings(name="Kari"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(app, "m:pg-t1.1.2", ROUND)
        await settle(pilot)
        await save_delayed(pilot, "Venter")
        real_open = session_module.open_session
        reads = _count_reads(monkeypatch)
        for redo, status in ((False, "in_progress"), (True, "delayed")):
            before = app.session
            dialogs.undo_last(app, redo=redo)
            await settle(pilot)
            assert reads == [], "the undo was applied in memory, the folder not read again"
            held = app.session
            assert held is not None
            assert held is not before
            assert held.dataset.fingerprint is not None
            fresh = real_open(sample_copy, AS_OF)
            for name in TABLES:
                assert_frame_equal(held.dataset[name], fresh.dataset[name], check_exact=True)
            updates = held.dataset["measure_updates"]
            row = updates.filter(
                (updates["measure_id"] == "pg-t1.1.2") & (updates["period"] == "2026-T1")
            )
            assert row["status"].to_list() == [status]
