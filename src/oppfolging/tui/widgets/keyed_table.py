"""A fast virtual table of display strings with one key per row.

Built on textual-fastdatatable, which takes a polars frame directly and mounts a million
rows in well under a second (Textual's own DataTable measures every cell). Its cells are
read-only, so new data means a new inner table — cheap for this backend.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

import polars as pl
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static
from textual_fastdatatable import DataTable, create_backend
from textual_fastdatatable.column import CELL_X_PADDING, Column

from oppfolging.i18n import t
from oppfolging.tui.base import NARROW_WIDTH
from oppfolging.tui.cells import NARROW_CELL, WIDE_CELL


class RowTable(DataTable, inherit_bindings=False):
    """A row-cursor DataTable that leaves Tab to move focus between widgets."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "binding.open", show=False),
        Binding("up,k", "cursor_up", "binding.up", show=False),
        Binding("down,j", "cursor_down", "binding.down", show=False),
        Binding("left", "scroll_left", "binding.scroll_left", show=False),
        Binding("right", "scroll_right", "binding.scroll_right", show=False),
        Binding("pageup", "page_up", "binding.page_up", show=False),
        Binding("pagedown", "page_down", "binding.page_down", show=False),
        Binding("home", "scroll_home", "binding.first_row", show=False),
        Binding("end", "scroll_end", "binding.last_row", show=False),
    ]
    """Vim's j/k move down/up as well as the arrows; every binding has a description, so
    the help (generated from the bindings) explains it."""

    flex_column: int | None = None
    """The column that takes the width the others leave (a name), or None for none."""
    flex_keep: int | None = None
    """The last column the flex column must keep in view, or None for every column: the
    columns after it (a long comment) scroll off rather than squeeze the flex column below
    its natural width."""

    def _on_resize(self, event: events.Resize) -> None:
        super()._on_resize(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Give `flex_column` the width the other columns leave, at least `FLEX_MIN`, so
        the table fills its width and the columns after the name stay in view."""
        columns = self.ordered_columns
        if self.flex_column is None or not 0 <= self.flex_column < len(columns):
            return
        flex = columns[self.flex_column]
        available = self.scrollable_content_region.width
        widths = [column.render_width for column in columns]
        width = flex_width(available, sum(widths) - flex.render_width)
        if self.flex_keep is not None:
            kept = sum(widths[: self.flex_keep + 1]) - flex.render_width
            natural = min(flex.content_width, flex.max_content_width or flex.content_width)
            width = max(width, min(natural, flex_width(available, kept)))
        if flex.auto_width or flex.width != width:
            flex.auto_width, flex.width = False, width
            self._relayout()

    def cap_cells(self, cap: int) -> None:
        """Cap text cells at `cap` characters (measured again when it changed)."""
        if self.max_column_content_width != cap:
            self.max_column_content_width = cap
            self._ordered_columns = None
            self._relayout()
            self.fit_columns()

    def _relayout(self) -> None:
        """Drop what depends on the column widths and measure again."""
        self._clear_caches()
        self._update_count += 1
        self._require_update_dimensions = True
        self.refresh(layout=True)
        self.check_idle()

    def action_scroll_right(self) -> None:
        """One column to the right (Textual scrolls one character per press)."""
        starts = column_starts(self.ordered_columns)
        after = [x for x in starts if x > self.scroll_x]
        self.scroll_to(x=after[0] if after else self.max_scroll_x, animate=False)

    def action_scroll_left(self) -> None:
        """One column to the left."""
        before = [x for x in column_starts(self.ordered_columns) if x < self.scroll_x]
        self.scroll_to(x=before[-1] if before else 0, animate=False)

    def replace_data(self, frame: pl.DataFrame) -> None:
        """Show `frame` instead of the current rows, in place.

        textual-fastdatatable has no public way to swap data ("unmount this table and mount
        a new one"), and a remount costs 100–250 ms of layout per table. Swapping the
        backend and dropping the caches that depend on it is what its constructor does.
        """
        backend = create_backend(frame, max_rows=None, has_header=True)
        backend.render_markup = self.render_markup
        self.backend = backend
        self._ordered_columns = None
        self._clear_caches()
        self._require_update_dimensions = True
        self._update_count += 1
        self.cursor_coordinate = self.cursor_coordinate
        self.refresh(layout=True)
        self.check_idle()
        self.fit_columns()


def content_widths(frame: pl.DataFrame) -> list[int]:
    """Each column's widest cell, markup rendered, measured as the table measures it (the
    start picture's columns get these widths: `screens.picture`)."""
    if frame.height == 0:
        return [0] * frame.width
    backend = create_backend(frame, max_rows=None, has_header=True)
    backend.render_markup = True  # as the overview's tables have it
    return list(backend.column_content_widths)


class KeyedTable(Widget, can_focus=False):
    """A table whose rows are identified by keys; Enter posts `KeyedTable.Selected`."""

    DEFAULT_CSS = """
    KeyedTable { height: auto; max-height: 100%; }
    KeyedTable > RowTable { height: auto; max-height: 100%; }
    KeyedTable > .empty { color: $text-muted; padding: 0 1; }
    """

    class RowMessage(Message):
        """Something happened to one row."""

        def __init__(self, table: KeyedTable, key: str) -> None:
            self.table = table
            """The table the row belongs to."""
            self.key = key
            """The row's key."""
            super().__init__()

        @property
        def control(self) -> KeyedTable:
            """The table (for `@on(..., "#id")` selectors)."""
            return self.table

    class Selected(RowMessage):
        """A row was chosen (Enter or click on the selected row)."""

    class Highlighted(RowMessage):
        """The cursor moved to a row."""

    def __init__(
        self,
        frame: pl.DataFrame | None = None,
        keys: list[str] | None = None,
        *,
        empty_text: str | None = None,
        flex_column: int | None = None,
        flex_keep: int | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._frame = frame if frame is not None else pl.DataFrame()
        self.keys: list[str] = list(keys or [])
        """The key of each row, in display order."""
        self.empty_text = t("table.empty") if empty_text is None else empty_text
        self.focus_on_show = False
        """Focus the table the next time rows are shown (set by screens on entry)."""
        self._showing = asyncio.Lock()
        self.flex_column = flex_column
        """The column that takes the remaining width (see `RowTable.fit_columns`)."""
        self.flex_keep = flex_keep
        """The last column the flex column keeps in view (see `RowTable.flex_keep`)."""

    def compose(self) -> ComposeResult:
        yield self._make_inner()

    def _make_inner(self) -> Widget:
        if self._frame.height == 0:
            return Static(self.empty_text, classes="empty")
        table = RowTable(
            data=self._frame,
            cursor_type="row",
            zebra_stripes=True,
            show_row_labels=False,
            max_column_content_width=self._max_cell_width(),
        )
        table.flex_column, table.flex_keep = self.flex_column, self.flex_keep
        return table

    def on_resize(self) -> None:
        """Cap text cells again when the terminal crossed the narrow width (the flex
        column is fitted by the inner table's own resize)."""
        if (table := self.table) is not None:
            table.cap_cells(self._max_cell_width())

    def _max_cell_width(self) -> int:
        """Narrow terminals get narrower text columns, so the status columns stay in view."""
        return WIDE_CELL if self.app.size.width >= NARROW_WIDTH else NARROW_CELL

    async def show(self, frame: pl.DataFrame, keys: list[str]) -> None:
        """Replace the rows (keeps focus and cursor row on the table when it had them)."""
        async with self._showing:
            had_focus = self.has_focus_within or self.focus_on_show
            self.focus_on_show = False
            cursor = self.cursor_key
            same_shape = self._frame.height > 0 and self._frame.columns == frame.columns
            self._frame, self.keys = frame, list(keys)
            table = self.table
            if table is not None and same_shape and frame.height > 0:
                table.replace_data(frame)
                self.refresh(layout=True)
                inner: Widget = table
            else:
                await self.remove_children()
                inner = self._make_inner()
                await self.mount(inner)
            if cursor is not None:
                self.move_cursor_to(cursor)
            if had_focus and inner.focusable:
                inner.focus()

    @property
    def row_count(self) -> int:
        """How many rows are shown."""
        return self._frame.height

    def row_cells(self, key: str) -> dict[str, str]:
        """The shown cells (markup) of the row with `key`, by column header."""
        return dict(self._frame.row(self.keys.index(key), named=True))

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor."""
        table = self.table
        if table is None or not self.keys:
            return None
        return self.keys[min(table.cursor_row, len(self.keys) - 1)]

    @property
    def table(self) -> RowTable | None:
        """The inner table, when there are rows."""
        tables = self.query(RowTable)
        return tables.first() if tables else None

    def focus_table(self) -> None:
        """Focus the inner table, if any."""
        if (table := self.table) is not None:
            table.focus()

    def move_cursor_to(self, key: str) -> None:
        """Put the cursor on the row with `key`, if shown."""
        table = self.table
        if table is not None and key in self.keys:
            table.move_cursor(row=self.keys.index(key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.keys):
            self.post_message(self.Selected(self, self.keys[event.cursor_row]))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.keys):
            self.post_message(self.Highlighted(self, self.keys[event.cursor_row]))


def flex_width(available: int, others: int) -> int:
    """The flex column's text width: what `others` (rendered widths) leave of
    `available`, less the column's own padding, at least `FLEX_MIN`."""
    return max(FLEX_MIN, available - others - CELL_X_PADDING)


def column_starts(columns: list[Column]) -> list[int]:
    """Where each column starts, in cells from the table's left edge."""
    starts, x = [], 0
    for column in columns:
        starts.append(x)
        x += column.render_width
    return starts


FLEX_MIN = 16
"""Narrowest the flex (name) column gets; past that the table scrolls sideways."""
