"""An indicator's value history and a measure's status history, for the detail screens.

Statuses come from the same rule expressions as the round table (`domain.rules`), so a
period's status here is the status that period's round shows.
"""

from __future__ import annotations

import polars as pl

from oppfolging.domain.periods import period_end_expr, period_sort_key_expr
from oppfolging.domain.previous import previous_period_expr
from oppfolging.domain.rules import (
    expected_expr,
    indicator_status_expr,
    progress_expr,
    trend_expr,
)
from oppfolging.reporting.round import adopted_hierarchy, indicator_base
from oppfolging.settings import DatasetSettings
from oppfolging.store.model import Dataset

HISTORY_COLUMNS = (
    "period", "value", "expected", "status", "trend", "progress", "comment",
    "registered_by", "registered_at",
)  # fmt: skip


def indicator_definition(
    dataset: Dataset, indicator_id: str, settings: DatasetSettings
) -> dict[str, object]:
    """The indicator's row with plan defaults filled in (target year, tolerance, lag)."""
    base = indicator_base(dataset, adopted_hierarchy(dataset), settings)
    rows = base.filter(pl.col("indicator_id") == indicator_id)
    return rows.row(0, named=True) if rows.height else {}


def indicator_history(
    dataset: Dataset, indicator_id: str, settings: DatasetSettings
) -> pl.DataFrame:
    """Every registered value of the indicator, oldest first, with status and trend."""
    base = indicator_base(dataset, adopted_hierarchy(dataset), settings).filter(
        pl.col("indicator_id") == indicator_id
    )
    values = dataset.values.filter(pl.col("indicator_id") == indicator_id)
    previous = values.select(
        pl.col("period").alias("previous_period"), pl.col("value").alias("previous_value")
    )
    frame = (
        values.drop("indicator_id")
        .join(base, how="cross")
        .with_columns(
            previous_period=previous_period_expr(pl.col("period")),
            period_end=period_end_expr(pl.col("period")),
            due=pl.lit(True),
        )
        .join(previous, on="previous_period", how="left")
    )
    frame = frame.with_columns(
        expected=expected_expr(),
        status=indicator_status_expr(),
        trend=trend_expr(),
        progress=progress_expr(),
    )
    return frame.sort(period_sort_key_expr(pl.col("period"))).select(HISTORY_COLUMNS)


def measure_history(dataset: Dataset, measure_id: str) -> pl.DataFrame:
    """Every status update of the measure, oldest first."""
    updates = dataset.measure_updates.filter(pl.col("measure_id") == measure_id)
    return updates.sort(period_sort_key_expr(pl.col("period"))).drop("measure_id")
