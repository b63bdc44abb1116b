"""At 80×24 the dialogs fit the screen: their fields and buttons drop their borders, so the
title, every field and the buttons are visible without scrolling; a taller terminal brings
the borders back (`base.CompactWhenShort`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pilot_helpers import settle
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Select

from oppfolging.domain.periods import Period
from oppfolging.settings import PersonalSettings, save_personal_settings
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.screens.export import ExportScreen
from oppfolging.tui.screens.forms import open_form
from oppfolging.tui.screens.settings import SettingsScreen

ROUND = Period(2026, 1)


def _export(app: OppfolgingApp) -> None:
    app.push_screen(ExportScreen(ROUND))


def _value_form(app: OppfolgingApp) -> None:
    open_form(app, "i:pg-i1.1.1", ROUND)


def _measure_form(app: OppfolgingApp) -> None:
    open_form(app, "m:pg-t1.1.1", ROUND)


def _settings(app: OppfolgingApp) -> None:
    app.push_screen(SettingsScreen())


def _fields(screen: Screen[object]) -> list[Widget]:
    return [w for w in screen.query("Input, Select, Button") if w.display]


def _all_shown(screen: Screen[object]) -> bool:
    """Every field and button lies within the screen (none scrolled out of view)."""
    height = screen.size.height
    return all(w.region.y >= 0 and w.region.bottom <= height for w in _fields(screen))


@pytest.mark.parametrize("opened", [_export, _value_form, _measure_form, _settings])
async def test_a_dialog_fits_80x24_and_keeps_its_borders_when_taller(
    app: OppfolgingApp, opened: Callable[[OppfolgingApp], None]
) -> None:
    save_personal_settings(PersonalSettings(name="Kari"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        opened(app)
        await settle(pilot)
        screen = app.screen
        fields = _fields(screen)
        assert fields
        assert all(getattr(w, "compact", False) for w in fields)
        assert _all_shown(screen), [(type(w).__name__, w.region) for w in fields]
        assert any(isinstance(w, Button) for w in fields)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert not any(
            getattr(w, "compact", True) for w in fields if isinstance(w, Input | Select | Button)
        )
        assert _all_shown(screen)
