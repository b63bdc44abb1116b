"""The round table: every indicator and measure of the plans in a reporting round.

This is the one place a round's numbers are computed. The dashboard, `oppfolging status`,
`missing` and every export read `compute_round`, so the screen and the report never differ.
All of it is polars joins and expressions over whole frames: no loop per indicator.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from oppfolging.domain.periods import (
    Period,
    period_end_expr,
    period_sort_key_expr,
)
from oppfolging.domain.planlife import plan_in_round_expr
from oppfolging.domain.previous import with_previous_values
from oppfolging.domain.rules import (
    expected_expr,
    indicator_status_expr,
    progress_expr,
    trend_expr,
)
from oppfolging.domain.schema import TABLES
from oppfolging.settings import DatasetSettings
from oppfolging.store.model import Dataset

INDICATOR_COLUMNS = (
    "round", "plan_id", "focus_area_id", "goal_id", "indicator_id", "indicator", "unit",
    "direction", "frequency", "period", "value", "previous_value", "baseline", "target",
    "expected", "status", "trend", "progress", "due", "due_date", "deadline", "responsible",
    "comment", "registered_by", "registered_at",
)  # fmt: skip
"""The round table's columns, in order."""

MEASURE_COLUMNS = (
    "measure_id", "name", "plan_id", "focus_area_id", "goal_id", "responsible", "start", "due",
    "period", "status", "registered", "update_due", "overdue", "needs_funding", "cost_estimate",
    "comment", "registered_by", "registered_at", "deadline",
)  # fmt: skip
"""The measure table's columns, in order."""

CLOSED_MEASURE_STATUSES = ("completed", "cancelled")


@dataclass(frozen=True)
class RoundResult:
    """One round as of one date: the indicator table and the measure table."""

    round: Period
    as_of: date
    indicators: pl.DataFrame
    measures: pl.DataFrame


def compute_round(
    dataset: Dataset, round_: Period, as_of: date, settings: DatasetSettings
) -> RoundResult:
    """The round's indicator and measure tables (see `INDICATOR_COLUMNS`, `MEASURE_COLUMNS`).

    Only the plans in the round are in it (`domain.planlife`: adopted, the round within the
    plan's period and after its adoption), so a plan is never counted before it existed.
    """
    hierarchy = round_hierarchy(dataset, round_)
    return RoundResult(
        round=round_,
        as_of=as_of,
        indicators=indicator_table(dataset, hierarchy, round_, as_of, settings),
        measures=measure_table(dataset, hierarchy, round_, as_of, settings),
    )


def _contract(dataset: Dataset, table: str) -> pl.DataFrame:
    """A table with only its contract columns (a file's extra columns must not collide)."""
    return dataset[table].select(TABLES[table].column_names)


def adopted_hierarchy(dataset: Dataset) -> pl.DataFrame:
    """goal_id → focus_area_id, plan_id, plan_period_end for goals of adopted plans."""
    return _hierarchy(dataset, dataset.plans.filter(pl.col("status") == "adopted"))


def round_hierarchy(dataset: Dataset, round_: Period) -> pl.DataFrame:
    """Like `adopted_hierarchy`, for the plans in `round_` only (`domain.planlife`)."""
    return _hierarchy(dataset, dataset.plans.filter(plan_in_round_expr(round_)))


def _hierarchy(dataset: Dataset, plans: pl.DataFrame) -> pl.DataFrame:
    """goal_id → focus_area_id, plan_id, plan_period_end for the goals of `plans`."""
    plans = plans.select("plan_id", pl.col("period_end").alias("plan_period_end"))
    areas = dataset.focus_areas.select("focus_area_id", "plan_id").join(plans, on="plan_id")
    return dataset.goals.select("goal_id", "focus_area_id").join(areas, on="focus_area_id")


def add_months_expr(day: pl.Expr, months: pl.Expr) -> pl.Expr:
    """`day` moved by `months` calendar months, clamped to month end (like `add_months`)."""
    return day.dt.offset_by(pl.format("{}mo", months))


# --- indicators ---------------------------------------------------------------------------


def indicator_table(
    dataset: Dataset,
    hierarchy: pl.DataFrame,
    round_: Period,
    as_of: date,
    settings: DatasetSettings,
) -> pl.DataFrame:
    """One row per indicator of the adopted plans, with its status in `round_`."""
    frame = _with_periods(indicator_base(dataset, hierarchy, settings), dataset, round_)
    frame = _with_values(frame, dataset.values)
    lag = pl.col("publication_lag_months")
    frame = frame.with_columns(
        period_end=period_end_expr(pl.col("period")),
        deadline=add_months_expr(pl.lit(settings.deadline_for(round_)), lag),
    ).with_columns(due_date=add_months_expr(pl.col("period_end"), lag))
    frame = frame.with_columns(due=pl.col("counted") & (pl.lit(as_of) > pl.col("due_date")))
    frame = frame.with_columns(
        expected=expected_expr(),
        status=indicator_status_expr(),
        trend=trend_expr(),
        progress=progress_expr(),
        round=pl.lit(str(round_)),
    )
    return frame.sort("_order").select(INDICATOR_COLUMNS)


