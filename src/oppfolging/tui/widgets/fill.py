"""Let one column of a table take the width the columns before it leave (the attention
list's comment), so it reaches the right edge of the screen.

textual-fastdatatable sizes every auto column to its content, capped at one maximum; a
fixed width for a column is the only way to give it more (or less). Called again after
each resize and each new set of rows, so the columns follow the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual_fastdatatable import DataTable
from textual_fastdatatable.column import CELL_X_PADDING, Column

from oppfolging.tui.cells import MIN_FILL


def fill_column(table: DataTable, label: str, shares: Mapping[str, float] | None = None) -> None:
    """Give the column headed `label` the width left by the columns before it (at least
    `MIN_FILL`, at most what its widest cell needs); columns named in `shares` get at
    most that share of the width, so a long name does not push the comment out of view."""
    columns = table.ordered_columns
    index = next((i for i, c in enumerate(columns) if c.label.plain == label), None)
    available = table.scrollable_content_region.width
    if index is None or available <= 0:
        return
    widths: list[int | None] = [_shared(c, available, shares or {}) for c in columns]
    before = sum(_render_width(c, w) for c, w in zip(columns[:index], widths, strict=False))
    room = available - before - CELL_X_PADDING
    widths[index] = max(MIN_FILL, min(columns[index].content_width, room))
    _set_widths(table, widths)


def _shared(column: Column, available: int, shares: Mapping[str, float]) -> int | None:
    """A capped width for a column named in `shares`, else None (sized by its content)."""
    share = shares.get(column.label.plain)
    if share is None:
        return None
    # The share, not the table's cell maximum (fixed when the table was made, so a table
    # made narrow would stay narrow after the terminal grew).
    return min(column.content_width, max(MIN_FILL, int(available * share)))


def _render_width(column: Column, width: int | None) -> int:
    if width is None:
        return min(column.content_width, column.max_content_width or column.content_width) + (
            CELL_X_PADDING
        )
    return width + CELL_X_PADDING


def _set_widths(table: DataTable, widths: list[int | None]) -> None:
    """Fixed widths where given (None: by content), redrawn only when they change."""
    if table._column_widths == widths:
        return
    table._column_widths = widths
    table._ordered_columns = None
    table._clear_caches()
    table._require_update_dimensions = True
    table.refresh(layout=True)
