"""Build a `Report` from the engine's round, roll-ups and revision table."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, Protocol

import polars as pl

from oppfolging.domain.periods import Period, period_sort_key_expr
from oppfolging.i18n import t
from oppfolging.reporting.report import (
    ChartSeries,
    FocusAreaSection,
    GoalSection,
    PlanSection,
    Report,
    Table,
)
from oppfolging.reporting.report_summary import merge_rollups, summary_table
from oppfolging.reporting.report_tables import (
    OUTLINE_COLUMNS,
    funding_table,
    indicator_table,
    measure_table,
    revisions_table,
)
from oppfolging.settings import DatasetSettings
from oppfolging.store.model import Dataset


class RoundLike(Protocol):
    """What the report reads of the engine's `RoundResult`."""

    @property
    def round(self) -> Period: ...
    @property
    def as_of(self) -> date: ...
    @property
    def indicators(self) -> pl.DataFrame: ...
    @property
    def measures(self) -> pl.DataFrame: ...


class ReportError(ValueError):
    """The report cannot be built; the message is Norwegian and fit to show a user."""


def outline_frame(dataset: Dataset) -> pl.DataFrame:
    """One row per goal with the names and order of its plan and focus area."""
    plans = dataset.plans.select("plan_id", plan_name="name", plan_order=pl.int_range(pl.len()))
    areas = dataset.focus_areas.select(
        "focus_area_id",
        "plan_id",
        focus_area_number="number",
        focus_area_name="name",
        focus_area_order=pl.int_range(pl.len()),
    )
    goals = dataset.goals.select(
        "goal_id", "focus_area_id", goal_text="text", goal_order=pl.int_range(pl.len())
    )
    frame = goals.join(areas, on="focus_area_id", how="inner").join(plans, on="plan_id")
    label = pl.format("{}. {}", "focus_area_number", "focus_area_name")
    frame = frame.with_columns(
        focus_area_label=pl.when(pl.col("focus_area_number").is_null())
        .then(pl.col("focus_area_name"))
        .otherwise(label)
    )
    return frame.sort("plan_order", "focus_area_number", "focus_area_order", "goal_order")


def _in_outline(
    frame: pl.DataFrame, outline: pl.DataFrame, items: pl.DataFrame, key: str
) -> pl.DataFrame:
    """Round rows joined to their goal's names, in outline order, then dataset order."""
    names = outline.select(
        "goal_id",
        "plan_name",
        "focus_area_label",
        "goal_text",
        "plan_order",
        "focus_area_number",
        "focus_area_order",
        "goal_order",
    )
    order = items.select(key, item_order=pl.int_range(pl.len()))
    joined = frame.join(names, on="goal_id", how="inner").join(order, on=key, how="left")
    keys = ["plan_order", "focus_area_number", "focus_area_order", "goal_order", "item_order"]
    return joined.sort(keys, nulls_last=True)


def build_report(
    dataset: Dataset,
    result: RoundLike,
    *,
    by_focus_area: pl.DataFrame,
    by_plan: pl.DataFrame,
    revisions: pl.DataFrame,
    plan_id: str | None = None,
    max_charts: int = 60,
) -> Report:
    """The report of `result`; with `plan_id`, only that plan.

    The outline holds the plans that are in the round (the engine decides which: adopted
    ones with indicators or measures). `by_focus_area` / `by_plan` are the merged roll-ups
    (`report_summary.merge_rollups`); `revisions` is `domain.revision.revision_table`.
    """
    in_round = pl.concat([result.indicators["plan_id"], result.measures["plan_id"]])
    outline = outline_frame(dataset).filter(pl.col("plan_id").is_in(in_round.implode()))
    revisions_in = revisions
    if plan_id is not None:
        outline = outline.filter(pl.col("plan_id") == plan_id)
        revisions_in = revisions.filter(pl.col("plan_id") == plan_id)
    indicators = _in_outline(result.indicators, outline, dataset.indicators, "indicator_id")
    measures = _in_outline(result.measures, outline, dataset.measures, "measure_id")
    tables = [
        indicator_table(indicators),
        measure_table(measures),
        summary_table(by_focus_area, by_plan, _summary_outline(outline)),
        revisions_table(revisions_in),
        funding_table(measures),
    ]
    plans = _sections(outline, tables[0], indicators, tables[1], measures)
    charts, total = chart_series(dataset, indicators, max_charts)
    title = _title(dataset, plan_id)
    return Report(
        title, result.round, result.as_of, plan_id, plans, tables, charts, total, max_charts
    )


def _title(dataset: Dataset, plan_id: str | None) -> str:
    if plan_id is None:
        return t("report.title")
    names = dataset.plans.filter(pl.col("plan_id") == plan_id)["name"].to_list()
    return str(names[0]) if names else t("report.title")


def _summary_outline(outline: pl.DataFrame) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """`(plan_id, plan name, [(focus_area_id, label), …])` in report order."""
    areas = outline.unique("focus_area_id", maintain_order=True)
    result: list[tuple[str, str, list[tuple[str, str]]]] = []
    for row in areas.iter_rows(named=True):
        if not result or result[-1][0] != row["plan_id"]:
            result.append((row["plan_id"], row["plan_name"], []))
        result[-1][2].append((row["focus_area_id"], row["focus_area_label"]))
    return result


