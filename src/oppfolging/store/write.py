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
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import polars as pl

from oppfolging.domain.schema import TABLES
from oppfolging.fingerprint import dataset_fingerprint
from oppfolging.i18n import t
from oppfolging.store.atomic import (
    TEMP_SUFFIX,
    Replacement,
    atomic_write_table,
    check_target,
    describe_os_error,
    fsync_folder,
    remove_stale_temp_files,
    write_temp,
    write_temp_bytes,
)
from oppfolging.store.changelog import (
    Append,
    ChangeRow,
    append_changes,
    change_frame,
    check_change_log,
    distinct_at,
    stage_changes,
)
from oppfolging.store.csvio import IDX
from oppfolging.store.csvparse import parse_table
from oppfolging.store.editplan import check_new_rows, plan_edits, plan_table, read_for_edit
from oppfolging.store.edits import Conflict, ConflictError, EditRejected, RowEdit, TablePlan
from oppfolging.store.errors import StoreError
from oppfolging.store.journal import (
    Journal,
    Patch,
    build_patches,
    commit,
    complete,
    is_committed,
    mark_own_pending,
    read_journal,
    recover,
    replace_and_append,
    save_pending_on_error,
)
from oppfolging.store.load import new_table_source, read_checked
from oppfolging.store.lock import LOCK_NAME, LockTimeout, dataset_lock, extra_hold
from oppfolging.store.model import TableSource
from oppfolging.store.rowpatch import appended_records, patch_recipe, patched_parts

__all__ = [
    "LOCK_NAME",
    "TEMP_SUFFIX",
    "ChangeRow",
    "Completion",
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
    "completing_later",
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
class SavedTable:
    """What a save did to one table, so a caller holding the table can do the same."""

    name: str
    source: TableSource
    """The table's file after the save (new when the save created it)."""
    height_before: int
    """Rows in the file before the save."""
    positions: tuple[int | None, ...]
    """The old position of each row of `rows` (None: an inserted row)."""
    rows: pl.DataFrame
    """The updated and inserted rows, typed, with the contract's columns."""
    deleted: tuple[int, ...]
    """Old positions of the rows removed."""


@dataclass(frozen=True)
class AfterSave:
    """A save described for a caller that holds the dataset in memory (`store.aftersave`):
    the fingerprints of the folder under the save's lock before and after it, what each
    edited table got, and the change log as the file now holds it."""

    before: str
    after: str | None
    """None when the save left its patches for later (`completing_later`): then the block's
    `Completion.fingerprint` is the folder's fingerprint after the save."""
    tables: tuple[SavedTable, ...]
    changes: pl.DataFrame
    changes_source: TableSource


@dataclass(frozen=True)
class SaveResult:
    """The cells a save changed, as written to the change log."""

    changes: tuple[ChangeRow, ...]
    after: AfterSave | None = None
    """With `describe=True`: the save described (None when it changed nothing or the
    change log could not be read back)."""

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
    describe: bool = False,
    on_planned: Callable[[tuple[SavedTable, ...]], None] | None = None,
) -> SaveResult:
    """Apply `edits` under the dataset lock: all of them, or none (`ConflictError`,
    `EditRejected`, `LockTimeout`, `StoreError` for a failed write or change log).

    Every save gets its own `at` in the change log (`now`, or the next free microsecond
    when a row already has that moment), so an undo takes back exactly one save. `undoes`:
    the `at` of the save this one reverses (an undo or a redo), written in each change
    row's `undoes` column. `describe`: also say what the save did (`AfterSave`), for the
    app, which then updates the tables it holds instead of reading the folder again.
    `on_planned` (with `describe`): called with what each table will get once every check
    has passed, just before the files are written — so the app can compute the round with
    them while they are written; it shows nothing until this returns."""
    try:
        with dataset_lock(folder):
            recover(folder, now)
            before = dataset_fingerprint(folder) if describe else ""
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
            tables = tuple(_saved_table(plan) for plan in plans) if describe else ()
            if on_planned is not None and describe:
                on_planned(tables)
            later = _write(folder, plans, rows)
            after = _described(folder, tables, before, later) if describe else None
    except OSError as error:
        raise StoreError(describe_os_error(error)) from error
    except pl.exceptions.PolarsError as error:
        raise StoreError(t("store.write.values_do_not_fit_folder", folder=folder)) from error
    return SaveResult(tuple(rows), after)


