"""Importing mapped indicators' figures from SSB tables: every figure of every file, or none.

Each indicator whose `ssb_table` is a file's table gets the cell for its contents code, its
filter's codes and the dataset's region, for every year of the table. A cell with no value
(status `..` "not yet available", `.` "not applicable", or null) is skipped: it never
overwrites a registered value. A figure that differs from the registered one (a preliminary
figure made final) is saved and logged like any change. Figures are checked like a typed
value, plausibility included, through `registration.importing`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import polars as pl

from oppfolging.domain.previous import PreviousValues
from oppfolging.domain.ssbsource import (
    CONTENTS_DIMENSION,
    SSB_COLUMNS,
    SsbSource,
    SsbSourceError,
    is_region_dimension,
    parse_source,
    ssb_registrar,
)
from oppfolging.i18n import t
from oppfolging.registration import service
from oppfolging.registration.importing import (
    ImportContext,
    ImportRow,
    expected_now,
    import_edit,
    indicators_and_values,
)
from oppfolging.registration.ssb.csvdownload import read_csv_download
from oppfolging.registration.ssb.jsonstat import SsbFileError, SsbTable, read_jsonstat
from oppfolging.store.importfile import ImportRejected
from oppfolging.store.load import read_table
from oppfolging.store.model import Dataset, Problem
from oppfolging.store.sharedread import shared_reads
from oppfolging.store.validate import with_ssb_mapping
from oppfolging.store.write import RowEdit, SaveResult


@dataclass(frozen=True)
class SsbImportResult(SaveResult):
    """What an SSB import saved (or would save), and the cells it skipped as not available."""

    planned: tuple[RowEdit, ...] = ()
    """The edits that change something (also filled by a dry run, which saves nothing)."""
    not_available: int = 0
    mapped: int = 0
    """How many mapped indicators the files held."""
    dry_run: bool = False

    @property
    def summary_line(self) -> str | None:
        """The last line a dry run prints (None: the usual summary of a save)."""
        return t("ssb.import.dry_run", count=len(self.planned)) if self.dry_run else None


def import_ssb_files(
    folder: Path,
    files: list[Path],
    user: str,
    now: datetime,
    *,
    region: str = "",
    limit: float | None = None,
    force: bool = False,
    dry_run: bool = False,
    dataset: Dataset | None = None,
    describe: bool = False,
) -> SsbImportResult:
    """Import the mapped indicators' figures from `files`; all or none (`ImportRejected`).

    `dataset`: the tables the caller has just loaded (else the files are read); only the
    mapped indicators' rows are looked at. `describe`: see `service.save`."""
    problems: list[Problem] = []
    tables = [_read(file, problems) for file in files]
    indicators, values = indicators_and_values(folder, dataset)
    by_id = {str(row["indicator_id"]): row for row in with_ssb_mapping(indicators).to_dicts()}
    sources = _sources(by_id, problems)
    previous = PreviousValues(values, sources)
    edits: list[RowEdit] = []
    not_available = mapped = 0
    seen: dict[tuple[str, str], str] = {}
    for table in (table for table in tables if table is not None):
        registrar = ssb_registrar(user, table.file)
        limited = None if force else limit
        context = ImportContext(table.file, by_id, previous, limited, registrar, now)
        for ident, source in sources.items():
            if source.table != table.table:
                continue
            mapped += 1
            picked = _pick(table, ident, source, region, problems)
            for year, value in picked.items():
                if value is None:
                    not_available += 1
                    continue
                known = len(context.problems)
                edit = import_edit(ImportRow(0, ident, year, str(value), "", value), context)
                context.problems[known:] = [
                    replace(p, column=f"{ident} {year}") for p in context.problems[known:]
                ]
                if edit is None:
                    continue
                ident_period = (ident, str(edit.key["period"]))
                if ident_period in seen:
                    message = t("ssb.import.twice", indicator=ident, other=seen[ident_period])
                    problems.append(Problem(table.file, 0, ident, message))
                    continue
                seen[ident_period] = table.file
                edits.append(edit)
        problems.extend(context.problems)
    if problems:
        raise ImportRejected(problems)
    with shared_reads():  # the values file is read once, for the plan and the save
        planned = expected_now(folder, service.drop_unchanged(folder, edits))
        if dry_run or not planned:
            return SsbImportResult((), None, tuple(planned), not_available, mapped, dry_run)
        saved = service.save(folder, planned, user, now, describe=describe)
    return SsbImportResult(saved.changes, saved.after, tuple(planned), not_available, mapped)


