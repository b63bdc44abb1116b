"""The status colours on screen, one palette per theme, each readable on its background.

The exports keep `domain.codes.COLOURS` (printed on white, beside a tint). On screen a
single colour cannot pass WCAG's 4.5:1 both on the dark theme's near-black tables and on
the light theme's grey ones, so the screen picks the palette of the theme in use
(`use_palette`, set by the app when the theme changes). `tests/tui/test_contrast.py`
checks every colour against the themes' table backgrounds.
"""

from __future__ import annotations

DARK: dict[str, str] = {
    "reached": "#3fb950",
    "on_track": "#56d364",
    "at_risk": "#d29922",
    "off_track": "#ff7b72",
    "no_target": "#9da5ae",
    "missing": "#bc8cff",
    "pending": "#a0a8b0",
    "not_started": "#9da5ae",
    "in_progress": "#58a6ff",
    "completed": "#3fb950",
    "delayed": "#ff7b72",
    "cancelled": "#a0a8b0",
    "overdue": "#ff7b72",
    "due_soon": "#d29922",
    "ok": "#3fb950",
    "not_adopted": "#9da5ae",
    "replaced": "#a0a8b0",
    "improving": "#3fb950",
    "unchanged": "#a0a8b0",
    "worsening": "#ff7b72",
    "some_deviation": "#d29922",
    "major_deviation": "#ff7b72",
    "not_assessed": "#9da5ae",
}
"""Light tones for the dark theme."""

LIGHT: dict[str, str] = {
    "reached": "#0f5523",
    "on_track": "#185c2e",
    "at_risk": "#6b4400",
    "off_track": "#a40e26",
    "no_target": "#424a53",
    "missing": "#5a2fa8",
    "pending": "#3b424a",
    "not_started": "#424a53",
    "in_progress": "#044a9e",
    "completed": "#0f5523",
    "delayed": "#a40e26",
    "cancelled": "#3b424a",
    "overdue": "#a40e26",
    "due_soon": "#6b4400",
    "ok": "#0f5523",
    "not_adopted": "#424a53",
    "replaced": "#3b424a",
    "improving": "#0f5523",
    "unchanged": "#3b424a",
    "worsening": "#a40e26",
    "some_deviation": "#6b4400",
    "major_deviation": "#a40e26",
    "not_assessed": "#424a53",
}
"""Dark tones for the light theme."""

_palette: dict[str, str] = DARK


def use_palette(dark: bool) -> None:
    """Colour statuses for a dark (True) or a light theme from now on."""
    global _palette
    _palette = DARK if dark else LIGHT


def status_colour(code: str) -> str | None:
    """The colour of a status code in the palette in use (None for an unknown code)."""
    return _palette.get(code)


def palette_is_dark() -> bool:
    """True while the dark theme's palette is in use."""
    return _palette is DARK
