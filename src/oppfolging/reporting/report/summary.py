"""The report's summary table: the engine's roll-ups per focus area, with a total per plan.

The indicator roll-up gives the status counts, progress and completeness; the measure
roll-up gives the measure counts (its columns are prefixed `m_` by `merge_rollups`).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from oppfolging.i18n import status_word, t
from oppfolging.reporting.report.cells import integer_cell, share_cell, text_cell
from oppfolging.reporting.report.model import Cell, CellKind, Column, Row, Table

SUMMARY_STATUSES = (
    "reached",
    "on_track",
    "at_risk",
    "off_track",
    "missing",
    "pending",
    "no_target",
)
"""The indicator statuses counted in the summary, best first (as a report reads)."""

_MEASURES: tuple[tuple[str, str, CellKind], ...] = (
    ("mean_progress", "report.mean_progress", CellKind.SHARE),
    ("registered", "report.registered", CellKind.INTEGER),
    ("due", "report.due", CellKind.INTEGER),
    ("completeness", "report.completeness", CellKind.SHARE),
    ("overdue_registration", "report.overdue_registration", CellKind.INTEGER),
    ("m_measures", "report.measures", CellKind.INTEGER),
    ("m_delayed", "report.measures_delayed", CellKind.INTEGER),
    ("m_overdue", "report.measures_overdue", CellKind.INTEGER),
)
"""Roll-up columns after the status counts; `m_` columns come from the measure roll-up."""


def summary_columns() -> tuple[Column, ...]:
    """Plan, focus area, one count per status, then progress and completeness."""
    counts = tuple(Column(code, status_word(code), CellKind.INTEGER) for code in SUMMARY_STATUSES)
    rest = tuple(Column(key, t(label), kind) for key, label, kind in _MEASURES)
    return (
        Column("plan", t("report.plan")),
        Column("focus_area", t("report.focus_area")),
        *counts,
        *rest,
    )


def _figures(row: dict[str, Any]) -> tuple[Cell, ...]:
    counts = tuple(integer_cell(row.get(code) or 0) for code in SUMMARY_STATUSES)
    rest = tuple(
        share_cell(row.get(key)) if kind is CellKind.SHARE else integer_cell(row.get(key))
        for key, _label, kind in _MEASURES
    )
    return counts + rest


def summary_row(plan_name: str, area_label: str, row: dict[str, Any]) -> Row:
    """One roll-up row (a focus area, or a plan's total)."""
    return (text_cell(plan_name), text_cell(area_label), *_figures(row))


def summary_table(
    by_focus_area: pl.DataFrame,
    by_plan: pl.DataFrame,
    outline: list[tuple[str, str, list[tuple[str, str]]]],
) -> Table:
    """`Sammendrag`: per plan its focus areas, then the plan's total.

    `outline` is `(plan_id, plan name, [(focus_area_id, label), …])` in report order; the
    roll-up frames are keyed by `plan_id` / `focus_area_id`.
    """
    areas = _by_key(by_focus_area, "focus_area_id")
    plans = _by_key(by_plan, "plan_id")
    rows: list[Row] = []
    for plan_id, plan_name, focus_areas in outline:
        for area_id, label in focus_areas:
            rows.append(summary_row(plan_name, label, areas.get(area_id, {})))
        rows.append(summary_row(plan_name, t("report.total"), plans.get(plan_id, {})))
    return Table("sammendrag", t("report.table.summary"), summary_columns(), rows)


def merge_rollups(indicators: pl.DataFrame, measures: pl.DataFrame, key: str) -> pl.DataFrame:
    """One frame per `key` with the indicator roll-up and the `m_`-prefixed measure roll-up."""
    renamed = measures.rename({name: f"m_{name}" for name in measures.columns if name != key})
    return indicators.join(renamed, on=key, how="full", coalesce=True)


def _by_key(frame: pl.DataFrame, key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in frame.iter_rows(named=True)}
