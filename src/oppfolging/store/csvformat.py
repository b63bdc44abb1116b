"""Formatting typed values as the text a CSV file holds (the writing half of `csvio`).

`format_expr` and `format_frame` format whole columns with polars expressions for a table
write; `format_value` formats one value the same way, in plain Python, for the cells a save
edits and for the change log.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

import polars as pl

from oppfolging.domain.schema import Kind
from oppfolging.store.model import CsvDialect


def format_expr(column: pl.Expr, dtype: pl.DataType, dialect: CsvDialect) -> pl.Expr:
    """A typed column as the text a CSV file in `dialect` holds."""
    if dtype == pl.String:
        return column
    if dtype.is_float():
        whole = column.is_finite() & (column == column.round(0)) & (column.abs() < 1e15)
        integer = column.cast(pl.Int64, strict=False).cast(pl.String)
        text = pl.when(whole).then(integer).otherwise(column.cast(pl.String))
        return text.str.replace(".", ",", literal=True) if dialect.decimal_comma else text
    if dtype == pl.Date:
        return column.dt.strftime(dialect.date_format)
    if isinstance(dtype, pl.Datetime):
        seconds = column.dt.strftime("%Y-%m-%dT%H:%M:%S")
        micro = column.dt.strftime("%Y-%m-%dT%H:%M:%S%.6f")
        return pl.when(column.dt.microsecond() == 0).then(seconds).otherwise(micro)
    if dtype == pl.Boolean:
        return pl.when(column).then(pl.lit("true")).when(~column).then(pl.lit("false"))
    return column.cast(pl.String)


def format_frame(frame: pl.DataFrame, dialect: CsvDialect) -> pl.DataFrame:
    """Every column of `frame` as CSV text in `dialect`."""
    return frame.select(
        format_expr(pl.nth(index), dtype, dialect).alias(name)
        for index, (name, dtype) in enumerate(frame.schema.items())
    )


def format_value(value: object, kind: Kind, dialect: CsvDialect | None = None) -> str:
    """One typed value as text (`""` for None), as `format_expr` writes it; the change log
    uses the default dialect. Plain Python: a save formats thousands of cells one by one."""
    dialect = dialect or CsvDialect()
    if value is None:
        return ""
    if kind is Kind.BOOL and isinstance(value, bool):
        return "true" if value else "false"
    if kind is Kind.FLOAT and isinstance(value, int | float) and not isinstance(value, bool):
        return _float_text(float(value), dialect.decimal_comma)
    if kind is Kind.DATETIME and isinstance(value, datetime):
        text = f"{_iso_date(value)}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        return f"{text}.{value.microsecond:06d}" if value.microsecond else text
    if kind is Kind.DATE and isinstance(value, date):
        if dialect.date_format == "%d.%m.%Y":
            return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
        return (
            _iso_date(value)
            if dialect.date_format == "%Y-%m-%d"
            else value.strftime(dialect.date_format)
        )
    return str(value)


def _float_text(value: float, decimal_comma: bool) -> str:
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        text = str(int(value))
    else:
        text = re.sub(r"e([+-])0*(\d)", r"e\1\2", repr(value))  # 1e-07 → 1e-7, as polars
    return text.replace(".", ",") if decimal_comma else text


def _iso_date(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
