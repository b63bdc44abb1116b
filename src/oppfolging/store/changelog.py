"""The change log (`changes.csv` or `changes.parquet`): one row per changed cell.

`save_edits` checks that the log can be written before it writes any table
(`check_change_log`), gives every save its own moment (`distinct_at`, so an undo never mixes
two saves) and appends the rows last (`append_changes`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

from oppfolging.domain.schema import CHANGES, Kind
from oppfolging.store.atomic import atomic_write_table, check_folder_writable
from oppfolging.store.csvformat import format_value
from oppfolging.store.csvio import BOM, ROW, header_dialect, read_raw
from oppfolging.store.csvparse import as_text, parse_series
from oppfolging.store.errors import StoreError
from oppfolging.store.load import new_table_source
from oppfolging.store.model import TableSource

_TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class ChangeRow:
    """One row of the change log: one changed cell."""

    at: datetime
    user: str
    table: str
    key: str
    column: str
    old: str
    new: str
    undoes: datetime | None = None
    """The `at` of the save this row's save reverses (an undo, or a redo of an undo)."""


def change_frame(rows: Sequence[ChangeRow]) -> pl.DataFrame:
    """Change rows as a frame with the contract's columns and dtypes."""
    data = {name: [getattr(row, name) for row in rows] for name in CHANGES.column_names}
    return pl.DataFrame(data, schema=CHANGES.polars_schema)


# --- before a save ----------------------------------------------------------------------


def check_change_log(folder: Path) -> None:
    """`StoreError` when the change log cannot be written (e.g. Excel holds a lock on it);
    called before any table is written, so a save is logged or not made at all."""
    path = folder / "changes.csv"
    parquet = (folder / "changes.parquet").is_file()
    try:
        if path.is_file() and not parquet:
            with path.open("ab"):
                pass
        if parquet or not path.is_file() or path.stat().st_size == 0:
            check_folder_writable(folder)
    except OSError as error:
        name = "changes.parquet" if parquet else "changes.csv"
        raise StoreError(
            f"Endringsloggen {name} kan ikke skrives ({error.strerror or error}); lukk den "
            "hvis den er åpen i Excel eller et annet program, og prøv igjen"
        ) from error


def distinct_at(folder: Path, now: datetime) -> datetime:
    """The moment of a save: `now` (to the microsecond, no time zone), but always after the
    log's latest moment, so no two saves share an `at`."""
    at = now.replace(tzinfo=None)
    latest = latest_at(folder)
    return latest + _TICK if latest is not None and latest >= at else at


def latest_at(folder: Path) -> datetime | None:
    """The latest `at` in the change log (None when there is none or it cannot be read)."""
    for name in ("changes.parquet", "changes.csv"):
        path = folder / name
        if not path.is_file():
            continue
        raw, _, _ = read_raw(path)
        if raw is None or "at" not in raw.columns:
            return None
        with contextlib.suppress(pl.exceptions.PolarsError):
            text = raw.select(as_text(raw, "at")).to_series()
            found = parse_series(text, Kind.DATETIME).max()
            return found if isinstance(found, datetime) else None
        return None
    return None


# --- after a save -----------------------------------------------------------------------


def append_changes(folder: Path, rows: Sequence[ChangeRow]) -> None:
    """Append rows to `changes.csv` (true append + fsync) or rewrite `changes.parquet`."""
    if not rows:
        return
    parquet = folder / "changes.parquet"
    if parquet.is_file():
        old = pl.read_parquet(parquet)
        new = pl.concat([old, change_frame(rows)], how="diagonal_relaxed")
        atomic_write_table(parquet, new, TableSource(parquet, "parquet"))
        return
    path = folder / "changes.csv"
    if not path.is_file() or path.stat().st_size == 0:
        source = new_table_source(folder, "changes")
        frame = change_frame(rows)
        empty = [c.name for c in CHANGES.columns if not c.required and c.name not in ("old", "new")]
        unused = [name for name in empty if frame.get_column(name).null_count() == frame.height]
        atomic_write_table(source.path, frame.drop(unused), source)
        return
    if _lacks_filled_columns(path, rows):
        _rewrite_csv(path, rows)
        return
    _append_csv(path, rows)


def _header(path: Path) -> list[str]:
    with path.open("rb") as stream:
        head = stream.read(65_536).removeprefix(BOM).decode("utf-8", errors="replace")
    return header_dialect(head)[1]


def _lacks_filled_columns(path: Path, rows: Sequence[ChangeRow]) -> bool:
    """True when a row fills a column (e.g. `undoes`) that an older log file lacks."""
    columns = set(_header(path))
    filled = {name for row in rows for name, value in row.__dict__.items() if value is not None}
    return not filled <= columns


def _rewrite_csv(path: Path, rows: Sequence[ChangeRow]) -> None:
    """Rewrite the log atomically with the new column added (old rows leave it empty)."""
    raw, source, _ = read_raw(path)
    if raw is None:
        raise StoreError(f"Endringsloggen {path.name} kan ikke leses")
    texts = [
        {
            c.name: None if value is None else format_value(value, c.kind, source.dialect)
            for c in CHANGES.columns
            for value in [getattr(row, c.name)]
        }
        for row in rows
    ]
    new = pl.DataFrame(texts, schema=dict.fromkeys(CHANGES.column_names, pl.String))
    old = raw.drop(ROW, strict=False).select(pl.all().cast(pl.String))
    atomic_write_table(path, pl.concat([old, new], how="diagonal_relaxed"), source)


def _append_csv(path: Path, rows: Sequence[ChangeRow]) -> None:
    """Append in the file's own separator and column order; unknown columns stay empty."""
    with path.open("rb") as stream:
        head = stream.read(65_536).removeprefix(BOM).decode("utf-8", errors="replace")
        stream.seek(-1, os.SEEK_END)
        ends_with_newline = stream.read(1) == b"\n"
    dialect, columns = header_dialect(head)
    buffer = io.StringIO()
    buffer.write("" if ends_with_newline else "\n")
    writer = csv.writer(buffer, delimiter=dialect.separator, lineterminator="\n")
    for row in rows:
        cells: dict[str, object] = {
            name: format_value(value, Kind.DATETIME) if isinstance(value, datetime) else value
            for name, value in row.__dict__.items()
        }
        writer.writerow([cells.get(name, "") for name in columns])
    with path.open("ab") as stream:
        stream.write(buffer.getvalue().encode("utf-8"))
        stream.flush()
        os.fsync(stream.fileno())
