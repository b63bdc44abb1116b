"""Registering indicator values and measure status: checks, edits, import and undo.

Headless (no textual): the `set`, `set-measure`, `import` and `undo` commands and the app's
forms share these functions. Every save goes through `store.write.save_edits`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final, Literal

import polars as pl

from oppfolging.domain.periods import Period, PeriodError, parse_period
from oppfolging.domain.schema import MEASURE_STATUSES, TABLES
from oppfolging.fmt import NumberError, format_number, parse_number
from oppfolging.store import importfile
from oppfolging.store.csvio import ROW
from oppfolging.store.importfile import IMPORT_COLUMNS
from oppfolging.store.importfile import ImportRejected as ImportRejected
from oppfolging.store.load import read_table
from oppfolging.store.model import Problem
from oppfolging.store.validate import CellError, coerce_value, kind_of
from oppfolging.store.write import ChangeRow, RowEdit, SaveResult, save_edits

CURRENT: Final = "current"
"""`expected=CURRENT`: compare against the row as it is in the file now (the command line)."""
Expected = dict[str, object] | None | Literal["current"]

COMMENT_REQUIRED = ("delayed", "cancelled")
_FREQUENCY_TEXT = {"tertial": "tertial (ÅÅÅÅ-T1, ÅÅÅÅ-T2, ÅÅÅÅ-T3)", "annual": "årlig (ÅÅÅÅ)"}


class RegistrationError(Exception):
    """Input that cannot be registered; `str(error)` is Norwegian, fit to show a user."""


# --- checks -----------------------------------------------------------------------------


def check_value(indicator: dict[str, object], value: float) -> str | None:
    """Why `value` cannot be right for `indicator` (by its unit), or None."""
    if math.isnan(value) or math.isinf(value):
        return "verdien må være et endelig tall"
    unit = str(indicator.get("unit") or "").strip().lower()
    if unit == "%" and not 0 <= value <= 100:
        return f"en prosentverdi må være mellom 0 og 100, ikke {_number(value)}"
    if unit == "antall" and value < 0:
        return f"et antall kan ikke være negativt ({_number(value)})"
    return None


def is_implausible_jump(previous: float | None, value: float, limit: float) -> bool:
    """True when `value` differs from `previous` by more than `limit` (a share, 0.5 = 50 %).

    From a previous value of 0 any change is a jump, since no relative change exists.
    """
    if previous is None or math.isnan(previous):
        return False
    if previous == 0:
        return value != 0
    return abs(value - previous) > limit * abs(previous)


def _number(value: float) -> str:
    return format_number(value)


def check_period(text: str, frequency: str | None = None) -> Period:
    """The period `text` names; it must match `frequency` when given."""
    try:
        period = parse_period(text)
    except PeriodError as error:
        raise RegistrationError(str(error)) from None
    if frequency is not None and period.frequency != frequency:
        wanted = _FREQUENCY_TEXT.get(frequency, frequency)
        raise RegistrationError(f"perioden «{text.strip()}» passer ikke: indikatoren er {wanted}")
    return period


# --- edits ------------------------------------------------------------------------------


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
    """The edit of one value (`value=None` deletes it); `frequency` checks the period."""
    key = {"indicator_id": indicator_id.strip(), "period": str(check_period(period, frequency))}
    if value is None:
        return RowEdit("values", key, None, expected)
    if math.isnan(value) or math.isinf(value):
        raise RegistrationError("verdien må være et endelig tall")
    new: dict[str, object] = {
        "value": float(value),
        "comment": (comment or "").strip() or None,
        "registered_by": user,
        "registered_at": _moment(now),
    }
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
    """The edit of one measure update; a delay or cancellation must say why."""
    checked = check_period(period)
    if checked.tertial is None:
        raise RegistrationError(
            f"tiltak rapporteres per tertial: bruk {checked.year}-T1, -T2 eller -T3"
        )
    status = status.strip()
    if status not in MEASURE_STATUSES:
        raise RegistrationError(f"ukjent status «{status}»: bruk {', '.join(MEASURE_STATUSES)}")
    text = (comment or "").strip()
    if status in COMMENT_REQUIRED and not text:
        raise RegistrationError(f"status «{status}» krever en kommentar som forklarer hvorfor")
    new: dict[str, object] = {
        "status": status,
        "comment": text or None,
        "registered_by": user,
        "registered_at": _moment(now),
    }
    return RowEdit(
        "measure_updates", {"measure_id": measure_id.strip(), "period": str(checked)}, new, expected
    )


def _moment(now: datetime) -> datetime:
    """The time as the tables hold it: whole seconds, no time zone."""
    return now.replace(microsecond=0, tzinfo=None)


# --- one value or update at a time -----------------------------------------------------


def find_indicator(folder: Path, indicator_id: str) -> dict[str, object]:
    """The indicator's row; RegistrationError when it does not exist."""
    indicators, _, _ = read_table(folder, "indicators")
    rows = indicators.filter(pl.col("indicator_id") == indicator_id.strip()).to_dicts()
    if not rows:
        raise RegistrationError(f"indikatoren «{indicator_id}» finnes ikke")
    return rows[0]


