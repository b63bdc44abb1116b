"""Checks of a dataset's tables against the contract; every check collects ALL its problems.

Each check works on whole columns with polars and only turns the rows that fail into
`Problem`s, so a table of a million values is checked in a fraction of a second. Checks take
the typed frame from `csvparse.parse_table` (with its `__row` column) and, where emptiness
matters, the raw frame it came from (same rows, same order).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

import polars as pl

from oppfolging.domain.bounds import NUMBER_LIMIT, YEAR_MAX, YEAR_MIN, number_text
from oppfolging.domain.periods import (
    period_frequency_expr,
    period_valid_expr,
    period_year_expr,
)
from oppfolging.domain.schema import TABLES, Kind, Table
from oppfolging.domain.ssbsource import SSB_COLUMNS, SsbSourceError, parse_source
from oppfolging.domain.tags import tag_problem
from oppfolging.i18n import t
from oppfolging.store.csvio import ROW
from oppfolging.store.csvparse import failure_message, parse_expr, shown
from oppfolging.store.model import Problem

_NON_BLANK = re.compile(r"\S")
_FREQUENCY_HINT = {"tertial": "store.validate.hint_tertial", "annual": "store.validate.hint_annual"}
"""The catalogue key of the hint on the periods a frequency allows."""
_YEARS = (YEAR_MIN, YEAR_MAX)
_RANGES: dict[str, dict[str, tuple[int, int]]] = {
    "plans": {"period_start": _YEARS, "period_end": _YEARS, "revision_years": (1, 20)},
    "indicators": {
        "baseline_year": _YEARS,
        "target_year": _YEARS,
        "publication_lag_months": (0, 60),
        "tolerance": (0, 10),
    },
}
"""The allowed range of a number column, by table (both ends included)."""
_DUPLICATE_WHAT = {
    "values": "store.validate.duplicate_value",
    "measure_updates": "store.validate.duplicate_update",
}
"""The catalogue key naming what a duplicate key means in a table."""


def _problems(
    frame: pl.DataFrame, file: str, column: str, message: Callable[..., str]
) -> list[Problem]:
    """One problem per row of `frame` (`__row` first); `message` gets the other cells."""
    return [Problem(file, row[0], column, message(*row[1:])) for row in frame.rows()]


def is_empty(raw: pl.DataFrame, name: str) -> pl.Series:
    """True where the raw cell is missing or blank (any dtype)."""
    column = pl.col(name)
    if raw.schema[name] == pl.String:
        return raw.select(column.is_null() | ~column.str.contains(r"\S")).to_series()
    return raw.select(column.is_null()).to_series()


# --- one table --------------------------------------------------------------------------


def check_table(raw: pl.DataFrame, typed: pl.DataFrame, table: Table, file: str) -> list[Problem]:
    """Every single-table check: columns, required cells, codes, keys, periods, row rules."""
    problems = check_columns(raw, table, file)
    problems += check_required(raw, table, file)
    problems += check_codes(typed, table, file)
    problems += check_duplicates(typed, table, file)
    problems += check_periods(typed, table, file)
    problems += check_rules(raw, typed, table, file)
    return problems


def check_columns(raw: pl.DataFrame, table: Table, file: str) -> list[Problem]:
    """A required column the file lacks."""
    return [
        Problem(file, 1, name, t("store.validate.column_missing"))
        for name in table.required_names
        if name not in raw.columns
    ]


def check_required(raw: pl.DataFrame, table: Table, file: str) -> list[Problem]:
    """An empty cell in a required column."""
    problems: list[Problem] = []
    for name in table.required_names:
        if name not in raw.columns:
            continue
        rows = raw.filter(is_empty(raw, name)).select(ROW)
        problems += _problems(rows, file, name, lambda: t("store.validate.value_missing"))
    return problems


def check_codes(typed: pl.DataFrame, table: Table, file: str) -> list[Problem]:
    """A value outside a code column's allowed values."""
    problems: list[Problem] = []
    for column in table.columns:
        if not column.codes:
            continue
        allowed = ", ".join(column.codes)
        bad = typed.filter(
            pl.col(column.name).is_not_null() & ~pl.col(column.name).is_in(column.codes)
        )

        def message(value: str, name: str = column.name, allowed: str = allowed) -> str:
            return t(
                "store.validate.unknown_code", value=shown(value), column=name, allowed=allowed
            )

        problems += _problems(bad.select(ROW, column.name), file, column.name, message)
    return problems


