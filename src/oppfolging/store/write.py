"""Saving: atomic table writes, the dataset lock, the change log and `save_edits`.

Every change to a dataset goes through `save_edits`: the app's forms, `oppfolging set`,
`set-measure` and `import` all call it. Under the dataset lock it re-reads the table, checks
that nobody changed the edited cells since the user saw them, validates the new rows, writes
the table atomically and appends one change row per changed cell.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import filelock
import polars as pl

from oppfolging.domain.schema import CHANGES, TABLES, Kind, Table
from oppfolging.store.csvio import (
    BOM,
    IDX,
    ROW,
    as_text,
    detect_dialect,
    format_frame,
    format_value,
    header_dialect,
    parse_table,
    read_raw,
)
from oppfolging.store.load import table_path
from oppfolging.store.model import CsvDialect, Problem, TableSource
from oppfolging.store.validate import (
    CellError,
    check_codes,
    check_frequency,
    check_periods,
    check_references,
    check_required,
    check_rules,
    coerce_value,
    kind_of,
)

LOCK_NAME = ".oppfolging.lock"
TEMP_SUFFIX = ".oppfolging-tmp"


class StoreError(Exception):
    """A save that could not be done; `str(error)` is Norwegian, fit to show a user."""


class LockTimeout(StoreError):  # noqa: N818 (the name the callers use)
    """Another user held the dataset lock for longer than the timeout."""


@dataclass(frozen=True)
class Conflict:
    """A cell another user changed after this user saw it."""

    table: str
    key: dict[str, str] = field(hash=False)
    column: str
    expected: object
    current: object
    new: object


class ConflictError(StoreError):
    """Some edited cells were changed by someone else; nothing was written."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        cells = ", ".join(f"{c.table}.{c.column}" for c in conflicts[:5])
        super().__init__(f"Noen andre har endret {cells} siden du åpnet den; ingenting ble lagret")


class EditRejected(StoreError):  # noqa: N818 (the name the callers use)
    """The edits would make the dataset invalid; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems[:10])
        super().__init__(f"Endringene ble ikke lagret:\n{lines}")


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


def new_table_source(folder: Path, table: str) -> TableSource:
    """Where a table without a file goes: Parquet if the dataset is Parquet, else CSV in the
    dialect of the dataset's other CSV files."""
    csvs = [folder / f"{name}.csv" for name in TABLES if (folder / f"{name}.csv").is_file()]
    parquets = [name for name in TABLES if (folder / f"{name}.parquet").is_file()]
    if parquets and not csvs:
        return TableSource(folder / f"{table}.parquet", "parquet")
    dialect = CsvDialect()
    for path in csvs:
        with contextlib.suppress(OSError):
            with path.open("rb") as stream:
                head = stream.read(65_536)
            found, _ = header_dialect(head.removeprefix(BOM).decode("utf-8", errors="replace"))
            dialect = CsvDialect(found.separator, found.decimal_comma, head.startswith(BOM))
            break
    return TableSource(folder / f"{table}.csv", "csv", dialect)


# --- save_edits -------------------------------------------------------------------------


@dataclass(frozen=True)
class RowEdit:
    """One row to change: `new=None` deletes it; `new` holds the non-key columns to set (the
    row is inserted when its key does not exist). `expected` holds what the user saw for
    those columns; None means the user saw no row."""

    table: str
    key: dict[str, str]
    new: Mapping[str, object] | None
    expected: Mapping[str, object] | None = None


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


@dataclass
class TablePlan:
    """One table's edits worked out against the file as it is now."""

    table: Table
    source: TableSource
    frame: pl.DataFrame
    """The whole new table: raw cells, `ROW` renumbered, `IDX` the old position."""
    edited: set[int | None] = field(default_factory=set)
    """`IDX` of updated rows (None: inserted rows)."""
    changes: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def output(self) -> pl.DataFrame:
        """The frame to write: the file's columns only."""
        return self.frame.drop(ROW, IDX, strict=False)


