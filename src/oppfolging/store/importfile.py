"""Reading a file to import values from (CSV or XLSX): its cells as text, checked columns.

The checks of the rows themselves are in `registration`; this module only reads the file,
so every problem with the file as a whole (unreadable, a column missing or twice) is found
before any row is looked at.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import polars as pl

from oppfolging.i18n import t
from oppfolging.store.csvio import ROW, read_raw
from oppfolging.store.fileinfo import exists, file_problem, os_reason
from oppfolging.store.model import Problem

IMPORT_COLUMNS = ("indicator_id", "period", "value")
NUMBER = "__number"
"""XLSX only: the `value` cell as the number it holds (null for a text cell)."""
PERCENT = "__percent"
"""XLSX only: the `value` cell has a percent number format (0,649 shown as `64,9 %`)."""


class ImportFileError(Exception):
    """A file that cannot be imported at all; `str(error)` is Norwegian."""


class ImportRejected(Exception):  # noqa: N818 (the name the callers use)
    """An import file with bad rows; nothing was saved. `problems` lists every bad cell."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(t("import.rejected", count=len(problems)))


def read_import_file(file: Path) -> pl.DataFrame:
    """The file's cells as text with a `__row` column (header = row 1), column names
    stripped and in lower case; `ImportRejected` for a missing or repeated column."""
    if not exists(file):
        raise ImportFileError(t("import.file_missing", file=file))
    problem = file_problem(file)
    if problem is not None:
        raise ImportFileError(f"{file}: {problem}")
    suffix = file.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame = _read_xlsx(file)
        _check_columns(file.name, [str(c or "").strip().lower() for c in _xlsx_header(file)])
    elif suffix in (".csv", ".txt"):
        raw, _, problems = read_raw(file)
        if raw is None or problems:
            raise ImportRejected(problems)
        frame = raw
    else:
        raise ImportFileError(t("import.only_csv_xlsx", file=file.name))
    names = {c: c.strip().lower() for c in frame.columns if c not in (ROW, NUMBER, PERCENT)}
    _check_columns(file.name, list(names.values()))
    return frame.rename(names)


def _check_columns(file: str, names: list[str]) -> None:
    twice = sorted({name for name in names if names.count(name) > 1})
    problems = [
        Problem(
            file,
            1,
            name,
            t("import.column_twice", name=name),
        )
        for name in twice
    ]
    missing = [c for c in IMPORT_COLUMNS if c not in names]
    if missing:
        problems.append(
            Problem(file, 1, missing[0], t("import.columns_missing", columns=", ".join(missing)))
        )
    if problems:
        raise ImportRejected(problems)


def _read_xlsx(file: Path) -> pl.DataFrame:
    """The first sheet's cells as text; a number cell in the `value` column also as the
    number (`NUMBER`) and whether it is formatted as a percentage (`PERCENT`), so a
    percent cell (stored 0,649, shown `64,9 %`) is read as the 64,9 it shows."""
    if importlib.util.find_spec("openpyxl") is None:
        raise ImportFileError(t("import.needs_openpyxl"))
    import openpyxl

    try:
        book = openpyxl.load_workbook(file, read_only=True, data_only=True)
        try:
            rows = [list(row) for row in book.worksheets[0].iter_rows()]
        finally:
            book.close()
    except OSError as error:
        raise ImportFileError(
            t("import.unreadable", file=file.name, reason=os_reason(error))
        ) from None
    except Exception:  # openpyxl raises many types (in English) for a bad file
        message = t("import.bad_xlsx", file=file.name)
        raise ImportFileError(message) from None
    header = [_header_name(cell.value, i) for i, cell in enumerate(rows[0] if rows else [])]
    body = [
        (number, row)
        for number, row in enumerate(rows[1:], start=2)
        if any(getattr(c, "value", None) not in (None, "") for c in row)
    ]
    data: dict[str, list[object]] = {
        name: [_cell_text(row[i].value) if i < len(row) else None for _, row in body]
        for i, name in enumerate(header)
    }
    value_at = next((i for i, n in enumerate(header) if n.strip().lower() == "value"), None)
    numbers = [_cell_number(row, value_at) for _, row in body]
    data[NUMBER] = [n for n, _ in numbers]
    data[PERCENT] = [p for _, p in numbers]
    data[ROW] = [number for number, _ in body]
    schema: dict[str, type[pl.DataType]] = dict.fromkeys(header, pl.String)
    schema.update({NUMBER: pl.Float64, PERCENT: pl.Boolean, ROW: pl.Int64})
    return pl.DataFrame(data, schema=schema)


def _header_name(value: object, index: int) -> str:
    text = "" if value is None else str(value)
    return text or f"__column_{index + 1}"


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _cell_number(row: list[Any], index: int | None) -> tuple[float | None, bool]:
    if index is None or index >= len(row):
        return None, False
    cell = row[index]
    if isinstance(cell.value, bool) or not isinstance(cell.value, int | float):
        return None, False
    percent = "%" in str(cell.number_format or "")
    number = float(cell.value)
    return (round(number * 100, 9) if percent else number), percent


def _xlsx_header(file: Path) -> list[object]:
    """The first sheet's first row as written (polars renames a repeated name)."""
    import openpyxl

    book = openpyxl.load_workbook(file, read_only=True)
    try:
        rows = book.worksheets[0].iter_rows(max_row=1, values_only=True)
        return list(next(rows, ()))
    finally:
        book.close()
