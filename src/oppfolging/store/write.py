"""Saving: the dataset lock and `save_edits`.

Every change to a dataset goes through `save_edits`: the app's forms, `oppfolging set`,
`set-measure` and `import` all call it. Under the dataset lock it re-reads the table, checks
that nobody changed the edited cells since the user saw them, validates the new rows, checks
that the change log can be written, writes the tables atomically and appends one change row
per changed cell. Working out the edits is in `edits` and `editplan`, atomic writes in
`atomic` and the change log in `changelog`; their public names are re-exported here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import filelock
import polars as pl

from oppfolging.store.atomic import TEMP_SUFFIX, atomic_write_table, remove_stale_temp_files
from oppfolging.store.changelog import (
    ChangeRow,
    append_changes,
    change_frame,
    check_change_log,
    distinct_at,
)
from oppfolging.store.editplan import check_new_rows, plan_edits, plan_table, read_for_edit
from oppfolging.store.edits import Conflict, ConflictError, EditRejected, RowEdit, TablePlan
from oppfolging.store.errors import StoreError
from oppfolging.store.load import new_table_source

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


class LockTimeout(StoreError):  # noqa: N818 (the name the callers use)
    """Another user held the dataset lock for longer than the timeout."""


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


# --- save_edits -------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult:
    """The cells a save changed, as written to the change log."""

    changes: tuple[ChangeRow, ...]

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def save_edits(
    folder: Path,
    edits: list[RowEdit],
    user: str,
    now: datetime,
    *,
    undoes: datetime | None = None,
) -> SaveResult:
    """Apply `edits` under the dataset lock: all of them, or none (`ConflictError`,
    `EditRejected`, `LockTimeout`, `StoreError` for a failed write or change log).

    Every save gets its own `at` in the change log (to the microsecond, after the log's
    latest), so an undo takes back exactly one save. `undoes`: the `at` of the save this one
    reverses (an undo or a redo), written in each change row's `undoes` column."""
    try:
        with dataset_lock(folder):
            remove_stale_temp_files(folder)
            plans = plan_edits(folder, edits)
            if not any(plan.changes for plan in plans):
                return SaveResult(())
            check_change_log(folder)
            at = distinct_at(folder, now)
            for plan in plans:
                if plan.changes:
                    atomic_write_table(plan.source.path, plan.output, plan.source)
            rows = [
                ChangeRow(at, user, *change, undoes=undoes)
                for plan in plans
                for change in plan.changes
            ]
            append_changes(folder, rows)
    except OSError as error:
        raise StoreError(f"Kunne ikke lagre i {folder}: {error.strerror or error}") from error
    except pl.exceptions.PolarsError as error:
        raise StoreError(f"Kunne ikke lagre i {folder}: verdiene passer ikke i filen") from error
    return SaveResult(tuple(rows))