@dataclass
class _Cells:
    """What the edits of one table do to its raw frame."""

    updates: dict[str, dict[int, object]] = field(default_factory=dict)
    deletes: set[int] = field(default_factory=set)
    inserts: list[dict[str, object]] = field(default_factory=list)


def plan_edits(folder: Path, edits: list[RowEdit]) -> list[TablePlan]:
    """Every table's plan, after checking conflicts and validating the new rows."""
    groups: dict[str, list[RowEdit]] = {}
    for edit in edits:
        groups.setdefault(edit.table, []).append(edit)
    plans = [plan_table(folder, name, group) for name, group in groups.items()]
    conflicts = [conflict for plan in plans for conflict in plan.conflicts]
    if conflicts:
        raise ConflictError(conflicts)
    problems = [problem for plan in plans for problem in plan.problems]
    problems += check_new_rows(folder, plans)
    if problems:
        raise EditRejected(problems)
    return plans


def plan_table(folder: Path, name: str, edits: list[RowEdit]) -> TablePlan:
    """Match the edits to the rows now in the file, find conflicts and changes, apply them."""
    if name not in TABLES or not TABLES[name].key:
        raise EditRejected([Problem(f"{name}.csv", 0, "", f"tabellen «{name}» kan ikke endres")])
    table = TABLES[name]
    raw, source = read_for_edit(folder, table)
    raw = _with_columns(raw, table, source).with_row_index(IDX)
    raw = raw.with_columns(pl.col(IDX).cast(pl.Int64))
    plan = TablePlan(table, source, raw)
    problems = _shape_problems(table, edits, raw, source.path.name)
    if problems:
        plan.problems = problems
        return plan
    matches = _match_rows(raw, table, edits)
    current = _current_rows(raw, table, source.path.name, matches)
    cells = _Cells()
    for edit, index in zip(edits, matches, strict=True):
        _diff_edit(plan, cells, edit, index, current.get(index) if index is not None else None)
    plan.frame = _apply(raw, cells, source, table)
    return plan


def read_for_edit(folder: Path, table: Table) -> tuple[pl.DataFrame, TableSource]:
    """The table's raw cells as the file holds them now (an empty frame for a new file)."""
    path, problems = table_path(folder, table.name)
    if problems:
        raise EditRejected(problems)
    if path is None:
        source = new_table_source(folder, table.name)
        kinds = {c.name: c.dtype if source.fmt == "parquet" else pl.String() for c in table.columns}
        return pl.DataFrame(schema={ROW: pl.Int64(), **kinds}), source
    raw, source, problems = read_raw(path)
    if raw is None:
        raise EditRejected(problems)
    return raw, detect_dialect(raw, table, source)


def _shape_problems(
    table: Table, edits: list[RowEdit], raw: pl.DataFrame, file: str
) -> list[Problem]:
    """Edits that cannot be applied at all: wrong key, unknown column, a row twice."""
    problems: list[Problem] = []
    seen: set[tuple[str, ...]] = set()
    for edit in edits:
        if set(edit.key) != set(table.key):
            problems.append(Problem(file, 0, "", f"nøkkelen må være {', '.join(table.key)}"))
            continue
        ident = tuple(str(edit.key[name]) for name in table.key)
        if not all(part.strip() for part in ident):
            problems.append(Problem(file, 0, table.key[0], "nøkkelverdi mangler"))
        elif ident in seen:
            problems.append(Problem(file, 0, "", f"{_key_text(table, edit)} endres to ganger"))
        seen.add(ident)
        for column in {**(edit.new or {}), **(edit.expected or {})}:
            known = column in table.column_names or column in raw.columns
            if column in table.key or column in (ROW, IDX) or not known:
                problems.append(Problem(file, 0, column, f"kolonnen «{column}» kan ikke endres"))
    return problems


def _key_text(table: Table, edit: RowEdit) -> str:
    """The change log's key: `indicator_id=pg-i1.1.1;period=2026-T1`."""
    return ";".join(f"{name}={edit.key[name]}" for name in table.key)