def _described(
    folder: Path, tables: tuple[SavedTable, ...], before: str, later: bool
) -> AfterSave | None:
    """The save just written, described (still under the lock, so nothing else changed the
    files meanwhile); None when the change log cannot be read back cleanly. `later`: its
    patches are left for later, so the folder's fingerprint after it is not known yet."""
    changes, source, problems = read_checked(folder, TABLES["changes"])
    if changes is None or source is None or problems:
        return None
    log = changes.select(TABLES["changes"].column_names)
    after = None if later else dataset_fingerprint(folder)
    return AfterSave(before, after, tables, log, source)


def _saved_table(plan: TablePlan) -> SavedTable:
    """One plan as a `SavedTable`: its updated and inserted rows typed as a load types them."""
    subset = plan.changed_rows()
    typed, _ = parse_table(subset, plan.table, plan.source.path.name)
    positions = tuple(None if p is None else int(p) for p in subset.get_column(IDX).to_list())
    indices = plan.frame.get_column(IDX)
    deleted: tuple[int, ...] = ()
    if indices.len() - indices.null_count() != plan.height_before:
        old = pl.Series(range(plan.height_before), dtype=pl.Int64)
        deleted = tuple(old.filter(~old.is_in(indices.drop_nulls().implode())).to_list())
    rows = typed.select(plan.table.column_names)
    return SavedTable(plan.table.name, plan.source, plan.height_before, positions, rows, deleted)


def _write(folder: Path, plans: list[TablePlan], rows: list[ChangeRow]) -> bool:
    """Stage every file (or the rows to append to it, or its patch), commit the journal,
    then complete it (see `journal`) — but for its patches, which are left to the end of
    the thread's `completing_later` block (then True is returned)."""
    completion: Completion | None = getattr(_later, "completion", None)
    staged: list[Replacement] = []
    appends: list[Append] = []
    patches: list[Patch] = []
    try:
        for plan in plans:
            append = _appended(plan)
            if append is not None:
                appends.append(append)
                continue
            patch = _linked_patch(plan) if completion is not None else None
            if patch is not None:
                patches.append(patch)
                continue
            temp = _stage_table(plan)
            staged.append(Replacement(temp, plan.source.path))
        log, log_append = stage_changes(folder, rows)
        staged += [log] if log is not None else []
        appends += [log_append] if log_append is not None else []
        if patches:
            fsync_folder(folder)  # the originals' names before the journal that needs them
        journal = Journal(tuple(staged), tuple(appends), tuple(patches))
        commit(folder, journal)
    except BaseException:
        if not is_committed(folder):  # before the commit point: as if never saved
            temps = [r.temp for r in staged] + [folder / p.original for p in patches]
            for temp in temps:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
        raise
    if completion is None or not patches:
        complete(folder, journal)
        return False
    with save_pending_on_error():
        replace_and_append(folder, journal)
    originals = {plan.source.path.name: plan.original_bytes for plan in plans}
    completion.leave(folder, journal, {k: v for k, v in originals.items() if v is not None})
    return True


# --- completing a save later ------------------------------------------------------------

_later = threading.local()


