"""Importing values from a CSV or XLSX file: every row is saved, or none is.

Each row is checked like a typed value; all problems of the file are collected and raised
together as `ImportRejected`, so the user can fix the file in one go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from oppfolging.domain.schema import TABLES
from oppfolging.registration.checks import RegistrationError, check_period, parse_value_text
from oppfolging.registration.edits import moment
from oppfolging.store import importfile
from oppfolging.store.csvio import ROW
from oppfolging.store.importfile import IMPORT_COLUMNS, ImportRejected
from oppfolging.store.load import read_table
from oppfolging.store.model import Problem
from oppfolging.store.write import RowEdit, SaveResult, save_edits


@dataclass(frozen=True)
class _ImportRow:
    row: int
    indicator_id: str
    period: str
    value: str
    comment: str


@dataclass(frozen=True)
class ImportResult(SaveResult):
    """What an import saved, and how many rows the file had."""

    imported_rows: int = 0


def import_rows(folder: Path, file: Path, user: str, now: datetime) -> ImportResult:
    """Import values from a CSV or XLSX file: every row, or none (`ImportRejected`)."""
    frame = read_import_file(file)
    indicators, _, _ = read_table(folder, "indicators")
    units = dict(zip(*indicators.select("indicator_id", "unit").get_columns(), strict=True))
    freqs = dict(zip(*indicators.select("indicator_id", "frequency").get_columns(), strict=True))
    problems: list[Problem] = []
    edits: list[RowEdit] = []
    seen: dict[tuple[str, str], int] = {}
    for item in _rows(frame):
        edit = _import_edit(item, file.name, units, freqs, user, now, problems)
        if edit is None:
            continue
        ident = (edit.key["indicator_id"], edit.key["period"])
        if ident in seen:
            message = f"{ident[0]} {ident[1]} står også på rad {seen[ident]}"
            problems.append(Problem(file.name, item.row, "period", message))
            continue
        seen[ident] = item.row
        edits.append(edit)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (p.row, p.column)))
    saved = save_edits(folder, _expected_now(folder, edits), user, now)
    return ImportResult(saved.changes, imported_rows=frame.height)


def _import_edit(
    item: _ImportRow,
    file: str,
    units: dict[str, str],
    freqs: dict[str, str],
    user: str,
    now: datetime,
    problems: list[Problem],
) -> RowEdit | None:
    """One row's edit, or None with its problems added."""
    found: list[Problem] = []
    ident = item.indicator_id
    if ident not in units:
        found.append(Problem(file, item.row, "indicator_id", f"indikatoren «{ident}» finnes ikke"))
    period = item.period
    try:
        period = str(check_period(item.period, freqs.get(ident)))
    except RegistrationError as error:
        found.append(Problem(file, item.row, "period", str(error)))
    value: float | None = None
    try:
        value = parse_value_text({"unit": units.get(ident)}, item.value)
    except RegistrationError as error:
        found.append(Problem(file, item.row, "value", str(error)))
    if found or value is None:
        problems.extend(found)
        return None
    key = {"indicator_id": ident, "period": period}
    new: dict[str, object] = {"value": value, "registered_by": user, "registered_at": moment(now)}
    if item.comment:  # no comment column, or a blank cell, keeps the comment there is
        new["comment"] = item.comment
    return RowEdit("values", key, new, None)


def _expected_now(folder: Path, edits: list[RowEdit]) -> list[RowEdit]:
    """The edits with the values now in the file as what the user saw (an import overwrites)."""
    values, _, _ = read_table(folder, "values")
    columns = [c for c in TABLES["values"].column_names if c not in ("indicator_id", "period")]
    existing = {
        (row["indicator_id"], row["period"]): {c: row[c] for c in columns}
        for row in values.select(TABLES["values"].column_names).to_dicts()
    }
    return [
        RowEdit(e.table, e.key, e.new, existing.get((e.key["indicator_id"], e.key["period"])))
        for e in edits
    ]


def _rows(frame: pl.DataFrame) -> list[_ImportRow]:
    def column(name: str) -> list[str]:
        if name not in frame.columns:
            return [""] * frame.height
        return [str(v or "").strip() for v in frame.get_column(name).to_list()]

    return [
        _ImportRow(*parts)
        for parts in zip(
            frame.get_column(ROW).to_list(),
            *(column(name) for name in (*IMPORT_COLUMNS, "comment")),
            strict=True,
        )
    ]


def read_import_file(file: Path) -> pl.DataFrame:
    """The file's cells as text with a `__row` column (header = row 1)."""
    try:
        return importfile.read_import_file(file)
    except importfile.ImportFileError as error:
        raise RegistrationError(str(error)) from None