def mapped_sources(folder: Path, indicators: pl.DataFrame | None = None) -> dict[str, SsbSource]:
    """Indicator id → its SSB mapping (`ImportRejected` when a mapping cannot be read);
    `indicators`: the table as the caller has just loaded it (else the file is read)."""
    if indicators is None:
        indicators, _, _ = read_table(folder, "indicators")
    problems: list[Problem] = []
    found = _sources(
        {str(r["indicator_id"]): r for r in with_ssb_mapping(indicators).to_dicts()}, problems
    )
    if problems:
        raise ImportRejected(problems)
    return found


def _read(file: Path, problems: list[Problem]) -> SsbTable | None:
    """A JSON-stat file, or a Statistikkbanken CSV download (by its suffix)."""
    try:
        if file.suffix.lower() in (".csv", ".txt"):
            return read_csv_download(file)
        return read_jsonstat(file)
    except SsbFileError as error:
        problems.append(Problem(error.file, error.row, error.where, str(error)))
        return None


def _sources(
    indicators: dict[str, dict[str, object]], problems: list[Problem]
) -> dict[str, SsbSource]:
    found: dict[str, SsbSource] = {}
    for ident, row in indicators.items():
        try:
            source = parse_source(*(str(row.get(name) or "") for name in SSB_COLUMNS))
        except SsbSourceError as error:
            problems.append(Problem("indicators", 0, error.column, f"{ident}: {error}"))
            continue
        if source is not None:
            found[ident] = source
    return found


def _pick(
    table: SsbTable, ident: str, source: SsbSource, region: str, problems: list[Problem]
) -> dict[str, float | None]:
    """Year → the indicator's figure (None: not available); empty with problems added."""
    wanted: list[str | None] = []
    found: list[Problem] = []

    def problem(dimension: str, key: str, **values: str) -> None:
        message = t(key, indicator=ident, dimension=dimension, **values)
        found.append(Problem(table.file, 0, dimension, message))

    for dimension in table.dimensions:
        if dimension.id == table.time:
            wanted.append(None)
            continue
        code = _fixed_code(source, dimension.id)
        if code is None and dimension.id == CONTENTS_DIMENSION:
            code = source.contents_code
        if code is None and is_region_dimension(dimension.id):
            code = region or None
            if code is None:
                problem(dimension.id, "ssb.pick.no_region")
                continue
        if code is None:
            problem(dimension.id, "ssb.pick.not_fixed")
        elif code not in dimension.codes:
            problem(dimension.id, "ssb.pick.unknown_code", code=code)
        wanted.append(code)
    for dimension_id, _ in source.fixed:
        if not any(_same_dimension(dimension_id, d.id) for d in table.dimensions):
            problem(dimension_id, "ssb.pick.unknown_dimension", table=table.table)
    if found:
        problems.extend(found)
        return {}
    time = table.dimension(table.time)
    years = time.codes if time is not None else ()
    return {year: _value(table, wanted, year) for year in years}


def _same_dimension(mapped: str, found: str) -> bool:
    """The filter's dimension and the table's: the same id in any case, or both a region
    (a CSV download names KOSTRA's `KOKkommuneregion0000` just `region`)."""
    if mapped.lower() == found.lower():
        return True
    return is_region_dimension(mapped) and is_region_dimension(found)


def _fixed_code(source: SsbSource, dimension: str) -> str | None:
    return next((c for d, c in source.fixed if _same_dimension(d, dimension)), None)


def _value(table: SsbTable, wanted: list[str | None], year: str) -> float | None:
    codes = tuple(year if code is None else code for code in wanted)
    cell = table.cells.get(codes)
    if cell is None or cell.value is None or cell.status in ("..", ".", "...", ":"):
        return None
    return cell.value