def _rows_by_goal(frame: pl.DataFrame) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index, goal_id in enumerate(frame["goal_id"].to_list()):
        groups[goal_id].append(index)
    return groups


def _sections(
    outline: pl.DataFrame,
    indicator_tab: Table,
    indicators: pl.DataFrame,
    measure_tab: Table,
    measures: pl.DataFrame,
) -> list[PlanSection]:
    """The plan → focus area → goal outline, each goal with its own two tables."""
    by_goal_i = _rows_by_goal(indicators)
    by_goal_m = _rows_by_goal(measures)
    plans: list[PlanSection] = []
    for row in outline.iter_rows(named=True):
        if not plans or plans[-1].plan_id != row["plan_id"]:
            plans.append(PlanSection(row["plan_id"], row["plan_name"], []))
        areas = plans[-1].focus_areas
        if not areas or areas[-1].focus_area_id != row["focus_area_id"]:
            number, name = row["focus_area_number"], row["focus_area_name"]
            areas.append(FocusAreaSection(row["focus_area_id"], number, name, []))
        goal_id = row["goal_id"]
        ind = indicator_tab.subset(by_goal_i.get(goal_id, []), OUTLINE_COLUMNS)
        mea = measure_tab.subset(by_goal_m.get(goal_id, []), OUTLINE_COLUMNS)
        areas[-1].goals.append(GoalSection(goal_id, row["goal_text"], ind, mea))
    return plans


def chart_series(
    dataset: Dataset, indicators: pl.DataFrame, max_charts: int
) -> tuple[list[ChartSeries], int]:
    """Registered values over time for the first `max_charts` indicators of the report.

    Returns the series (indicators without any value get none) and how many indicators
    the report has, so a writer can say the charts were capped.
    """
    chosen = indicators.head(max(max_charts, 0))
    values = dataset.values.filter(
        pl.col("indicator_id").is_in(chosen["indicator_id"].implode()),
        pl.col("value").is_not_null(),
    ).sort(pl.col("indicator_id"), period_sort_key_expr(pl.col("period")))
    grouped = {key[0]: group for key, group in values.group_by("indicator_id", maintain_order=True)}
    series = [
        _series(row, grouped[row["indicator_id"]])
        for row in chosen.iter_rows(named=True)
        if row["indicator_id"] in grouped
    ]
    return series, indicators.height


def _series(row: dict[str, Any], values: pl.DataFrame) -> ChartSeries:
    unit = row["unit"] or ""
    return ChartSeries(
        row["indicator_id"],
        str(row["indicator"]),
        unit,
        tuple(values["period"].to_list()),
        tuple(float(v) for v in values["value"].to_list()),
        row["target"],
    )


def narrow_dataset(dataset: Dataset, plan_id: str) -> Dataset:
    """The dataset with only one plan's rows (every other table follows the keys)."""
    frames = dict(dataset.frames)
    plans = frames["plans"].filter(pl.col("plan_id") == plan_id)
    if plans.height == 0:
        raise ReportError(t("report.error.plan", plan_id=plan_id))
    frames["plans"] = plans
    chain = (
        ("focus_areas", "plan_id", "plans"),
        ("goals", "focus_area_id", "focus_areas"),
        ("indicators", "goal_id", "goals"),
        ("values", "indicator_id", "indicators"),
        ("measures", "goal_id", "goals"),
        ("measure_updates", "measure_id", "measures"),
    )
    for table, key, parent in chain:
        keep = frames[parent][key].implode()
        frames[table] = frames[table].filter(pl.col(key).is_in(keep))
    return Dataset(dataset.folder, frames, dict(dataset.sources))


def visible_dataset(dataset: Dataset) -> Dataset:
    """`dataset` with every text cell passed through `textsafe.visible`: the one point where
    control characters are kept out of every export (Markdown, CSV, HTML, XLSX, DOCX)."""
    from oppfolging.textsafe import visible_frame

    frames = {name: visible_frame(frame) for name, frame in dataset.frames.items()}
    return Dataset(dataset.folder, frames, dict(dataset.sources))


def build_from_engine(
    dataset: Dataset,
    round_: Period,
    as_of: date,
    settings: DatasetSettings,
    *,
    plan_id: str | None = None,
    max_charts: int = 60,
) -> Report:
    """Run the engine (round, roll-ups, revision table) and build the report from it."""
    from oppfolging.domain.revision import revision_table
    from oppfolging.reporting.rollup import indicator_rollup, measure_rollup
    from oppfolging.reporting.round import compute_round

    dataset = visible_dataset(dataset)
    revisions = revision_table(dataset.plans, as_of, settings.revision_warning_months)
    if plan_id is not None:
        dataset = narrow_dataset(dataset, plan_id)
    result = compute_round(dataset, round_, as_of, settings)
    by_area, by_plan = (
        merge_rollups(indicator_rollup(result, key), measure_rollup(result, key), key)
        for key in ("focus_area_id", "plan_id")
    )
    return build_report(
        dataset,
        result,
        by_focus_area=by_area,
        by_plan=by_plan,
        revisions=revisions,
        plan_id=plan_id,
        max_charts=max_charts,
    )