def current_row(folder: Path, table: str, key: dict[str, str]) -> dict[str, object] | None:
    """The non-key cells of the row with `key` as the file holds them now, or None."""
    frame, _, _ = read_table(folder, table)
    contract = TABLES[table]
    match = pl.lit(value=True)
    for name, value in key.items():
        match = match & (pl.col(name) == value)
    rows = frame.select(contract.column_names).filter(match).to_dicts()
    if not rows:
        return None
    return {k: v for k, v in rows[0].items() if k not in contract.key}


def parse_value_text(indicator: dict[str, object], text: str) -> float:
    """A typed value checked against the indicator's unit."""
    try:
        value = parse_number(text)
    except NumberError as error:
        raise RegistrationError(str(error)) from None
    reason = check_value(indicator, value)
    if reason is not None:
        raise RegistrationError(reason)
    return value


def register_value(
    folder: Path,
    indicator_id: str,
    period: str,
    text_value: str,
    comment: str | None,
    user: str,
    now: datetime,
    expected: Expected = CURRENT,
) -> SaveResult:
    """Check and save one value typed as text (an empty text deletes the value)."""
    indicator = find_indicator(folder, indicator_id)
    frequency = str(indicator.get("frequency") or "") or None
    value = parse_value_text(indicator, text_value) if text_value.strip() else None
    edit = value_edit(indicator_id, period, value, comment, user, now, None, frequency=frequency)
    return save_edits(folder, [_with_expected(folder, edit, expected)], user, now)


def register_measure(
    folder: Path,
    measure_id: str,
    period: str,
    status: str,
    comment: str | None,
    user: str,
    now: datetime,
    expected: Expected = CURRENT,
) -> SaveResult:
    """Check and save one measure update."""
    measures, _, _ = read_table(folder, "measures")
    if measures.filter(pl.col("measure_id") == measure_id.strip()).is_empty():
        raise RegistrationError(f"tiltaket «{measure_id}» finnes ikke")
    edit = measure_edit(measure_id, period, status, comment, user, now, None)
    return save_edits(folder, [_with_expected(folder, edit, expected)], user, now)


def _with_expected(folder: Path, edit: RowEdit, expected: Expected) -> RowEdit:
    if expected != CURRENT:
        return RowEdit(edit.table, edit.key, edit.new, expected)
    seen = current_row(folder, edit.table, edit.key)
    return RowEdit(edit.table, edit.key, edit.new, seen)


# --- undo -------------------------------------------------------------------------------


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
    key = dict(part.split("=", 1) for part in key_text.split(";"))
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


# --- import -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _ImportRow:
    row: int
    indicator_id: str
    period: str
    value: str
    comment: str


@dataclass(frozen=True)
class ImportResult(SaveResult):
    """What an import saved, and how many rows the file had."""

    imported_rows: int = 0


