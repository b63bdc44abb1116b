"""The app in English: `set_language("en")` before the app is built changes its texts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pilot_helpers import settle
from textual.pilot import Pilot
from textual.widgets import Input, Label, Markdown, Select
from textual.widgets._footer import FooterKey

from oppfolging.i18n import set_language
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.screens.overview import OverviewScreen
from oppfolging.tui.screens.settings import SettingsScreen
from oppfolging.tui.widgets.keyed_table import KeyedTable


@pytest.fixture
def english() -> Iterator[None]:
    """English for one test; back to the default bokmål afterwards."""
    set_language("en")
    yield
    set_language("nb")


@pytest.mark.usefixtures("english")
async def test_overview_box_titles_are_english(app: OppfolgingApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        titles = [str(label.render()) for label in app.screen.query(".box-title").results(Label)]
        assert "Plans" in titles
        assert any(title.startswith("Needs attention (") for title in titles)
        assert not any("Krever oppmerksomhet" in title for title in titles)
        assert app.screen.crumb == "Overview"


def _footer_words(app: OppfolgingApp) -> list[str]:
    return [key.description for key in app.screen.query(FooterKey)]


def _box_titles(app: OppfolgingApp) -> list[str]:
    return [str(label.render()) for label in app.screen.query(".box-title").results(Label)]


def _plan_headers(app: OppfolgingApp) -> list[str]:
    table = app.screen.query_one("#plans", KeyedTable)
    return list(table.row_cells(table.keys[0]))


async def _choose_language(pilot: Pilot[None], app: OppfolgingApp, language: str) -> None:
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(app.screen, SettingsScreen)
    app.screen.query_one("#name", Input).value = "Kari Nordmann"
    # Select refuses a value that is not one of its options (InvalidSelectValueError).
    app.screen.query_one("#language", Select).value = language
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(app.screen, OverviewScreen)


@pytest.fixture
def back_to_bokmal() -> Iterator[None]:
    """The language chosen in a test is the module's global: bokmål again afterwards."""
    yield
    set_language("nb")


@pytest.mark.usefixtures("back_to_bokmal")
async def test_choosing_a_language_in_the_settings_changes_the_overview_at_once(
    app: OppfolgingApp,
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Registrer" in _footer_words(app)
        assert "Planer" in _box_titles(app)
        assert "Fremdrift" in _plan_headers(app)
        await _choose_language(pilot, app, "nn")
        footer = _footer_words(app)
        assert {"Førre runde", "Neste runde", "Registrer", "Kvifor"} <= set(footer), footer
        assert "Forrige runde" not in footer
        titles = _box_titles(app)
        assert {"Planar", "Kvifor"} <= set(titles), titles
        assert any(title.startswith("Krev merksemd (") for title in titles), titles
        assert "Framdrift" in _plan_headers(app)
        assert [n.message for n in app._notifications][-1] == "Innstillingane er lagra"
        await _choose_language(pilot, app, "en")
        footer = _footer_words(app)
        assert {"Quit", "Help", "Register", "Filter"} <= set(footer), footer
        assert not {"Avslutt", "Hjelp", "Registrer"} & set(footer), footer
        titles = _box_titles(app)
        assert {"Plans", "Why"} <= set(titles), titles
        assert any(title.startswith("Needs attention (") for title in titles), titles
        assert "Progress" in _plan_headers(app)
        assert not {"Fremdrift", "Framdrift"} & set(_plan_headers(app))
        assert isinstance(app.screen, OverviewScreen)
        assert app.screen.crumb == "Overview"
        assert app.title == "Follow-up"
        assert [n.message for n in app._notifications][-1] == "The settings are saved"
        await pilot.press("question_mark")
        await settle(pilot)
        help_text = str(app.screen.query_one(Markdown).source)
        assert "Register" in help_text
        assert "Registrer" not in help_text
