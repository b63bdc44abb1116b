""" "The previous value" of an indicator in a period: one definition for the round table's
trend, the value form, `oppfolging set` and `import` (plausibility) alike.

The previous value is the value registered for the previous period of the same frequency
(`2026-T1` → `2025-T3`, `2026` → `2025`); a gap means no previous value, not an older one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from oppfolging.domain.periods import (
    PeriodError,
    parse_period,
    period_tertial_expr,
    period_valid_expr,
    period_year_expr,
)


@dataclass(frozen=True)
class Previous:
    """The previous period and its registered value."""

    period: str
    value: float


def previous_period_expr(period: pl.Expr) -> pl.Expr:
    """The previous period of the same frequency (`2026-T1` → `2025-T3`, `2026` → `2025`);
    null for a text that is not a period as the tables write it (`2026-t1`, `2026-T4`)."""
    year = period_year_expr(period)
    tertial = period_tertial_expr(period)
    return (
        pl.when(~period_valid_expr(period))
        .then(pl.lit(None, dtype=pl.String))
        .when(tertial.is_null())
        .then((year - 1).cast(pl.String))
        .when(tertial == 1)
        .then(pl.format("{}-T3", year - 1))
        .otherwise(pl.format("{}-T{}", year, tertial - 1))
    )


def with_previous_values(frame: pl.DataFrame, values: pl.DataFrame) -> pl.DataFrame:
    """`frame` (indicator_id, period, …) with `previous_period` and `previous_value`."""
    frame = frame.with_columns(previous_period=previous_period_expr(pl.col("period")))
    wanted = frame.get_column("previous_period").unique().implode()
    previous = values.select(
        "indicator_id",
        pl.col("period").alias("previous_period"),
        pl.col("value").alias("previous_value"),
    ).filter(pl.col("previous_period").is_in(wanted))  # a scan, so the join hashes few rows
    return frame.join(previous, on=["indicator_id", "previous_period"], how="left")


def previous_value(values: pl.DataFrame, indicator_id: str, period: str) -> Previous | None:
    """The indicator's previous value before `period`, or None (see the module)."""
    frame = pl.DataFrame(
        {"indicator_id": [indicator_id], "period": [period]},
        schema={"indicator_id": pl.String, "period": pl.String},
    )
    row = with_previous_values(frame, values).row(0, named=True)
    if row["previous_value"] is None or row["previous_period"] is None:
        return None
    return Previous(str(row["previous_period"]), float(row["previous_value"]))


class PreviousValues:
    """`previous_value` for many indicators and periods against one values table (an
    import of 10 000 rows): the table is indexed once, so a lookup scans nothing (one
    `previous_value` per row took 1 ms each against the sample's values)."""

    def __init__(self, values: pl.DataFrame, indicator_ids: Iterable[str] | None = None) -> None:
        """`indicator_ids`: the only indicators that will be asked for (an import's), so a
        million-value table is not turned into Python objects for a file of ten rows."""
        rows = values.select("indicator_id", "period", "value").filter(
            pl.col("value").is_not_null()
        )
        if indicator_ids is not None:
            wanted = pl.Series(sorted(set(indicator_ids)), dtype=pl.String).implode()
            rows = rows.filter(pl.col("indicator_id").is_in(wanted))
        self._values: dict[tuple[str, str], float] = {}
        for ident, period, value in rows.iter_rows():
            self._values.setdefault((ident, period), value)  # the first, as the join's row 0

    def __call__(self, indicator_id: str, period: str) -> Previous | None:
        """The indicator's previous value before `period`, or None (see the module)."""
        try:
            parsed = parse_period(period)
        except PeriodError:
            return None
        if str(parsed) != period:  # not as the tables write it: no previous, as the join
            return None
        before = str(parsed.previous())
        value = self._values.get((indicator_id, before))
        return None if value is None else Previous(before, float(value))
