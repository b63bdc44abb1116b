"""The app in English: `set_language("en")` before the app is built changes its texts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pilot_helpers import settle
from textual.widgets import Label

from oppfolging.i18n import set_language
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.screens.overview import OverviewScreen


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