def check_duplicates(typed: pl.DataFrame, table: Table, file: str) -> list[Problem]:
    """A key that occurs more than once; names the row of its first occurrence."""
    key = list(table.key)
    if not key:
        return []
    keyed = typed.select(ROW, *key).drop_nulls(key)
    keyed = keyed.filter(pl.struct(key).is_duplicated())  # usually empty: the rest is cheap
    first = keyed.group_by(key).agg(pl.col(ROW).min().alias("__first"))
    repeats = keyed.join(first, on=key).filter(pl.col(ROW) != pl.col("__first")).sort(ROW)
    what = _DUPLICATE_WHAT.get(table.name)

    def message(*cells: Any) -> str:
        values = ", ".join(f"{name} {shown(v)}" for name, v in zip(key, cells, strict=False))
        if what is None:
            return t("store.validate.duplicate", values=values, first=cells[-1])
        return t("store.validate.duplicate_what", what=t(what), values=values, first=cells[-1])

    return _problems(repeats.select(ROW, *key, "__first"), file, key[-1], message)


def check_periods(typed: pl.DataFrame, table: Table, file: str) -> list[Problem]:
    """A malformed period (`YYYY-T1`, `YYYY-T2`, `YYYY-T3` or `YYYY`)."""
    if "period" not in table.column_names:
        return []
    period = pl.col("period")
    bad = typed.filter(period.is_not_null() & ~period_valid_expr(period)).select(ROW, "period")
    problems = _problems(
        bad, file, "period", lambda v: t("store.validate.not_a_period", value=shown(v))
    )
    year = period_year_expr(period)
    early = typed.filter(period_valid_expr(period) & ~year.is_between(YEAR_MIN, YEAR_MAX))
    return problems + _problems(
        early.select(ROW, "period"), file, "period", lambda v: f"{shown(v)}: {_year_hint()}"
    )


def check_rules(raw: pl.DataFrame, typed: pl.DataFrame, table: Table, file: str) -> list[Problem]:
    """Rules within one row: adoption date, plan period, years, months and tolerances."""
    problems: list[Problem] = []
    if table.name == "plans":
        problems += _adopted_without_date(raw, typed, file)
        bad = typed.filter(pl.col("period_start") > pl.col("period_end"))
        problems += _problems(
            bad.select(ROW, "period_start", "period_end"),
            file,
            "period_start",
            lambda start, end: t("store.validate.start_after_end", start=start, end=end),
        )
    ranges = _RANGES.get(table.name, {})
    for name, (low, high) in ranges.items():
        problems += _out_of_range(typed, file, name, low, high)
    if table.name == "indicators":
        problems += _bad_bounds(typed, file)
        problems += _bad_ssb_sources(typed, file)
    if "tags" in table.column_names:
        problems += _bad_tags(typed, file)
    if table.name == "assessments":
        problems += check_assessment_rows(raw, typed, file)
    if table.name == "round_events":
        from oppfolging.store.validate_rounds import round_event_problems

        problems += round_event_problems(typed, file)
    return problems + check_bounds(typed, table, file, skip=set(ranges))


def _bad_tags(typed: pl.DataFrame, file: str) -> list[Problem]:
    """A `tags` cell with an empty, overlong or repeated tag (`domain.tags`)."""
    if "tags" not in typed.columns:
        return []
    cells = typed.filter(pl.col("tags").is_not_null()).select(ROW, "tags")
    return [
        Problem(file, row, "tags", problem)
        for row, cell in cells.rows()
        if (problem := tag_problem(cell)) is not None
    ]


