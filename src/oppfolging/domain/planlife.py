"""A plan's life: in which reporting rounds its indicators and measures are followed up.

The rule (documented for users in data/README.md and in README.md): a plan's indicators
and measures are in a round, and can be due there, only when

1. the plan is `adopted` (a draft, a plan on consultation and a replaced plan are in no
   round: the data holds no date for when a plan was replaced);
2. the round's year lies within the plan's period: `period_start ≤ year ≤ period_end`.
   Every round lies within one calendar year (T1 Jan–Apr, T2 May–Aug, the annual report
   the whole year), so this is "the round's period overlaps the plan's period". The
   annual report of `period_end` is the plan's last round; and
3. the plan was adopted on or before the round's end date (30.04, 31.08, 31.12). A plan
   adopted in the middle of a year is followed up from the first round that ends after
   its adoption: adopted 15.06 → not in T1 (ends 30.04), in T2 (ends 31.08) and in that
   year's annual report. An adopted plan without an adoption date (`validate` reports it)
   is judged by its period alone.

A round outside a plan's life does not hold the plan's rows at all, so nothing of the plan
is counted there: not in completeness, status counts, the attention list, `missing`, the
round state or any export.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from oppfolging.domain.periods import Period


def plan_in_round_expr(
    round_: Period,
    *,
    status: str | pl.Expr = "status",
    period_start: str | pl.Expr = "period_start",
    period_end: str | pl.Expr = "period_end",
    adopted: str | pl.Expr = "adopted",
) -> pl.Expr:
    """True for each plan row whose indicators and measures are in `round_` (see module)."""
    year = pl.lit(round_.year)
    adopted_by_end = (_col(adopted) <= pl.lit(round_.end_date)).fill_null(True)
    return (
        (_col(status) == "adopted")
        & (_col(period_start) <= year).fill_null(False)
        & (_col(period_end) >= year).fill_null(False)
        & adopted_by_end
    )


def plan_in_round(
    round_: Period,
    *,
    status: str,
    period_start: int | None,
    period_end: int | None,
    adopted: date | None,
) -> bool:
    """One plan, judged by the very expression the round table uses."""
    row = pl.DataFrame(
        [(status, period_start, period_end, adopted)],
        schema={
            "status": pl.String,
            "period_start": pl.Int64,
            "period_end": pl.Int64,
            "adopted": pl.Date,
        },
        orient="row",
    )
    result: bool = row.select(plan_in_round_expr(round_)).item()
    return result


def plan_life_text(plan: Mapping[str, object]) -> str:
    """A plan row's life in words, for a refusal: `planen gjelder 2026–2040 og ble vedtatt
    11.12.2025` (or `… og er ikke vedtatt`)."""
    from oppfolging.fmt import format_date
    from oppfolging.i18n import t

    years = {"start": plan.get("period_start"), "end": plan.get("period_end")}
    adopted = plan.get("adopted")
    if plan.get("status") != "adopted":
        return t("plan_life.not_adopted", **years)
    if not isinstance(adopted, date):
        return t("plan_life.period", **years)
    return t("plan_life.adopted", date=format_date(adopted), **years)


def _col(name: str | pl.Expr) -> pl.Expr:
    return pl.col(name) if isinstance(name, str) else name
