"""The data contract: every table of a dataset folder, its columns, types and code values.

This module is the single source of truth for `../shared/DOMAIN.md`'s data contract. The
store reads and validates against it, `init` writes headers from it, and the engine relies on
the dtypes it promises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

from oppfolging.language import LANGUAGES


class Kind(StrEnum):
    """How a column's text is parsed (the dtype it becomes)."""

    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    DATETIME = "datetime"
    BOOL = "bool"


@cache
def _dtypes() -> dict[Kind, pl.DataType]:
    """Each kind's polars dtype (polars imported on first use: the CLI's parser imports this
    module for its code values and must start without polars)."""
    import polars as pl

    return {
        Kind.TEXT: pl.String(),
        Kind.INT: pl.Int64(),
        Kind.FLOAT: pl.Float64(),
        Kind.DATE: pl.Date(),
        Kind.DATETIME: pl.Datetime("us"),
        Kind.BOOL: pl.Boolean(),
    }


def polars_dtype(kind: Kind) -> pl.DataType:
    """The polars dtype a column of this kind has after loading."""
    return _dtypes()[kind]


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    name: str
    kind: Kind = Kind.TEXT
    required: bool = False
    codes: tuple[str, ...] = ()
    """Allowed code values; empty means any value."""

    @property
    def dtype(self) -> pl.DataType:
        """The polars dtype this column has after loading."""
        return polars_dtype(self.kind)


@dataclass(frozen=True)
class Table:
    """One table of the dataset (one file, `NAME.csv` or `NAME.parquet`)."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    """Columns that identify a row uniquely."""
    optional: bool = False
    """A missing optional table is an empty table, not an error."""
    references: dict[str, str] = field(default_factory=dict)
    """column -> table whose key the column refers to."""

    @property
    def column_names(self) -> list[str]:
        """All contract columns, in contract order."""
        return [c.name for c in self.columns]

    @property
    def required_names(self) -> list[str]:
        """The columns a file must have."""
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        """The column called `name` (KeyError when the contract has none)."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        """The typed schema of the loaded frame (contract columns only)."""
        return {c.name: c.dtype for c in self.columns}

    def empty_frame(self) -> pl.DataFrame:
        """A frame with every contract column and no rows."""
        import polars as pl

        return pl.DataFrame(schema=self.polars_schema)


PLAN_TYPES = ("temaplan", "kommunedelplan", "handlingsplan", "other")
PLAN_STATUSES = ("draft", "consultation", "adopted", "replaced")
DIRECTIONS = ("higher", "lower")
FREQUENCIES = ("tertial", "annual")
MEASURE_STATUSES = ("not_started", "in_progress", "completed", "delayed", "cancelled")
ASSESSMENT_LEVELS = ("plan", "focus_area", "goal")
GOAL_STATUSES = ("reached", "on_track", "some_deviation", "major_deviation", "not_assessed")
"""A goal's status in a round (also used for focus areas and plans), best first."""

PLANS = Table(
    "plans",
    (
        Column("plan_id", required=True),
        Column("name", required=True),
        Column("municipality", required=True),
        Column("plan_type", required=True, codes=PLAN_TYPES),
        Column("period_start", Kind.INT, required=True),
        Column("period_end", Kind.INT, required=True),
        Column("status", required=True, codes=PLAN_STATUSES),
        Column("adopted", Kind.DATE),
        Column("adopted_by"),
        Column("case_ref"),
        Column("revision_years", Kind.INT),
        Column("last_revised", Kind.DATE),
        Column("replaces"),
        Column("language", codes=LANGUAGES),
    ),
    key=("plan_id",),
)

FOCUS_AREAS = Table(
    "focus_areas",
    (
        Column("focus_area_id", required=True),
        Column("plan_id", required=True),
        Column("number", Kind.INT, required=True),
        Column("name", required=True),
        Column("description"),
        Column("perspective"),
    ),
    key=("focus_area_id",),
    references={"plan_id": "plans"},
)

GOALS = Table(
    "goals",
    (
        Column("goal_id", required=True),
        Column("focus_area_id", required=True),
        Column("text", required=True),
    ),
    key=("goal_id",),
    references={"focus_area_id": "focus_areas"},
)

