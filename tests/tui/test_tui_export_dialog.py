"""The export dialog asks before replacing a file, refuses a dataset's own files in the
dialog, and proposes the folder last exported to."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import AS_OF, settle
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Static

from oppfolging.settings import PersonalSettings, load_personal_settings, save_personal_settings
from oppfolging.tui.app import OppfolgingApp, make_app
from oppfolging.tui.screens.dialogs import ConfirmScreen
from oppfolging.tui.screens.export import ExportScreen, remember_export_folder
from oppfolging.tui.screens.overview import OverviewScreen


async def _open_dialog(pilot: Pilot[None], folder: Path | None, name: str | None) -> ExportScreen:
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    screen.query_one("#format", Select).value = "md"
    await settle(pilot)
    if folder is not None:
        screen.query_one("#folder", Input).value = str(folder)
    if name is not None:
        screen.query_one("#name", Input).value = name
    return screen


async def _export(pilot: Pilot[None], folder: Path | None, name: str | None = None) -> None:
    await _open_dialog(pilot, folder, name)
    await pilot.click("#export")
    await settle(pilot)


def _status(screen: object) -> str:
    assert isinstance(screen, ExportScreen)
    return str(screen.query_one("#export-status", Static).render())


async def test_existing_file_asks_and_no_keeps_it(app: OppfolgingApp, tmp_path: Path) -> None:
    old = tmp_path / "ut" / "rapport [1].md"
    old.parent.mkdir()
    old.write_text("gammel", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await _export(pilot, old.parent, old.name)
        assert isinstance(app.screen, ConfirmScreen)
        assert str(old) in str(app.screen.query_one(Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert not app.screen.query_one("#export", Button).disabled
    assert old.read_text(encoding="utf-8") == "gammel"
    assert [p.name for p in old.parent.iterdir()] == [old.name]


async def test_existing_file_asks_and_yes_replaces_it(app: OppfolgingApp, tmp_path: Path) -> None:
    old = tmp_path / "rapport.md"
    old.write_text("gammel", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await _export(pilot, tmp_path, old.name)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.click("#yes")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
    assert old.read_text(encoding="utf-8").startswith("# ")


async def test_the_dataset_s_own_file_is_refused_in_the_dialog(
    app: OppfolgingApp, sample_copy: Path
) -> None:
    before = (sample_copy / "values.csv").read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await _export(pilot, sample_copy, "VALUES.csv")
        assert isinstance(app.screen, ExportScreen)
        assert "datasettets egne filer" in _status(app.screen)
        assert not app.screen.query_one("#export", Button).disabled
    assert (sample_copy / "values.csv").read_bytes() == before


async def test_a_folder_as_the_file_is_refused_in_the_dialog(
    app: OppfolgingApp, tmp_path: Path
) -> None:
    (tmp_path / "mappe.md").mkdir()
    async with app.run_test(size=(120, 40)) as pilot:
        await _export(pilot, tmp_path, "mappe.md")
        assert isinstance(app.screen, ExportScreen)
        assert "er ikke en vanlig fil" in _status(app.screen)


async def test_the_last_export_folder_is_proposed_in_a_new_app(
    app: OppfolgingApp, sample_copy: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "rapporter"
    async with app.run_test(size=(120, 40)) as pilot:
        await _export(pilot, folder)
        assert isinstance(app.screen, OverviewScreen)
    assert load_personal_settings().settings.last_export_folder == str(folder)
    again = make_app(sample_copy, AS_OF)
    async with again.run_test(size=(120, 40)) as pilot:
        screen = await _open_dialog(pilot, None, None)
        assert screen.query_one("#folder", Input).value == str(folder)


def test_remembering_the_folder_keeps_a_broken_settings_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    personal = tmp_path / "personal.toml"
    personal.write_text('name = "Kari"\nunit = [\n', encoding="utf-8")
    monkeypatch.setenv("OPPFOLGING_CONFIG", str(personal))
    remember_export_folder(tmp_path)
    assert personal.read_text(encoding="utf-8") == 'name = "Kari"\nunit = [\n'


def test_remembering_the_folder_keeps_the_other_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPPFOLGING_CONFIG", str(tmp_path / "personal.toml"))
    save_personal_settings(PersonalSettings(name="Kari", unit="Hjemmetjenesten", theme="x"))
    remember_export_folder(tmp_path)
    expected = PersonalSettings("Kari", "Hjemmetjenesten", "", "x", str(tmp_path))
    assert load_personal_settings().settings == expected


async def test_the_plan_choice_offers_only_the_plans_in_the_round(app: OppfolgingApp) -> None:
    """A plan outside the round (domain.planlife) would give a report of «Ingen.»: the
    1. tertial 2026 offers Porsgrunn's 2026–2040 plan, Lier's and Alver's (adopted
    22.06.2023), not Drammen's 2009–2012 plans or Levanger's 2013–2024 plan."""
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_dialog(pilot, None, None)
        offered = sorted(value for _, value in screen._plan_options())
    assert offered == ["alver-hso-2023", "lier-hov-2018", "porsgrunn-hm-2026"]
