"""Saving: the dataset lock and `save_edits`.

Every change to a dataset goes through `save_edits`: the app's forms, `oppfolging set`,
`set-measure` and `import` all call it. Under the dataset lock it completes a save that was
killed, re-reads the table, checks that nobody changed the edited cells since the user saw
them, validates the new rows, checks that the files can be written, writes the new tables
to temporary files and commits them with the change rows through the save journal (see
`journal`), so a kill at any instant leaves the dataset before or after the save, log
included. Working out the edits is in `edits` and `editplan`, atomic writes in `atomic` and
the change log in `changelog`; their public names are re-exported here.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from oppfolging.i18n import t
from oppfolging.store.atomic import (
    TEMP_SUFFIX,
    Replacement,
    atomic_write_table,
    check_target,
    describe_os_error,
    remove_stale_temp_files,
    write_temp,
    write_temp_bytes,
)
from oppfolging.store.changelog import (
    ChangeRow,
    append_changes,
    change_frame,
    check_change_log,
    distinct_at,
    stage_changes,
)
from oppfolging.store.editplan import check_new_rows, plan_edits, plan_table, read_for_edit
from oppfolging.store.edits import Conflict, ConflictError, EditRejected, RowEdit, TablePlan
from oppfolging.store.errors import StoreError
from oppfolging.store.journal import Journal, commit, complete, is_committed, recover
from oppfolging.store.load import new_table_source
from oppfolging.store.lock import LOCK_NAME, LockTimeout, dataset_lock
from oppfolging.store.rowpatch import patched_parts

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

    Every save gets its own `at` in the change log (`now`, or the next free microsecond
    when a row already has that moment), so an undo takes back exactly one save. `undoes`:
    the `at` of the save this one reverses (an undo or a redo), written in each change
    row's `undoes` column."""
    try:
        with dataset_lock(folder):
            recover(folder, now)
            plans = [plan for plan in plan_edits(folder, edits) if plan.changes]
            if not plans:
                return SaveResult(())
            check_change_log(folder)
            for plan in plans:
                check_target(plan.source.path)
            at = distinct_at(folder, now)
            rows = [
                ChangeRow(at, user, *change, undoes=undoes)
                for plan in plans
                for change in plan.changes
            ]
            _write(folder, plans, rows)
    except OSError as error:
        raise StoreError(describe_os_error(error)) from error
    except pl.exceptions.PolarsError as error:
        raise StoreError(t("store.write.values_do_not_fit_folder", folder=folder)) from error
    return SaveResult(tuple(rows))


def _write(folder: Path, plans: list[TablePlan], rows: list[ChangeRow]) -> None:
    """Stage every file, commit the journal, then complete it (see `journal`)."""
    staged: list[Replacement] = []
    try:
        for plan in plans:
            temp = _stage_table(plan)
            staged.append(Replacement(temp, plan.source.path))
        log, append = stage_changes(folder, rows)
        staged += [log] if log is not None else []
        journal = Journal(tuple(staged), append)
        commit(folder, journal)
    except BaseException:
        if not is_committed(folder):  # before the commit point: as if never saved
            for replacement in staged:
                with contextlib.suppress(OSError):
                    os.unlink(replacement.temp)
        raise
    complete(folder, journal)


def _patched(plan: TablePlan) -> list[bytes | memoryview] | None:
    """The CSV file's own bytes with only the changed records rewritten (`rowpatch`); None
    when the whole table must be written."""
    if plan.source.fmt != "csv" or plan.original_rows is None or plan.original_bytes is None:
        return None
    return patched_parts(plan.original_bytes, plan.frame, plan.edited, plan.original_rows)


def _stage_table(plan: TablePlan) -> Path:
    """The plan's new table in a fsynced temporary file; polars errors name the file."""
    try:
        patched = _patched(plan)
        if patched is not None:
            return write_temp_bytes(plan.source.path, patched)
        return write_temp(plan.source.path, plan.output, plan.source)
    except pl.exceptions.PolarsError as error:
        name = plan.source.path.name
        raise StoreError(t("store.write.values_do_not_fit_file", name=name)) from error
