"""The bounds of what a dataset may hold, so that whatever `validate` accepts can be shown.

Every number column is finite and at most `NUMBER_LIMIT` in size; every year (in a date, a
date-time, a period, `baseline_year`, `target_year`, `period_start`/`period_end`, and the
command line's `--as-of` and `--round`) lies in `YEAR_MIN`–`YEAR_MAX`. Within these bounds
the status arithmetic, revision dates, formatting, charts and every export work; `validate`
rejects what lies outside them. Documented for users in `data/README.md`.
"""

from __future__ import annotations

YEAR_MIN = 1900
"""The first year a date, period or year column may hold."""
YEAR_MAX = 2200
"""The last year a date, period or year column may hold (revision dates 20 years later and
publication lags of 60 months stay far inside what dates can hold)."""
NUMBER_LIMIT = 1e12
"""The largest size (absolute value) of a number: a value, baseline, target, cost estimate.
Twelve digits before the decimal comma and two after stay exact in a float and in Excel."""


def year_problem(year: int) -> str | None:
    """A Norwegian message when `year` is outside `YEAR_MIN`–`YEAR_MAX`, else None."""
    if YEAR_MIN <= year <= YEAR_MAX:
        return None
    from oppfolging.i18n import t

    return t("domain.year_out_of_range", year=year, low=YEAR_MIN, high=YEAR_MAX)


def number_text(limit: float = NUMBER_LIMIT) -> str:
    """The limit as users read it: `10^12` is `1 000 000 000 000`."""
    return f"{int(limit):,}".replace(",", "\u00a0")
