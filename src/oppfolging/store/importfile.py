"""Reading a file to import values from (CSV or XLSX): its cells as text, checked columns.

The checks of the rows themselves are in `registration`; this module only reads the file,
so every problem with the file as a whole (unreadable, a column missing or twice) is found
before any row is looked at.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polars as pl

from oppfolging.store.csvio import ROW, read_raw
from oppfolging.store.fileinfo import exists, file_problem, os_reason
from oppfolging.store.model import Problem

IMPORT_COLUMNS = ("indicator_id", "period", "value")


class ImportFileError(Exception):
    """A file that cannot be imported at all; `str(error)` is Norwegian."""


class ImportRejected(Exception):  # noqa: N818 (the name the callers use)
    """An import file with bad rows; nothing was saved. `problems` lists every bad cell."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"Importen ble avvist: {len(problems)} feil; ingenting ble lagret")


def read_import_file(file: Path) -> pl.DataFrame:
    """The file's cells as text with a `__row` column (header = row 1), column names
    stripped and in lower case; `ImportRejected` for a missing or repeated column."""
    if not exists(file):
        raise ImportFileError(f"filen {file} finnes ikke")
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
        raise ImportFileError(f"{file.name}: bare CSV- og XLSX-filer kan importeres")
    names = {c: c.strip().lower() for c in frame.columns if c != ROW}
    _check_columns(file.name, list(names.values()))
    return frame.rename(names)


def _check_columns(file: str, names: list[str]) -> None:
    twice = sorted({name for name in names if names.count(name) > 1})
    problems = [
        Problem(
            file,
            1,
            name,
            f"kolonnen «{name}» finnes flere ganger (store og små bokstaver regnes som like)",
        )
        for name in twice
    ]
    missing = [c for c in IMPORT_COLUMNS if c not in names]
    if missing:
        problems.append(Problem(file, 1, missing[0], f"kolonnen mangler: {', '.join(missing)}"))
    if problems:
        raise ImportRejected(problems)


def _read_xlsx(file: Path) -> pl.DataFrame:
    if importlib.util.find_spec("openpyxl") is None:
        raise ImportFileError("XLSX-import krever openpyxl (pip install openpyxl)")
    try:
        frame = pl.read_excel(file, engine="openpyxl", infer_schema_length=0)
    except OSError as error:
        raise ImportFileError(f"{file.name} kan ikke leses ({os_reason(error)})") from None
    except Exception:  # openpyxl and polars raise many types (in English) for a bad file
        message = (
            f"{file.name} kan ikke leses som XLSX (ødelagt fil, eller det første arket er tomt)"
        )
        raise ImportFileError(message) from None
    frame = frame.select(pl.all().cast(pl.String))
    return frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))


def _xlsx_header(file: Path) -> list[object]:
    """The first sheet's first row as written (polars renames a repeated name)."""
    import openpyxl

    book = openpyxl.load_workbook(file, read_only=True)
    try:
        rows = book.worksheets[0].iter_rows(max_row=1, values_only=True)
        return list(next(rows, ()))
    finally:
        book.close()
