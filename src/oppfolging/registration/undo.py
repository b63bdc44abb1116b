"""Undo and redo as a history of a user's own saves, each itself saved and logged.

Every change row may name, in the `undoes` column, the `at` of the save it reverses. Read
in log order (never by the largest `at`: a row with a clock in the future must not capture
every undo), a user's saves form two stacks: `done` (saves and redos, the next undo
reverses the top) and `undone` (undos, the next redo reverses the top). A new ordinary save
empties `undone`, as in an editor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl

from oppfolging.domain.changekey import decode_key
from oppfolging.domain.schema import TABLES
from oppfolging.i18n import t
from oppfolging.registration.checks import RegistrationError, check_user
from oppfolging.registration.roundguard import guarded_edits, refuse_round_events
from oppfolging.registration.service import rows_by_key
from oppfolging.store.edits import Conflict, ConflictError
from oppfolging.store.load import read_table
from oppfolging.store.sharedread import shared_reads
from oppfolging.store.validate import CellError, coerce_value, kind_of
from oppfolging.store.write import ChangeRow, RowEdit, SaveResult, save_edits


@dataclass(frozen=True)
class Save:
    """One save of the log: its moment, the save it reverses (if any) and its rows."""

    at: datetime
    undoes: datetime | None
    rows: tuple[ChangeRow, ...]


@dataclass
class History:
    """A user's saves as undo and redo stacks (tops last)."""

    done: list[Save] = field(default_factory=list)
    undone: list[Save] = field(default_factory=list)


def user_saves(folder: Path, user: str) -> list[Save]:
    """`user`'s saves in the order the log holds them (rows grouped by `at`)."""
    changes, _, _ = read_table(folder, "changes")
    mine = changes.with_row_index("_position").filter(pl.col("user") == user)
    groups: dict[datetime, list[ChangeRow]] = {}
    undoes: dict[datetime, datetime | None] = {}
    for r in mine.sort("_position").to_dicts():
        row = ChangeRow(
            r["at"], r["user"], r["table"], r["key"], r["column"], r["old"] or "", r["new"] or "",
            undoes=r.get("undoes"),
        )  # fmt: skip
        groups.setdefault(row.at, []).append(row)
        undoes.setdefault(row.at, row.undoes)
    return [Save(at, undoes[at], tuple(rows)) for at, rows in groups.items()]


def history(saves: list[Save]) -> History:
    """The undo and redo stacks after `saves` (see the module)."""
    stacks = History()
    for save in saves:
        if save.undoes is not None and stacks.done and stacks.done[-1].at == save.undoes:
            stacks.undone.append(save)
            stacks.done.pop()
        elif save.undoes is not None and stacks.undone and stacks.undone[-1].at == save.undoes:
            stacks.done.append(save)
            stacks.undone.pop()
        else:
            stacks.done.append(save)
            stacks.undone.clear()
    return stacks


def last_changes(folder: Path, user: str) -> list[ChangeRow]:
    """The change rows of the save `user`'s next undo would reverse."""
    done = history(user_saves(folder, user)).done
    return list(done[-1].rows) if done else []


def undo_last_change(folder: Path, user: str, now: datetime) -> list[ChangeRow]:
    """Undo `user`'s latest save that is not undone yet; returns the rows the undo wrote."""
    return list(undo_save(folder, user, now).changes)


def redo_last_undo(folder: Path, user: str, now: datetime) -> list[ChangeRow]:
    """Redo `user`'s latest undo (none after a new save); returns the rows written."""
    return list(undo_save(folder, user, now, redo=True).changes)


def undo_save(
    folder: Path, user: str, now: datetime, *, redo: bool = False, describe: bool = False
) -> SaveResult:
    """Undo `user`'s latest save that is not undone yet (`redo`: redo the latest undo), as
    a save of its own; `describe`: say what it did (`store.write.AfterSave`), so the app
    can update the tables it holds instead of reading the folder again."""
    check_user(user)
    stacks = history(user_saves(folder, user))
    pending = stacks.undone if redo else stacks.done
    if not pending:
        key = "registration.nothing_to_redo" if redo else "registration.nothing_to_undo"
        raise RegistrationError(t(key, user=user))
    return _reverse(folder, pending[-1], user, now, describe)