def indicator_base(
    dataset: Dataset, hierarchy: pl.DataFrame, settings: DatasetSettings
) -> pl.DataFrame:
    """Indicators of adopted plans, with plan defaults filled in.

    Columns: the indicator contract columns (`name` renamed `indicator`), `_order` (file
    order), focus_area_id, plan_id, plan_period_end; target_year, tolerance and
    publication_lag_months filled with their defaults.
    """
    return (
        _contract(dataset, "indicators")
        .with_row_index("_order")
        .join(hierarchy, on="goal_id", how="inner")
        .with_columns(
            pl.col("target_year").fill_null(pl.col("plan_period_end")),
            pl.col("tolerance").fill_null(settings.default_tolerance),
            pl.col("publication_lag_months").fill_null(0),
        )
        .rename({"name": "indicator"})
    )


def _with_periods(frame: pl.DataFrame, dataset: Dataset, round_: Period) -> pl.DataFrame:
    """Add `period` (what each indicator shows) and `counted` (whether it can be due)."""
    tertial = pl.col("frequency") == "tertial"
    tertial_period = pl.lit(str(round_.tertial_period()))
    if round_.is_annual:
        return frame.with_columns(
            period=pl.when(tertial).then(tertial_period).otherwise(pl.lit(str(round_.year))),
            counted=pl.lit(True),
        )
    latest = _latest_annual_periods(dataset.values, round_.end_date)
    fallback = pl.lit(str(round_.year - 1))
    return frame.join(latest, on="indicator_id", how="left").with_columns(
        period=pl.when(tertial)
        .then(tertial_period)
        .otherwise(pl.col("latest").fill_null(fallback)),
        counted=tertial,
    )


def _latest_annual_periods(values: pl.DataFrame, end: date) -> pl.DataFrame:
    """indicator_id → its latest annual period with a value and an end date ≤ `end`."""
    period = pl.col("period")
    return (
        values.select("indicator_id", "period", "value")  # only these columns are copied
        .filter(~period.str.contains("-T", literal=True), pl.col("value").is_not_null())
        .filter(period_end_expr(period) <= pl.lit(end))
        .group_by("indicator_id")
        .agg(latest=period.sort_by(period_sort_key_expr(period)).last())
    )


def _with_values(frame: pl.DataFrame, values: pl.DataFrame) -> pl.DataFrame:
    """Join each row's value (and its registration) and the previous value
    (`domain.previous`: the one definition the forms and the CLI use too)."""
    frame = with_previous_values(frame, values)
    current = values.filter(pl.col("period").is_in(frame["period"].unique().implode())).select(
        "indicator_id", "period", "value", "comment", "registered_by", "registered_at"
    )
    return frame.join(current, on=["indicator_id", "period"], how="left")


# --- measures -----------------------------------------------------------------------------


def measure_table(
    dataset: Dataset,
    hierarchy: pl.DataFrame,
    round_: Period,
    as_of: date,
    settings: DatasetSettings,
) -> pl.DataFrame:
    """One row per measure of the adopted plans, with its status in `round_`.

    `status` is the round's update, else a `completed`/`cancelled` status carried over from
    an earlier period (a closed measure needs no new update), else `missing`.
    `update_due`: an update is owed (the round has ended, the measure is not closed and it
    has started by the round's end: one starting later owes nothing for this round).
    """
    period = round_.tertial_period()
    frame = (
        _contract(dataset, "measures")
        .with_row_index("_order")
        .join(hierarchy, on="goal_id", how="inner")
        .join(_updates_for(dataset.measure_updates, period), on="measure_id", how="left")
    )
    frame = frame.with_columns(
        _measure_status_exprs(round_, as_of),
        period=pl.lit(str(period)),
        deadline=pl.lit(settings.deadline_for(round_)),
    )
    return frame.sort("_order").select(MEASURE_COLUMNS)


def _measure_status_exprs(round_: Period, as_of: date) -> list[pl.Expr]:
    """registered, update_due, overdue and status, from `status` and `earlier_status`."""
    was_closed = pl.col("earlier_status").is_in(CLOSED_MEASURE_STATUSES).fill_null(False)
    known = pl.col("status").fill_null(pl.col("earlier_status"))
    past_due = (pl.col("due") < pl.lit(round_.end_date)).fill_null(False)
    not_started_yet = (pl.col("start") > pl.lit(round_.end_date)).fill_null(False)
    return [
        pl.col("status").is_not_null().alias("registered"),
        (pl.lit(as_of > round_.end_date) & ~was_closed & ~not_started_yet).alias("update_due"),
        (past_due & ~known.is_in(CLOSED_MEASURE_STATUSES).fill_null(False)).alias("overdue"),
        pl.when(pl.col("status").is_not_null())
        .then(pl.col("status"))
        .when(was_closed)
        .then(pl.col("earlier_status"))
        .otherwise(pl.lit("missing"))
        .alias("status"),
    ]


def _updates_for(updates: pl.DataFrame, period: Period) -> pl.DataFrame:
    """measure_id → the update for `period` and the latest status before it."""
    key = period_sort_key_expr(pl.col("period"))
    target_key = period.year * 10 + (period.tertial or 3)
    current = updates.filter(pl.col("period") == str(period)).select(
        "measure_id", "status", "comment", "registered_by", "registered_at"
    )
    earlier = (
        updates.filter(key < target_key)
        .group_by("measure_id")
        .agg(earlier_status=pl.col("status").sort_by(key).last())
    )
    return current.join(earlier, on="measure_id", how="full", coalesce=True)
