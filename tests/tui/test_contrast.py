"""Both themes show every status word at WCAG contrast 4.5:1 or more, computed from the
theme's own colours (the table's background and its zebra rows) and the colour the screen
actually writes the word in (`status_markup`)."""

from __future__ import annotations

import re

import pytest
from pilot_helpers import settle
from textual.color import Color

from oppfolging.domain.codes import COLOURS
from oppfolging.i18n import status_word
from oppfolging.tui.app import OppfolgingApp
from oppfolging.tui.status_colours import DARK, LIGHT
from oppfolging.tui.views import status_markup

WCAG_AA = 4.5
"""WCAG 2 level AA for normal text."""


def luminance(color: Color) -> float:
    """WCAG relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(one: Color, other: Color) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def table_backgrounds(app: OppfolgingApp) -> dict[str, Color]:
    """What a status word is written on: the screen, the table and its zebra rows (the
    DataTable's even rows are `$primary` 10 % over `$surface`, 15 % in dark themes)."""
    variables = app.get_css_variables()
    surface = Color.parse(variables["surface"])
    tint = 0.15 if app.current_theme.dark else 0.10
    return {
        "background": Color.parse(variables["background"]),
        "surface": surface,
        "even-row": surface + Color.parse(variables["primary"]).with_alpha(tint),
    }


def word_colour(code: str) -> Color:
    """The colour `status_markup` writes the status word in."""
    match = re.match(r"\[(#[0-9a-fA-F]{6})\]", status_markup(code))
    assert match, status_markup(code)
    return Color.parse(match.group(1))


def test_the_palettes_cover_every_status() -> None:
    assert set(DARK) == set(COLOURS) == set(LIGHT)


def test_contrast_is_computed_as_wcag_does() -> None:
    assert contrast(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21)
    assert contrast(Color.parse("#767676"), Color(255, 255, 255)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_status_words_pass_aa_contrast(app: OppfolgingApp, theme: str) -> None:
    app.theme = theme
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.current_theme.name == theme
        low = [
            (status_word(code), name, round(contrast(word_colour(code), background), 2))
            for code in COLOURS
            for name, background in table_backgrounds(app).items()
            if contrast(word_colour(code), background) < WCAG_AA
        ]
        assert low == []
