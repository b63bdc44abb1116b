"""The overview's and the drill-down's tables, as display frames with row keys.

No textual import: these read the session's round result and the engine's roll-ups
(the one place a round's numbers are computed) and only format them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import polars as pl

from oppfolging.domain.roundlock import LockInfo, lock_info
from oppfolging.fmt import format_value
from oppfolging.i18n import status_label, t
from oppfolging.reporting.grouping import matching_ids
from oppfolging.reporting.rollup import indicator_rollup, measure_rollup
from oppfolging.reporting.round import RoundResult
from oppfolging.reporting.round_state import locked_differences
from oppfolging.session import Session
from oppfolging.store.model import Dataset
from oppfolging.tui.views import (
    DisplayColumn,
    bar,
    day,
    display_frame,
    markup,
    percent,
    plain,
    status_count_columns,
    status_legend,
    status_markup,
    statuses_present,
    summary_column,
    text,
)

if TYPE_CHECKING:
    from oppfolging.tui.app import Filters

ATTENTION_INDICATOR = ("off_track", "missing", "at_risk")
ATTENTION_RANK = {"off_track": 0, "delayed": 0, "overdue": 1, "missing": 1, "at_risk": 2}
"""Worst first: behind, then overdue or missing, then slightly behind."""


def overall_completeness(result: RoundResult) -> float | None:
    """registered ÷ due over the whole round."""
    total = indicator_rollup(result, None)
    if total.height == 0:
        return None
    value = total.get_column("completeness")[0]
    return None if value is None else float(value)


def plan_name(session: Session, plan_id: str | None) -> str:
    """The plan's name, or empty."""
    plans = session.dataset.plans.filter(pl.col("plan_id") == plan_id)
    return str(plans.get_column("name")[0]) if plans.height else ""


def filtered_result(
    result: RoundResult, filters: Filters, dataset: Dataset | None = None
) -> RoundResult:
    """`result` with only the indicators and measures that match `filters`, so every
    roll-up of it (plans, focus areas, goals) counts what the filter selects (perspective
    and tag filters need `dataset`)."""
    if not filters.active:
        return result
    return replace(
        result,
        indicators=apply_filters(result.indicators, filters, dataset=dataset),
        measures=apply_filters(result.measures, filters, dataset=dataset),
    )


def _narrows_items(filters: Filters | None) -> bool:
    """True when `filters` keep only some indicators and measures (status or unit)."""
    return filters is not None and bool(
        filters.status or filters.responsible or filters.perspective or filters.tag
    )


def _with_matches(
    frame: pl.DataFrame, result: RoundResult, column: str, filters: Filters | None
) -> pl.DataFrame:
    """The rows of `frame` that hold an indicator or measure of `result` (a
    `filtered_result`) when the filter narrows items; all of them otherwise."""
    if not _narrows_items(filters):
        return frame
    keys = pl.concat([result.indicators.get_column(column), result.measures.get_column(column)])
    return frame.filter(pl.col(column).is_in(keys.unique().implode()))


def shown_plans(
    session: Session, result: RoundResult, filters: Filters | None = None
) -> pl.DataFrame:
    """The plans the overview lists: not replaced, the filter's plan, with matching items."""
    plans = session.revisions.filter(pl.col("flag") != "replaced")
    if filters is not None and filters.plan_id:
        plans = plans.filter(pl.col("plan_id") == filters.plan_id)
    return _with_matches(plans, result, "plan_id", filters)


def shown_focus_areas(
    session: Session, result: RoundResult, plan_id: str | None, filters: Filters | None = None
) -> pl.DataFrame:
    """The plan's focus areas that hold matching items (all of them without a filter)."""
    areas = session.dataset.focus_areas.filter(pl.col("plan_id") == plan_id)
    return _with_matches(areas, result, "focus_area_id", filters)


def plans_view(
    plans: pl.DataFrame, changed: Changed | None = None
) -> tuple[pl.DataFrame, list[str]]:
    """The listed plans (`plans_frame`): their statuses in one cell, completeness,
    revision flag and progress (the name and the statuses first, so they stay in view)."""
    frame = with_summary(plans, "plan_id", changed.plans if changed else frozenset())
    columns: list[DisplayColumn] = [
        (t("col.plan"), "name", text),
        (t("col.status"), "status_summary", markup),
        (t("col.filled"), "completeness", short_bar),
        (t("col.revision"), "flag", status_markup),
        (t("col.progress"), "mean_progress", percent),
        (t("col.municipality"), "municipality", municipality),
    ]
    return display_frame(frame, columns), frame.get_column("plan_id").to_list()