def with_ssb_mapping(indicators: pl.DataFrame) -> pl.DataFrame:
    """The indicators with anything in an SSB column (the others have no mapping: only
    these are turned into Python objects, by validation and by the SSB import)."""
    present = [name for name in SSB_COLUMNS if name in indicators.columns]
    if not present:
        return indicators.clear()
    filled = [
        pl.col(name).cast(pl.String).str.strip_chars().fill_null("") != "" for name in present
    ]
    return indicators.filter(pl.any_horizontal(filled))


def _bad_ssb_sources(typed: pl.DataFrame, file: str) -> list[Problem]:
    """An indicator's SSB mapping that cannot be read (`domain.ssbsource`)."""
    problems: list[Problem] = []
    for row in with_ssb_mapping(typed).to_dicts():
        cells = [str(row.get(name) or "") for name in SSB_COLUMNS]
        try:
            parse_source(*cells)
        except SsbSourceError as error:
            problems.append(Problem(file, int(row[ROW]), error.column, str(error)))
    return problems


def _year_hint() -> str:
    """The years a date may have ("året må være mellom 1000 og 2999")."""
    return t("store.validate.year_range", low=YEAR_MIN, high=YEAR_MAX)


def _number_hint() -> str:
    """The size a number may have."""
    return t("store.validate.number_range", limit=number_text())


def check_bounds(
    typed: pl.DataFrame, table: Table, file: str, skip: set[str] | None = None
) -> list[Problem]:
    """A number larger than `NUMBER_LIMIT` in size, a date outside `YEAR_MIN`–`YEAR_MAX`:
    beyond them a status, a date or a formatted cell cannot be computed (`domain.bounds`).
    Columns in `skip` have a tighter range of their own."""
    problems: list[Problem] = []
    for column in table.columns:
        name = column.name
        if name in (skip or set()) or name not in typed.columns:
            continue
        if column.kind in (Kind.INT, Kind.FLOAT):
            bad = typed.filter(pl.col(name).abs() > NUMBER_LIMIT).select(ROW, name)
            hint = f" {_number_hint()}"
        elif column.kind in (Kind.DATE, Kind.DATETIME):
            bad = typed.filter(~pl.col(name).dt.year().is_between(YEAR_MIN, YEAR_MAX))
            bad = bad.select(ROW, name)
            hint = f": {_year_hint()}"
        else:
            continue
        problems += _problems(bad, file, name, lambda v, hint=hint: f"{shown(v)}{hint}")
    return problems


def _bad_bounds(typed: pl.DataFrame, file: str) -> list[Problem]:
    """An indicator's `min`/`max` (registration bounds) must be finite, and min ≤ max."""
    problems: list[Problem] = []
    for name in ("min", "max"):
        bad = typed.filter(pl.col(name).is_infinite() | pl.col(name).is_nan()).select(ROW, name)
        problems += _problems(
            bad, file, name, lambda v, n=name: t("store.validate.not_finite", column=n, value=v)
        )
    crossed = typed.filter(pl.col("min") > pl.col("max")).select(ROW, "min", "max")
    return problems + _problems(
        crossed,
        file,
        "min",
        lambda low, high: t("store.validate.min_above_max", low=low, high=high),
    )


def _out_of_range(
    typed: pl.DataFrame, file: str, name: str, low: float, high: float
) -> list[Problem]:
    """A number outside [low, high] (beyond it the status and revision dates cannot exist)."""
    bad = typed.filter((pl.col(name) < low) | (pl.col(name) > high)).select(ROW, name)

    def message(value: float) -> str:
        if value < 0 <= low:
            return t("store.validate.negative", column=name, value=value)
        return t("store.validate.out_of_range", column=name, low=low, high=high, value=value)

    return _problems(bad, file, name, message)


def _adopted_without_date(raw: pl.DataFrame, typed: pl.DataFrame, file: str) -> list[Problem]:
    """An adopted or replaced plan needs its adoption date (an unparsable date is reported
    already as a bad date, so only a truly empty cell counts here)."""
    empty = is_empty(raw, "adopted") if "adopted" in raw.columns else pl.repeat(True, raw.height)
    bad = typed.with_columns(empty.alias("__empty")).filter(
        pl.col("status").is_in(["adopted", "replaced"]) & pl.col("__empty")
    )
    return _problems(
        bad.select(ROW, "status"),
        file,
        "adopted",
        lambda status: t("store.validate.adopted_without_date", status=status),
    )


