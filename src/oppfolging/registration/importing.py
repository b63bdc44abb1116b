"""Importing values from a CSV or XLSX file: every row is saved, or none is.

Each row is checked like a typed value; all problems of the file are collected and raised
together as `ImportRejected`, so the user can fix the file in one go.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from oppfolging.domain.previous import PreviousValues
from oppfolging.domain.schema import TABLES
from oppfolging.i18n import t
from oppfolging.registration import service
from oppfolging.registration.checks import RegistrationError, TypedValue
from oppfolging.registration.edits import moment
from oppfolging.store import importfile
from oppfolging.store.csvio import ROW
from oppfolging.store.importfile import IMPORT_COLUMNS, NUMBER, PERCENT, ImportRejected
from oppfolging.store.load import read_table
from oppfolging.store.model import Dataset, Problem
from oppfolging.store.sharedread import shared_reads
from oppfolging.store.write import RowEdit, SaveResult


@dataclass(frozen=True)
class ImportRow:
    row: int
    indicator_id: str
    period: str
    value: str
    comment: str
    number: float | None = None
    """The XLSX cell's number (None: a text cell or a CSV)."""
    percent: bool = False

    @property
    def given(self) -> str | TypedValue:
        """What the row gives: the cell's number, else its text."""
        return self.value if self.number is None else TypedValue(self.number, self.percent)


@dataclass(frozen=True)
class ImportResult(SaveResult):
    """What an import saved, and how many rows the file had."""

    imported_rows: int = 0


@dataclass
class ImportContext:
    file: str
    indicators: dict[str, dict[str, object]]
    values: PreviousValues
    limit: float | None
    user: str
    now: datetime
    problems: list[Problem] = field(default_factory=list)


def import_rows(
    folder: Path,
    file: Path,
    user: str,
    now: datetime,
    *,
    limit: float | None = None,
    force: bool = False,
    dataset: Dataset | None = None,
    describe: bool = False,
) -> ImportResult:
    """Import values from a CSV or XLSX file: every row, or none (`ImportRejected`).

    Each row is checked like a typed value (`service.assess_value`); with a plausibility
    `limit`, rows further than that from their previous value are listed and refused unless
    `force`. Rows equal to what is registered are left alone (nothing rewritten).
    `dataset`: the tables the caller has just loaded (else the files are read); only the
    rows of the file's indicators are looked at, so ten rows into a million values cost
    about what one does. `describe`: see `service.save`."""
    frame = read_import_file(file)
    items = _rows(frame)
    by_id, previous = import_lookups(folder, (item.indicator_id for item in items), dataset)
    context = ImportContext(file.name, by_id, previous, None if force else limit, user, now)
    edits: list[RowEdit] = []
    seen: dict[tuple[str, str], int] = {}
    for item in items:
        edit = import_edit(item, context)
        if edit is None:
            continue
        ident = (edit.key["indicator_id"], edit.key["period"])
        if ident in seen:
            message = t(
                "registration.duplicate_row", first=ident[0], second=ident[1], row=seen[ident]
            )
            context.problems.append(Problem(file.name, item.row, "period", message))
            continue
        seen[ident] = item.row
        edits.append(edit)
    if context.problems:
        raise ImportRejected(sorted(context.problems, key=lambda p: (p.row, p.column)))
    with shared_reads():  # the values file is read once, for `expected_now` and the save
        saved = service.save(folder, expected_now(folder, edits), user, now, describe=describe)
    return ImportResult(saved.changes, saved.after, imported_rows=frame.height)


def import_lookups(
    folder: Path, ids: Iterable[str], dataset: Dataset | None
) -> tuple[dict[str, dict[str, object]], PreviousValues]:
    """The indicators with one of `ids` by id, and their previous values: from `dataset`
    when given, else as the files hold them."""
    wanted = sorted(set(ids))
    indicators, values = indicators_and_values(folder, dataset)
    chosen = indicators.filter(
        pl.col("indicator_id").is_in(pl.Series(wanted, dtype=pl.String).implode())
    )
    by_id = {str(row["indicator_id"]): row for row in chosen.to_dicts()}
    return by_id, PreviousValues(values, wanted)


def indicators_and_values(
    folder: Path, dataset: Dataset | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The typed indicators and values: `dataset`'s (just loaded by the caller), else read."""
    if dataset is not None:
        return dataset["indicators"], dataset["values"]
    return read_table(folder, "indicators")[0], read_table(folder, "values")[0]


def import_edit(item: ImportRow, context: ImportContext) -> RowEdit | None:
    """One row's edit, or None with its problems added."""
    found: list[Problem] = []
    ident, file = item.indicator_id, context.file
    indicator = context.indicators.get(ident)
    if indicator is None:
        missing = t("registration.no_indicator", indicator=ident)
        found.append(Problem(file, item.row, "indicator_id", missing))
        indicator = {"indicator_id": ident}
    period, limit = item.period, context.limit
    try:
        period = service.checked_period(indicator, item.period)
    except RegistrationError as error:
        found.append(Problem(file, item.row, "period", str(error)))
        limit = None  # no previous value of a period that is none
    value: float | None = None
    try:
        assessed = service.assess_value(indicator, period, item.given, context.values, limit)
        value = assessed.value
        if assessed.implausible:
            hint = t("registration.import_force", problem=assessed.implausible)
            found.append(Problem(file, item.row, "value", hint))
    except RegistrationError as error:
        found.append(Problem(file, item.row, "value", str(error)))
    if found or value is None:
        context.problems.extend(found)
        return None
    key = {"indicator_id": ident, "period": period}
    new: dict[str, object] = {
        "value": value,
        "registered_by": context.user,
        "registered_at": moment(context.now),
    }
    if item.comment:  # no comment column, or a blank cell, keeps the comment there is
        new["comment"] = item.comment
    return RowEdit("values", key, new, None)


def expected_now(folder: Path, edits: list[RowEdit]) -> list[RowEdit]:
    """The edits with the values now in the file as what the user saw (an import
    overwrites); only the edited rows are looked up (`service.rows_by_key`)."""
    if not edits:
        return []
    contract = TABLES["values"]
    existing = service.rows_by_key(folder, "values", [e.key for e in edits])
    columns = [c for c in contract.column_names if c not in contract.key]

    def now_in_file(edit: RowEdit) -> dict[str, object] | None:
        row = existing.get(tuple(str(edit.key[name]) for name in contract.key))
        return None if row is None else {c: row.get(c) for c in columns}

    return [RowEdit(e.table, e.key, e.new, now_in_file(e)) for e in edits]


def _rows(frame: pl.DataFrame) -> list[ImportRow]:
    def column(name: str) -> list[str]:
        if name not in frame.columns:
            return [""] * frame.height
        return [str(v or "").strip() for v in frame.get_column(name).to_list()]

    def typed(name: str, default: object) -> list[Any]:
        if name not in frame.columns:
            return [default] * frame.height
        return frame.get_column(name).to_list()

    return [
        ImportRow(*parts)
        for parts in zip(
            frame.get_column(ROW).to_list(),
            *(column(name) for name in (*IMPORT_COLUMNS, "comment")),
            typed(NUMBER, None),
            [bool(p) for p in typed(PERCENT, False)],
            strict=True,
        )
    ]


def read_import_file(file: Path) -> pl.DataFrame:
    """The file's cells as text with a `__row` column (header = row 1)."""
    try:
        return importfile.read_import_file(file)
    except importfile.ImportFileError as error:
        raise RegistrationError(str(error)) from None
