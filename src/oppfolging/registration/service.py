"""The registration service: the one path every writer takes to the dataset.

The value and measure forms, `set`, `set-measure`, `import` and `undo` all save through
`save`: a save that changes nothing a person typed (value, comment, status) writes nothing,
so re-registering or re-importing the same figures never rewrites `registered_by` and
`registered_at`; and a conflict is only ever about those cells, never about the
bookkeeping columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from oppfolging.domain.previous import Previous, PreviousValues, previous_value
from oppfolging.domain.schema import TABLES
from oppfolging.i18n import t
from oppfolging.registration.checks import (
    Indicator,
    RegistrationError,
    TypedValue,
    check_period,
    check_user,
    checked_value,
    implausible_message,
)
from oppfolging.registration.roundguard import guarded_edits
from oppfolging.store.csvparse import as_text, parse_table
from oppfolging.store.editplan import prepare_saves
from oppfolging.store.load import table_path
from oppfolging.store.lock import dataset_lock
from oppfolging.store.sharedread import keep_reads, read_once, shared_reads
from oppfolging.store.validate import CellError, coerce_value, kind_of
from oppfolging.store.write import RowEdit, SavedTable, SaveResult, save_edits

BOOKKEEPING = ("registered_by", "registered_at")
"""Columns the tool fills in itself: never a reason to save, never shown as a conflict."""


def no_change_text() -> str:
    """What a save that changes nothing says (the CLI and the forms)."""
    return t("registration.no_change")


def force_hint() -> str:
    """How to save a value that needs a confirmation anyway."""
    return t("registration.force_hint")


@dataclass(frozen=True)
class ValueAssessment:
    """A value checked for one indicator and period."""

    value: float
    previous: Previous | None
    implausible: str | None
    """Why the value needs a confirmation (`--force`), or None."""


def assess_value(
    indicator: Indicator,
    period: str,
    given: str | TypedValue,
    values: pl.DataFrame | PreviousValues,
    limit: float | None,
) -> ValueAssessment:
    """Check a value for `indicator` in `period` (`RegistrationError` when impossible) and
    compare it with the previous value (`domain.previous`, the round table's; `values` the
    values table, or for many rows that table indexed once)."""
    if isinstance(given, str) and not given.strip():
        raise RegistrationError(t("registration.value_required"))
    value = checked_value(indicator, given)
    ident = str(indicator.get("indicator_id") or "")
    if isinstance(values, PreviousValues):
        previous = values(ident, period)
    else:
        previous = previous_value(values, ident, period)
    return ValueAssessment(value, previous, implausible_message(value, previous, limit))


def checked_period(indicator: Indicator, text: str) -> str:
    """The period as the tables write it, matching the indicator's frequency."""
    return str(check_period(text, str(indicator.get("frequency") or "") or None))


def save(
    folder: Path,
    edits: list[RowEdit],
    user: str,
    now: datetime,
    *,
    correction: str | None = None,
    describe: bool = False,
    on_planned: Callable[[tuple[SavedTable, ...]], None] | None = None,
) -> SaveResult:
    """Save through `store.write.save_edits`, leaving out edits that change nothing a person
    typed (then nothing is written at all: `SaveResult(())`, see `no_change_text`).

    An edit for a locked round's period is refused (`roundguard.RoundLocked`) unless
    `correction` gives the reason; then the correction is logged as a round event in the
    same save (`roundguard.guarded_edits`). The guard and the save run under one hold of
    the dataset lock, so a round locked meanwhile (`rounds.lock_round`) is seen.
    `describe`: the result says what the save did (`store.write.AfterSave`), so the app can
    update the tables it holds (`Session.after_save`); `on_planned`: see `save_edits`."""
    check_user(user)
    with dataset_lock(folder), shared_reads():
        wanted = [_unchecked_bookkeeping(edit) for edit in drop_unchanged(folder, edits)]
        if not wanted:
            return SaveResult(())
        wanted = guarded_edits(folder, wanted, correction, user, now)
        return save_edits(folder, wanted, user, now, describe=describe, on_planned=on_planned)


SAVED_TABLES = ("values", "measure_updates", "assessments")
"""The tables the app's forms save rows of (the change log is appended to, not patched)."""


def keep_reads_for_saves(folder: Path) -> None:
    """For a process that saves again and again (the app): keep each table's read between
    saves while its bytes are unchanged, and read the tables a form saves now (call it off
    the UI thread), so a save parses no file (`store.sharedread`)."""
    keep_reads()
    prepare_saves(folder, SAVED_TABLES)


def drop_unchanged(folder: Path, edits: list[RowEdit]) -> list[RowEdit]:
    """The edits that change a value, comment or status the file holds now."""
    rows: dict[str, dict[tuple[str, ...], dict[str, object]]] = {}
    kept: list[RowEdit] = []
    for edit in edits:
        if edit.table not in rows:
            keys = [e.key for e in edits if e.table == edit.table]
            rows[edit.table] = rows_by_key(folder, edit.table, keys)
        key = tuple(edit.key[name] for name in TABLES[edit.table].key)
        if _changes(edit, rows[edit.table].get(key)):
            kept.append(edit)
    return kept


def rows_by_key(
    folder: Path, table: str, keys: list[dict[str, str]]
) -> dict[tuple[str, ...], dict[str, object]]:
    """The rows with one of `keys` as the file holds them now, by key. Only those rows are
    parsed and turned into Python objects (no validation of the whole table: the save
    validates what it writes), so the cost does not grow with the table beyond one read."""
    contract = TABLES[table]
    # A key without all its columns (a hand-edited log, for an undo) has no row: the save
    # refuses it with the key's own message.
    keys = [key for key in keys if all(name in key for name in contract.key)]
    path, _ = table_path(folder, table)
    raw = read_once(path)[0][0] if path is not None and keys else None
    if path is None or raw is None:
        return {}
    wanted = pl.DataFrame(
        {name: [str(key[name]) for key in keys] for name in contract.key},
        schema=dict.fromkeys(contract.key, pl.String()),
    ).unique()
    text = [as_text(raw, name) for name in contract.key]
    first = wanted.get_column(contract.key[0]).implode()
    narrowed = raw.filter(text[0].is_in(first))  # a scan, so the join hashes a few rows
    subset = narrowed.join(wanted, left_on=text, right_on=list(contract.key), how="semi")
    typed, _ = parse_table(subset, contract, path.name)
    found = typed.select(name for name in contract.column_names if name in typed.columns)
    return {tuple(str(row[name]) for name in contract.key): row for row in found.to_dicts()}


def _changes(edit: RowEdit, current: Mapping[str, object] | None) -> bool:
    if edit.new is None:
        return current is not None
    if current is None:
        return True
    return any(
        _typed(edit.table, column, given) != current.get(column)
        for column, given in edit.new.items()
        if column not in BOOKKEEPING
    )


def _typed(table: str, column: str, given: object) -> object:
    try:
        return coerce_value(given, kind_of(table, column))
    except CellError:
        return given


def _unchecked_bookkeeping(edit: RowEdit) -> RowEdit:
    """The edit checking for conflicts only in the cells a person types."""
    if edit.new is None:
        return edit
    if edit.expected is None:
        seen: dict[str, object] = {c: None for c in edit.new if c not in BOOKKEEPING}
    else:
        seen = {c: v for c, v in edit.expected.items() if c not in BOOKKEEPING}
    return RowEdit(edit.table, edit.key, edit.new, seen)
