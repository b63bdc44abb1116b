"""Plan revision (rullering): when each plan is due for reconsideration, and what replaced it.

A plan "skal vurderes for rullering hvert fjerde år": `revision_due = base + revision_years`
with `base = last_revised or adopted`. The planstrategi, adopted at the latest one year after
a new council is constituted (plan- og bygningsloven § 10-1), decides which plans are revised.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from oppfolging.domain.periods import add_months
from oppfolging.domain.schema import PLANS

DEFAULT_REVISION_YEARS = 4

REVISION_COLUMNS = (
    "plan_id", "name", "municipality", "plan_type", "status", "period_start", "period_end",
    "adopted", "last_revised", "base_date", "revision_years", "revision_due", "flag",
    "period_ended", "replaces", "replaced_by",
)  # fmt: skip
"""The columns of `revision_table`, in order."""


def revision_table(plans: pl.DataFrame, as_of: date, warning_months: int) -> pl.DataFrame:
    """Every plan with its revision date and flag as of `as_of` (see `REVISION_COLUMNS`).

    flag: `not_adopted` (draft, consultation), `replaced`, else `overdue` when
    `revision_due ≤ as_of`, `due_soon` when `as_of` is within `warning_months` before it,
    else `ok`. An adopted plan without any date cannot be judged and is flagged `overdue`.
    `period_ended` is separate: the plan's last year is before `as_of`'s year.
    """
    years = pl.col("revision_years").fill_null(DEFAULT_REVISION_YEARS)
    frame = (
        plans.select(PLANS.column_names)
        .with_columns(
            base_date=pl.coalesce("last_revised", "adopted"),
            revision_years=years,
        )
        .with_columns(revision_due=pl.col("base_date").dt.offset_by(pl.format("{}y", years)))
    )
    frame = frame.with_columns(
        flag=_flag_expr(as_of, warning_months),
        period_ended=pl.col("period_end") < as_of.year,
    )
    frame = frame.join(replaced_by_frame(plans), on="plan_id", how="left")
    return frame.select(REVISION_COLUMNS)


def _flag_expr(as_of: date, warning_months: int) -> pl.Expr:
    status, due = pl.col("status"), pl.col("revision_due")
    warn_from = due.dt.offset_by(f"-{warning_months}mo")
    return (
        pl.when(status.is_in(["draft", "consultation"]))
        .then(pl.lit("not_adopted"))
        .when(status == "replaced")
        .then(pl.lit("replaced"))
        .when(due.is_null() | (due <= pl.lit(as_of)))
        .then(pl.lit("overdue"))
        .when(warn_from <= pl.lit(as_of))
        .then(pl.lit("due_soon"))
        .otherwise(pl.lit("ok"))
    )


def replaced_by_frame(plans: pl.DataFrame) -> pl.DataFrame:
    """plan_id → `;`-joined plan_ids (sorted) whose `replaces` lists it."""
    return (
        plans.select(
            pl.col("plan_id").alias("successor"),
            pl.col("replaces").str.split(";").alias("plan_id"),
        )
        .explode("plan_id")
        .with_columns(pl.col("plan_id").str.strip_chars())
        .filter(pl.col("plan_id").is_not_null(), pl.col("plan_id") != "")
        .group_by("plan_id")
        .agg(replaced_by=pl.col("successor").unique().sort().str.join(";"))
    )


def replacement_chain(plans: pl.DataFrame, plan_id: str) -> list[str]:
    """Every plan that replaced `plan_id`, directly or through later plans, oldest first.

    Breadth first, each plan once (a cycle in the data cannot loop forever); `plan_id`
    itself is not included.
    """
    successors: dict[str, list[str]] = {}
    for row in replaced_by_frame(plans).iter_rows(named=True):
        successors[row["plan_id"]] = row["replaced_by"].split(";")
    chain: list[str] = []
    queue = [plan_id]
    seen = {plan_id}
    while queue:
        for successor in successors.get(queue.pop(0), []):
            if successor not in seen:
                seen.add(successor)
                chain.append(successor)
                queue.append(successor)
    return chain


def planstrategy_deadline(council_constituted: date) -> date:
    """The latest date for the planstrategi: one year after the council was constituted."""
    return add_months(council_constituted, 12)