def _with_columns(raw: pl.DataFrame, table: Table, source: TableSource) -> pl.DataFrame:
    """Add the contract columns the file lacks, so edits can set them."""
    missing = [c for c in table.columns if c.name not in raw.columns]
    dtype = {c.name: c.dtype if source.fmt == "parquet" else pl.String() for c in missing}
    return raw.with_columns(pl.lit(None, dtype=dtype[c.name]).alias(c.name) for c in missing)


def _match_rows(raw: pl.DataFrame, table: Table, edits: list[RowEdit]) -> list[int | None]:
    """The `__idx` of each edit's row now, None when its key does not exist."""
    key = list(table.key)
    wanted = pl.DataFrame(
        {name: [str(edit.key[name]) for edit in edits] for name in key},
        schema=dict.fromkeys(key, pl.String()),
    ).with_row_index("__edit")
    have = raw.select(IDX, *(as_text(raw, name) for name in key))
    found = wanted.join(have, on=key, how="left").unique("__edit", keep="first")
    return list(found.sort("__edit").get_column(IDX).to_list())


def _current_rows(
    raw: pl.DataFrame, table: Table, file: str, matches: list[int | None]
) -> dict[int, dict[str, object]]:
    """The matched rows now, typed (extra columns as the file holds them), by `__idx`."""
    indices = [index for index in matches if index is not None]
    typed, _ = parse_table(raw.filter(pl.col(IDX).is_in(indices)), table, file)
    return {int(row[IDX]): row for row in typed.drop(ROW).to_dicts()}


def _diff_edit(
    plan: TablePlan,
    cells: _Cells,
    edit: RowEdit,
    index: int | None,
    current: dict[str, object] | None,
) -> None:
    """Record the edit's conflicts, cell changes and change-log rows in `plan` and `cells`."""
    if edit.new is None:
        if index is not None and current is not None:
            _diff_delete(plan, cells, edit, index, current)
        return
    values = _diff_upsert(plan, edit, edit.new, current)
    if index is None:
        cells.inserts.append({**edit.key, **values})
        plan.edited.add(None)
        return
    for column, value in values.items():
        cells.updates.setdefault(column, {})[index] = value
    plan.edited.add(index)


def _diff_delete(
    plan: TablePlan, cells: _Cells, edit: RowEdit, index: int, current: dict[str, object]
) -> None:
    table, key = plan.table, _key_text(plan.table, edit)
    cells_now = {c: v for c, v in current.items() if c not in table.key and c != IDX}
    checked = edit.expected if edit.expected is not None else dict.fromkeys(cells_now)
    for column, seen in checked.items():
        expected = _coerce(plan, column, seen)
        if cells_now.get(column) != expected:
            plan.conflicts.append(
                Conflict(table.name, edit.key, column, expected, cells_now.get(column), None)
            )
    cells.deletes.add(index)
    for column, value in cells_now.items():
        if value is not None:
            plan.changes.append((table.name, key, column, _text(table, column, value), ""))


def _diff_upsert(
    plan: TablePlan, edit: RowEdit, new: Mapping[str, object], current: dict[str, object] | None
) -> dict[str, object]:
    """The typed values that change; conflicts where someone else changed a cell since."""
    table, key = plan.table, _key_text(plan.table, edit)
    changed: dict[str, object] = {}
    for column, given in new.items():
        value = _coerce(plan, column, given, keep_text=True)
        now = current.get(column) if current is not None else None
        seen = edit.expected or {}
        checked = edit.expected is None or column in seen
        expected = _coerce(plan, column, seen.get(column))
        if checked and now != expected and now != value:
            plan.conflicts.append(Conflict(table.name, edit.key, column, expected, now, value))
        if now != value or current is None:
            changed[column] = value
        if now != value:
            old, text = _text(table, column, now), _text(table, column, value)
            plan.changes.append((table.name, key, column, old, text))
    return changed


