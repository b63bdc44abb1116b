"""Turning a table's raw cells into typed columns (the second step of reading a table).

`parse_table` parses the contract columns of a frame from `csvio.read_raw` with vectorised
polars expressions and reports every cell that does not parse.
"""

from __future__ import annotations

import polars as pl

from oppfolging.domain.schema import Column, Kind, Table
from oppfolging.i18n import t
from oppfolging.store.csvio import ROW
from oppfolging.store.model import Problem

_SPACES = r"[\s\u00a0\u202f]"
_NUMBER_RE = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_INT_RE = r"^[+-]?\d+(\.0*)?$"
_DATETIME_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",  # Excel in Norway
    "%d.%m.%Y %H:%M",
)
_BOOLS = {"true": True, "false": False, "ja": True, "nei": False, "yes": True, "no": False}
_BOOLS |= {"1": True, "0": False}
FAILURE_KEYS = {
    Kind.INT: "store.parse.integer",
    Kind.FLOAT: "store.parse.number",
    Kind.DATE: "store.parse.date",
    Kind.DATETIME: "store.parse.datetime",
    Kind.BOOL: "store.parse.boolean",
}
"""The catalogue key of the message for a cell that does not parse as its column's kind."""


def failure_message(kind: Kind) -> str:
    """What is wrong with a cell that does not parse as `kind` ("er ikke et heltall")."""
    return t(FAILURE_KEYS.get(kind, "store.parse.text"))


def shown(value: object, limit: int = 60) -> str:
    """A value quoted for a message, shortened so one bad cell cannot flood the screen."""
    text = str(value).replace("\n", " ")
    return f"«{text[:limit]}…»" if len(text) > limit else f"«{text}»"


# --- parsing cells ----------------------------------------------------------------------


def parse_expr(column: pl.Expr, kind: Kind) -> pl.Expr:
    """A text column parsed to `kind`; null where the text is empty or does not parse."""
    if kind is Kind.TEXT:
        return _blank_to_null(column)
    text = _blank_to_null(column.str.strip_chars())
    if kind in (Kind.INT, Kind.FLOAT):
        return _number_expr(text, kind)
    if kind is Kind.DATE:
        return _date_expr(text)
    if kind is Kind.DATETIME:
        formats = [text.str.to_datetime(f, time_unit="us", strict=False) for f in _DATETIME_FORMATS]
        return pl.coalesce(*formats, _date_expr(text).cast(pl.Datetime("us")))
    return text.str.to_lowercase().replace_strict(_BOOLS, default=None, return_dtype=pl.Boolean)


def _number_expr(text: pl.Expr, kind: Kind) -> pl.Expr:
    number = (
        text.str.replace_all(_SPACES, "")
        .str.replace_all("−", "-", literal=True)
        .str.replace(",", ".", literal=True)
    )
    if kind is Kind.INT:
        whole = number.str.replace(r"\.0*$", "")
        return pl.when(number.str.contains(_INT_RE)).then(whole.cast(pl.Int64, strict=False))
    parsed = number.cast(pl.Float64, strict=False)
    return pl.when(number.str.contains(_NUMBER_RE) & parsed.is_finite()).then(parsed)


def _date_expr(text: pl.Expr) -> pl.Expr:
    return pl.coalesce(
        text.str.to_date("%Y-%m-%d", strict=False),
        text.str.to_date("%d.%m.%Y", strict=False),
    )


def as_text(frame: pl.DataFrame, name: str) -> pl.Expr:
    """A column as text for parsing; native Parquet dtypes are first made comparable."""
    dtype = frame.schema[name]
    column = pl.col(name)
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
        column = column.dt.convert_time_zone("Europe/Oslo").dt.replace_time_zone(None)
    return column if dtype == pl.String else column.cast(pl.String)


def parse_table(raw: pl.DataFrame, table: Table, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """`__row`, every contract column typed (null where missing or unparsable), then extras."""
    problems: list[Problem] = []
    columns: list[pl.Series] = [raw.get_column(ROW)]
    for column in table.columns:
        if column.name not in raw.columns:
            columns.append(pl.Series(column.name, [None] * raw.height, dtype=column.dtype))
            continue
        try:
            text = raw.select(as_text(raw, column.name)).to_series()
        except pl.exceptions.PolarsError:
            message = t("store.parse.column_type")
            problems.append(Problem(file, 1, column.name, message))
            columns.append(pl.Series(column.name, [None] * raw.height, dtype=column.dtype))
            continue
        native = raw.schema[column.name] == column.dtype and column.kind is not Kind.TEXT
        parsed = _native(raw, column) if native else parse_series(text, column.kind)
        columns.append(parsed)
        if column.kind is not Kind.TEXT:
            problems += _failures(raw.get_column(ROW), text, parsed, column, file)
    extras = [c for c in raw.columns if c != ROW and c not in table.column_names]
    typed = pl.DataFrame(columns)
    # Extra columns are taken as Series: a file's column names are never expressions
    # (`pl.col("*")` would select every column).
    return typed.hstack([raw.get_column(name) for name in extras]), problems


def _native(raw: pl.DataFrame, column: Column) -> pl.Series:
    """A Parquet column already of the contract's dtype; NaN and infinity (which a CSV cell
    cannot hold) become null, so they are reported as cells that are not numbers."""
    series = raw.get_column(column.name)
    if column.kind is not Kind.FLOAT:
        return series
    return raw.select(
        pl.when(pl.col(column.name).is_finite()).then(pl.col(column.name))
    ).to_series()


def parse_series(text: pl.Series, kind: Kind) -> pl.Series:
    """Parse a text column: a cheap conversion first, the full rules only for what is left."""
    if kind is Kind.TEXT:
        return text.to_frame().select(_blank_to_null(pl.col(text.name))).to_series()
    fast = text.to_frame().select(_fast_expr(pl.col(text.name), kind)).to_series()
    todo = fast.is_null() & text.is_not_null()
    if not todo.any():
        return fast
    rest = text.filter(todo).to_frame().select(parse_expr(pl.col(text.name), kind)).to_series()
    return fast.scatter(todo.arg_true(), rest)


def _fast_expr(column: pl.Expr, kind: Kind) -> pl.Expr:
    """The common, clean case of each kind; anything else is left null for `parse_expr`."""
    if kind is Kind.INT:
        return column.cast(pl.Int64, strict=False)
    if kind is Kind.FLOAT:
        number = column.cast(pl.Float64, strict=False)
        return pl.when(number.is_finite()).then(number)
    if kind is Kind.DATE:
        return column.str.to_date("%Y-%m-%d", strict=False)
    if kind is Kind.DATETIME:
        return column.str.to_datetime(_DATETIME_FORMATS[0], time_unit="us", strict=False)
    return parse_expr(column, kind)


def _blank_to_null(column: pl.Expr) -> pl.Expr:
    return pl.when(column.str.contains(r"\S")).then(column)


def _failures(
    rows: pl.Series, text: pl.Series, parsed: pl.Series, column: Column, file: str
) -> list[Problem]:
    """One problem per non-blank cell that did not parse."""
    failed = parsed.is_null() & text.str.contains(r"\S").fill_null(False)
    if not failed.any():
        return []
    message = failure_message(column.kind)
    cells = zip(rows.filter(failed), text.filter(failed), strict=True)
    return [Problem(file, row, column.name, f"{shown(value)} {message}") for row, value in cells]
