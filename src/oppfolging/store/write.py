"""Saving: atomic table writes, the dataset lock, the change log and `save_edits`.

Every change to a dataset goes through `save_edits`: the app's forms, `oppfolging set`,
`set-measure` and `import` all call it. Under the dataset lock it re-reads the table, checks
that nobody changed the edited cells since the user saw them, validates the new rows, writes
the table atomically and appends one change row per changed cell. Working out the edits is
in `edits` and `editplan`; their public names are re-exported here.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import filelock
import polars as pl

from oppfolging.domain.schema import CHANGES, Kind
from oppfolging.store.csvformat import format_frame, format_value
from oppfolging.store.csvio import BOM, ROW, header_dialect
from oppfolging.store.editplan import check_new_rows, plan_edits, plan_table, read_for_edit
from oppfolging.store.edits import Conflict, ConflictError, EditRejected, RowEdit, TablePlan
from oppfolging.store.errors import StoreError
from oppfolging.store.load import new_table_source
from oppfolging.store.model import TableSource

__all__ = [
    "LOCK_NAME",
    "TEMP_SUFFIX",
    "ChangeRow",
    "Conflict",
    "ConflictError",
    "EditRejected",
    "LockTimeout",
    "RowEdit",
    "SaveResult",
    "StoreError",
    "TablePlan",
    "append_changes",
    "atomic_write_table",
    "change_frame",
    "check_new_rows",
    "dataset_lock",
    "new_table_source",
    "plan_edits",
    "plan_table",
    "read_for_edit",
    "remove_stale_temp_files",
    "save_edits",
]

LOCK_NAME = ".oppfolging.lock"
TEMP_SUFFIX = ".oppfolging-tmp"


class LockTimeout(StoreError):  # noqa: N818 (the name the callers use)
    """Another user held the dataset lock for longer than the timeout."""


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


# --- atomic writes ----------------------------------------------------------------------


def atomic_write_table(path: Path, frame: pl.DataFrame, source: TableSource) -> None:
    """Write `frame` to `path` as `source` says (CSV dialect or Parquet), all or nothing.

    The data goes to a temporary file in the same folder, is flushed and fsynced, and then
    replaces the original with `os.replace`; on any error the temporary file is removed and
    the original is untouched. (polars writes in place, so a killed write would break it.)
    """
    frame = frame.drop(ROW, strict=False)
    mode = _file_mode(path)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            _write_frame(frame, stream, source)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(path.parent)


def _write_frame(frame: pl.DataFrame, stream: io.BufferedWriter, source: TableSource) -> None:
    if source.fmt == "parquet":
        frame.write_parquet(stream)
        return
    dialect = source.dialect
    format_frame(frame, dialect).write_csv(
        stream, separator=dialect.separator, include_bom=dialect.bom
    )


def _file_mode(path: Path) -> int:
    """Keep the original file's permissions; a new file gets the usual ones."""
    with contextlib.suppress(OSError):
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (not possible on every platform)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def remove_stale_temp_files(folder: Path) -> None:
    """Remove temporary files left by a save that was killed (call it under the lock)."""
    for path in folder.glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            path.unlink()


# --- the lock ---------------------------------------------------------------------------


@contextlib.contextmanager
def dataset_lock(folder: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the dataset's lock file, so saves by several users on a shared drive queue up."""
    lock = filelock.FileLock(folder / LOCK_NAME, timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout as error:
        message = (
            f"Datasettet er låst av en annen som lagrer (ventet {timeout:g} sekunder); "
            "prøv igjen om litt"
        )
        raise LockTimeout(message) from error
    except OSError as error:
        raise StoreError(f"Kan ikke låse datasettet i {folder}: {error.strerror}") from error
    try:
        yield
    finally:
        lock.release()


# --- the change log ---------------------------------------------------------------------


def change_frame(rows: Sequence[ChangeRow]) -> pl.DataFrame:
    """Change rows as a frame with the contract's columns and dtypes."""
    data = {name: [getattr(row, name) for row in rows] for name in CHANGES.column_names}
    return pl.DataFrame(data, schema=CHANGES.polars_schema)


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
        atomic_write_table(source.path, change_frame(rows), source)
        return
    _append_csv(path, rows)


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
        cells = {**row.__dict__, "at": format_value(row.at, Kind.DATETIME)}
        writer.writerow([cells.get(name, "") for name in columns])
    with path.open("ab") as stream:
        stream.write(buffer.getvalue().encode("utf-8"))
        stream.flush()
        os.fsync(stream.fileno())


# --- save_edits -------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult:
    """The cells a save changed, as written to the change log."""

    changes: tuple[ChangeRow, ...]

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def save_edits(folder: Path, edits: list[RowEdit], user: str, now: datetime) -> SaveResult:
    """Apply `edits` under the dataset lock: all of them, or none (`ConflictError`,
    `EditRejected`, `LockTimeout`, `StoreError` for a failed write)."""
    at = now.replace(microsecond=0, tzinfo=None)
    try:
        with dataset_lock(folder):
            remove_stale_temp_files(folder)
            plans = plan_edits(folder, edits)
            for plan in plans:
                if plan.changes:
                    atomic_write_table(plan.source.path, plan.output, plan.source)
            rows = [ChangeRow(at, user, *change) for plan in plans for change in plan.changes]
            append_changes(folder, rows)
    except OSError as error:
        raise StoreError(f"Kunne ikke lagre i {folder}: {error.strerror or error}") from error
    except pl.exceptions.PolarsError as error:
        raise StoreError(f"Kunne ikke lagre i {folder}: verdiene passer ikke i filen") from error
    return SaveResult(tuple(rows))