@dataclass
class Completion:
    """What a `completing_later` block leaves to its end: the patches of its saves."""

    fingerprint: str | None = None
    """After the block: the folder's fingerprint once its saves' patches were built (None
    when no save left any)."""
    _pending: dict[Path, tuple[Journal, dict[str, bytes], Callable[[], None]]] = field(
        default_factory=dict
    )
    """Per folder: the journal left, the bytes its patches start from, the lock's hold."""

    def leave(self, folder: Path, journal: Journal, originals: dict[str, bytes]) -> None:
        """Keep a committed save's patches for the end of the block, and the dataset lock
        held until then (the thread holds it now: this is one more hold of it). A journal
        left before in the block was completed by this save's `recover`."""
        release = extra_hold(folder)
        earlier = self._pending.pop(folder.resolve(), None)
        if earlier is not None:
            earlier[2]()
        self._pending[folder.resolve()] = (journal, originals, release)
        mark_own_pending(folder, True)

    def finish(self) -> None:
        """Build the patches still pending, take the fingerprint, release the lock."""
        try:
            for folder, (journal, originals, _) in self._pending.items():
                if _still_pending(folder, journal):  # else a later save completed it
                    with save_pending_on_error():
                        build_patches(folder, journal, originals)
                self.fingerprint = dataset_fingerprint(folder)
        finally:
            holds = [release for _, _, release in self._pending.values()]
            for folder in self._pending:
                mark_own_pending(folder, False)
            self._pending.clear()
            for release in holds:
                release()


def _still_pending(folder: Path, journal: Journal) -> bool:
    """Whether the journal in `folder` is `journal` (its patches' second names are unique):
    a later save's journal is never completed or deleted in its place."""
    if not is_committed(folder):
        return False
    try:
        on_disk = read_journal(folder)
    except StoreError:
        return False
    return [p.original for p in on_disk.patches] == [p.original for p in journal.patches]


@contextlib.contextmanager
def completing_later() -> Iterator[Completion]:
    """Within this block (in this thread), a save that changes records of a CSV table
    commits them as a patch (`journal.Patch`) and returns before writing the table; it is
    written when the block ends, with the dataset lock held until then, so no other save
    and no reader (`journal.recover_for_reading` takes the lock) sees the folder half done.

    For the app, which shows the saved value meanwhile: at 1M values, writing the 57 MB
    values file takes 0,04–0,17 s. The save's `AfterSave.after` is then None and the
    `Completion`'s `fingerprint` holds it after the block. A failure to build the file
    raises `StoreError` at the end of the block: the save is committed and pending, and the
    next open or save completes it. Where a hard link cannot be made, the table is written
    before the commit, as without this block."""
    completion = Completion()
    _later.completion = completion
    try:
        yield completion
    finally:
        _later.completion = None
        completion.finish()


def _linked_patch(plan: TablePlan) -> Patch | None:
    """The plan's CSV file as a patch (`rowpatch.patch_recipe`), with a second name for the
    file as read; None when it cannot be patched or linked (then it is written whole)."""
    found = _from_csv_as_read(plan, patch_recipe)
    if found is None:
        return None
    data, recipe = found
    path = plan.source.path
    link = path.with_name(f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
    try:
        os.link(path, link)
        if os.stat(link).st_size != len(data):  # not the file as read: write it whole
            os.unlink(link)
            return None
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(link)
        return None
    parts = tuple(p if isinstance(p, tuple) else p.decode("utf-8") for p in recipe)
    return Patch(path.name, link.name, len(data), parts)


def _appended(plan: TablePlan) -> Append | None:
    """The rows to append to the plan's CSV file when the save only adds rows to it
    (`rowpatch.appended_records`); None when the file must be written again."""
    found = _from_csv_as_read(plan, appended_records)
    if found is None:
        return None
    return Append(plan.source.path.name, len(found[0]), found[1].decode("utf-8"))


def _patched(plan: TablePlan) -> list[bytes | memoryview] | None:
    """The CSV file's own bytes with only the changed records rewritten (`rowpatch`); None
    when the whole table must be written."""
    found = _from_csv_as_read(plan, patched_parts)
    return None if found is None else found[1]


T = TypeVar("T")
FromCsv = Callable[[bytes, pl.DataFrame, set[int | None], pl.Series, pl.DataFrame | None], T | None]


def _from_csv_as_read(plan: TablePlan, make: FromCsv[T]) -> tuple[bytes, T] | None:
    """The plan's CSV file's bytes as read, and what `make` (a `rowpatch` function) makes of
    them and the plan; None for Parquet or a new file, or when `make` gives None."""
    data, rows = plan.original_bytes, plan.original_rows
    if plan.source.fmt != "csv" or rows is None or data is None:
        return None
    made = make(data, plan.frame, plan.edited, rows, plan.changed)
    return None if made is None else (data, made)


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
