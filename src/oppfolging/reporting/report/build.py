"""Build a `Report` from the engine's round, roll-ups and revision table.

`make_report` is the entry point: it runs the engine and hands the frames to
`build_report`, which only arranges them (the cells come from `tables` and `summary`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, Protocol

import polars as pl

from oppfolging.domain.periods import Period, period_end_expr, period_sort_key_expr, period_words
from oppfolging.i18n import t
from oppfolging.reporting.report.cells import decimals
from oppfolging.reporting.report.model import (
    Assessment,
    ChartSeries,
    FocusAreaSection,
    GoalSection,
    LockNote,
    PlanSection,
    Report,
    ReportError,
    Table,
)
from oppfolging.reporting.report.summary import merge_rollups, summary_table
from oppfolging.reporting.report.tables import (
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
    reference_date: date | None = None,
) -> Report:
    """The report of `result`; with `plan_id`, only that plan.

    `reference_date` is the report's "status per" date (default: `result.as_of`); the
    engine's `result.as_of` is the date the figures were taken.

    The outline holds the plans that are in the round (the engine decides which: adopted
    ones with indicators or measures). `by_focus_area` / `by_plan` are the merged roll-ups
    (`summary.merge_rollups`); `revisions` is `domain.revision.revision_table`.
    """
    in_round = pl.concat([result.indicators["plan_id"], result.measures["plan_id"]])
    outline = outline_frame(dataset).filter(pl.col("plan_id").is_in(in_round.implode()))
    revisions_in = revisions
    if plan_id is not None:
        outline = outline.filter(pl.col("plan_id") == plan_id)
        revisions_in = revisions.filter(pl.col("plan_id") == plan_id)
    indicators = _in_outline(result.indicators, outline, dataset.indicators, "indicator_id")
    indicators = indicators.join(registered_decimals(dataset.values), "indicator_id", "left")
    measures = _in_outline(result.measures, outline, dataset.measures, "measure_id")
    tables = [
        indicator_table(indicators),
        measure_table(measures),
        summary_table(by_focus_area, by_plan, _summary_outline(outline)),
        revisions_table(revisions_in),
        funding_table(measures),
    ]
    plans = _sections(outline, tables[0], indicators, tables[1], measures)
    charts, total = chart_series(dataset, indicators, max_charts, result.round)
    title = _title(dataset, plan_id)
    reference = reference_date or result.as_of
    return Report(
        title,
        result.round,
        reference,
        plan_id,
        plans,
        tables,
        charts,
        total,
        max_charts,
        taken=result.as_of,
    )


def registered_decimals(values: pl.DataFrame) -> pl.DataFrame:
    """`indicator_id`, `decimals`: the most decimals (0–2) any of its values has.

    `decimals` runs in Python (exact: it rounds as `fmt.format_number` does), so it runs
    once per distinct value — 150 000 of the 1M sample values — not once per value."""
    valued = values.filter(pl.col("value").is_not_null() & pl.col("value").is_finite())
    distinct = valued.select(pl.col("value").unique())
    places = distinct.with_columns(
        decimals=pl.col("value").map_elements(decimals, return_dtype=pl.Int64, skip_nulls=True)
    )
    joined = valued.select("indicator_id", "value").join(places, on="value", how="left")
    return joined.group_by("indicator_id").agg(pl.col("decimals").max())


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
    dataset: Dataset, indicators: pl.DataFrame, max_charts: int, round_: Period
) -> tuple[list[ChartSeries], int]:
    """Registered values up to `round_` for the first `max_charts` indicators of the report.

    A period that ends after the round's end date is left out (the 2026-T1 report shows
    no 2026-T2 value, nor the year 2026). Returns the series (indicators without any value
    get none) and how many indicators the report has, so a writer can say the charts
    were capped.
    """
    chosen = indicators.head(max(max_charts, 0))
    values = dataset.values.filter(
        pl.col("indicator_id").is_in(chosen["indicator_id"].implode()),
        pl.col("value").is_not_null(),
        period_end_expr(pl.col("period")) <= round_.end_date,
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
    periods = tuple(str(p) for p in values["period"].to_list())
    return ChartSeries(
        row["indicator_id"],
        str(row["indicator"]),
        unit,
        periods,
        tuple(float(v) for v in values["value"].to_list()),
        row["target"],
        tuple(period_words(p) for p in periods),
        row.get("decimals") or 0,
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


def check_report_plan(plans: pl.DataFrame, round_: Period, plan_id: str) -> None:
    """`ReportError` when `plan_id` is no plan of `plans` or is not in `round_`.

    Cheap (the plans table only), so a caller can say it in the user's language before
    the report is made in its own (`source.round_report`)."""
    one = plans.filter(pl.col("plan_id") == plan_id)
    if one.height == 0:
        raise ReportError(t("report.error.plan", plan_id=plan_id))
    _check_plans_in_round(one, round_)


def check_plan_in_round(dataset: Dataset, round_: Period) -> None:
    """`ReportError` when the (one) plan of `dataset` is not in `round_` (`domain.planlife`):
    its report would hold nothing but «Ingen.»."""
    _check_plans_in_round(dataset.plans, round_)


def _check_plans_in_round(plans: pl.DataFrame, round_: Period) -> None:
    from oppfolging.domain.planlife import plan_in_round_expr, plan_life_text

    if plans.select(plan_in_round_expr(round_).all()).item():
        return
    plan = plans.row(0, named=True)
    raise ReportError(
        t(
            "report.error.plan_not_in_round",
            plan=plan["name"],
            round=round_.round_label,
            life=plan_life_text(plan),
        )
    )


def visible_dataset(dataset: Dataset) -> Dataset:
    """`dataset` with every text cell passed through `textsafe.visible`: the one point where
    control characters are kept out of every export (Markdown, CSV, HTML, XLSX, DOCX)."""
    from oppfolging.textsafe import visible_frame

    frames = {name: visible_frame(frame) for name, frame in dataset.frames.items()}
    return Dataset(dataset.folder, frames, dict(dataset.sources))


def reference_date_for(round_: Period, taken: date) -> date:
    """The default "status per" date: the round's end date, or `taken` when that is
    earlier (a round that has not ended yet is reported as it stands)."""
    return min(round_.end_date, taken)


def make_report(
    dataset: Dataset,
    round_: Period,
    as_of: date,
    settings: DatasetSettings,
    *,
    plan_id: str | None = None,
    max_charts: int = 60,
    reference_date: date | None = None,
    author: str = "",
    after_lock: tuple[pl.DataFrame, Dataset] | None = None,
) -> Report:
    """Compute the round with the engine and build its report.

    `as_of` is the date the figures are taken (what is due, missing or late is judged on
    it); `reference_date` the report's "status per" date, by default the round's end date
    (`reference_date_for`); the revision list is judged on the reference date. With
    `plan_id`, the dataset is narrowed to that plan before the engine runs (every number
    of an indicator or measure depends only on its own rows and its plan), which makes
    exporting one plan of a very large dataset fast. `author` goes into the document
    properties. `after_lock`: for a locked round, the live figures that differ from the
    locked ones (`round_state.locked_differences`) and the live dataset; those no
    correction gives are listed after the corrections, so the report says what the app
    marks Δ.
    """
    from oppfolging.domain.revision import revision_table
    from oppfolging.reporting.assessments import round_assessments
    from oppfolging.reporting.rollup import indicator_rollup, measure_rollup
    from oppfolging.reporting.round import compute_round

    reference = reference_date or reference_date_for(round_, as_of)
    dataset = visible_dataset(dataset)
    revisions = revision_table(dataset.plans, reference, settings.revision_warning_months)
    if plan_id is not None:
        dataset = narrow_dataset(dataset, plan_id)
        check_plan_in_round(dataset, round_)
    result = compute_round(dataset, round_, as_of, settings)
    by_area, by_plan = (
        merge_rollups(indicator_rollup(result, key), measure_rollup(result, key), key)
        for key in ("focus_area_id", "plan_id")
    )
    report = build_report(
        dataset,
        result,
        by_focus_area=by_area,
        by_plan=by_plan,
        revisions=revisions,
        plan_id=plan_id,
        max_charts=max_charts,
        reference_date=reference,
    )
    attach_assessments(report, round_assessments(dataset, result))
    attach_corrections(report, dataset, after_lock)
    report.author = author
    return report


def attach_corrections(
    report: Report, dataset: Dataset, after_lock: tuple[pl.DataFrame, Dataset] | None = None
) -> None:
    """For a locked round (`dataset` is then its snapshot with the live round events and
    change log): who locked it and when, the corrections registered after the lock, and
    the figures changed since without one (`after_lock`: the differences and the live
    dataset)."""
    from oppfolging.reporting.report.corrections import (
        changes_without_correction,
        corrections_after_lock,
        round_lock,
    )

    lock = round_lock(dataset, str(report.round))
    if lock is None:
        return
    report.lock = LockNote(lock.by, lock.at)
    round_ = str(report.round)
    report.corrections = corrections_after_lock(dataset, round_)
    if after_lock is not None:
        differences, live = after_lock
        shown = visible_dataset(live)
        report.corrections += changes_without_correction(dataset, shown, round_, differences)


def attach_assessments(report: Report, assessments: pl.DataFrame) -> None:
    """Give each plan, focus area and goal section the assessment registered for the round
    (`reporting.assessments.round_assessments`): its text, and its status — the registered
    one, else the suggested one when only a text was written. Sections nobody assessed
    keep None, so a report without assessments looks as before."""
    found: dict[tuple[str, str], Assessment] = {}
    for row in assessments.iter_rows(named=True):
        if row["status"] is None and not (row["text"] or "").strip():
            continue
        status = row["status"] or row["effective"]
        found[(row["level"], row["target_id"])] = Assessment(
            row["text"] or "", status, row["reason"]
        )
    for plan in report.plans:
        plan.assessment = found.get(("plan", plan.plan_id))
        for area in plan.focus_areas:
            area.assessment = found.get(("focus_area", area.focus_area_id))
            for goal in area.goals:
                goal.assessment = found.get(("goal", goal.goal_id))