def import_rows(folder: Path, file: Path, user: str, now: datetime) -> ImportResult:
    """Import values from a CSV or XLSX file: every row, or none (`ImportRejected`)."""
    frame = read_import_file(file)
    indicators, _, _ = read_table(folder, "indicators")
    units = dict(zip(*indicators.select("indicator_id", "unit").get_columns(), strict=True))
    freqs = dict(zip(*indicators.select("indicator_id", "frequency").get_columns(), strict=True))
    problems: list[Problem] = []
    edits: list[RowEdit] = []
    seen: dict[tuple[str, str], int] = {}
    for item in _rows(frame):
        edit = _import_edit(item, file.name, units, freqs, user, now, problems)
        if edit is None:
            continue
        ident = (edit.key["indicator_id"], edit.key["period"])
        if ident in seen:
            message = f"{ident[0]} {ident[1]} står også på rad {seen[ident]}"
            problems.append(Problem(file.name, item.row, "period", message))
            continue
        seen[ident] = item.row
        edits.append(edit)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: (p.row, p.column)))
    saved = save_edits(folder, _expected_now(folder, edits), user, now)
    return ImportResult(saved.changes, imported_rows=frame.height)


def _import_edit(
    item: _ImportRow,
    file: str,
    units: dict[str, str],
    freqs: dict[str, str],
    user: str,
    now: datetime,
    problems: list[Problem],
) -> RowEdit | None:
    """One row's edit, or None with its problems added."""
    found: list[Problem] = []
    ident = item.indicator_id
    if ident not in units:
        found.append(Problem(file, item.row, "indicator_id", f"indikatoren «{ident}» finnes ikke"))
    period = item.period
    try:
        period = str(check_period(item.period, freqs.get(ident)))
    except RegistrationError as error:
        found.append(Problem(file, item.row, "period", str(error)))
    value: float | None = None
    try:
        value = parse_value_text({"unit": units.get(ident)}, item.value)
    except RegistrationError as error:
        found.append(Problem(file, item.row, "value", str(error)))
    if found or value is None:
        problems.extend(found)
        return None
    key = {"indicator_id": ident, "period": period}
    new: dict[str, object] = {"value": value, "registered_by": user, "registered_at": _moment(now)}
    if item.comment:  # no comment column, or a blank cell, keeps the comment there is
        new["comment"] = item.comment
    return RowEdit("values", key, new, None)


def _expected_now(folder: Path, edits: list[RowEdit]) -> list[RowEdit]:
    """The edits with the values now in the file as what the user saw (an import overwrites)."""
    values, _, _ = read_table(folder, "values")
    columns = [c for c in TABLES["values"].column_names if c not in ("indicator_id", "period")]
    existing = {
        (row["indicator_id"], row["period"]): {c: row[c] for c in columns}
        for row in values.select(TABLES["values"].column_names).to_dicts()
    }
    return [
        RowEdit(e.table, e.key, e.new, existing.get((e.key["indicator_id"], e.key["period"])))
        for e in edits
    ]


def _rows(frame: pl.DataFrame) -> list[_ImportRow]:
    def column(name: str) -> list[str]:
        if name not in frame.columns:
            return [""] * frame.height
        return [str(v or "").strip() for v in frame.get_column(name).to_list()]

    return [
        _ImportRow(*parts)
        for parts in zip(
            frame.get_column(ROW).to_list(),
            *(column(name) for name in (*IMPORT_COLUMNS, "comment")),
            strict=True,
        )
    ]


def read_import_file(file: Path) -> pl.DataFrame:
    """The file's cells as text with a `__row` column (header = row 1)."""
    try:
        return importfile.read_import_file(file)
    except importfile.ImportFileError as error:
        raise RegistrationError(str(error)) from None


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
        return "ukjent"


def describe_change(row: ChangeRow) -> str:
    """One change as a Norwegian line: `values indicator_id=…;period=…: value 311 → 320`."""
    old = row.old or "(tom)"
    new = row.new or "(tom)"
    return f"{row.table} {row.key}: {row.column} {old} → {new}"
