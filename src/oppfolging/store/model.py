"""What loading a dataset folder gives: the typed frames and the problems found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from oppfolging.domain.problem import Problem as Problem
from oppfolging.domain.schema import TABLES


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file was written, so it can be written back the same way."""

    separator: str = ","
    decimal_comma: bool = False
    bom: bool = False
    date_format: str = "%Y-%m-%d"


@dataclass(frozen=True)
class TableSource:
    """Where a table came from: its file, and the CSV dialect when it is a CSV."""

    path: Path
    fmt: str  # "csv" or "parquet"
    dialect: CsvDialect = field(default_factory=CsvDialect)
    extra_columns: tuple[str, ...] = ()


@dataclass
class Dataset:
    """Every table of a dataset folder as a typed polars frame (see `domain.schema`).

    Each frame has exactly the contract columns, in contract order, with the contract dtypes.
    Extra columns found in a file are not here; the store keeps them in the file on save.
    """

    folder: Path
    frames: dict[str, pl.DataFrame]
    sources: dict[str, TableSource] = field(default_factory=dict)
    fingerprint: str | None = None
    """The folder's fingerprint (`oppfolging.fingerprint`) when it was the same before and
    after the files were read — the files are exactly what these frames hold — else None.
    A save compares it with the files under its lock (`aftersave`)."""

    def __getitem__(self, table: str) -> pl.DataFrame:
        return self.frames[table]

    @property
    def plans(self) -> pl.DataFrame:
        return self.frames["plans"]

    @property
    def focus_areas(self) -> pl.DataFrame:
        return self.frames["focus_areas"]

    @property
    def goals(self) -> pl.DataFrame:
        return self.frames["goals"]

    @property
    def indicators(self) -> pl.DataFrame:
        return self.frames["indicators"]

    @property
    def values(self) -> pl.DataFrame:
        return self.frames["values"]

    @property
    def measures(self) -> pl.DataFrame:
        return self.frames["measures"]

    @property
    def measure_updates(self) -> pl.DataFrame:
        return self.frames["measure_updates"]

    @property
    def assessments(self) -> pl.DataFrame:
        return self.frames["assessments"]

    @property
    def changes(self) -> pl.DataFrame:
        return self.frames["changes"]

    @classmethod
    def empty(cls, folder: Path) -> Dataset:
        """A dataset with every table empty."""
        return cls(folder, {name: t.empty_frame() for name, t in TABLES.items()})


@dataclass
class LoadResult:
    """A loaded dataset and every problem found.

    `dataset` is usable even with problems (a cell that could not be parsed is null, a
    missing table is empty) so callers can still show the rest.
    """

    dataset: Dataset
    problems: list[Problem]
    notices: list[Problem] = field(default_factory=list)
    """What opening the dataset repaired (a killed save completed, a cut-off log line
    moved aside): to show once, as a warning; not problems, so `ok` does not count them."""

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings are allowed)."""
        return not any(not problem.is_warning for problem in self.problems)
