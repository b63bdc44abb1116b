"""Undoing a user's most recent save, itself saved (and logged) like any other save."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl

from oppfolging.domain.changekey import decode_key
from oppfolging.registration.checks import RegistrationError
from oppfolging.registration.edits import current_row
from oppfolging.store.load import read_table
from oppfolging.store.validate import CellError, coerce_value, kind_of
from oppfolging.store.write import ChangeRow, RowEdit, save_edits


def last_changes(folder: Path, user: str) -> list[ChangeRow]:
    """The change rows of `user`'s most recent save (same `at` and `user`)."""
    changes, _, _ = read_table(folder, "changes")
    mine = changes.filter(pl.col("user") == user)
    if mine.is_empty():
        return []
    latest = mine.get_column("at").max()
    rows = mine.filter(pl.col("at") == latest).to_dicts()
    return [
        ChangeRow(
            r["at"], r["user"], r["table"], r["key"], r["column"], r["old"] or "", r["new"] or ""
        )
        for r in rows
    ]


def undo_last_change(folder: Path, user: str, now: datetime) -> list[ChangeRow]:
    """Undo `user`'s most recent save through `save_edits`; returns the rows undone."""
    rows = last_changes(folder, user)
    if not rows:
        raise RegistrationError(f"ingen endringer av {user} å angre")
    groups: dict[tuple[str, str], list[ChangeRow]] = {}
    for row in rows:
        groups.setdefault((row.table, row.key), []).append(row)
    edits = [_undo_edit(folder, table, key, group) for (table, key), group in groups.items()]
    save_edits(folder, edits, user, now)
    return rows


def _undo_edit(folder: Path, table: str, key_text: str, rows: list[ChangeRow]) -> RowEdit:
    """The edit that puts one row back as it was before `rows` were changed."""
    key = decode_key(key_text)
    after = {row.column: _typed(table, row.column, row.new) for row in rows}
    # The earliest `old` of each cell: a log written before `at` had microseconds may hold
    # two saves under one `at`, and both are undone rather than a mix of them.
    before: dict[str, object] = {}
    for row in rows:
        before.setdefault(row.column, _typed(table, row.column, row.old))
    now_row = current_row(folder, table, key)
    if now_row is None:
        return RowEdit(table, key, before, None)
    was_inserted = all(v is None for v in before.values())
    if was_inserted and all(v is None or c in after for c, v in now_row.items()):
        return RowEdit(table, key, None, after)
    return RowEdit(table, key, before, after)


def _typed(table: str, column: str, text: str) -> object:
    """A change-log cell as its column's value (the log writes ISO dates and `.` decimals)."""
    try:
        return coerce_value(text or None, kind_of(table, column))
    except CellError:
        return text
