"""Dataset text is shown literally (issue 9): no markup from a name becomes a style or a
clickable action, no control character reaches the terminal; and every worker's failure
shows the error screen instead of ending the app."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pilot_helpers import AS_OF, SAMPLE, settle
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from oppfolging import session as session_module
from oppfolging.commands.app import crashed_text, exit_code
from oppfolging.domain.periods import parse_round
from oppfolging.textsafe import has_control, visible
from oppfolging.tui.app import OppfolgingApp, make_app
from oppfolging.tui.screens import dialogs, worklist
from oppfolging.tui.screens.detail import IndicatorScreen
from oppfolging.tui.screens.drill import PlanScreen
from oppfolging.tui.screens.error import ErrorScreen
from oppfolging.tui.screens.overview import OverviewScreen
from oppfolging.tui.widgets.keyed_table import KeyedTable

ROUND = parse_round("2026-T1")
CLICK = "[ @click=app.quit]klikk[/]"
PIECES = ["[", "]", "\\", "@click=app.quit", " ", "/", "b", "\x1b", "\x07", "\x9b", "\x7f"]
NAMES = st.lists(st.sampled_from(PIECES), max_size=8).map("".join) | st.sampled_from(
    [CLICK, "\\[@click=app.quit]x[/]", "[b]x[/b]", "\x1b[2J", "\x1b]52;c;SGVp\x07"]
)


def _dataset(folder: Path, name: str) -> tuple[str, str]:
    """A sample copy whose first plan and its first indicator are called `name`…;
    returns their ids."""
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("README.md"))
    plans = pl.read_csv(folder / "plans.csv", infer_schema=False)
    indicators = pl.read_csv(folder / "indicators.csv", infer_schema=False)
    first = pl.int_range(pl.len()) == 0
    for frame, file, suffix in ((plans, "plans", "P"), (indicators, "indicators", "I")):
        named = pl.when(first).then(pl.lit(name + suffix)).otherwise(pl.col("name"))
        frame.with_columns(named.alias("name")).write_csv(folder / f"{file}.csv")
    return plans["plan_id"][0], indicators["indicator_id"][0]


def _rendered(screen: Widget) -> Iterator[tuple[str, dict[str, Any]]]:
    """(text, meta) of every segment every visible widget of `screen` renders."""
    for widget in screen.walk_children(Widget):
        if not widget.display or widget.size.area == 0:
            continue
        strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
        for strip in strips:
            for segment in strip:
                style = segment.style
                yield segment.text, (style.meta if style is not None else {})


def assert_literal(screen: Widget, shown: str) -> None:
    """`shown` is on the screen; nothing rendered is an action or a control character."""
    segments = list(_rendered(screen))
    assert not [meta for _, meta in segments if "@click" in meta]
    text = "".join(segment for segment, _ in segments)
    assert not has_control(text)
    assert shown in text.replace("\n", ""), (shown, text)


async def _until_idle(pilot: Pilot[None]) -> None:
    """Like `settle`, for workers that fail (`wait_for_complete` would raise)."""
    for _ in range(100):
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            break
    await pilot.pause()


@given(NAMES)
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_names_are_shown_literally(name: str) -> None:
    import asyncio

    async def run() -> None:
        with tempfile.TemporaryDirectory() as tmp:
            plan_id, indicator_id = _dataset(Path(tmp) / "data", name)
            app = make_app(Path(tmp) / "data", AS_OF)
            async with app.run_test(size=(160, 50)) as pilot:
                await settle(pilot)
                shown = " ".join(visible(name + "P").split())
                assert_literal(app.screen, shown)
                app.push_screen(PlanScreen(plan_id, ROUND))
                await settle(pilot)
                assert_literal(app.screen, visible(name + "P"))
                app.push_screen(IndicatorScreen(indicator_id, ROUND))
                await settle(pilot)
                assert_literal(app.screen, visible(name + "I"))

    asyncio.run(run())


async def test_clicking_a_name_with_an_action_does_nothing(tmp_path: Path) -> None:
    plan_id, _ = _dataset(tmp_path / "data", CLICK)
    app = make_app(tmp_path / "data", AS_OF)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        app.push_screen(PlanScreen(plan_id, ROUND))
        await settle(pilot)
        for selector in ("#breadcrumb", "#description"):
            for x in range(0, 40, 3):
                await pilot.click(selector, offset=(x, 0))
        await settle(pilot)
        assert app.is_running
        assert app.return_code is None
        assert isinstance(app.screen, PlanScreen)


# --- one worker policy ---------------------------------------------------------------------


class BoomError(RuntimeError):
    """The injected failure."""


def _boom(*_: object, **__: object) -> Any:
    raise BoomError("[ @click=app.quit]injisert feil\x1b[2J")


async def _async_boom(*_: object, **__: object) -> Any:
    _boom()


async def _fail_load(app: OppfolgingApp, pilot: Pilot[None], patch: pytest.MonkeyPatch) -> None:
    patch.setattr(session_module, "open_session", _boom)
    app.load_session()


async def _fail_reload(app: OppfolgingApp, pilot: Pilot[None], patch: pytest.MonkeyPatch) -> None:
    patch.setattr(session_module, "open_session", _boom)
    app.reload_from_disk()


async def _fail_prepare(app: OppfolgingApp, pilot: Pilot[None], patch: pytest.MonkeyPatch) -> None:
    from oppfolging.tui import overview_data

    patch.setattr(overview_data, "overview_frames", _boom)
    assert isinstance(app.screen, OverviewScreen)
    app.screen.prepare(ROUND)


async def _fail_warm(app: OppfolgingApp, pilot: Pilot[None], patch: pytest.MonkeyPatch) -> None:
    patch.setattr(OverviewScreen, "_compute_neighbours", _boom)
    assert isinstance(app.screen, OverviewScreen)
    app.screen.warm_cache(ROUND)


async def _fail_frames(app: OppfolgingApp, pilot: Pilot[None], patch: pytest.MonkeyPatch) -> None:
    from oppfolging.tui import overview_data

    screen = app.screen
    assert isinstance(screen, OverviewScreen)
    assert app.session is not None
    frames = overview_data.overview_frames(
        app.session, app.session.round_result(ROUND), app.filters, None
    )
    patch.setattr(KeyedTable, "show", _async_boom)
    screen.show_frames(frames)


async def _fail_worklist(app: OppfolgingApp, pilot: Pilot[None], patch: pytest.MonkeyPatch) -> None:
    patch.setattr(worklist, "worklist_frame", _boom)
    app.push_screen(worklist.WorklistScreen(ROUND))


async def _fail_table(app: OppfolgingApp, pilot: Pilot[None], patch: pytest.MonkeyPatch) -> None:
    assert app.session is not None
    patch.setattr(KeyedTable, "show", _async_boom)
    app.push_screen(PlanScreen(app.session.dataset.plans["plan_id"][0], ROUND))


async def _fail_detail(app: OppfolgingApp, pilot: Pilot[None], patch: pytest.MonkeyPatch) -> None:
    assert app.session is not None
    patch.setattr(KeyedTable, "show", _async_boom)
    app.push_screen(IndicatorScreen(app.session.dataset.indicators["indicator_id"][0], ROUND))


async def _fail_undo(app: OppfolgingApp, pilot: Pilot[None], patch: pytest.MonkeyPatch) -> None:
    from oppfolging.settings import PersonalSettings, save_personal_settings

    save_personal_settings(PersonalSettings(name="Kari"))
    patch.setattr(dialogs, "undo_save", _boom)
    dialogs.undo_last(app, lambda: None)


Failure = Callable[[OppfolgingApp, Pilot[None], pytest.MonkeyPatch], Any]


@pytest.mark.parametrize(
    "fail",
    [
        _fail_load,
        _fail_reload,
        _fail_prepare,
        _fail_warm,
        _fail_frames,
        _fail_worklist,
        _fail_table,
        _fail_detail,
        _fail_undo,
    ],
)
async def test_a_failing_worker_shows_the_error_and_the_app_lives(
    app: OppfolgingApp, monkeypatch: pytest.MonkeyPatch, fail: Failure
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await fail(app, pilot, monkeypatch)
        await _until_idle(pilot)
        assert app.is_running
        assert app.return_code is None
        assert isinstance(app.screen, ErrorScreen)
        assert_literal(app.screen, "BoomError: [ @click=app.quit]injisert feil␛[2J")


async def test_a_crash_exits_1_with_one_norwegian_line(
    app: OppfolgingApp, capsys: pytest.CaptureFixture[str]
) -> None:
    async def crash() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.call_later(_boom)
            await pilot.pause()

    with pytest.raises(BoomError):  # run_test re-raises what ended the app
        await crash()
    assert app.return_code == 1
    report = app.crash_report
    assert report is not None
    assert "BoomError" in report.read_text(encoding="utf-8")  # the details, for a bug report
    assert exit_code(app.return_code, report) == 1
    err = capsys.readouterr().err  # one line: no traceback on the terminal
    assert err == f"{crashed_text()} (detaljer i {report})\n"
    assert "feil" in crashed_text()
    assert exit_code(0) == 0
    assert exit_code(None) == 0
