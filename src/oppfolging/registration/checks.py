"""Checks of typed input before anything is saved: a value against its unit, a period
against the indicator's frequency, and the jump from the previous value."""

from __future__ import annotations

import math

from oppfolging.domain.periods import Period, PeriodError, parse_period
from oppfolging.fmt import NumberError, format_number, parse_number

COMMENT_REQUIRED = ("delayed", "cancelled")
_FREQUENCY_TEXT = {"tertial": "tertial (ÅÅÅÅ-T1, ÅÅÅÅ-T2, ÅÅÅÅ-T3)", "annual": "årlig (ÅÅÅÅ)"}


class RegistrationError(Exception):
    """Input that cannot be registered; `str(error)` is Norwegian, fit to show a user."""


def check_value(indicator: dict[str, object], value: float) -> str | None:
    """Why `value` cannot be right for `indicator` (by its unit), or None."""
    if math.isnan(value) or math.isinf(value):
        return "verdien må være et endelig tall"
    unit = str(indicator.get("unit") or "").strip().lower()
    if unit == "%" and not 0 <= value <= 100:
        return f"en prosentverdi må være mellom 0 og 100, ikke {_number(value)}"
    if unit == "antall" and value < 0:
        return f"et antall kan ikke være negativt ({_number(value)})"
    return None


def is_implausible_jump(previous: float | None, value: float, limit: float) -> bool:
    """True when `value` differs from `previous` by more than `limit` (a share, 0.5 = 50 %).

    From a previous value of 0 any change is a jump, since no relative change exists.
    """
    if previous is None or math.isnan(previous):
        return False
    if previous == 0:
        return value != 0
    return abs(value - previous) > limit * abs(previous)


def _number(value: float) -> str:
    return format_number(value)


def check_period(text: str, frequency: str | None = None) -> Period:
    """The period `text` names; it must match `frequency` when given."""
    try:
        period = parse_period(text)
    except PeriodError as error:
        raise RegistrationError(str(error)) from None
    if frequency is not None and period.frequency != frequency:
        wanted = _FREQUENCY_TEXT.get(frequency, frequency)
        raise RegistrationError(f"perioden «{text.strip()}» passer ikke: indikatoren er {wanted}")
    return period


def parse_value_text(indicator: dict[str, object], text: str) -> float:
    """A typed value checked against the indicator's unit."""
    try:
        value = parse_number(text)
    except NumberError as error:
        raise RegistrationError(str(error)) from None
    reason = check_value(indicator, value)
    if reason is not None:
        raise RegistrationError(reason)
    return value
