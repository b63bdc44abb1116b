"""Loading a dataset folder: every table read, typed and checked, all problems collected."""

from __future__ import annotations

import contextlib
from pathlib import Path

import polars as pl

from oppfolging.domain.schema import TABLES, Table
from oppfolging.i18n import t
from oppfolging.store import cache
from oppfolging.store.csvio import BOM, ROW, detect_dialect, header_dialect, read_raw
from oppfolging.store.csvparse import parse_table
from oppfolging.store.fileinfo import exists, file_problem
from oppfolging.store.model import CsvDialect, Dataset, LoadResult, Problem, TableSource
from oppfolging.store.validate import check_dataset, check_table

FORMATS = ("csv", "parquet")


def table_path(folder: Path, table_name: str) -> tuple[Path | None, list[Problem]]:
    """The file of a table, or None when it has none; both formats present is a problem.

    A name that exists but is no readable regular file (a folder, a FIFO, a dangling link,
    an unreadable file) is a problem and no path, so nothing reads it and no save
    replaces it.
    """
    named = [folder / f"{table_name}.{fmt}" for fmt in FORMATS]
    named = [path for path in named if exists(path)]
    broken = [(path, file_problem(path)) for path in named]
    problems = [Problem(path.name, 0, "", reason) for path, reason in broken if reason]
    if problems:
        return None, problems
    found = named
    if len(found) == 2:
        message = t("store.csv_and_parquet", table=table_name)
        return found[0], [Problem(found[1].name, 0, "", message)]
    return (found[0] if found else None), []


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


def read_checked(
    folder: Path, table: Table
) -> tuple[pl.DataFrame | None, TableSource | None, list[Problem]]:
    """A table typed with its `__row` column and extras, and every single-table problem.

    The frame is None when the table has no file or the file cannot be read.
    """
    path, problems = table_path(folder, table.name)
    if path is None:
        if table.optional or problems:
            return None, None, problems
        return None, None, [*problems, Problem(f"{table.name}.csv", 0, "", t("store.file_missing"))]
    raw, source, read_problems = read_raw(path)
    problems += read_problems
    if raw is None:
        return None, source, problems
    source = detect_dialect(raw, table, source)
    typed, parse_problems = parse_table(raw, table, path.name)
    problems += parse_problems
    problems += check_table(raw, typed, table, path.name)
    return typed, source, problems


def read_table(
    folder: Path, table_name: str
) -> tuple[pl.DataFrame, TableSource | None, list[Problem]]:
    """One table: typed contract columns in contract order, then the file's extra columns.

    A table without a file (or with an unreadable one) is an empty frame.
    """
    table = TABLES[table_name]
    typed, source, problems = read_checked(folder, table)
    if typed is None:
        return table.empty_frame(), source, problems
    return typed.drop(ROW), source, problems


def load_dataset(folder: Path, *, keep: bool = True) -> LoadResult:
    """Every table of `folder`, typed, and every problem found (never raises for bad data).

    A save that was killed is completed first, and a cut-off last log line moved aside
    (`journal.recover_for_reading`); what was done is in the result's `notices`."""
    if not folder.is_dir():
        message = t("store.folder_missing") if not folder.exists() else t("store.not_a_folder")
        return LoadResult(Dataset.empty(folder), [Problem(str(folder), 0, "", message)])
    from oppfolging.store.journal import recover_for_reading  # it imports this module

    notices, problems = recover_for_reading(folder)
    if notices or problems or not cache.enabled():
        return _load_files_steady(folder, notices, problems)
    return _load_through_cache(folder, keep)


def _load_files_steady(folder: Path, notices: list[Problem], problems: list[Problem]) -> LoadResult:
    """`_load_files`, with the folder's fingerprint kept when no file changed meanwhile."""
    from oppfolging.fingerprint import dataset_fingerprint

    before = dataset_fingerprint(folder)
    result = _load_files(folder, notices, problems)
    if dataset_fingerprint(folder) == before:
        result.dataset.fingerprint = before
    return result


def _load_through_cache(folder: Path, keep: bool = True) -> LoadResult:
    """The cached load while the files are unchanged; else the files, then cached.

    The fingerprint is taken before the files are read and again after: a save that lands
    in between leaves nothing cached that no longer matches the files."""
    from oppfolging.fingerprint import dataset_fingerprint
    from oppfolging.i18n import language

    fingerprint = dataset_fingerprint(folder)
    key = cache.cache_key(fingerprint, language())
    cached = cache.read_cached(folder, key)
    if cached is not None:
        cached.dataset.fingerprint = fingerprint
        return cached
    result = _load_files(folder, [], [])
    if cache.cache_key(dataset_fingerprint(folder), language()) == key:
        result.dataset.fingerprint = fingerprint
        if keep:
            cache.write_cached(folder, key, result)
    return result


def _load_files(folder: Path, notices: list[Problem], problems: list[Problem]) -> LoadResult:
    """Every table read from its file and checked (`load_dataset` without the cache)."""
    problems = list(problems)
    frames: dict[str, pl.DataFrame] = {}
    sources: dict[str, TableSource] = {}
    loaded: dict[str, pl.DataFrame] = {}
    for name, table in TABLES.items():
        typed, source, table_problems = read_checked(folder, table)
        problems += table_problems
        if source is not None:
            sources[name] = source
        if typed is None:
            frames[name] = table.empty_frame()
            continue
        loaded[name] = typed
        frames[name] = typed.select(table.column_names)
    files = {name: source.path.name for name, source in sources.items()}
    problems += check_dataset(loaded, files)
    dataset = Dataset(folder, frames, sources)
    return LoadResult(dataset, sorted(problems, key=_order), notices)


def _order(problem: Problem) -> tuple[int, str, int, str]:
    """Problems in table order, then row, then column."""
    stem = problem.file.rsplit(".", 1)[0]
    index = list(TABLES).index(stem) if stem in TABLES else len(TABLES)
    return (index, problem.file, problem.row, problem.column)