def plans_frame(
    session: Session, result: RoundResult, filters: Filters | None = None
) -> pl.DataFrame:
    """The plans that are listed (`shown_plans`), with their revision flag and the round's
    roll-up."""
    plans = shown_plans(session, result, filters)
    rollup = indicator_rollup(result, "plan_id")
    return plans.join(rollup, on="plan_id", how="left").sort(
        pl.col("indicators").fill_null(0), "municipality", "name", descending=[True, False, False]
    )


def short_bar(share: Any) -> str:
    """A five-cell completeness bar with its percentage: `████░ 89 %`."""
    return bar(share, width=5)


def municipality(name: Any) -> str:
    """The municipality without « kommune» (the column says it): `Porsgrunn`."""
    return text(re.sub(r"\s+kommune$", "", str(name or "").strip(), flags=re.IGNORECASE))


def focus_area_view(
    session: Session,
    result: RoundResult,
    plan_id: str | None,
    filters: Filters | None = None,
    changed: Changed | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """The plan's focus areas (those matching `filters`): statuses in one cell,
    completeness and mean progress."""
    marked = changed.focus_areas if changed else frozenset()
    frame = with_summary(
        focus_areas_frame(session, result, plan_id, filters), "focus_area_id", marked
    )
    columns: list[DisplayColumn] = [
        (t("col.number"), "number", text),
        (t("col.focus_area"), "name", text),
        (t("col.status"), "status_summary", markup),
        (t("col.filled"), "completeness", percent),
        (t("col.progress"), "mean_progress", percent),
    ]
    return display_frame(frame, columns), frame.get_column("focus_area_id").to_list()


def focus_areas_frame(
    session: Session, result: RoundResult, plan_id: str | None, filters: Filters | None = None
) -> pl.DataFrame:
    """The plan's focus areas (`shown_focus_areas`) with the round's roll-up, by number."""
    areas = shown_focus_areas(session, result, plan_id, filters)
    rollup = indicator_rollup(result, "focus_area_id")
    return areas.join(rollup, on="focus_area_id", how="left").sort("number")


def focus_area_legend(
    session: Session, result: RoundResult, plan_id: str, filters: Filters | None = None
) -> list[str]:
    """The words of the status symbols a plan's focus areas show (the plan screen)."""
    return status_legend(statuses_present(focus_areas_frame(session, result, plan_id, filters)))


def with_summary(frame: pl.DataFrame, key: str, changed: frozenset[str]) -> pl.DataFrame:
    """`frame` with its `status_summary` cell (Δ where a row's figures changed after the
    round was locked)."""
    marks = frame.get_column(key).is_in(list(changed))
    return frame.with_columns(summary_column(frame, marks))


@dataclass(frozen=True)
class Changed:
    """Plans and focus areas with a figure that differs from the locked round's."""

    plans: frozenset[str]
    focus_areas: frozenset[str]

    @property
    def any(self) -> bool:
        """True when some row is marked."""
        return bool(self.plans or self.focus_areas)


def changed_after_lock(differences: pl.DataFrame) -> Changed:
    """Which plans and focus areas hold an indicator or measure of `differences`
    (`round_state.locked_differences`, with each row's plan and focus area: those of the
    live figure, or of the locked one for an item removed since — the report lists it
    too)."""
    return Changed(
        plans=frozenset(differences.get_column("plan_id").drop_nulls().to_list()),
        focus_areas=frozenset(differences.get_column("focus_area_id").drop_nulls().to_list()),
    )


def goal_view(
    session: Session, result: RoundResult, focus_area_id: str, filters: Filters | None = None
) -> tuple[pl.DataFrame, list[str]]:
    """The focus area's goals (those matching `filters`) with counts per status and
    measure problems."""
    goals = session.dataset.goals.filter(pl.col("focus_area_id") == focus_area_id)
    goals = _with_matches(goals, result, "goal_id", filters)
    rollup = indicator_rollup(result, "goal_id")
    measures = measure_rollup(result, "goal_id").select(
        "goal_id",
        pl.col("measures").alias("measure_count"),
        pl.col("overdue").alias("measures_overdue"),
    )
    frame = (
        goals.join(rollup, on="goal_id", how="left")
        .join(measures, on="goal_id", how="left")
        .sort("goal_id")
    )
    columns: list[DisplayColumn] = [
        (t("col.goal"), "text", text),
        *status_count_columns(),
        (t("col.progress"), "mean_progress", percent),
        (t("col.measures"), "measure_count", _count),
        (t("col.measures_overdue"), "measures_overdue", _count),
    ]
    return display_frame(frame, columns), frame.get_column("goal_id").to_list()


def _count(value: Any) -> str:
    return "" if not value else str(value)


def apply_filters(
    frame: pl.DataFrame,
    filters: Filters,
    status_column: str = "status",
    dataset: Dataset | None = None,
) -> pl.DataFrame:
    """Keep the rows that match the active filters (perspective and tag need `dataset`)."""
    if dataset is not None and (filters.perspective or filters.tag):
        indicators, measures = matching_ids(dataset, filters.perspective, filters.tag)
        key, ids = (
            ("indicator_id", indicators)
            if "indicator_id" in frame.columns
            else ("measure_id", measures)
        )
        frame = frame.filter(pl.col(key).is_in(sorted(ids)))
    if filters.status:
        frame = frame.filter(pl.col(status_column) == filters.status)
    if filters.responsible:
        frame = frame.filter(pl.col("responsible") == filters.responsible)
    if filters.plan_id:
        frame = frame.filter(pl.col("plan_id") == filters.plan_id)
    return frame


def filter_text(filters: Filters, session: Session | None = None) -> str:
    """` – filter: …` describing the active filters in words (status symbol and word, the
    plan's name), or empty."""
    if not filters.active:
        return ""
    plan = filters.plan_id
    if plan and session is not None:
        plans = session.dataset.plans.filter(pl.col("plan_id") == plan)
        if plans.height and plans["name"][0]:
            plan = str(plans["name"][0])
    parts = [
        status_label(filters.status),
        filters.responsible,
        plan,
        filters.perspective,
        filters.tag,
    ]
    return t("overview.filter_text", filters=", ".join(p for p in parts if p))


def filter_line(filters: Filters, session: Session | None = None) -> str:
    """`Filter: status = ✖ ikke på sporet · enhet = … · plan = … · f endrer`, or empty
    when no filter is active (the line above the tables says what is left out)."""
    if not filters.active:
        return ""
    parts = [
        t("filter.part.status", value=status_label(filters.status)) if filters.status else "",
        t("filter.part.unit", value=filters.responsible) if filters.responsible else "",
        t("filter.part.plan", value=_plan_label(filters.plan_id, session))
        if filters.plan_id
        else "",
        t("filter.part.perspective", value=filters.perspective) if filters.perspective else "",
        t("filter.part.tag", value=filters.tag) if filters.tag else "",
    ]
    return t("filter.line", filters=" · ".join(p for p in parts if p))


def _plan_label(plan_id: str | None, session: Session | None) -> str:
    """The plan's name (its id when the session does not know it)."""
    name = plan_name(session, plan_id) if session is not None else ""
    return name or str(plan_id or "")


def attention_items(
    result: RoundResult, filters: Filters, dataset: Dataset | None = None
) -> pl.DataFrame:
    """Indicators off track, missing or at risk and measures delayed, overdue or missing
    an update that is owed (`update_due`; nothing is missing before the round has ended)."""
    indicators = apply_filters(result.indicators, filters, dataset=dataset).filter(
        pl.col("status").is_in(ATTENTION_INDICATOR)
    )
    # A missing update is only listed once it is owed (`update_due`, as `missing_items`).
    flagged = (pl.col("status") == "delayed") | (
        (pl.col("status") == "missing") & pl.col("update_due")
    )
    measures = apply_filters(result.measures, filters, dataset=dataset).filter(
        flagged | pl.col("overdue")
    )
    return pl.concat(
        [
            _with_value_texts(indicators).select(
                pl.lit("i:").add(pl.col("indicator_id")).alias("key"),
                pl.lit(t("kind.indicator")).alias("kind"),
                "status",
                pl.col("indicator").alias("name"),
                "value_text",
                "target_text",
                "responsible",
                "comment",
                pl.col("deadline").alias("date"),
            ),
            measures.select(
                pl.lit("m:").add(pl.col("measure_id")).alias("key"),
                pl.lit(t("kind.measure")).alias("kind"),
                pl.when(~flagged)
                .then(pl.lit("overdue"))
                .otherwise(pl.col("status"))
                .alias("status"),
                "name",
                pl.lit("", dtype=pl.String).alias("value_text"),
                pl.lit("", dtype=pl.String).alias("target_text"),
                "responsible",
                "comment",
                pl.col("due").alias("date"),
            ),
        ]
    )


def _with_value_texts(indicators: pl.DataFrame) -> pl.DataFrame:
    """`value_text` and `target_text`: the round's value and the target with the unit."""
    rows = indicators.select("value", "target", pl.col("unit").fill_null("")).rows()
    return indicators.with_columns(
        pl.Series("value_text", [_value_text(v, u) for v, _, u in rows], dtype=pl.String),
        pl.Series(
            "target_text", [_value_text(target, u) for _, target, u in rows], dtype=pl.String
        ),
    )


_value_text = lru_cache(maxsize=1 << 16)(format_value)
"""`format_value`, remembered: after a save the attention list is built again with only
one value changed (at 1M values: 0,06 s of formatting each time, then next to none)."""


def attention_view(
    session: Session, result: RoundResult, filters: Filters
) -> tuple[pl.DataFrame, list[str]]:
    """The attention list, worst first."""
    items = attention_items(result, filters, session.dataset)
    rank = pl.col("status").replace_strict(ATTENTION_RANK, default=9, return_dtype=pl.Int64)
    items = items.with_columns(rank.alias("rank")).sort("rank", "kind", "name")
    return display_frame(items, attention_columns()), items.get_column("key").to_list()


def attention_columns() -> list[DisplayColumn]:
    """The attention list's columns: the why (value, target, comment) right after the name,
    so it is in view at 80 columns; the comment column is widened to fill the screen."""
    return [
        (t("col.status"), "status", status_markup),
        (t("col.name"), "name", text),
        (t("col.value"), "value_text", plain),
        (t("col.target"), "target_text", plain),
        (t("col.comment"), "comment", text),
        (t("col.responsible"), "responsible", text),
        (t("col.deadline"), "date", day),
        (t("col.kind"), "kind", text),
    ]


@dataclass(frozen=True)
class OverviewFrames:
    """Everything the overview shows for one round, ready to mount (built off the UI thread)."""

    result: RoundResult
    plans: tuple[pl.DataFrame, list[str]]
    focus_areas: tuple[pl.DataFrame, list[str]]
    attention: tuple[pl.DataFrame, list[str]]
    plan_id: str | None
    completeness: float | None
    lock: LockInfo | None = None
    """Who locked the round shown, and when; None for an open round."""
    changed: Changed = field(default_factory=lambda: Changed(frozenset(), frozenset()))
    """Rows whose live figures differ from the locked round's."""
    legend: tuple[str, ...] = ()
    """The words of the status symbols shown (markup items from `views.status_legend`)."""


def overview_frames(
    session: Session, result: RoundResult, filters: Filters, plan_id: str | None
) -> OverviewFrames:
    """The overview's tables for `result`; keeps `plan_id` when the plan is still listed."""
    result = filtered_result(result, filters, session.dataset)
    lock = round_lock(session, result)
    changed = locked_changes(session, result) if lock else Changed(frozenset(), frozenset())
    listed = plans_frame(session, result, filters)
    plans = plans_view(listed, changed)
    keys = plans[1]
    if plan_id not in keys:
        plan_id = keys[0] if keys else None
    return OverviewFrames(
        result=result,
        plans=plans,
        focus_areas=focus_area_view(session, result, plan_id, filters, changed),
        attention=attention_view(session, result, filters),
        plan_id=plan_id,
        completeness=overall_completeness(result),
        lock=lock,
        changed=changed,
        legend=tuple(overview_legend(listed, changed)),
    )


def round_lock(session: Session, result: RoundResult) -> LockInfo | None:
    """The lock of the round shown, if it is locked."""
    return lock_info(session.dataset["round_events"], str(result.round))


def locked_changes(session: Session, result: RoundResult) -> Changed:
    """Plans and focus areas whose live figures differ from the locked round's (reads the
    lock's snapshot: only called for a locked round, off the UI thread). The live figures
    are the session's, as the screen shows them (`result` may be filtered: the whole round
    is compared)."""
    live = session.round_result(result.round)
    differences = locked_differences(
        session.folder, result.round, result.as_of, session.settings, live
    )
    return changed_after_lock(differences)


def overview_legend(plans: pl.DataFrame, changed: Changed) -> list[str]:
    """The words of the status symbols the plans table shows (`plans_frame`; the focus
    areas are parts of the plans, so their symbols are among them), and of Δ when a row is
    marked."""
    return status_legend(statuses_present(plans), changed.any)
