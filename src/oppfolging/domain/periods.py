"""Periods (`YYYY-T1`, `YYYY-T2`, `YYYY-T3`, `YYYY`) and reporting rounds.

A *period* is what a value or a measure update is registered for. A *round* is the moment
status is reported: `YYYY-T1` (1. tertial), `YYYY-T2` (2. tertial) or `YYYY` (the annual
report). Both are written the same way, so one class serves both.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from oppfolging.domain.bounds import year_problem
from oppfolging.i18n import t

if TYPE_CHECKING:
    import polars as pl

_PERIOD_RE = re.compile(r"^\s*(\d{4})(?:-T([123]))?\s*$", re.IGNORECASE)
_TERTIAL_END = {1: (4, 30), 2: (8, 31), 3: (12, 31)}


class PeriodError(ValueError):
    """A text that is not a period; the message is Norwegian and fit to show a user."""


class PeriodYearError(PeriodError):
    """A well-formed period whose year is outside `domain.bounds` (e.g. `0000-T1`)."""


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: a tertial of a year, or a whole year (`tertial is None`)."""

    year: int
    tertial: int | None = None

    def __str__(self) -> str:
        return f"{self.year}" if self.tertial is None else f"{self.year}-T{self.tertial}"

    @property
    def frequency(self) -> str:
        """`tertial` or `annual`: the indicator frequency this period belongs to."""
        return "annual" if self.tertial is None else "tertial"

    @property
    def end_date(self) -> date:
        """30.04, 31.08 or 31.12 of the year."""
        month, day = _TERTIAL_END[self.tertial or 3]
        return date(self.year, month, day)

    @property
    def is_annual(self) -> bool:
        """True for the annual report round / a yearly period."""
        return self.tertial is None

    def previous(self) -> Period:
        """The previous period of the same frequency."""
        if self.tertial is None:
            return Period(self.year - 1)
        if self.tertial == 1:
            return Period(self.year - 1, 3)
        return Period(self.year, self.tertial - 1)

    def next(self) -> Period:
        """The next period of the same frequency."""
        if self.tertial is None:
            return Period(self.year + 1)
        if self.tertial == 3:
            return Period(self.year + 1, 1)
        return Period(self.year, self.tertial + 1)

    @property
    def words(self) -> str:
        """This period as words: `1. tertial 2026`, or the year for a yearly period."""
        if self.tertial is None:
            return t("period.annual", year=self.year)
        return t("period.tertial", tertial=self.tertial, year=self.year)

    # --- rounds -----------------------------------------------------------------------

    @property
    def round_label(self) -> str:
        """The Norwegian name of this period used as a reporting round."""
        if self.tertial is None:
            return t("round.annual", year=self.year)
        return t("round.tertial", tertial=self.tertial, year=self.year)

    def tertial_period(self) -> Period:
        """The tertial period reported in this round (`YYYY` → `YYYY-T3`)."""
        return Period(self.year, self.tertial or 3)

    def period_for(self, frequency: str) -> Period | None:
        """The period an indicator of `frequency` reports in this round.

        Annual indicators report only in the annual round; in tertial rounds they have no
        due period (they show their latest value, for information).
        """
        if frequency == "tertial":
            return self.tertial_period()
        return Period(self.year) if self.tertial is None else None

    def previous_round(self) -> Period:
        """The round before this one in the sequence T1, T2, annual."""
        if self.tertial is None:
            return Period(self.year, 2)
        if self.tertial == 1:
            return Period(self.year - 1)
        return Period(self.year, 1)

    def next_round(self) -> Period:
        """The round after this one in the sequence T1, T2, annual."""
        if self.tertial is None:
            return Period(self.year + 1, 1)
        if self.tertial == 1:
            return Period(self.year, 2)
        return Period(self.year)


def parse_period(text: str) -> Period:
    """Parse `YYYY-T1`, `YYYY-T2`, `YYYY-T3` or `YYYY`; raise `PeriodError` otherwise (also
    for a year outside `domain.bounds`: `PeriodYearError`)."""
    match = _PERIOD_RE.match(text or "")
    if match is None:
        raise PeriodError(t("domain.not_a_period", text=text))
    tertial = match.group(2)
    problem = year_problem(int(match.group(1)))
    if problem is not None:
        raise PeriodYearError(f"«{text.strip()}»: {problem}")
    return Period(int(match.group(1)), int(tertial) if tertial else None)


