"""Status codes, their order of severity, symbols and colours.

A status is never shown by colour alone: every place that colours a status also shows its
symbol and its word (from `oppfolging.i18n`).
"""

from __future__ import annotations

INDICATOR_STATUSES = (
    "off_track",
    "missing",
    "at_risk",
    "pending",
    "no_target",
    "on_track",
    "reached",
)
"""Indicator statuses, worst first (the attention list's order)."""

MEASURE_ROUND_STATUSES = (
    "delayed",
    "missing",
    "not_started",
    "in_progress",
    "cancelled",
    "completed",
)
"""Measure statuses in a round (the five codes plus `missing`), worst first."""

TRENDS = ("improving", "unchanged", "worsening")
REVISION_FLAGS = ("overdue", "due_soon", "ok", "not_adopted", "replaced")

SYMBOLS: dict[str, str] = {
    "reached": "✔",
    "on_track": "●",
    "at_risk": "▲",
    "off_track": "✖",
    "no_target": "○",
    "missing": "?",
    "pending": "…",
    "not_started": "○",
    "in_progress": "◐",
    "completed": "✔",
    "delayed": "▲",
    "cancelled": "⊘",
    "improving": "↗",
    "unchanged": "→",
    "worsening": "↘",
    "overdue": "✖",
    "due_soon": "▲",
    "ok": "✔",
    "not_adopted": "○",
    "replaced": "⊘",
    "some_deviation": "▲",
    "major_deviation": "✖",
    "not_assessed": "○",
}

COLOURS: dict[str, str] = {
    "reached": "#1a7f37",
    "on_track": "#2da44e",
    "at_risk": "#d4a72c",
    "off_track": "#cf222e",
    "no_target": "#8c959f",
    "missing": "#8250df",
    "pending": "#57606a",
    "not_started": "#8c959f",
    "in_progress": "#0969da",
    "completed": "#1a7f37",
    "delayed": "#cf222e",
    "cancelled": "#57606a",
    "overdue": "#cf222e",
    "due_soon": "#d4a72c",
    "ok": "#1a7f37",
    "not_adopted": "#8c959f",
    "replaced": "#57606a",
    "improving": "#1a7f37",
    "unchanged": "#57606a",
    "worsening": "#cf222e",
    "some_deviation": "#d4a72c",
    "major_deviation": "#cf222e",
    "not_assessed": "#8c959f",
}
"""Hex colours for exports (XLSX fills, DOCX shading, HTML) and charts."""

SEVERITY: dict[str, int] = {code: rank for rank, code in enumerate(INDICATOR_STATUSES)}
"""Rank of an indicator status, 0 = worst."""
