"""Checks of input before anything is saved, one set for every writer (the forms, `set`,
`set-measure`, `import`): a value against its indicator (unit, `min`/`max`, `decimals`), a
period against the indicator's frequency, and the jump from the previous value.

Every message is Norwegian and the same whichever writer reports it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from oppfolging.domain.periods import Period, PeriodError, parse_period, parse_round, period_words
from oppfolging.domain.previous import Previous
from oppfolging.domain.schema import MEASURE_STATUSES
from oppfolging.domain.units import NON_NEGATIVE_UNITS, WHOLE_UNITS
from oppfolging.fmt import NumberError, format_number, format_percent, parse_number
from oppfolging.i18n import catalogue, languages, t
from oppfolging.textsafe import is_one_plain_line, visible

COMMENT_REQUIRED = ("delayed", "cancelled")
_FREQUENCY_TEXT = {
    "tertial": "registration.frequency.tertial",
    "annual": "registration.frequency.annual",
}

Indicator = Mapping[str, object]


class RegistrationError(Exception):
    """Input that cannot be registered; `str(error)` is Norwegian, fit to show a user."""


def check_user(user: str) -> None:
    """`RegistrationError` when the name a save is signed with is not one line of plain
    text: it is written into the tables and the change log as it is (`registered_by`,
    `user`), and dataset text never carries control characters or line breaks in."""
    if not is_one_plain_line(user):
        raise RegistrationError(t("registration.user_not_plain", name=visible(user)))


def _status_key(text: str) -> str:
    """A status as typed, compared without case, extra spaces or `_`/space difference."""
    return " ".join(text.replace("_", " ").split()).casefold()


def measure_status_words(language: str = "nb") -> list[str]:
    """The measure status words a user sees (`ikke startet`, `pågår`, …), code order."""
    words = catalogue(language)
    return [words[f"status.{code}"] for code in MEASURE_STATUSES]


def measure_status_code(text: str) -> str:
    """The status code of `text`: a code (`delayed`) or the word the app and the report
    show, in bokmål or English (`forsinket`, `Ikke startet`, `not started`), in any case.

    Raises `RegistrationError` listing the choices for anything else.
    """
    wanted = _status_key(text)
    for code in MEASURE_STATUSES:
        names = [code, *(catalogue(lang)[f"status.{code}"] for lang in languages())]
        if wanted in {_status_key(name) for name in names}:
            return code
    words = ", ".join(f"«{word}»" for word in measure_status_words())
    raise RegistrationError(
        t(
            "registration.unknown_status",
            text=text.strip(),
            words=words,
            codes=", ".join(MEASURE_STATUSES),
        )
    )


@dataclass(frozen=True)
class TypedValue:
    """A number as given: typed text, or a spreadsheet cell (with its percent format)."""

    value: float
    percent: bool = False
    """The input was marked as a percentage (`12,5 %`, or an Excel percent cell)."""


def parse_typed(text: str) -> TypedValue:
    """The number in `text` (`12,5`, `1 234`, `−1,5`, `12,5 %`); ambiguous text is refused."""
    try:
        value = parse_number(text)
    except NumberError as error:
        raise RegistrationError(str(error)) from None
    return TypedValue(value, percent=text.strip().endswith("%"))


def _unit(indicator: Indicator) -> str:
    return str(indicator.get("unit") or "").strip().lower()


def _bound(indicator: Indicator, name: str) -> float | None:
    given = indicator.get(name)
    return float(given) if isinstance(given, int | float) and math.isfinite(given) else None


def bounds(indicator: Indicator) -> tuple[float | None, float | None]:
    """The allowed range: the indicator's `min`/`max`, else by unit (`%`: 0–100, a count or
    a duration: not negative), else open."""
    unit = _unit(indicator)
    low = 0.0 if unit == "%" or unit in NON_NEGATIVE_UNITS else None
    high = 100.0 if unit == "%" else None
    given_low, given_high = _bound(indicator, "min"), _bound(indicator, "max")
    return (low if given_low is None else given_low, high if given_high is None else given_high)


def check_value(indicator: Indicator, value: float, *, percent: bool = False) -> str | None:
    """Why `value` cannot be right for `indicator`, or None."""
    if math.isnan(value) or math.isinf(value):
        return t("registration.value_not_finite")
    unit = _unit(indicator)
    if percent and unit != "%":
        shown = str(indicator.get("unit") or "").strip() or t("registration.no_unit")
        return t("registration.percent_but_unit", unit=shown)
    low, high = bounds(indicator)
    if (low is not None and value < low) or (high is not None and value > high):
        return _range_message(unit, value, low, high)
    if unit in WHOLE_UNITS and indicator.get("decimals") is not True and not value.is_integer():
        return t("registration.count_not_whole", value=format_number(value))
    return None


def _range_message(unit: str, value: float, low: float | None, high: float | None) -> str:
    shown = format_number(value)
    if unit == "%" and (low, high) == (0.0, 100.0):
        return t("registration.percent_range", value=shown)
    if low == 0.0 and high is None:
        what = (
            t("registration.a_count")
            if unit in WHOLE_UNITS
            else t("registration.a_value_in", unit=unit)
        )
        return t("registration.not_negative", what=what, value=shown)
    if high is None:
        return t("registration.at_least", low=format_number(low), value=shown)
    if low is None:
        return t("registration.at_most", high=format_number(high), value=shown)
    return t("registration.between", low=format_number(low), high=format_number(high), value=shown)


def checked_value(indicator: Indicator, given: str | TypedValue) -> float:
    """A typed text or cell value, checked against the indicator (`RegistrationError`)."""
    typed = parse_typed(given) if isinstance(given, str) else given
    reason = check_value(indicator, typed.value, percent=typed.percent)
    if reason is not None:
        raise RegistrationError(reason)
    return typed.value


def parse_value_text(indicator: Indicator, text: str) -> float:
    """A typed value checked against the indicator (kept for existing callers)."""
    return checked_value(indicator, text)


def is_implausible_jump(previous: float | None, value: float, limit: float) -> bool:
    """True when `value` differs from `previous` by more than `limit` (a share, 0.5 = 50 %).

    From a previous value of 0 any change is a jump, since no relative change exists.
    """
    if previous is None or math.isnan(previous):
        return False
    if previous == 0:
        return value != 0
    return abs(value - previous) > limit * abs(previous)


def implausible_message(value: float, previous: Previous | None, limit: float | None) -> str | None:
    """Why `value` needs a confirmation (`--force`): too far from the previous value."""
    if previous is None or limit is None or not is_implausible_jump(previous.value, value, limit):
        return None
    return t(
        "registration.implausible",
        value=format_number(value),
        previous=format_number(previous.value),
        period=period_words(previous.period),
        limit=format_percent(limit),
    )


def checked_round(text: str) -> str:
    """The round as the tables write it (`YYYY-T1`, `YYYY-T2` or `YYYY`);
    `RegistrationError` when it is no round."""
    try:
        return str(parse_round(text.strip()))
    except PeriodError as error:
        raise RegistrationError(str(error)) from None


def check_period(text: str, frequency: str | None = None) -> Period:
    """The period `text` names; it must match `frequency` when given."""
    try:
        period = parse_period(text)
    except PeriodError as error:
        raise RegistrationError(str(error)) from None
    if frequency is not None and period.frequency != frequency:
        wanted = t(_FREQUENCY_TEXT[frequency]) if frequency in _FREQUENCY_TEXT else frequency
        raise RegistrationError(
            t("registration.period_mismatch", period=text.strip(), wanted=wanted)
        )
    return period