def _coerce(plan: TablePlan, column: str, value: object, keep_text: bool = False) -> object:
    """An edited value as its column's type; a problem (and None) when it does not fit.

    With `keep_text`, a value for a CSV stays as text in the cell instead, so the row checks
    report it exactly as a bad cell in the file, with its row.
    """
    try:
        return coerce_value(value, kind_of(plan.table.name, column))
    except CellError as error:
        if keep_text and plan.source.fmt == "csv":
            return str(value)
        plan.problems.append(Problem(plan.source.path.name, 0, column, str(error)))
        return None


def _text(table: Table, column: str, value: object) -> str:
    """A value as the change log writes it."""
    kind = kind_of(table.name, column)
    if value is None:
        return ""
    return str(value) if isinstance(value, str) else format_value(value, kind)


def _raw_value(value: object, kind: Kind, dtype: pl.DataType, dialect: CsvDialect) -> object:
    """A typed value as the raw frame holds it: text in the file's dialect for a CSV."""
    if value is None or dtype != pl.String:
        return value
    return value if isinstance(value, str) else format_value(value, kind, dialect)


def _apply(raw: pl.DataFrame, cells: _Cells, source: TableSource, table: Table) -> pl.DataFrame:
    """The new raw frame: updates, then deletes, then inserts at the end; rows renumbered."""
    frame = raw
    for column, by_index in cells.updates.items():
        series = frame.get_column(column)
        kind = kind_of(table.name, column)
        values = [_raw_value(v, kind, series.dtype, source.dialect) for v in by_index.values()]
        new = pl.Series(column, values, dtype=series.dtype, strict=False)
        frame = frame.with_columns(series.scatter(list(by_index), new))
    if cells.deletes:
        frame = frame.filter(~pl.col(IDX).is_in(list(cells.deletes)))
    if cells.inserts:
        rows = [
            {
                c: _raw_value(row.get(c), kind_of(table.name, c), t, source.dialect)
                for c, t in frame.schema.items()
            }
            for row in cells.inserts
        ]
        frame = pl.concat([frame, pl.DataFrame(rows, schema=frame.schema)])
    return frame.with_columns(pl.int_range(2, pl.len() + 2, dtype=pl.Int64).alias(ROW))


def check_new_rows(folder: Path, plans: list[TablePlan]) -> list[Problem]:
    """The single-table and cross-table checks, on the updated and inserted rows only."""
    problems: list[Problem] = []
    for plan in plans:
        table, file = plan.table, plan.source.path.name
        updated = [index for index in plan.edited if index is not None]
        edited = pl.col(IDX).is_in(updated) | pl.col(IDX).is_null()
        subset = plan.frame.filter(edited if None in plan.edited else pl.col(IDX).is_in(updated))
        typed, found = parse_table(subset, table, file)
        found += check_required(subset, table, file) + check_codes(typed, table, file)
        found += check_periods(typed, table, file) + check_rules(subset, typed, table, file)
        targets, files = _targets(folder, table, plans)
        found += check_references(table, typed, targets, files)
        if table.name == "values" and "indicators" in targets:
            found += check_frequency(typed, targets["indicators"], file)
        problems += found
    return problems


def _targets(
    folder: Path, table: Table, plans: list[TablePlan]
) -> tuple[dict[str, pl.DataFrame], dict[str, str]]:
    """The typed tables `table` refers to, as they will be after this save."""
    names = {*table.references.values(), *(["plans"] if table.name == "plans" else [])}
    if table.name == "values":
        names.add("indicators")
    edited = {plan.table.name: plan for plan in plans}
    frames: dict[str, pl.DataFrame] = {}
    files: dict[str, str] = {}
    for name in names:
        plan = edited.get(name)
        raw, source = (plan.frame, plan.source) if plan else _read_target(folder, name)
        if raw is not None and source is not None:
            frames[name] = parse_table(raw, TABLES[name], source.path.name)[0]
            files[name] = source.path.name
    return frames, files


def _read_target(folder: Path, name: str) -> tuple[pl.DataFrame | None, TableSource | None]:
    path, _ = table_path(folder, name)
    if path is None:
        return None, None
    raw, source, _ = read_raw(path)
    return raw, source
