"""Planning a save: the edits matched to the rows in the files now, checked and applied.

`plan_edits` groups the edits by table, works out each table's `TablePlan` against the file
as it is (under the dataset lock, in `write.save_edits`), and refuses the whole save with
`ConflictError` or `EditRejected`; only the updated and inserted rows are validated.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import polars as pl

from oppfolging.domain.schema import TABLES, Table
from oppfolging.i18n import t
from oppfolging.store.csvio import IDX, ROW, detect_dialect
from oppfolging.store.csvparse import as_text, parse_table
from oppfolging.store.edits import (
    Cells,
    ConflictError,
    EditRejected,
    RowEdit,
    TablePlan,
    apply_cells,
    changed_positions,
    diff_edit,
    key_text,
)
from oppfolging.store.load import new_table_source, table_path
from oppfolging.store.model import Problem, TableSource
from oppfolging.store.rowpatch import file_spans
from oppfolging.store.sharedread import derived, read_once
from oppfolging.store.validate import (
    check_across,
    check_codes,
    check_periods,
    check_required,
    check_rules,
    cross_targets,
)


def plan_edits(folder: Path, edits: list[RowEdit]) -> list[TablePlan]:
    """Every table's plan, after checking conflicts and validating the new rows."""
    _, log_problems = table_path(folder, "changes")  # a folder or FIFO is never replaced
    if log_problems:
        raise EditRejected(log_problems)
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
        problem = Problem(f"{name}.csv", 0, "", t("store.table_not_editable", table=name))
        raise EditRejected([problem])
    table = TABLES[name]
    raw, source, original = read_for_edit(folder, table)
    raw = _with_columns(raw, table, source).with_row_index(IDX)
    raw = raw.with_columns(pl.col(IDX).cast(pl.Int64))
    plan = TablePlan(table, source, raw, height_before=raw.height)
    problems = _shape_problems(table, edits, raw, source.path.name)
    if problems:
        plan.problems = problems
        return plan
    matches = _match_rows(raw, table, edits)
    current = _current_rows(raw, table, source.path.name, matches)
    cells = Cells()
    for edit, index in zip(edits, matches, strict=True):
        diff_edit(plan, cells, edit, index, current.get(index) if index is not None else None)
    if original is not None:
        plan.original_rows = raw.get_column(ROW)
        plan.original_bytes = original
    plan.frame = apply_cells(raw, cells, source, table)
    inserted = len(cells.inserts)
    plan.changed = plan.frame[changed_positions(plan.frame, plan.edited, cells.deletes, inserted)]
    return plan


def read_for_edit(folder: Path, table: Table) -> tuple[pl.DataFrame, TableSource, bytes | None]:
    """The table's raw cells as the file holds them now (an empty frame for a new file),
    with the CSV file's bytes as read (None: a new file or Parquet), so a save patches the
    very bytes it checked; `EditRejected` when reading the file reports any problem."""
    path, problems = table_path(folder, table.name)
    if problems:
        raise EditRejected(problems)
    if path is None:
        source = new_table_source(folder, table.name)
        kinds = {c.name: c.dtype if source.fmt == "parquet" else pl.String() for c in table.columns}
        return pl.DataFrame(schema={ROW: pl.Int64(), **kinds}), source, None
    (raw, source, problems), data = read_once(path)
    if raw is None or problems:  # e.g. a column twice: a save would rename it
        raise EditRejected(problems)
    if data is None:
        return raw, detect_dialect(raw, table, source), data
    dialect = derived(data, f"dialect:{table.name}", lambda: detect_dialect(raw, table, source))
    return raw, dialect, data


def prepare_saves(folder: Path, tables: tuple[str, ...]) -> None:
    """Read each of `tables` as a save would, work out its record spans and type the tables
    it refers to, so that a save of the app that keeps its reads (`sharedread.keep_reads`)
    need not (at 1M values: 0,17 s). Nothing is kept for a file that cannot be read."""
    for name in tables:
        try:
            _, _, data = read_for_edit(folder, TABLES[name])
        except EditRejected:
            continue
        if data is not None:
            file_spans(data)
        for target in cross_targets(TABLES[name]):
            _typed_target(folder, target)


