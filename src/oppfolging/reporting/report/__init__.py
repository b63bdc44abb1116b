"""The report of a reporting round: `model` (what every writer renders) and `build` (how
it is made from the engine's frames; `make_report` is the entry point).

`cells`, `tables` and `summary` turn the engine's rows into the model's typed cells.
"""

from __future__ import annotations

from oppfolging.reporting.report.build import make_report, reference_date_for
from oppfolging.reporting.report.model import (
    Assessment,
    Cell,
    CellKind,
    CellValue,
    ChartSeries,
    Column,
    Correction,
    FocusAreaSection,
    GoalSection,
    LockNote,
    PlanSection,
    Report,
    ReportError,
    Row,
    Table,
)

__all__ = [
    "Assessment",
    "Cell",
    "CellKind",
    "CellValue",
    "ChartSeries",
    "Column",
    "Correction",
    "FocusAreaSection",
    "GoalSection",
    "LockNote",
    "PlanSection",
    "Report",
    "ReportError",
    "Row",
    "Table",
    "make_report",
    "reference_date_for",
]