def parse_round(text: str) -> Period:
    """Parse a reporting round: `YYYY-T1`, `YYYY-T2` or `YYYY` (T3 is the annual report)."""
    period = parse_period(text)
    if period.tertial == 3:
        raise PeriodError(t("domain.not_a_round", text=text))
    return period


def default_round(as_of: date) -> Period:
    """The latest round whose end date is on or before `as_of`."""
    candidates = [Period(as_of.year), Period(as_of.year, 2), Period(as_of.year, 1)]
    for candidate in candidates:
        if candidate.end_date <= as_of:
            return candidate
    return Period(as_of.year - 1)


def round_order(period: Period) -> tuple[int, int]:
    """A key that orders rounds in time: T1 < T2 < annual of the same year."""
    return (period.year, 3 if period.tertial is None else period.tertial)


def rounds_between(first: Period, last: Period) -> list[Period]:
    """Every round from `first` to `last`, inclusive, in order."""
    rounds: list[Period] = []
    current = first
    while round_order(current) <= round_order(last):
        rounds.append(current)
        current = current.next_round()
    return rounds


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


# --- polars expressions -----------------------------------------------------------------
# polars is imported inside each function: argument parsing (`oppfolging --version`,
# `--help`) imports this module and must not pay for polars.


def period_year_expr(period: pl.Expr) -> pl.Expr:
    """The year of a period string column (`2026-T1` → 2026)."""
    import polars as pl

    return period.str.slice(0, 4).cast(pl.Int32, strict=False)


def period_tertial_expr(period: pl.Expr) -> pl.Expr:
    """The tertial (1–3) of a period string column; null for annual periods."""
    import polars as pl

    return period.str.extract(r"-T([123])$", 1).cast(pl.Int32, strict=False)


def period_end_expr(period: pl.Expr) -> pl.Expr:
    """The end date of a period string column (30.04, 31.08 or 31.12)."""
    import polars as pl

    year = period_year_expr(period)
    tertial = period_tertial_expr(period).fill_null(3)
    month = pl.when(tertial == 1).then(4).when(tertial == 2).then(8).otherwise(12)
    day = pl.when(tertial == 1).then(30).otherwise(31)
    return pl.date(year, month, day)


def period_sort_key_expr(period: pl.Expr) -> pl.Expr:
    """An integer that orders periods of one frequency in time (year*10 + tertial)."""
    return period_year_expr(period) * 10 + period_tertial_expr(period).fill_null(3)


def period_valid_expr(period: pl.Expr) -> pl.Expr:
    """True where the column holds a well-formed period."""
    return period.str.contains(r"^\d{4}(-T[123])?$")


def period_frequency_expr(period: pl.Expr) -> pl.Expr:
    """`tertial` or `annual` for each period string."""
    import polars as pl

    return pl.when(period.str.contains("-T")).then(pl.lit("tertial")).otherwise(pl.lit("annual"))


def period_words(code: str) -> str:
    """A period code as a person reads it: `2026-T1` → `1. tertial 2026`, `2026` → `2026`
    (in the current language, from the catalogue); a text that is no period as it is.

    The one place a period becomes words: the screens, the CLI's tables and messages and
    the report all call it (a round is named by `round_text`: `2026` → `Årsrapport 2026`).
    """
    try:
        return parse_period(code).words
    except PeriodError:
        return code


def period_words_series(codes: pl.Series) -> pl.Series:
    """`period_words` of a whole column (each distinct code worded once; null stays null)."""
    import polars as pl

    distinct = codes.cast(pl.String).drop_nulls().unique().to_list()
    mapping = {code: period_words(code) for code in distinct}
    return codes.cast(pl.String).replace_strict(mapping, default=None, return_dtype=pl.String)


def round_text(code: str) -> str:
    """A round code as words: `2026-T1` → `1. tertial 2026`, `2026` → `Årsrapport 2026`."""
    try:
        return parse_period(code).round_label
    except PeriodError:
        return code
