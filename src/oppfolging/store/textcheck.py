"""Warnings about control characters in a dataset's text cells.

A control character (ESC, a C1 control, DEL, U+FFFE …) is never shown or exported as it is
(see `oppfolging.textsafe`), but it is almost certainly a mistake or an attack, so
`oppfolging validate` points at each cell that holds one — as a warning, not an error.
"""

from __future__ import annotations

import polars as pl

from oppfolging.i18n import t
from oppfolging.store.model import Dataset, Problem
from oppfolging.textsafe import control_expr

ROW = "__row"


def control_character_warnings(dataset: Dataset) -> list[Problem]:
    """One warning per text cell holding a control character, located as `validate` shows."""
    warnings: list[Problem] = []
    for name, frame in dataset.frames.items():
        source = dataset.sources.get(name)
        file = source.path.name if source is not None else f"{name}.csv"
        warnings += _table_warnings(frame, file)
    return warnings


def _table_warnings(frame: pl.DataFrame, file: str) -> list[Problem]:
    columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not columns or frame.height == 0:
        return []
    flagged = frame.select(
        (pl.int_range(pl.len()) + 2).alias(ROW), *(control_expr(pl.col(c)) for c in columns)
    ).filter(pl.any_horizontal(columns))
    message = t("store.control_characters")
    return [
        Problem(file, row[ROW], column, message, severity="warning")
        for row in flagged.iter_rows(named=True)
        for column in columns
        if row[column]
    ]
