"""Edits of one value or one measure update, and saving them one at a time (the `set` and
`set-measure` commands); every save goes through `service.save`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Final, Literal

import polars as pl

from oppfolging.domain.changekey import decode_key
from oppfolging.domain.schema import TABLES
from oppfolging.i18n import t
from oppfolging.registration import service
from oppfolging.registration.checks import (
    COMMENT_REQUIRED,
    RegistrationError,
    check_period,
    measure_status_code,
)
from oppfolging.store.load import read_table
from oppfolging.store.write import ChangeRow, RowEdit, SaveResult

CURRENT: Final = "current"
"""`expected=CURRENT`: compare against the row as it is in the file now (the command line)."""
Expected = dict[str, object] | None | Literal["current"]


def value_edit(
    indicator_id: str,
    period: str,
    value: float | None,
    comment: str | None,
    user: str,
    now: datetime,
    expected: dict[str, object] | None,
    *,
    frequency: str | None = None,
) -> RowEdit:
    """The edit of one value (`value=None` deletes it); `frequency` checks the period.

    `comment=None` keeps the comment already registered (a new figure rarely makes the
    explanation wrong); `comment=""` clears it.
    """
    key = {"indicator_id": indicator_id.strip(), "period": str(check_period(period, frequency))}
    if value is None:
        return RowEdit("values", key, None, expected)
    if math.isnan(value) or math.isinf(value):
        raise RegistrationError(t("registration.value_not_finite"))
    new: dict[str, object] = {
        "value": float(value),
        "registered_by": user,
        "registered_at": moment(now),
    }
    if comment is not None:
        new["comment"] = comment.strip() or None
    return RowEdit("values", key, new, expected)


def measure_edit(
    measure_id: str,
    period: str,
    status: str,
    comment: str | None,
    user: str,
    now: datetime,
    expected: dict[str, object] | None,
) -> RowEdit:
    """The edit of one measure update; a delay or cancellation must say why.

    Like a value's comment, `comment=None` keeps the comment already registered (a new
    status saved without `--comment` must not lose the explanation someone wrote) and
    `comment=""` clears it. A delay or cancellation needs a comment given with it: the one
    already there may explain an earlier status.
    """
    checked = check_period(period)
    if checked.tertial is None:
        raise RegistrationError(t("registration.measure_tertial", year=checked.year))
    status = measure_status_code(status)
    text = (comment or "").strip()
    if status in COMMENT_REQUIRED and not text:
        word = t(f"status.{status}")
        raise RegistrationError(t("registration.comment_required", word=word))
    new: dict[str, object] = {
        "status": status,
        "registered_by": user,
        "registered_at": moment(now),
    }
    if comment is not None:
        new["comment"] = text or None
    return RowEdit(
        "measure_updates", {"measure_id": measure_id.strip(), "period": str(checked)}, new, expected
    )


def moment(now: datetime) -> datetime:
    """The time as the tables hold it: whole seconds, no time zone."""
    return now.replace(microsecond=0, tzinfo=None)


def find_indicator(
    folder: Path, indicator_id: str, indicators: pl.DataFrame | None = None
) -> dict[str, object]:
    """The indicator's row (in `indicators`, the table the caller has just loaded, else
    as the file holds it); RegistrationError when it does not exist."""
    if indicators is None:
        indicators, _, _ = read_table(folder, "indicators")
    rows = indicators.filter(pl.col("indicator_id") == indicator_id.strip()).to_dicts()
    if not rows:
        raise RegistrationError(t("registration.no_indicator", indicator=indicator_id))
    return rows[0]


def current_row(
    folder: Path, table: str, key: dict[str, str], frame: pl.DataFrame | None = None
) -> dict[str, object] | None:
    """The non-key cells of the row with `key` as the file holds them now (or as `frame`,
    the table just read by the caller, holds them), or None."""
    if frame is None:
        frame, _, _ = read_table(folder, table)
    contract = TABLES[table]
    match = pl.lit(value=True)
    for name, value in key.items():
        match = match & (pl.col(name) == value)
    rows = frame.select(contract.column_names).filter(match).to_dicts()
    if not rows:
        return None
    return {k: v for k, v in rows[0].items() if k not in contract.key}


def register_value(
    folder: Path,
    indicator_id: str,
    period: str,
    text_value: str,
    comment: str | None,
    user: str,
    now: datetime,
    expected: Expected = CURRENT,
    *,
    limit: float | None = None,
    force: bool = False,
    correction: str | None = None,
    values: pl.DataFrame | None = None,
    indicators: pl.DataFrame | None = None,
    describe: bool = False,
) -> SaveResult:
    """Check and save one value typed as text (an empty text deletes the value).

    `values`, `indicators`: the typed tables the caller has just loaded (so they are not
    read again); the save itself still reads the file under the lock and refuses a
    changed cell.

    With a plausibility `limit`, a value further than that from the previous value is
    refused (`RegistrationError`, with how to `--force` it) unless `force`.
    """
    indicator = find_indicator(folder, indicator_id, indicators)
    checked = service.checked_period(indicator, period)
    value: float | None = None
    # read once, for the check and for the value the user saw
    if values is None and (text_value.strip() or expected == CURRENT):
        values, _, _ = read_table(folder, "values")
    if text_value.strip() and values is not None:
        assessed = service.assess_value(indicator, checked, text_value, values, limit)
        if assessed.implausible and not force:
            raise RegistrationError(f"{assessed.implausible}. {service.force_hint()}")
        value = assessed.value
    edit = value_edit(indicator_id, checked, value, comment, user, now, None)
    edits = [_with_expected(folder, edit, expected, values)]
    return service.save(folder, edits, user, now, correction=correction, describe=describe)


def register_measure(
    folder: Path,
    measure_id: str,
    period: str,
    status: str,
    comment: str | None,
    user: str,
    now: datetime,
    expected: Expected = CURRENT,
    *,
    correction: str | None = None,
    measures: pl.DataFrame | None = None,
    updates: pl.DataFrame | None = None,
    describe: bool = False,
) -> SaveResult:
    """Check and save one measure update (`correction`: the reason, for a locked round).

    `measures`, `updates`: the typed tables the caller has just loaded (so they are not
    read again); the save itself reads the file under the lock and refuses a changed cell.
    `describe`: see `service.save`.
    """
    if measures is None:
        measures, _, _ = read_table(folder, "measures")
    if measures.filter(pl.col("measure_id") == measure_id.strip()).is_empty():
        raise RegistrationError(t("registration.no_measure", measure=measure_id))
    edit = measure_edit(measure_id, period, status, comment, user, now, None)
    edits = [_with_expected(folder, edit, expected, updates)]
    return service.save(folder, edits, user, now, correction=correction, describe=describe)


def _with_expected(
    folder: Path, edit: RowEdit, expected: Expected, frame: pl.DataFrame | None = None
) -> RowEdit:
    if expected != CURRENT:
        return RowEdit(edit.table, edit.key, edit.new, expected)
    seen = current_row(folder, edit.table, edit.key, frame)
    return RowEdit(edit.table, edit.key, edit.new, seen)


def resolve_user(given: str | None) -> str:
    """`--user`, else the name in the personal settings, else the OS login name."""
    if given and given.strip():
        return given.strip()
    from oppfolging.settings import load_personal_settings

    name = load_personal_settings().settings.name.strip()
    if name:
        return name
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (e.g. in some containers)
        return t("registration.unknown_user")


_FIELD_WORDS: Final = (
    "value",
    "comment",
    "registered_by",
    "registered_at",
    "status",
    "suggested",
    "text",
    "reason",
)
"""The columns a registration changes, each named by `changes.field.<column>`."""


def describe_change(row: ChangeRow, label: str | None = None) -> str:
    """One change as a Norwegian line: `pg-i1.1.1 1. tertial 2026: verdi 311 → 320,5`
    (`label`, such as the indicator's name and the period, in place of the key's values;
    periods and levels as words, never codes)."""
    key = label or " ".join(_key_part(name, value) for name, value in decode_key(row.key).items())
    field = t(f"changes.field.{row.column}") if row.column in _FIELD_WORDS else row.column
    old = _cell_text(row.column, row.old)
    new = _cell_text(row.column, row.new)
    return f"{key}: {field} {old} → {new}"


def _cell_text(column: str, text: str) -> str:
    """A logged cell as a person reads it: `64,8`, `22.11.2026 16:43`, a status word."""
    from oppfolging.fmt import format_datetime, format_number

    if not text:
        return t("changes.empty_cell")
    try:
        if column == "value":
            return format_number(float(text))
        if column == "registered_at":
            return format_datetime(datetime.fromisoformat(text))
    except ValueError:
        return text
    if column in ("status", "suggested"):
        from oppfolging.i18n import status_word

        word = status_word(text)
        return word if word and word != f"status.{text}" else text
    return text


def _key_part(name: str, value: str) -> str:
    """A key's value as a person reads it: a period or round in words, a level's word."""
    from oppfolging.domain.periods import period_words, round_text
    from oppfolging.i18n import t

    if not value:
        return name
    if name == "period":
        return period_words(value)
    if name == "round":
        return round_text(value)
    if name == "level":
        return t(f"level.{value}")
    return value


def describe_changes(rows: Sequence[ChangeRow]) -> list[str]:
    """The lines `describe_change` gives, except that a round event (a correction, a lock,
    a ready mark) is one line in words, never its cells or its change-log key."""
    from oppfolging.registration.roundguard import describe_event

    parts: list[ChangeRow | dict[str, str]] = []
    events: dict[str, dict[str, str]] = {}
    for row in rows:
        if row.table != "round_events":
            parts.append(row)
        elif row.key in events:
            events[row.key][row.column] = row.new
        else:
            events[row.key] = {**decode_key(row.key), row.column: row.new}
            parts.append(events[row.key])
    return [
        describe_change(part) if isinstance(part, ChangeRow) else describe_event(part)
        for part in parts
    ]
