"""Roles in a served app process (issue 12): the server sets them in the environment; the
app hides and refuses what the role may not do, and signs saves with the served name."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from pilot_helpers import AS_OF, settle

from oppfolging.domain.periods import Period
from oppfolging.roles import Role, access_environment
from oppfolging.settings import PersonalSettings, save_personal_settings
from oppfolging.tui.app import OppfolgingApp, make_app
from oppfolging.tui.screens.assess import AssessmentScreen, open_assessment
from oppfolging.tui.screens.forms import ValueFormScreen, open_form
from oppfolging.tui.screens.overview import OverviewScreen
from oppfolging.tui.screens.round import RoundScreen

ROUND = Period(2026, 1)
MISSING = "pg-i3.1.2"
"""Without a value in 1. tertial 2026; responsible: Helse og mestring stab."""
ITS_UNIT = "Helse og mestring stab"
ITS_GOAL = "pg-m3.1"


def served_app(
    monkeypatch: pytest.MonkeyPatch,
    folder: Path,
    tmp_path: Path,
    role: Role,
    user: str,
    units: tuple[str, ...] = (),
) -> OppfolgingApp:
    """The app as `oppfolging serve` starts it for `user`; the personal settings name
    someone else, which must not be used."""
    monkeypatch.setenv("OPPFOLGING_CONFIG", str(tmp_path / "personal.toml"))
    save_personal_settings(PersonalSettings(name="Navn Fra Innstillingene"))
    for key, value in access_environment(role, user, units).items():
        monkeypatch.setenv(key, value)
    return make_app(folder, AS_OF)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def shown_keys(app: OppfolgingApp) -> set[str]:
    return set(app.screen.active_bindings)


async def test_leder_sees_no_write_keys_and_nothing_changes_on_disk(
    monkeypatch: pytest.MonkeyPatch, sample_copy: Path, tmp_path: Path
) -> None:
    app = served_app(monkeypatch, sample_copy, tmp_path, Role.LEADER, "Leif Leder")
    before = files(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert not {"r", "ctrl+z", "ctrl+y"} & shown_keys(app)
        assert {"f", "d", "question_mark"} <= shown_keys(app)
        for key in ("r", "ctrl+z", "ctrl+y", "R"):
            await pilot.press(key)
            await settle(pilot)
            assert not isinstance(app.screen, ValueFormScreen)
        # A way in that is no key (Enter on a row, the palette) is refused as well.
        open_form(app, f"i:{MISSING}", ROUND)
        assert app.session is not None
        open_assessment(app, app.session, ROUND, "goal", ITS_GOAL)
        await settle(pilot)
        assert not isinstance(app.screen, ValueFormScreen | AssessmentScreen)
        await app.run_action("app.undo")
        await settle(pilot)
    assert files(sample_copy) == before


async def test_registrator_registers_under_the_served_name(
    monkeypatch: pytest.MonkeyPatch, sample_copy: Path, tmp_path: Path
) -> None:
    app = served_app(monkeypatch, sample_copy, tmp_path, Role.REGISTRAR, "Kari Reg", (ITS_UNIT,))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "r" in shown_keys(app)
        open_form(app, f"i:{MISSING}", ROUND)
        await settle(pilot)
        assert isinstance(app.screen, ValueFormScreen)
        await pilot.press(*"3800")
        await pilot.press("ctrl+s")
        await settle(pilot)
    values = pl.read_csv(sample_copy / "values.csv", infer_schema=False)
    row = values.filter(pl.col("indicator_id") == MISSING, pl.col("period") == "2026-T1")
    assert row["registered_by"].to_list() == ["Kari Reg"]
    changes = pl.read_csv(sample_copy / "changes.csv", infer_schema=False)
    assert set(changes["user"]) == {"Kari Reg"}


async def test_registrator_cannot_register_or_assess_for_another_unit(
    monkeypatch: pytest.MonkeyPatch, sample_copy: Path, tmp_path: Path
) -> None:
    app = served_app(monkeypatch, sample_copy, tmp_path, Role.REGISTRAR, "Kari", ("NAV",))
    before = files(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_form(app, f"i:{MISSING}", ROUND)
        await settle(pilot)
        assert not isinstance(app.screen, ValueFormScreen)
        session = app.session
        assert session is not None
        open_assessment(app, session, ROUND, "goal", ITS_GOAL)
        await settle(pilot)
        assert not isinstance(app.screen, AssessmentScreen)
    assert files(sample_copy) == before


async def test_registrator_assesses_a_goal_of_their_unit_but_no_plan(
    monkeypatch: pytest.MonkeyPatch, sample_copy: Path, tmp_path: Path
) -> None:
    app = served_app(monkeypatch, sample_copy, tmp_path, Role.REGISTRAR, "Kari", (ITS_UNIT,))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.session
        assert session is not None
        plan_id = str(session.dataset.frames["plans"]["plan_id"][0])
        open_assessment(app, session, ROUND, "plan", plan_id)
        await settle(pilot)
        assert not isinstance(app.screen, AssessmentScreen)
        open_assessment(app, session, ROUND, "goal", ITS_GOAL)
        await settle(pilot)
        assert isinstance(app.screen, AssessmentScreen)
        assert app.screen.user == "Kari"


@pytest.mark.parametrize(("role", "may_lock"), [(Role.ADMIN, True), (Role.REGISTRAR, False)])
async def test_only_admin_has_the_lock_keys(
    monkeypatch: pytest.MonkeyPatch, sample_copy: Path, tmp_path: Path, role: Role, may_lock: bool
) -> None:
    app = served_app(monkeypatch, sample_copy, tmp_path, role, "Anne")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.push_screen(RoundScreen(ROUND))
        await settle(pilot)
        shown = shown_keys(app)
        assert ({"l", "u"} <= shown) is may_lock
        assert bool({"l", "u"} & shown) is may_lock


async def test_leder_export_goes_to_the_browser_not_a_server_folder(
    monkeypatch: pytest.MonkeyPatch, sample_copy: Path, tmp_path: Path
) -> None:
    from textual.widgets import Input, Select

    from oppfolging.tui.screens.export import ExportScreen

    app = served_app(monkeypatch, sample_copy, tmp_path, Role.LEADER, "Leif Leder")
    delivered: list[Path] = []
    monkeypatch.setattr(app, "deliver_binary", lambda path, **_: delivered.append(Path(path)))
    chosen = tmp_path / "server-mappe"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#format", Select).value = "md"
        screen.query_one("#folder", Input).value = str(chosen)
        await settle(pilot)
        await pilot.click("#export")
        await settle(pilot)
    assert [p.suffix for p in delivered] == [".md"]
    assert delivered[0].read_text(encoding="utf-8").strip()
    assert not chosen.exists()


def test_help_leaves_out_the_keys_a_leder_may_not_use(
    monkeypatch: pytest.MonkeyPatch, sample_copy: Path, tmp_path: Path
) -> None:
    from oppfolging.tui.screens.detail import IndicatorScreen
    from oppfolging.tui.screens.help import binding_rows

    leder = served_app(monkeypatch, sample_copy, tmp_path, Role.LEADER, "Leif")
    leder_rows = {what for _, what in binding_rows(leder, IndicatorScreen)}
    for key in ("OPPFOLGING_SERVE_ROLE", "OPPFOLGING_SERVE_USER", "OPPFOLGING_SERVE_UNITS"):
        monkeypatch.delenv(key)
    terminal_rows = {
        what for _, what in binding_rows(make_app(sample_copy, AS_OF), IndicatorScreen)
    }
    assert leder_rows < terminal_rows
    hidden = terminal_rows - leder_rows
    assert len(hidden) == 1  # the register key ("Registrer")