INDICATORS = Table(
    "indicators",
    (
        Column("indicator_id", required=True),
        Column("goal_id", required=True),
        Column("name", required=True),
        Column("unit", required=True),
        Column("direction", required=True, codes=DIRECTIONS),
        Column("frequency", required=True, codes=FREQUENCIES),
        Column("baseline", Kind.FLOAT),
        Column("baseline_year", Kind.INT),
        Column("target", Kind.FLOAT),
        Column("target_year", Kind.INT),
        Column("tolerance", Kind.FLOAT),
        Column("responsible"),
        Column("source"),
        Column("publication_lag_months", Kind.INT),
        Column("min", Kind.FLOAT),
        Column("max", Kind.FLOAT),
        Column("decimals", Kind.BOOL),
        Column("tags"),
        Column("ssb_table"),
        Column("ssb_contents_code"),
        Column("ssb_filter"),
    ),
    key=("indicator_id",),
    references={"goal_id": "goals"},
)

VALUES = Table(
    "values",
    (
        Column("indicator_id", required=True),
        Column("period", required=True),
        Column("value", Kind.FLOAT, required=True),
        Column("comment"),
        Column("registered_by"),
        Column("registered_at", Kind.DATETIME),
    ),
    key=("indicator_id", "period"),
    optional=True,
    references={"indicator_id": "indicators"},
)

MEASURES = Table(
    "measures",
    (
        Column("measure_id", required=True),
        Column("goal_id", required=True),
        Column("name", required=True),
        Column("responsible"),
        Column("start", Kind.DATE),
        Column("due", Kind.DATE),
        Column("needs_funding", Kind.BOOL),
        Column("cost_estimate", Kind.FLOAT),
        Column("tags"),
    ),
    key=("measure_id",),
    references={"goal_id": "goals"},
)

MEASURE_UPDATES = Table(
    "measure_updates",
    (
        Column("measure_id", required=True),
        Column("period", required=True),
        Column("status", required=True, codes=MEASURE_STATUSES),
        Column("comment"),
        Column("registered_by"),
        Column("registered_at", Kind.DATETIME),
    ),
    key=("measure_id", "period"),
    optional=True,
    references={"measure_id": "measures"},
)

ASSESSMENTS = Table(
    "assessments",
    (
        Column("round", required=True),
        Column("level", required=True, codes=ASSESSMENT_LEVELS),
        Column("target_id", required=True),
        Column("status", codes=GOAL_STATUSES),
        Column("suggested", codes=GOAL_STATUSES),
        Column("text"),
        Column("reason"),
        Column("registered_by"),
        Column("registered_at", Kind.DATETIME),
    ),
    key=("round", "level", "target_id"),
    optional=True,
)
"""Assessments (issue 10): `target_id` is a plan_id, focus_area_id or goal_id by `level`
(checked by `store.validate.check_assessment_targets`, not by `references`)."""

CHANGES = Table(
    "changes",
    (
        Column("at", Kind.DATETIME, required=True),
        Column("user", required=True),
        Column("table", required=True),
        Column("key", required=True),
        Column("column", required=True),
        Column("old"),
        Column("new"),
        Column("undoes", Kind.DATETIME),
    ),
    key=(),
    optional=True,
)

ROUND_EVENT_KINDS = ("ready", "unready", "lock", "unlock", "correction")
"""What a round event records: a unit is ready (or no longer), the round is locked or
unlocked, a registration was corrected after the lock (issue 10)."""

ROUND_EVENTS = Table(
    "round_events",
    (
        Column("round", required=True),
        Column("seq", Kind.INT, required=True),
        Column("kind", required=True, codes=ROUND_EVENT_KINDS),
        Column("by", required=True),
        Column("at", Kind.DATETIME, required=True),
        Column("unit"),
        Column("reason"),
        Column("table"),
        Column("key"),
    ),
    key=("round", "seq"),
    optional=True,
)
"""The round workflow, append-only: one row per event, numbered per round (`seq`)."""

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        PLANS,
        FOCUS_AREAS,
        GOALS,
        INDICATORS,
        VALUES,
        MEASURES,
        MEASURE_UPDATES,
        ASSESSMENTS,
        CHANGES,
        ROUND_EVENTS,
    )
}
"""Every table, in load order (a table's references come before it)."""
