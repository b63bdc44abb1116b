"""The report's flat tables, built row by row from the engine's frames.

Each builder only reads columns the engine computed and turns them into cells; none of them
computes a status, a progress or a count.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import polars as pl

from oppfolging.i18n import t
from oppfolging.reporting.report.cells import (
    bool_cell,
    date_cell,
    number_cell,
    period_cell,
    share_cell,
    status_cell,
    text_cell,
    trend_cell,
)
from oppfolging.reporting.report.model import Cell, CellKind, Column, Row, Table

OUTLINE_COLUMNS = 3
"""Plan, focus area and goal lead the indicator and measure tables (dropped per goal)."""

_OUTLINE: tuple[tuple[str, CellKind], ...] = (
    ("plan", CellKind.TEXT),
    ("focus_area", CellKind.TEXT),
    ("goal", CellKind.TEXT),
)


def _columns(specs: tuple[tuple[str, CellKind], ...]) -> tuple[Column, ...]:
    """The columns with their headings in the current language (built when a table is)."""
    return tuple(Column(key, t(f"report.{key}"), kind) for key, kind in specs)


TEXT, NUMBER, SHARE = CellKind.TEXT, CellKind.NUMBER, CellKind.SHARE
DATE, BOOL, STATUS = CellKind.DATE, CellKind.BOOL, CellKind.STATUS

_INDICATOR_SPECS = (
    *_OUTLINE,
    ("indicator", TEXT),
    ("unit", TEXT),
    ("period", TEXT),
    ("previous_value", NUMBER),
    ("value", NUMBER),
    ("target", NUMBER),
    ("status", STATUS),
    ("trend", STATUS),
    ("progress", SHARE),
    ("comment", TEXT),
)

_MEASURE_SPECS = (
    *_OUTLINE,
    ("measure", TEXT),
    ("responsible", TEXT),
    ("deadline", DATE),
    ("status", STATUS),
    ("overdue", BOOL),
    ("comment", TEXT),
)

_FUNDING_SPECS = (
    *_OUTLINE,
    ("measure", TEXT),
    ("responsible", TEXT),
    ("deadline", DATE),
    ("cost_estimate", NUMBER),
    ("status", STATUS),
    ("comment", TEXT),
)

_REVISION_SPECS = (
    ("plan", TEXT),
    ("municipality", TEXT),
    ("plan_status", TEXT),
    ("base_date", DATE),
    ("revision_due", DATE),
    ("revision_flag", STATUS),
    ("period_ended", BOOL),
    ("replaces", TEXT),
    ("replaced_by", TEXT),
)

_FLAGGED = ("overdue", "due_soon")
_NOT_FLAGGED = ("replaced", "not_adopted")
"""Replaced and draft plans are never listed for revision, even when their period ended."""


@lru_cache(maxsize=4096)
def _outline_cell(text: str | None) -> Cell:
    """Plan, focus area and goal names repeat on every row: make each cell once."""
    return text_cell(text)


def _outline(row: dict[str, Any]) -> Row:
    return (
        _outline_cell(row["plan_name"]),
        _outline_cell(row["focus_area_label"]),
        _outline_cell(row["goal_text"]),
    )


def indicator_row(row: dict[str, Any]) -> Row:
    """One indicator of the round table as report cells."""
    unit = row["unit"] or ""
    places = row.get("decimals") or 0
    return (
        *_outline(row),
        text_cell(row["indicator"]),
        text_cell(unit),
        period_cell(row["period"]),
        number_cell(row["previous_value"], unit, places),
        number_cell(row["value"], unit, places),
        number_cell(row["target"], unit, places),
        status_cell(row["status"]),
        trend_cell(row["trend"]),
        share_cell(row["progress"]),
        text_cell(row["comment"]),
    )


def measure_row(row: dict[str, Any]) -> Row:
    """One measure of the round table as report cells."""
    return (
        *_outline(row),
        text_cell(row["name"]),
        text_cell(row["responsible"]),
        date_cell(row["due"]),
        status_cell(row["status"]),
        bool_cell(row["overdue"], "overdue"),
        text_cell(row["comment"]),
    )


def funding_row(row: dict[str, Any]) -> Row:
    """One measure that needs funding, for the handlings- og økonomiplan."""
    return (
        *_outline(row),
        text_cell(row["name"]),
        text_cell(row["responsible"]),
        date_cell(row["due"]),
        number_cell(row["cost_estimate"]),
        status_cell(row["status"]),
        text_cell(row["comment"]),
    )


def revision_row(row: dict[str, Any]) -> Row:
    """One plan of the revision table."""
    return (
        text_cell(row["name"]),
        text_cell(row["municipality"]),
        text_cell(t(f"plan_status.{row['status']}") if row["status"] else None),
        date_cell(row["base_date"]),
        date_cell(row["revision_due"]),
        status_cell(row["flag"]),
        bool_cell(row["period_ended"], "overdue"),
        text_cell(_id_list(row.get("replaces"))),
        text_cell(_id_list(row.get("replaced_by"))),
    )


def _id_list(value: object) -> str | None:
    """Plan ids as `a, b` whether the engine gives a list or a `;`-separated text."""
    if value is None:
        return None
    parts = value if isinstance(value, list) else str(value).split(";")
    text = ", ".join(str(part).strip() for part in parts if str(part).strip())
    return text or None


def indicator_table(frame: pl.DataFrame) -> Table:
    """`Indikatorer`: every indicator of the round, in outline order."""
    rows = [indicator_row(row) for row in frame.iter_rows(named=True)]
    return Table(
        "indikatorer",
        t("report.table.indicators"),
        _columns(_INDICATOR_SPECS),
        rows,
        frame["indicator_id"].to_list(),
    )


def measure_table(frame: pl.DataFrame) -> Table:
    """`Tiltak`: every measure of the round, in outline order."""
    rows = [measure_row(row) for row in frame.iter_rows(named=True)]
    return Table(
        "tiltak",
        t("report.table.measures"),
        _columns(_MEASURE_SPECS),
        rows,
        frame["measure_id"].to_list(),
    )


def funding_table(frame: pl.DataFrame) -> Table:
    """`Finansiering`: the measures with `needs_funding`."""
    needing = frame.filter(pl.col("needs_funding").fill_null(False))
    rows = [funding_row(row) for row in needing.iter_rows(named=True)]
    return Table(
        "finansiering",
        t("report.table.funding"),
        _columns(_FUNDING_SPECS),
        rows,
        needing["measure_id"].to_list(),
    )


def revisions_table(frame: pl.DataFrame) -> Table:
    """`Rullering`: plans overdue or due soon for revision, or whose period has ended."""
    ended = pl.col("period_ended").fill_null(False) & ~pl.col("flag").is_in(_NOT_FLAGGED)
    flagged = frame.filter(pl.col("flag").is_in(_FLAGGED) | ended)
    rows = [revision_row(row) for row in flagged.iter_rows(named=True)]
    return Table(
        "rullering",
        t("report.table.revisions"),
        _columns(_REVISION_SPECS),
        rows,
        flagged["plan_id"].to_list(),
    )
