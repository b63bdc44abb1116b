"""CSV for Excel in Norway: one file per table, `;`-separated, decimal comma, UTF-8 with BOM.

The tables are the report's own, and `vurderinger.csv` (plan, focus area and goal
assessments with the goal status) when any assessment is filled in, and for a locked round
`korrigeringer.csv` (the corrections after the lock; written also when there is none, as a
header row, so that a locked round's folder always has the same files). Periods read as
words.

Numbers are written plainly (`1234,5`, no thousands separator) so Excel reads them as
numbers; a share is a percentage with one decimal (`29,3 %`, which Excel reads as a
percentage). A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading `'` (as OWASP recommends against CSV injection), so Excel never runs it as a formula;
the rule is `formula.formula_safe`, shared with the CLI's `--format csv`.
"""

from __future__ import annotations

import csv
from pathlib import Path

from oppfolging.fmt import format_date
from oppfolging.reporting.export import Progress
from oppfolging.reporting.export._common import (
    ProgressCounter,
    corrections_tables,
    file_tables,
)
from oppfolging.reporting.export.formula import formula_safe
from oppfolging.reporting.report import Cell, CellKind, Report, Table


def write(report: Report, folder: Path, progress: Progress) -> None:
    """Write `<key>.csv` for every table of the report into `folder`."""
    tables = file_tables(report)
    counter = ProgressCounter(progress, sum(len(table.rows) for table in tables))
    for table in tables:
        write_table(table, folder / f"{table.key}.csv", counter)
    write_corrections(report, folder, counter)


def write_table(table: Table, path: Path, counter: ProgressCounter) -> None:
    """One table as one CSV file."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow([safe_text(column.label) for column in table.columns])
        for row in table.rows:
            writer.writerow([cell_text(cell) for cell in row])
            counter.step()


def cell_text(cell: Cell) -> str:
    """How one cell is written: plain numbers with a decimal comma, dates as 30.04.2026."""
    value = cell.value
    if value is None:
        return ""
    if cell.kind is CellKind.SHARE and isinstance(value, float):
        return f"{plain_number(round(value * 100, 1))} %"
    if cell.kind in {CellKind.NUMBER, CellKind.INTEGER} and isinstance(value, int | float):
        return plain_number(value)
    if cell.kind is CellKind.DATE and not isinstance(value, str | bool | int | float):
        return format_date(value)
    return safe_text(cell.text)


def plain_number(value: float) -> str:
    """`1234.5` → `1234,5`: no thousands separator, at most 10 decimals, no exponent."""
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def safe_text(text: str) -> str:
    """Text that Excel will not take for a formula (a leading `'` when it could)."""
    return formula_safe(text)


def write_corrections(report: Report, folder: Path, counter: ProgressCounter) -> None:
    """`korrigeringer.csv` for a locked round (see the module docstring)."""
    for table in corrections_tables(report):
        write_table(table, folder / f"{table.key}.csv", counter)
