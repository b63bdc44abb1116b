"""The format-neutral report of a reporting round.

`make_report` asks the engine for the round (`compute_round`), the roll-ups and the revision
table, and `build_report` turns those frames into a `Report`: titled tables of typed cells
(raw value, Norwegian display text, status code) and the plan → focus area → goal outline.
Every writer in `oppfolging.reporting.export` only renders a `Report`, so no export computes
a number of its own and the report always agrees with the dashboard.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from oppfolging.domain.periods import Period

if TYPE_CHECKING:
    from oppfolging.settings import DatasetSettings
    from oppfolging.store.model import Dataset

CellValue = str | int | float | date | datetime | bool | None


class CellKind(StrEnum):
    """What a cell holds, so a writer can pick a native type and number format."""

    TEXT = "text"
    NUMBER = "number"
    """A measured number; `Cell.unit` and `Cell.decimals` say how it is shown."""
    INTEGER = "integer"
    """A count."""
    SHARE = "share"
    """A share from 0 to 1, shown as a percentage."""
    DATE = "date"
    BOOL = "bool"
    STATUS = "status"
    """A status, trend or flag code; `value` is the code, `text` its Norwegian word."""


class Cell(NamedTuple):
    """One cell: the raw value, how it is shown, and its status code (for colour).

    A named tuple rather than a dataclass: a big plan has hundreds of thousands of cells,
    and a tuple is several times cheaper to create.
    """

    value: CellValue
    text: str
    kind: CellKind = CellKind.TEXT
    status: str | None = None
    """A status code when the cell is coloured by status (see `domain.codes.COLOURS`)."""
    unit: str = ""
    decimals: int = 0


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: a stable key, its Norwegian heading and the kind of its cells."""

    key: str
    label: str
    kind: CellKind = CellKind.TEXT

    @property
    def numeric(self) -> bool:
        """True for columns a writer aligns right."""
        return self.kind in {CellKind.NUMBER, CellKind.INTEGER, CellKind.SHARE}


Row = tuple[Cell, ...]


@dataclass
class Table:
    """A titled table; `key` names its sheet / file (`indikatorer` → `indikatorer.csv`)."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: list[Row] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    """The id of each row's item (indicator_id, measure_id, plan_id …) when it has one."""

    def column_index(self, key: str) -> int:
        """The position of the column called `key`."""
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        raise KeyError(key)

    def column_values(self, key: str) -> list[Cell]:
        """Every cell of one column, top to bottom."""
        index = self.column_index(key)
        return [row[index] for row in self.rows]

    def subset(self, indices: list[int], drop_columns: int = 0) -> Table:
        """The rows at `indices`, without the first `drop_columns` columns."""
        rows = [self.rows[i][drop_columns:] for i in indices]
        ids = [self.ids[i] for i in indices] if self.ids else []
        return Table(self.key, self.title, self.columns[drop_columns:], rows, ids)


@dataclass
class GoalSection:
    """A goal with its indicators and measures (without the plan/focus area/goal columns)."""

    goal_id: str
    text: str
    indicators: Table
    measures: Table


@dataclass
class FocusAreaSection:
    """A focus area and its goals."""

    focus_area_id: str
    number: int | None
    name: str
    goals: list[GoalSection]

    @property
    def heading(self) -> str:
        """`2. Mestring i eget liv` (number and name)."""
        return f"{self.number}. {self.name}" if self.number is not None else self.name


@dataclass
class PlanSection:
    """A plan and its focus areas."""

    plan_id: str
    name: str
    focus_areas: list[FocusAreaSection]


@dataclass(frozen=True)
class ChartSeries:
    """An indicator's registered values over time, for a line chart."""

    indicator_id: str
    title: str
    unit: str
    periods: tuple[str, ...]
    values: tuple[float, ...]
    target: float | None


@dataclass
class Report:
    """A whole report: what every writer renders."""

    title: str
    round: Period
    as_of: date
    plan_id: str | None
    plans: list[PlanSection]
    tables: list[Table]
    """Indikatorer, Tiltak, Sammendrag, Rullering, Finansiering — in that order."""
    charts: list[ChartSeries] = field(default_factory=list)
    charts_total: int = 0
    """How many indicators the report has (more than `charts_limit`: the charts are capped)."""
    charts_limit: int = 0
    """Charts were made for at most this many indicators, the first ones of the report."""

    @property
    def round_label(self) -> str:
        """`1. tertial 2026` / `Årsrapport 2026`."""
        return self.round.round_label

    def table(self, key: str) -> Table:
        """The table called `key` (`indikatorer`, `tiltak`, …)."""
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def goals(self) -> Iterator[tuple[PlanSection, FocusAreaSection, GoalSection]]:
        """Every goal of the outline with its plan and focus area."""
        for plan in self.plans:
            for area in plan.focus_areas:
                for goal in area.goals:
                    yield plan, area, goal


def make_report(
    dataset: Dataset,
    round_: Period,
    as_of: date,
    settings: DatasetSettings,
    *,
    plan_id: str | None = None,
    max_charts: int = 60,
) -> Report:
    """Compute the round with the engine and build its report.

    With `plan_id`, the dataset is narrowed to that plan before the engine runs (every
    number of an indicator or measure depends only on its own rows and its plan), which
    makes exporting one plan of a very large dataset fast.
    """
    from oppfolging.reporting.report_build import build_from_engine

    return build_from_engine(
        dataset, round_, as_of, settings, plan_id=plan_id, max_charts=max_charts
    )
