"""Formula protection for every CSV the tool writes: the export and the CLI's `--format csv`.

A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
`'` (as OWASP recommends against CSV injection), so a spreadsheet never runs it as a formula
(`=HYPERLINK(…)`, `@SUM(A1)`). Only text is touched: numbers, dates and booleans are written
as they are, so `-1.5` stays a number. The rule is written once, here, as a regular
expression that both the per-cell function and the polars expression use.
"""

from __future__ import annotations

import re

import polars as pl

__all__ = ["FORMULA_PATTERN", "FORMULA_STARTS", "formula_safe", "formula_safe_frame"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula."""

FORMULA_PATTERN = r"^[=+\-@\t\r]"
"""`FORMULA_STARTS` as a regular expression (Python's `re` and polars read it alike)."""

_FORMULA_RE = re.compile(FORMULA_PATTERN)
_PREFIX = "'"


def formula_safe(text: str) -> str:
    """`text`, with a leading `'` when a spreadsheet could take it for a formula."""
    return _PREFIX + text if _FORMULA_RE.match(text) else text


def formula_safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with `formula_safe` applied to every text column (numbers left alone).

    Categorical and enum columns are text too, so they are made plain text first.
    """
    text_columns = [
        name
        for name, dtype in frame.schema.items()
        if dtype == pl.String or isinstance(dtype, pl.Categorical | pl.Enum)
    ]
    return frame.with_columns(_formula_safe_expr(name) for name in text_columns)


def _formula_safe_expr(name: str) -> pl.Expr:
    column = pl.col(name).cast(pl.String)
    return (
        pl.when(column.str.contains(FORMULA_PATTERN))
        .then(pl.lit(_PREFIX) + column)
        .otherwise(column)
        .alias(name)
    )