def _reverse(folder: Path, save: Save, user: str, now: datetime, describe: bool) -> SaveResult:
    groups: dict[tuple[str, str], list[ChangeRow]] = {}
    for row in save.rows:
        groups.setdefault((row.table, row.key), []).append(row)
    refuse_round_events([table for table, _ in groups])
    with shared_reads():  # each table read once, for its rows now and for the save
        now_rows = _rows_now(folder, list(groups))
        edits = [
            _undo_edit(table, decode_key(key), group, now_rows[table])
            for (table, key), group in groups.items()
        ]
        guarded_edits(folder, edits, None, user, now)  # an undo is never a correction
        result = save_edits(folder, edits, user, now, undoes=save.at, describe=describe)
    if not result.changes:
        raise RegistrationError(t("registration.nothing_to_restore"))
    return result


Rows = dict[tuple[str, ...], dict[str, object]]


def _rows_now(folder: Path, keys: list[tuple[str, str]]) -> dict[str, Rows]:
    """Per table, the rows with the save's keys as the file holds them now: only those
    are looked up (one read of each table, whatever its size)."""
    tables = sorted({table for table, _ in keys})
    return {
        table: rows_by_key(folder, table, [decode_key(k) for t, k in keys if t == table])
        for table in tables
    }


def _undo_edit(table: str, key: dict[str, str], rows: list[ChangeRow], now_rows: Rows) -> RowEdit:
    """The edit that puts one row back as it was before `rows` were changed."""
    after = {row.column: _typed(table, row.column, row.new) for row in rows}
    # The earliest `old` of each cell: a log written before `at` had microseconds may hold
    # two saves under one `at`, and both are undone rather than a mix of them.
    before: dict[str, object] = {}
    for row in rows:
        before.setdefault(row.column, _typed(table, row.column, row.old))
    contract = TABLES[table]
    if set(key) != set(contract.key):  # a hand-edited log: the save says what is wrong
        return RowEdit(table, key, before, after)
    found = now_rows.get(tuple(str(key[name]) for name in contract.key))
    now_row = None if found is None else {k: v for k, v in found.items() if k not in contract.key}
    if now_row is None:
        # Gone since the save: put back a row the save deleted; a row the save left was
        # deleted by someone else since, a conflict like any cell changed since (said here:
        # a save that only emptied cells expects nothing the missing row lacks).
        if not _deleted_by(table, after):
            gone = [Conflict(table, key, c, after[c], None, before.get(c)) for c in after]
            raise ConflictError(gone)
        return RowEdit(table, key, before, None)
    was_inserted = all(v is None for v in before.values())
    if was_inserted and all(v is None or c in after for c, v in now_row.items()):
        return RowEdit(table, key, None, after)
    return RowEdit(table, key, before, after)


def _deleted_by(table: str, after: dict[str, object]) -> bool:
    """Whether a save that left these cells deleted the row. A delete logs every cell the
    row had, so its marker column too: the required ones (`value`, `status`: a save never
    empties one and keeps the row), else `registered_by` (every saved row has it). A save
    that only emptied some cells (the same user in the same second leaves `registered_by`
    and `registered_at` as they were, unlogged) kept the row."""
    contract = TABLES[table]
    markers = [name for name in contract.required_names if name not in contract.key]
    if not markers and "registered_by" in contract.column_names:
        markers = ["registered_by"]
    return all(value is None for value in after.values()) and all(m in after for m in markers)


def _typed(table: str, column: str, text: str) -> object:
    """A change-log cell as its column's value (the log writes ISO dates and `.` decimals)."""
    try:
        return coerce_value(text or None, kind_of(table, column))
    except CellError:
        return text