# --- across tables ----------------------------------------------------------------------


def check_references(
    table: Table, typed: pl.DataFrame, frames: Mapping[str, pl.DataFrame], files: Mapping[str, str]
) -> list[Problem]:
    """Ids that do not exist in the table they refer to (tables not loaded are skipped)."""
    problems: list[Problem] = []
    file = files.get(table.name, f"{table.name}.csv")
    targets = dict(table.references)
    if table.name == "plans":
        targets["replaces"] = "plans"
    for column, target in targets.items():
        if target not in frames:
            continue
        target_key = TABLES[target].key[0]
        known = frames[target].get_column(target_key).drop_nulls()
        if known.is_empty() and frames[target].height > 0:
            continue  # the target lacks its id column: reported there, not on every row
        cells = typed.select(ROW, column).drop_nulls(column)
        if column == "replaces":
            cells = _split_ids(cells, column)
        bad = cells.filter(~pl.col(column).is_in(known.implode()))
        target_file = files.get(target, f"{target}.csv")

        def message(v: str, key: str = target_key, where: str = target_file) -> str:
            return t("store.validate.unknown_reference", column=key, value=shown(v), file=where)

        problems += _problems(bad, file, column, message)
    return problems


def _split_ids(cells: pl.DataFrame, column: str) -> pl.DataFrame:
    """`replaces` holds `;`-separated plan ids: one row per id."""
    split = pl.col(column).str.split(";").list.eval(pl.element().str.strip_chars())
    return cells.with_columns(split).explode(column).filter(pl.col(column) != "")


def check_frequency(values: pl.DataFrame, indicators: pl.DataFrame, file: str) -> list[Problem]:
    """A value whose period does not fit its indicator's frequency."""
    frequency = indicators.select("indicator_id", "frequency").drop_nulls().unique("indicator_id")
    period = pl.col("period")
    bad = (
        values.select(ROW, "indicator_id", "period")
        .filter(period_valid_expr(period))
        .join(frequency, on="indicator_id")
        .filter(period_frequency_expr(period) != pl.col("frequency"))
        .select(ROW, "period", "frequency")
    )

    def message(value: str, wanted: str) -> str:
        hint = t(_FREQUENCY_HINT.get(wanted, "store.validate.hint_period"))
        return t("store.validate.wrong_frequency", value=shown(value), frequency=wanted, hint=hint)

    return _problems(bad, file, "period", message)


def check_dataset(typed: Mapping[str, pl.DataFrame], files: Mapping[str, str]) -> list[Problem]:
    """Every cross-table check over loaded tables (`typed` holds only tables that loaded)."""
    problems: list[Problem] = []
    for name, frame in typed.items():
        problems += check_across(TABLES[name], frame, typed, files)
    return problems


def check_across(
    table: Table, typed: pl.DataFrame, frames: Mapping[str, pl.DataFrame], files: Mapping[str, str]
) -> list[Problem]:
    """The checks of `table`'s rows `typed` against the other tables `frames` (those of
    `cross_targets(table)` that loaded): the one list both `validate` and a save's check
    of the rows it writes (`editplan.check_new_rows`) run, so a save never writes a row
    that `validate` would then reject."""
    file = files.get(table.name, f"{table.name}.csv")
    problems = check_references(table, typed, frames, files)
    if table.name == "values" and "indicators" in frames:
        problems += check_frequency(typed, frames["indicators"], file)
    if table.name == "assessments":
        problems += check_assessment_targets(typed, frames, file)
    return problems


def cross_targets(table: Table) -> set[str]:
    """The tables `check_across` checks `table`'s rows against."""
    names = {*table.references.values(), *(["plans"] if table.name == "plans" else [])}
    if table.name == "values":
        names.add("indicators")
    if table.name == "assessments":
        names.update(_LEVEL_TABLES.values())
    return names


