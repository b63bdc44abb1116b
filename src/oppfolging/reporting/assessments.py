"""A round's assessments (issue 10): one row per plan, focus area and goal of the adopted
plans, with the suggested status (`domain.goalstatus`, from the round table) next to the
registered status and text.

Headless and cheap: a few polars group-bys over the round table, and the rule applied once
per goal. The report builder, `oppfolging assess --list` and the app's assessment screen all
read `round_assessments`, so they never disagree.
"""

from __future__ import annotations

import polars as pl

from oppfolging.domain.codes import INDICATOR_STATUSES
from oppfolging.domain.goalstatus import GoalEvidence, suggest_goal_status, worst_status
from oppfolging.reporting.round import RoundResult, round_hierarchy
from oppfolging.store.model import Dataset

ASSESSMENT_COLUMNS = (
    "round", "level", "plan_id", "focus_area_id", "goal_id", "target_id", "number", "name",
    "suggested", "status", "effective", "text", "reason", "registered_by", "registered_at",
    "indicators", "deviating_measures",
)  # fmt: skip
"""`round_assessments`' columns, in order. `status` is the registered status (null when none);
`effective` is the registered status, else the suggestion; `suggested` is the suggestion now
(the stored `suggested` column of the table is what was suggested when it was saved)."""

_REGISTERED = ("status", "text", "reason", "registered_by", "registered_at")


def goal_evidence(result: RoundResult) -> pl.DataFrame:
    """goal_id → the count of each indicator status, `deviating_measures` (overdue or
    `delayed`) and `reported_measures` (a status for the round), for goals in the round."""
    indicators = result.indicators.group_by("goal_id").agg(
        pl.len().cast(pl.Int64).alias("indicators"),
        *(
            (pl.col("status") == code).sum().cast(pl.Int64).alias(code)
            for code in INDICATOR_STATUSES
        ),
    )
    measures = result.measures.group_by("goal_id").agg(
        (pl.col("overdue") | (pl.col("status") == "delayed"))
        .sum()
        .cast(pl.Int64)
        .alias("deviating_measures"),
        (pl.col("status") != "missing").sum().cast(pl.Int64).alias("reported_measures"),
    )
    return indicators.join(measures, on="goal_id", how="full", coalesce=True).fill_null(0)


def goal_suggestions(result: RoundResult) -> pl.DataFrame:
    """goal_id → `suggested`, with the evidence columns of `goal_evidence`."""
    evidence = goal_evidence(result)
    suggested = [
        suggest_goal_status(
            GoalEvidence(
                {code: row[code] for code in INDICATOR_STATUSES},
                row["deviating_measures"],
                row["reported_measures"],
            )
        )
        for row in evidence.iter_rows(named=True)
    ]
    return evidence.with_columns(pl.Series("suggested", suggested, dtype=pl.String))


def round_assessments(dataset: Dataset, result: RoundResult) -> pl.DataFrame:
    """One row per plan, focus area and goal of the plans in `result`'s round (see
    `ASSESSMENT_COLUMNS`), in report order: each plan, then each of its focus areas (by
    number) followed by its goals (in file order)."""
    goals = _goal_rows(dataset, result)
    areas = _rolled_up(goals, "focus_area_id").join(_focus_area_names(dataset), on="focus_area_id")
    plans = _rolled_up(goals, "plan_id").join(_plan_names(dataset), on="plan_id")
    frame = pl.concat([plans, areas, goals], how="diagonal_relaxed")
    frame = _with_registered(frame, dataset, str(result.round))
    order = [pl.col("_plan_order"), pl.col("number"), pl.col("_level"), pl.col("_goal_order")]
    return (
        frame.with_columns(
            round=pl.lit(str(result.round)),
            effective=pl.coalesce("status", "suggested"),
            _level=pl.col("level").replace_strict({"plan": 0, "focus_area": 1, "goal": 2}),
        )
        .join(_plan_order(dataset), on="plan_id", how="left")
        .sort(order, nulls_last=False)
        .select(ASSESSMENT_COLUMNS)
    )


def _goal_rows(dataset: Dataset, result: RoundResult) -> pl.DataFrame:
    """One row per goal of the plans in the round, with its suggestion (no evidence: not
    assessed)."""
    hierarchy = round_hierarchy(dataset, result.round).select("goal_id", "focus_area_id", "plan_id")
    goals = dataset.goals.with_row_index("_goal_order").select("_goal_order", "goal_id", "text")
    numbers = dataset.focus_areas.select("focus_area_id", "number")
    frame = (
        hierarchy.join(goals, on="goal_id")
        .join(numbers, on="focus_area_id", how="left")
        .join(goal_suggestions(result), on="goal_id", how="left")
    )
    return frame.select(
        pl.lit("goal").alias("level"),
        "plan_id", "focus_area_id", "goal_id",
        pl.col("goal_id").alias("target_id"),
        "number",
        pl.col("text").alias("name"),
        pl.col("suggested").fill_null("not_assessed"),
        pl.col("indicators").fill_null(0),
        pl.col("deviating_measures").fill_null(0),
        "_goal_order",
    )  # fmt: skip


def _rolled_up(goals: pl.DataFrame, by: str) -> pl.DataFrame:
    """Focus area or plan rows: the suggestion is the worst of its goals' effective status
    (the registered one where there is one); filled in by `_with_registered`."""
    level = "focus_area" if by == "focus_area_id" else "plan"
    keep = ["plan_id", by] if by == "focus_area_id" else ["plan_id"]
    return (
        goals.group_by(keep)
        .agg(pl.col("indicators").sum(), pl.col("deviating_measures").sum())
        .with_columns(level=pl.lit(level), target_id=pl.col(by))
    )


def _with_registered(frame: pl.DataFrame, dataset: Dataset, round_: str) -> pl.DataFrame:
    """Join the registered assessments; then roll up the goals' effective statuses."""
    registered = dataset.assessments.filter(pl.col("round") == round_).select(
        "level", "target_id", *_REGISTERED
    )
    frame = frame.join(registered, on=["level", "target_id"], how="left")
    goals = frame.filter(pl.col("level") == "goal").with_columns(
        _effective=pl.coalesce("status", "suggested")
    )
    rolled = {
        "focus_area": _worst_by(goals, "focus_area_id"),
        "plan": _worst_by(goals, "plan_id"),
    }
    suggestions = pl.concat(
        [table.with_columns(level=pl.lit(level)) for level, table in rolled.items()]
    )
    return (
        frame.join(suggestions, on=["level", "target_id"], how="left")
        .with_columns(suggested=pl.coalesce("suggested", "suggested_rolled"))
        .drop("suggested_rolled")
    )


def _worst_by(goals: pl.DataFrame, by: str) -> pl.DataFrame:
    """`by` → the worst effective goal status (`domain.goalstatus.worst_status`)."""
    grouped = goals.group_by(by, maintain_order=True).agg(pl.col("_effective"))
    worst = [worst_status(statuses) for statuses in grouped["_effective"].to_list()]
    return grouped.select(
        pl.col(by).alias("target_id"), suggested_rolled=pl.Series(worst, dtype=pl.String)
    )


def _focus_area_names(dataset: Dataset) -> pl.DataFrame:
    return dataset.focus_areas.select("focus_area_id", "number", "name")


def _plan_names(dataset: Dataset) -> pl.DataFrame:
    return dataset.plans.select("plan_id", "name")


def _plan_order(dataset: Dataset) -> pl.DataFrame:
    return dataset.plans.with_row_index("_plan_order").select("plan_id", "_plan_order")
