"""Cell constructors for the report: raw value + Norwegian display text + status code."""

from __future__ import annotations

import math
from datetime import date, datetime

from oppfolging.domain.periods import period_words
from oppfolging.fmt import format_date, format_number, format_percent, format_value
from oppfolging.i18n import status_label, status_word, t
from oppfolging.reporting.report.model import Cell, CellKind

EMPTY = Cell(None, "")


def text_cell(value: object) -> Cell:
    """Text as is; None → empty."""
    if value is None:
        return EMPTY
    text = str(value)
    return Cell(text, text)


def number_cell(value: float | None, unit: str = "", at_least: int = 0) -> Cell:
    """A measured value shown with its unit (`12,5 %`); None/NaN → empty.

    `Cell.decimals` is the value's own decimals, or `at_least` (the most decimals the
    indicator was registered with, so a column reads alike: `12,0` beside `12,6`).
    """
    if value is None or math.isnan(value):
        return Cell(None, "", CellKind.NUMBER, unit=unit)
    number = float(value)
    shown = max(decimals(number), at_least)
    return Cell(number, format_value(number, unit), CellKind.NUMBER, None, unit, shown)


def integer_cell(value: int | None) -> Cell:
    """A count (`1 234`)."""
    if value is None:
        return Cell(None, "", CellKind.INTEGER)
    return Cell(int(value), format_number(int(value)), CellKind.INTEGER)


def share_cell(value: float | None) -> Cell:
    """A share from 0 to 1 shown as a whole percentage (`45 %`); spreadsheets get one
    decimal (`Cell.decimals`), so 44,6 % is not read as 45 %."""
    if value is None or math.isnan(value):
        return Cell(None, "", CellKind.SHARE, decimals=1)
    return Cell(float(value), format_percent(float(value)), CellKind.SHARE, decimals=1)


def period_cell(code: str | None) -> Cell:
    """A period: the code as value, in words as text (`2026-T1` → `1. tertial 2026`)."""
    if not code:
        return EMPTY
    return Cell(code, period_words(code))


def date_cell(value: date | datetime | None) -> Cell:
    """A date (`30.04.2026`)."""
    if value is None:
        return Cell(None, "", CellKind.DATE)
    day = value.date() if isinstance(value, datetime) else value
    return Cell(day, format_date(day), CellKind.DATE)


def bool_cell(value: bool | None, status_when_true: str | None = None) -> Cell:
    """`ja` / `nei`; coloured by `status_when_true` when true (e.g. an overdue measure)."""
    if value is None:
        return Cell(None, "", CellKind.BOOL)
    status = status_when_true if value else None
    return Cell(bool(value), t("yes") if value else t("no"), CellKind.BOOL, status)


def status_cell(code: str | None) -> Cell:
    """A status or flag: its word, coloured by the code."""
    if not code:
        return Cell(None, "", CellKind.STATUS)
    return Cell(code, status_word(code), CellKind.STATUS, code)


def trend_cell(code: str | None) -> Cell:
    """A trend: arrow and word (`↗ bedre`), not coloured."""
    if not code:
        return Cell(None, "", CellKind.STATUS)
    return Cell(code, status_label(code), CellKind.STATUS)


def decimals(value: float) -> int:
    """How many decimals `fmt.format_number` shows for `value` (0, 1 or 2)."""
    if value.is_integer():
        return 0
    return 1 if round(value, 1) == round(value, 2) else 2
