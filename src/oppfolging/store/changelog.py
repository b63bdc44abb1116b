"""The change log (`changes.csv` or `changes.parquet`): one row per changed cell.

`save_edits` checks that the log can be written before it writes any table
(`check_change_log`), gives every save its own moment (`distinct_at`) and prepares the new
rows (`stage_changes`): a new Parquet log or a first CSV log is a temporary file the save's
journal puts in place; rows for an existing CSV log are an `Append` the journal makes after
cutting the file back to the size it had, so doing it twice is the same as once. A last line
cut off by a killed save of an older version is moved aside (`repair_cut_line`).
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
from oppfolging.i18n import t
from oppfolging.store.atomic import (
    Replacement,
    check_folder_writable,
    check_target,
    fsync_folder,
    write_temp,
)
from oppfolging.store.csvformat import format_value
from oppfolging.store.csvio import BOM, ROW, header_dialect, read_raw
from oppfolging.store.csvparse import as_text, parse_series
from oppfolging.store.errors import StoreError
from oppfolging.store.fileinfo import os_reason
from oppfolging.store.load import new_table_source
from oppfolging.store.model import Problem, TableSource

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


@dataclass(frozen=True)
class Append:
    """Text to add to the CSV log `file`, which had `size` bytes before the save."""

    file: str
    size: int
    text: str


# --- before a save ----------------------------------------------------------------------


def check_change_log(folder: Path) -> None:
    """`StoreError` when the change log cannot be written (e.g. Excel holds a lock on it);
    called before any table is written, so a save is logged or not made at all."""
    path = folder / "changes.csv"
    parquet = (folder / "changes.parquet").is_file()
    name = "changes.parquet" if parquet else "changes.csv"
    check_target(folder / name)
    try:
        if path.is_file() and not parquet:
            with path.open("ab"):
                pass
        if parquet or not path.is_file() or path.stat().st_size == 0:
            check_folder_writable(folder)
    except OSError as error:
        raise StoreError(
            t("store.changelog_not_writable", name=name, reason=os_reason(error))
        ) from error


def distinct_at(folder: Path, now: datetime) -> datetime:
    """The moment of a save: `now` (to the microsecond, no time zone), moved on to the next
    free microsecond only when a row in the log already has that moment.

    The order of saves is their order in the log, not their `at`: a row dated in the
    future (a wrong clock) must not drag every later save to its date."""
    at = now.replace(tzinfo=None)
    taken = logged_ats(folder)
    while at in taken:
        at += _TICK
    return at


def logged_ats(folder: Path) -> set[datetime]:
    """Every `at` in the change log (empty when there is none or it cannot be read)."""
    for name in ("changes.parquet", "changes.csv"):
        path = folder / name
        if not path.is_file():
            continue
        raw, _, _ = read_raw(path)
        if raw is None or "at" not in raw.columns:
            return set()
        with contextlib.suppress(pl.exceptions.PolarsError):
            text = raw.select(as_text(raw, "at")).to_series()
            found = parse_series(text, Kind.DATETIME).drop_nulls().unique()
            return {value for value in found.to_list() if isinstance(value, datetime)}
        return set()
    return set()


def stage_changes(
    folder: Path, rows: Sequence[ChangeRow]
) -> tuple[Replacement | None, Append | None]:
    """Prepare `rows` without touching the log: a fsynced temporary file that is to replace
    the log (a Parquet log, or the first rows of a CSV log), or the text to append."""
    parquet = folder / "changes.parquet"
    if parquet.is_file():
        old = pl.read_parquet(parquet)
        new = pl.concat([old, change_frame(rows)], how="diagonal_relaxed")
        temp = write_temp(parquet, new, TableSource(parquet, "parquet"))
        return Replacement(temp, parquet), None
    path = folder / "changes.csv"
    if not path.is_file() or path.stat().st_size == 0:
        source = new_table_source(folder, "changes")
        frame = change_frame(rows)
        empty = [c.name for c in CHANGES.columns if not c.required and c.name not in ("old", "new")]
        unused = [name for name in empty if frame.get_column(name).null_count() == frame.height]
        temp = write_temp(source.path, frame.drop(unused), source)
        return Replacement(temp, source.path), None
    if _lacks_filled_columns(path, rows):
        return _rewritten_csv(path, rows), None
    return None, Append(path.name, path.stat().st_size, _csv_text(path, rows))


# --- the rows written -------------------------------------------------------------------


def append_changes(folder: Path, rows: Sequence[ChangeRow]) -> None:
    """Append rows to `changes.csv` (true append + fsync) or rewrite `changes.parquet`
    (outside a save's journal: for tools and tests)."""
    if not rows:
        return
    replacement, append = stage_changes(folder, rows)
    if replacement is not None:
        os.replace(replacement.temp, replacement.target)
        fsync_folder(folder)
    if append is not None:
        apply_append(folder, append)


def _header(path: Path) -> list[str]:
    with path.open("rb") as stream:
        head = stream.read(65_536).removeprefix(BOM).decode("utf-8", errors="replace")
    return header_dialect(head)[1]


def _lacks_filled_columns(path: Path, rows: Sequence[ChangeRow]) -> bool:
    """True when a row fills a column (e.g. `undoes`) that an older log file lacks."""
    columns = set(_header(path))
    filled = {name for row in rows for name, value in row.__dict__.items() if value is not None}
    return not filled <= columns


def _rewritten_csv(path: Path, rows: Sequence[ChangeRow]) -> Replacement:
    """The whole log with the new column added (old rows leave it empty), in a fsynced
    temporary file that the save's journal puts in place."""
    raw, source, _ = read_raw(path)
    if raw is None:
        raise StoreError(t("store.changelog_unreadable", name=path.name))
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
    temp = write_temp(path, pl.concat([old, new], how="diagonal_relaxed"), source)
    return Replacement(temp, path)


def apply_append(folder: Path, append: Append) -> None:
    """Cut the CSV log (or a CSV table the save adds rows to) back to its size before the
    save and append the save's text, fsynced: done twice, it gives the same file as done
    once."""
    with (folder / append.file).open("r+b") as stream:
        size = os.fstat(stream.fileno()).st_size
        if size < append.size:
            log = append.file == "changes.csv"
            key = "store.changelog_shorter" if log else "store.file_shorter"
            raise StoreError(t(key, file=append.file))
        stream.truncate(append.size)
        stream.seek(append.size)
        stream.write(append.text.encode("utf-8"))
        stream.flush()
        os.fsync(stream.fileno())


def _csv_text(path: Path, rows: Sequence[ChangeRow]) -> str:
    """The rows in the file's own separator and column order; unknown columns stay empty."""
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
    return buffer.getvalue()


# --- a line cut off by a killed save ----------------------------------------------------


def cut_line_start(folder: Path) -> int | None:
    """Where the last line of `changes.csv` starts when it was cut off (no newline at the
    end, and the record is short or does not parse); None when the log ends whole."""
    path = folder / "changes.csv"
    if not path.is_file():  # never open a FIFO or a folder: it would block or fail
        return None
    try:
        with path.open("rb") as stream:
            if stream.seek(0, os.SEEK_END) == 0:
                return None
            stream.seek(-1, os.SEEK_END)
            if stream.read(1) == b"\n":
                return None
        data = path.read_bytes()
    except OSError:
        return None
    start = _last_record_start(data)
    if start == 0 or _is_whole_record(data, start):
        return None
    return start


def repair_cut_line(folder: Path, now: datetime) -> list[Problem]:
    """Move a cut-off last line of `changes.csv` into a file beside it and cut the log back
    (call it under the lock); a notice to show once, or nothing when the log was whole."""
    start = cut_line_start(folder)
    if start is None:
        return []
    path = folder / "changes.csv"
    with path.open("r+b") as stream:
        stream.seek(start)
        fragment = stream.read()
        kept = _free_name(folder, f"changes.csv.avbrutt-{now:%Y%m%dT%H%M%S}", ".txt")
        with kept.open("xb") as out:
            out.write(fragment)
            out.flush()
            os.fsync(out.fileno())
        stream.truncate(start)
        stream.flush()
        os.fsync(stream.fileno())
    fsync_folder(folder)
    message = t("store.changelog_repaired", kept=kept.name)
    return [Problem(path.name, 0, "", message)]


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """`stem + suffix` in `folder`, or `stem-2 + suffix` and so on when that exists."""
    candidate, number = folder / f"{stem}{suffix}", 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}{suffix}"
    return candidate


def _last_record_start(data: bytes) -> int:
    """The offset after the last newline outside quotes (0 when there is none)."""
    end = len(data)
    while (newline := data.rfind(b"\n", 0, end)) >= 0:
        if (data.count(b'"', 0, newline) % 2) == 0:
            return newline + 1
        end = newline
    return 0


def _is_whole_record(data: bytes, start: int) -> bool:
    """Whether the bytes from `start` are one complete record as wide as the header, with
    an `at` that parses (a line written without a newline at the end, e.g. by Excel)."""
    try:
        text = data[start:].decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return False
    if text.count('"') % 2:
        return False
    dialect, columns = header_dialect(data[:65_536].removeprefix(BOM).decode("utf-8", "replace"))
    try:
        records = list(
            csv.reader(io.StringIO(text, newline=""), delimiter=dialect.separator, strict=True)
        )
    except csv.Error:
        return False
    if len(records) != 1 or len(records[0]) != len(columns):
        return False
    at = dict(zip(columns, records[0], strict=True)).get("at")
    return at is None or _parses_as_moment(at)


def _parses_as_moment(text: str) -> bool:
    try:
        datetime.fromisoformat(text.strip())
    except ValueError:
        return False
    return True
