"""Norwegian formatting of numbers and dates, and parsing of numbers people type.

The `nb_NO` locale is not installed on most machines, so this is done by hand:
`1 234,5`, `12,5 %`, `30.04.2026`. Thousands are separated by a no-break space so a
number never wraps inside a table cell.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

from oppfolging.domain.units import BARE_COUNT_UNITS
from oppfolging.i18n import t

NBSP = "\u00a0"
_MINUS_SIGNS = "\u2212\u2013\u2012"  # minus sign, en dash, figure dash
_SPACES = " \u00a0\u202f\u2009"
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_AMBIGUOUS_RE = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")
"""One `.` or `,` before exactly three digits: `12.500` may be 12,5 or 12 500."""


def format_number(value: float | int | None, decimals: int | None = None) -> str:
    """`1234.5` → `1 234,5` (no-break space); `None`/NaN → empty string.

    Without `decimals`, whole numbers show no decimals and others at most two.
    """
    if value is None:
        return ""
    number = float(value)
    if number != number:  # NaN
        return ""
    if decimals is None:
        decimals = 0 if number.is_integer() else _natural_decimals(number)
    text = _fixed(abs(number), decimals).replace(",", NBSP).replace(".", ",")
    return "−" + text if number < 0 and text.strip("0,\u00a0") else text


def _fixed(magnitude: float, decimals: int) -> str:
    """`magnitude` (≥ 0) with `decimals` decimals, rounded half up, `,` between thousands.

    Away from a tie (the scaled value's fraction further than 1e-6 from ½) the float's own
    correctly rounded formatting is the nearest, which half up also gives: 3× faster than
    the `Decimal` path, which is kept for ties, big numbers and more decimals (a table of
    14 400 indicators formats 43 000 numbers). `tests/unit/test_fmt_fast.py` checks the
    two paths agree."""
    if decimals <= 2 and magnitude < 1e9:
        scaled = magnitude * (1, 10, 100)[decimals]
        if abs(scaled - math.floor(scaled) - 0.5) > 1e-6:
            return f"{magnitude:,.{decimals}f}"
    return f"{_round_half_up(magnitude, decimals):,.{decimals}f}"


def _round_half_up(value: float, decimals: int) -> Decimal:
    """Round half up, after a tiny epsilon: 0.075 × 100 (7.4999…) to one decimal is 7.5,
    to none 8 — the same as the reports, not the float's binary tie-breaking."""
    nudged = Decimal(repr(round(value, 9)))
    with localcontext() as context:
        # Enough digits for any finite float: a number beyond `domain.bounds` still formats.
        context.prec = 330 + decimals
        return nudged.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _natural_decimals(value: float) -> int:
    """1 or 2 decimals: as many as the value needs, at most two."""
    return 1 if round(value, 1) == round(value, 2) else 2


def format_percent(share: float | None, decimals: int = 0) -> str:
    """A share (0.125) as a Norwegian percentage: `12,5 %` with decimals=1."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return ""
    return f"{format_number(share * 100, decimals)}{NBSP}%"


def format_value(value: float | None, unit: str, decimals: int | None = None) -> str:
    """A measured value with its unit: `12,5 %`, `1 234 dager`, `87`."""
    number = format_number(value, decimals)
    if not number:
        return ""
    if not unit or unit.lower() in BARE_COUNT_UNITS:
        return number
    return f"{number}{NBSP}{unit}"


def format_date(day: date | datetime | None) -> str:
    """`30.04.2026`; empty for None."""
    if day is None:
        return ""
    return day.strftime("%d.%m.%Y")


def format_datetime(moment: datetime | None) -> str:
    """`30.04.2026 14:05`; empty for None."""
    if moment is None:
        return ""
    return moment.strftime("%d.%m.%Y %H:%M")


class NumberError(ValueError):
    """Text that is not a number; the message is Norwegian and fit to show a user."""


def parse_number(text: str) -> float:
    """Parse a number as people type it: `12,5`, `12.5`, `1 234`, `12,5 %`, `−1,5`.

    Raises `NumberError` with a Norwegian message when the text is not a number, or when
    it is ambiguous: `12.500` or `1,234` could be a decimal or a thousands separator, so
    it is refused with the two readings rather than guessed.
    """
    cleaned = text.strip()
    for sign in _MINUS_SIGNS:
        cleaned = cleaned.replace(sign, "-")
    cleaned = cleaned.removesuffix("%").strip()
    for space in _SPACES:
        cleaned = cleaned.replace(space, "")
    if _AMBIGUOUS_RE.match(cleaned):
        raise NumberError(_ambiguous_message(text.strip(), cleaned))
    cleaned = _normalise_separators(cleaned)
    if not _NUMBER_RE.match(cleaned):
        raise NumberError(t("fmt.not_a_number", text=text.strip()))
    number = float(cleaned)
    if math.isinf(number) or math.isnan(number):
        raise NumberError(t("fmt.not_a_number", text=text.strip()))
    return number


def _ambiguous_message(typed: str, cleaned: str) -> str:
    """Both readings of an ambiguous number, and how to type each one unambiguously."""
    whole, fraction = re.split("[.,]", cleaned.lstrip("+-"))
    sign = "−" if cleaned.startswith("-") else ""
    decimals = fraction.rstrip("0")
    decimal = f"{sign}{whole},{decimals if len(decimals) < 3 else decimals + '0'}"
    decimal = decimal.removesuffix(",")
    thousands = f"{sign}{whole}{NBSP}{fraction}"
    return t("fmt.ambiguous_number", typed=typed, decimal=decimal, thousands=thousands)


def _normalise_separators(text: str) -> str:
    """Make `,` the decimal mark unless `.` clearly is one; drop thousands separators."""
    if "," in text and "." in text:
        # The later one is the decimal mark: 1.234,5 (Norwegian) or 1,234.5 (English).
        if text.rfind(",") > text.rfind("."):
            return text.replace(".", "").replace(",", ".")
        return text.replace(",", "")
    return text.replace(",", ".")


def shown_decimals(values: list[float | int | None], at_most: int = 1) -> int:
    """How many decimals a column of these values needs (0 for whole numbers), at most
    `at_most`: so a derived column (an expected value) matches the measured ones."""
    needed = 0
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if not float(value).is_integer():
            needed = max(needed, _natural_decimals(float(value)))
    return min(needed, at_most)
