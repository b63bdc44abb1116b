"""The format-neutral report of a reporting round: the model every writer renders.

`build.make_report` asks the engine for the round (`compute_round`), the roll-ups and the
revision table, and `build_report` turns those frames into a `Report`: titled tables of typed cells
(raw value, Norwegian display text, status code) and the plan → focus area → goal outline.
Every writer in `oppfolging.reporting.export` only renders a `Report`, so no export computes
a number of its own and the report always agrees with the dashboard.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

from oppfolging.domain.periods import Period
from oppfolging.fmt import format_date
from oppfolging.i18n import t

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


class ReportError(ValueError):
    """The report cannot be built; the message is Norwegian and fit to show a user."""


@dataclass(frozen=True)
class Assessment:
    """An assessment ("vurdering") of a goal, a focus area or a plan in a round.

    The report only renders it: every writer shows the status (symbol and word) and the
    text when an outline section has one. Made by the assessments feature (issue 10).
    """

    text: str
    """The assessment text as written (may hold line breaks)."""
    status: str | None = None
    """A goal status code (`reached`, `on_track`, `some_deviation`, `major_deviation`,
    `not_assessed`); None for a text without a status (a focus area or plan summary)."""
    reason: str | None = None
    """Why the status differs from the suggested one, when it does."""


@dataclass
class GoalSection:
    """A goal with its indicators and measures (without the plan/focus area/goal columns)."""

    goal_id: str
    text: str
    indicators: Table
    measures: Table
    assessment: Assessment | None = None
    """The goal's status and assessment in the round; None when there is none."""


@dataclass
class FocusAreaSection:
    """A focus area and its goals."""

    focus_area_id: str
    number: int | None
    name: str
    goals: list[GoalSection]
    assessment: Assessment | None = None
    """The focus area's assessment in the round; None when there is none."""

    @property
    def heading(self) -> str:
        """`2. Mestring i eget liv` (number and name)."""
        return f"{self.number}. {self.name}" if self.number is not None else self.name

    @property
    def assessed(self) -> bool:
        """True when the focus area or one of its goals has an assessment."""
        return self.assessment is not None or any(g.assessment for g in self.goals)


@dataclass
class PlanSection:
    """A plan and its focus areas."""

    plan_id: str
    name: str
    focus_areas: list[FocusAreaSection]
    assessment: Assessment | None = None
    """The plan-level summary of the round; None when there is none."""


@dataclass(frozen=True)
class ChartSeries:
    """An indicator's registered values over time, for a line chart (up to the round)."""

    indicator_id: str
    title: str
    unit: str
    periods: tuple[str, ...]
    """Period codes (`2026-T1`), oldest first; none after the report's round."""
    values: tuple[float, ...]
    target: float | None
    labels: tuple[str, ...] = ()
    """The periods as words (`1. tertial 2026`), for axis labels."""
    decimals: int = 0
    """The most decimals any of the values was registered with."""


@dataclass(frozen=True)
class Correction:
    """A registration for a locked round's period after the lock ("korrigert etter
    låsing"), in words: made by `report.corrections.corrections_after_lock` — or a figure
    of the round that differs from the locked one without a correction, which the app
    marks Δ as well (`report.corrections.changes_without_correction`)."""

    plan: str
    what: str
    """`Indikator: Andel …`, `Tiltak: …` or `Vurdering av målet: …` (never a code)."""
    period: str
    """The period in words (`1. tertial 2026`)."""
    locked: str
    """The value or status in the locked report (`–` when there was none)."""
    corrected: str
    reason: str
    by: str
    at: datetime | None
    """None for a figure changed without a correction (the log cannot always say when)."""


@dataclass(frozen=True)
class LockNote:
    """Who locked the round and when; the report is made from the lock's snapshot."""

    by: str
    at: datetime


@dataclass
class Report:
    """A whole report: what every writer renders."""

    title: str
    round: Period
    as_of: date
    """The reference date: "Status per" (by default the round's end date)."""
    plan_id: str | None
    plans: list[PlanSection]
    tables: list[Table]
    """Indikatorer, Tiltak, Sammendrag, Rullering, Finansiering — in that order."""
    charts: list[ChartSeries] = field(default_factory=list)
    charts_total: int = 0
    """How many indicators the report has (more than `charts_limit`: the charts are capped)."""
    charts_limit: int = 0
    """Charts were made for at most this many indicators, the first ones of the report."""
    taken: date | None = None
    """The date the figures were taken from the dataset (None: the same as `as_of`)."""
    author: str = ""
    """Who made the report (the personal settings' name); empty when unknown."""
    lock: LockNote | None = None
    """The round's lock when it is locked (then the report lists `corrections`)."""
    corrections: list[Correction] = field(default_factory=list)
    """The corrections registered after the lock, oldest first."""
    language: str = "nb"
    """The language the report is written in (`oppfolging.language.report_language`):
    its texts were made, and are rendered, in it whatever the app's language is."""

    @property
    def round_label(self) -> str:
        """`1. tertial 2026` / `Årsrapport 2026`."""
        return self.round.round_label

    @property
    def status_line(self) -> str:
        """`Status per 30.04.2026`."""
        return t("report.status_per", date=format_date(self.as_of))

    @property
    def taken_line(self) -> str:
        """`Tallene er hentet fra datasettet 20.05.2026`."""
        return t("report.taken", date=format_date(self.taken or self.as_of))

    def title_lines(self) -> tuple[str, str, str]:
        """The title block under the title: round, status date, date the figures were taken."""
        return (self.round_label, self.status_line, self.taken_line)

    @property
    def assessed(self) -> bool:
        """True when any plan, focus area or goal of the report has an assessment."""
        return any(p.assessment or any(a.assessed for a in p.focus_areas) for p in self.plans)

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
