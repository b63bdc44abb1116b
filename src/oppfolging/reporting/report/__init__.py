"""The report of a reporting round: `model` (what every writer renders) and `build` (how
it is made from the engine's frames; `make_report` is the entry point) and `source` (which
dataset, settings and dates a round's report is made from — the lock's snapshot for a
locked round; `round_report` is what the CLI and the app's export dialog write).

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
from oppfolging.reporting.report.source import RoundFigures, round_figures, round_report

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
    "RoundFigures",
    "Row",
    "Table",
    "make_report",
    "reference_date_for",
    "round_figures",
    "round_report",
]