def _shape_problems(
    table: Table, edits: list[RowEdit], raw: pl.DataFrame, file: str
) -> list[Problem]:
    """Edits that cannot be applied at all: wrong key, unknown column, a row twice."""
    problems: list[Problem] = []
    seen: set[tuple[str, ...]] = set()
    for edit in edits:
        if set(edit.key) != set(table.key):
            key_problem = t("store.key_must_be", columns=", ".join(table.key))
            problems.append(Problem(file, 0, "", key_problem))
            continue
        ident = tuple(str(edit.key[name]) for name in table.key)
        if not all(part.strip() for part in ident):
            problems.append(Problem(file, 0, table.key[0], t("store.key_value_missing")))
        elif ident in seen:
            twice = t("store.changed_twice", row=key_text(table, edit))
            problems.append(Problem(file, 0, "", twice))
        seen.add(ident)
        for column in {**(edit.new or {}), **(edit.expected or {})}:
            known = column in table.column_names or column in raw.columns
            if column in table.key or column in (ROW, IDX) or not known:
                fixed = t("store.column_not_editable", column=column)
                problems.append(Problem(file, 0, column, fixed))
    return problems


def _with_columns(raw: pl.DataFrame, table: Table, source: TableSource) -> pl.DataFrame:
    """Add the contract columns the file lacks, so edits can set them."""
    missing = [c for c in table.columns if c.name not in raw.columns]
    dtype = {c.name: c.dtype if source.fmt == "parquet" else pl.String() for c in missing}
    return raw.with_columns(pl.lit(None, dtype=dtype[c.name]).alias(c.name) for c in missing)


def _match_rows(raw: pl.DataFrame, table: Table, edits: list[RowEdit]) -> list[int | None]:
    """The `__idx` of each edit's row now, None when its key does not exist. The rows are
    first narrowed to the edits' values of the first key column (a scan), so the join does
    not hash every row of a big table (0,1–0,6 s at 1M values, 5 ms narrowed)."""
    key = list(table.key)
    wanted = pl.DataFrame(
        {name: [str(edit.key[name]) for edit in edits] for name in key},
        schema=dict.fromkeys(key, pl.String()),
    ).with_row_index("__edit")
    have = raw.select(IDX, *(as_text(raw, name) for name in key))
    have = have.filter(pl.col(key[0]).is_in(wanted.get_column(key[0]).implode()))
    found = wanted.join(have, on=key, how="left").unique("__edit", keep="first")
    return list(found.sort("__edit").get_column(IDX).to_list())


def _current_rows(
    raw: pl.DataFrame, table: Table, file: str, matches: list[int | None]
) -> dict[int, dict[str, object]]:
    """The matched rows now, typed (extra columns as the file holds them), by `__idx`."""
    indices = [index for index in matches if index is not None]
    typed, _ = parse_table(raw.filter(pl.col(IDX).is_in(indices)), table, file)
    return {int(row[IDX]): row for row in typed.drop(ROW).to_dicts()}


def check_new_rows(folder: Path, plans: list[TablePlan]) -> list[Problem]:
    """The single-table and cross-table checks, on the updated and inserted rows only."""
    problems: list[Problem] = []
    for plan in plans:
        table, file = plan.table, plan.source.path.name
        subset = plan.changed_rows()
        typed, found = parse_table(subset, table, file)
        found += check_required(subset, table, file) + check_codes(typed, table, file)
        found += check_periods(typed, table, file) + check_rules(subset, typed, table, file)
        targets, files = _targets(folder, table, plans)
        found += check_across(table, typed, targets, {**files, table.name: file})
        problems += found
    return problems


def _targets(
    folder: Path, table: Table, plans: list[TablePlan]
) -> tuple[dict[str, pl.DataFrame], dict[str, str]]:
    """The typed tables `table` refers to, as they will be after this save."""
    edited = {plan.table.name: plan for plan in plans}
    frames: dict[str, pl.DataFrame] = {}
    files: dict[str, str] = {}
    for name in cross_targets(table):
        plan = edited.get(name)
        if plan is not None:
            frames[name] = parse_table(plan.frame, TABLES[name], plan.source.path.name)[0]
            files[name] = plan.source.path.name
            continue
        found = _typed_target(folder, name)
        if found is not None:
            frames[name], files[name] = found
    return frames, files


def _typed_target(folder: Path, name: str) -> tuple[pl.DataFrame, str] | None:
    """A table another refers to, typed, and its file name (None: no such file). A kept
    read (`sharedread.keep_reads`) is typed once per content of the file."""
    path, _ = table_path(folder, name)
    if path is None:
        return None
    (raw, source, _), data = read_once(path)
    if raw is None:
        return None
    parse = partial(parse_table, raw, TABLES[name], source.path.name)
    typed = derived(data, f"typed:{name}", parse)[0] if data is not None else parse()[0]
    return typed, source.path.name