# --- assessments (issue 10) --------------------------------------------------------------

_ROUND_PATTERN = r"^\d{4}(-T[12])?$"
_LEVEL_TABLES = {"plan": "plans", "focus_area": "focus_areas", "goal": "goals"}


def check_assessment_rows(raw: pl.DataFrame, typed: pl.DataFrame, file: str) -> list[Problem]:
    """An assessment's round is `YYYY-T1`, `YYYY-T2` or `YYYY` (T3 is no round); a status
    that differs from the suggestion recorded with it needs a reason."""
    round_ = pl.col("round")
    bad = typed.filter(round_.is_not_null() & ~round_.str.contains(_ROUND_PATTERN))
    problems = _problems(
        bad.select(ROW, "round"),
        file,
        "round",
        lambda v: t("store.validate.not_a_round", value=shown(v)),
    )
    no_reason = is_empty(raw, "reason") if "reason" in raw.columns else pl.repeat(True, raw.height)
    differs = typed.with_columns(no_reason.alias("__no_reason")).filter(
        pl.col("status").is_not_null()
        & pl.col("suggested").is_not_null()
        & (pl.col("status") != pl.col("suggested"))
        & pl.col("__no_reason")
    )
    return problems + _problems(
        differs.select(ROW, "status", "suggested"),
        file,
        "reason",
        lambda status, suggested: t(
            "store.validate.reason_missing", status=status, suggested=suggested
        ),
    )


def check_assessment_targets(
    assessments: pl.DataFrame, frames: Mapping[str, pl.DataFrame], file: str
) -> list[Problem]:
    """A `target_id` that is no plan_id, focus_area_id or goal_id (by `level`)."""
    problems: list[Problem] = []
    for level, target in _LEVEL_TABLES.items():
        if target not in frames:
            continue
        known = frames[target].get_column(TABLES[target].key[0]).drop_nulls()
        bad = assessments.filter(
            (pl.col("level") == level)
            & pl.col("target_id").is_not_null()
            & ~pl.col("target_id").is_in(known.implode())
        ).select(ROW, "target_id")
        key = TABLES[target].key[0]
        problems += _problems(
            bad,
            file,
            "target_id",
            lambda v, k=key: t("store.validate.unknown_target", column=k, value=shown(v)),
        )
    return problems


def kind_of(table: str, column: str) -> Kind:
    """The kind of a contract column (text for a column the contract does not know)."""
    try:
        return TABLES[table].column(column).kind
    except KeyError:
        return Kind.TEXT


# --- one edited value --------------------------------------------------------------


class CellError(ValueError):
    """A value that does not fit its column; the message is Norwegian, fit to show a user."""


def coerce_value(value: object, kind: Kind) -> object:
    """`value` as the Python value of `kind` (None when empty); `CellError` when it does not fit.

    Text is parsed exactly as a file's cell is, so an edit accepts what a file accepts.
    """
    if value is None:
        return None
    if isinstance(value, str) and kind is Kind.TEXT:
        return value if _NON_BLANK.search(value) else None
    if isinstance(value, str):
        parsed = pl.select(parse_expr(pl.lit(value, dtype=pl.String), kind)).item()
        if parsed is None and value.strip() and kind is not Kind.TEXT:
            raise CellError(f"{shown(value)} {failure_message(kind)}")
        return parsed
    if _python_fits(value, kind):
        return float(value) if kind is Kind.FLOAT else value  # type: ignore[arg-type]
    raise CellError(f"{shown(value)} {failure_message(kind)}")


def _python_fits(value: object, kind: Kind) -> bool:
    if kind is Kind.BOOL:
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if kind is Kind.INT:
        return isinstance(value, int)
    if kind is Kind.FLOAT:
        return isinstance(value, int | float) and math.isfinite(value)
    if kind is Kind.DATETIME:
        return isinstance(value, datetime) and value.tzinfo is None
    if kind is Kind.DATE:
        return isinstance(value, date) and not isinstance(value, datetime)
    return False
