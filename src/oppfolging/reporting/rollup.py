"""Roll-ups of a round: counts per status, progress and completeness per grouping.

Each roll-up is one `group_by` over the round table, with one count column per status code
in `domain.codes` order, so every status column exists even when its count is zero.
"""

from __future__ import annotations

import polars as pl

from oppfolging.domain.codes import INDICATOR_STATUSES, MEASURE_ROUND_STATUSES
from oppfolging.reporting.round import RoundResult

GROUPINGS = ("plan_id", "focus_area_id", "goal_id", "responsible")
"""The columns a round can be rolled up by (`None` rolls everything into one row)."""

INDICATOR_ROLLUP_COLUMNS = (
    *INDICATOR_STATUSES,
    "indicators",
    "due",
    "registered",
    "completeness",
    "mean_progress",
    "overdue_registration",
)
"""Indicator roll-up columns after the grouping column."""

MEASURE_ROLLUP_COLUMNS = (
    *MEASURE_ROUND_STATUSES,
    "measures",
    "update_due",
    "registered",
    "completeness",
    "overdue",
    "needs_funding",
)
"""Measure roll-up columns after the grouping column."""


def _status_counts(codes: tuple[str, ...]) -> list[pl.Expr]:
    return [(pl.col("status") == code).sum().cast(pl.UInt32).alias(code) for code in codes]


def _completeness(due: pl.Expr, registered: pl.Expr) -> pl.Expr:
    """registered ÷ due, null when nothing is due."""
    return pl.when(due > 0).then(registered / due).otherwise(pl.lit(None, dtype=pl.Float64))


def _grouped(frame: pl.DataFrame, by: str | None, aggs: list[pl.Expr]) -> pl.DataFrame:
    if by is None:
        return frame.select(aggs)
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; use one of {GROUPINGS}")
    return frame.group_by(by, maintain_order=True).agg(aggs).sort(by, nulls_last=True)


def indicator_rollup(result: RoundResult, by: str | None = "plan_id") -> pl.DataFrame:
    """Per `by` (or overall): counts per status, due, registered, completeness, progress.

    `registered` counts due indicators that have a value; `overdue_registration` counts
    due indicators without a value whose registration deadline is before `as_of`.
    """
    due = pl.col("due")
    unregistered = due & pl.col("value").is_null()
    aggs = [
        *_status_counts(INDICATOR_STATUSES),
        pl.len().cast(pl.UInt32).alias("indicators"),
        due.sum().cast(pl.UInt32).alias("due"),
        (due & pl.col("value").is_not_null()).sum().cast(pl.UInt32).alias("registered"),
        pl.col("progress").mean().alias("mean_progress"),
        (unregistered & (pl.col("deadline") < pl.lit(result.as_of)))
        .sum()
        .cast(pl.UInt32)
        .alias("overdue_registration"),
    ]
    frame = _grouped(result.indicators, by, aggs).with_columns(
        completeness=_completeness(pl.col("due"), pl.col("registered"))
    )
    return frame.select(*([by] if by else []), *INDICATOR_ROLLUP_COLUMNS)


def measure_rollup(result: RoundResult, by: str | None = "plan_id") -> pl.DataFrame:
    """Per `by` (or overall): measures per status, updates owed and given, overdue, funding."""
    owed = pl.col("update_due")
    aggs = [
        *_status_counts(MEASURE_ROUND_STATUSES),
        pl.len().cast(pl.UInt32).alias("measures"),
        owed.sum().cast(pl.UInt32).alias("update_due"),
        (owed & pl.col("registered")).sum().cast(pl.UInt32).alias("registered"),
        pl.col("overdue").sum().cast(pl.UInt32).alias("overdue"),
        pl.col("needs_funding").fill_null(False).sum().cast(pl.UInt32).alias("needs_funding"),
    ]
    frame = _grouped(result.measures, by, aggs).with_columns(
        completeness=_completeness(pl.col("update_due"), pl.col("registered"))
    )
    return frame.select(*([by] if by else []), *MEASURE_ROLLUP_COLUMNS)


WORKLIST_COLUMNS = (
    "kind",
    "id",
    "name",
    "responsible",
    "period",
    "deadline",
    "overdue_for_registration",
)
"""The columns of `missing_items`."""


def missing_items(result: RoundResult, responsible: str | None = None) -> pl.DataFrame:
    """The registration worklist: due indicators without a value and owed measure updates.

    One frame, deadline first; `overdue_for_registration` when the deadline is before
    `as_of`. `responsible` keeps only that unit's items.
    """
    as_of = pl.lit(result.as_of)
    indicators = result.indicators.filter(pl.col("due"), pl.col("value").is_null()).select(
        kind=pl.lit("indicator"),
        id=pl.col("indicator_id"),
        name=pl.col("indicator"),
        responsible=pl.col("responsible"),
        period=pl.col("period"),
        deadline=pl.col("deadline"),
    )
    measures = result.measures.filter(pl.col("update_due"), ~pl.col("registered")).select(
        kind=pl.lit("measure"),
        id=pl.col("measure_id"),
        name=pl.col("name"),
        responsible=pl.col("responsible"),
        period=pl.col("period"),
        deadline=pl.col("deadline"),
    )
    items = pl.concat([indicators, measures], how="vertical")
    if responsible is not None:
        items = items.filter(pl.col("responsible") == responsible)
    return items.with_columns(overdue_for_registration=pl.col("deadline") < as_of).sort(
        "deadline", "kind", "id", maintain_order=True
    )
