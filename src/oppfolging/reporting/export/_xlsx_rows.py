"""A worksheet that takes a table's body a row at a time (issue 14: the whole 1M round to
XLSX in ≤ 1,5 s).

xlsxwriter keeps every cell as a namedtuple in a dict of dicts and, when the workbook is
closed, writes each one through a chain of generic calls (attribute lists, escaping, a
class-name dispatch): about 5 µs a cell, 1,5 s for the 300 000 cells of a 1M round, and as
much again to store them. `RowsSheet.write_row_cells` stores a body row as one compact
list and renders it, at close, as one string — the same XML, byte for byte, that writing
the cells one by one gives (`tests/unit/test_export_xlsx_rows.py` compares the files).

The order of side effects is kept: strings enter the shared-string table when the row is
written (their indices then match), and format indices are looked up when the sheet is
rendered, in cell order, as xlsxwriter itself does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.worksheet import Worksheet, _utf16_len, _utf16_truncate

NUMBER = 0
STRING = 1
BLANK = 2
DATE = 3

RowCell = tuple[int, Any, Format | None] | None
"""(kind, value, format) of one cell; None for a cell that is not written at all."""

_Stored = tuple[int, int, Any, Format | None]
"""(column, kind, number or shared-string index, format) of a cell as kept until close."""


class RowsSheet(Worksheet):  # type: ignore[misc]  # xlsxwriter is untyped
    """A `Worksheet` whose table bodies are written with `write_row_cells`."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[int, list[_Stored]] = {}
        self._letters: dict[int, str] = {}
        self._styles: dict[int, str] = {}
        """` s="…"` per cell format (by id: formats live as long as the workbook)."""

    def write_row_cells(self, row: int, cells: Sequence[RowCell]) -> None:
        """Write a row's cells, left to right from column 0 (None: no cell)."""
        stored: list[_Stored] = []
        append = stored.append
        shared = self.str_table._get_shared_string_index
        long_text = self.xls_strmax // 2
        for col, cell in enumerate(cells):
            if cell is None:
                continue
            kind, value, cell_format = cell
            if kind == STRING:
                if len(value) > long_text and _utf16_len(value) > self.xls_strmax:
                    value = _utf16_truncate(value, self.xls_strmax)
                value = shared(value)
            elif kind == DATE:
                value = self._date_number(value)
                cell_format = cell_format or self.default_date_format
            elif kind == BLANK and cell_format is None:
                continue  # xlsxwriter writes no blank cell without a format
            append((col, kind, value, cell_format))
        if not stored:
            return
        self._check_dimensions(row, stored[0][0])
        self._check_dimensions(row, stored[-1][0])
        self._rows[row] = stored

    def _date_number(self, value: date) -> float:
        number: float = self._convert_date_time(value)
        return number

    # --- rendering, at close -------------------------------------------------------------

    def _calculate_spans(self) -> None:
        """xlsxwriter's spans (first:last column per block of 16 rows), rows included."""
        super()._calculate_spans()
        if not self._rows:
            return
        blocks: dict[int, tuple[int, int]] = {}
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            cols = self._columns_of(row_num)
            if cols is None:
                continue
            block = row_num // 16
            low, high = blocks.get(block, cols)
            blocks[block] = (min(low, cols[0]), max(high, cols[1]))
        for block, (low, high) in blocks.items():
            self.row_spans[block] = f"{low + 1}:{high + 1}"

    def _columns_of(self, row_num: int) -> tuple[int, int] | None:
        """First and last column with a cell (or comment) in the row; None for none."""
        cols: list[int] = []
        stored = self._rows.get(row_num)
        if stored:
            cols += (stored[0][0], stored[-1][0])
        cells = self.table.get(row_num)
        if cells:
            cols += (min(cells), max(cells))
        comments = self.comments.get(row_num)
        if comments:
            cols += (min(comments), max(comments))
        return (min(cols), max(cols)) if cols else None

    def _write_rows(self) -> None:
        """xlsxwriter's `_write_rows`, with the rows of `write_row_cells` as one string."""
        if not self._rows:
            super()._write_rows()
            return
        self._calculate_spans()
        for row_num in range(self.dim_rowmin, self.dim_rowmax + 1):
            stored = self._rows.get(row_num)
            if stored is None:
                self._write_plain_row(row_num)
                continue
            span = self.row_spans.get(row_num // 16)
            self._write_row(row_num, span, self.row_info.get(row_num))
            self.fh.write(self._render(row_num, stored))
            self._xml_end_tag("row")

    def _write_plain_row(self, row_num: int) -> None:
        """A row written the ordinary way (titles, header): xlsxwriter's own code path."""
        if not (row_num in self.row_info or row_num in self.comments or self.table[row_num]):
            return
        span = self.row_spans.get(row_num // 16)
        info = self.row_info.get(row_num)
        if self.table[row_num]:
            self._write_row(row_num, span, info)
            for col_num in range(self.dim_colmin, self.dim_colmax + 1):
                if col_num in self.table[row_num]:
                    self._write_cell(row_num, col_num, self.table[row_num][col_num])
            self._xml_end_tag("row")
        else:
            self._write_empty_row(row_num, span, info)

    def _render(self, row_num: int, stored: list[_Stored]) -> str:
        """The `<c>` elements of one row, as `_write_cell` writes them."""
        parts: list[str] = []
        number = str(row_num + 1)
        letters = self._letters
        styles = self._styles
        for col, kind, value, cell_format in stored:
            ref = (letters.get(col) or self._column_letters(col)) + number
            style = styles.get(id(cell_format)) if cell_format else None
            if style is None:
                style = self._style(row_num, col, cell_format)
            if kind == STRING:
                parts.append(f'<c r="{ref}"{style} t="s"><v>{value}</v></c>')
            elif kind == BLANK:
                parts.append(f'<c r="{ref}"{style}/>')
            else:
                parts.append(f'<c r="{ref}"{style}><v>{value:.16G}</v></c>')
        return "".join(parts)

    def _column_letters(self, col: int) -> str:
        letters: str = xl_rowcol_to_cell_fast(0, col)[:-1]
        self._letters[col] = letters
        return letters

    def _style(self, row_num: int, col: int, cell_format: Format | None) -> str:
        """The ` s="…"` attribute: the cell's format, else the row's, else the column's.

        A cell format's attribute is kept (its index no longer changes once asked for)."""
        if cell_format:
            style = f' s="{cell_format._get_xf_index()}"'
            self._styles[id(cell_format)] = style
            return style
        info = self.row_info.get(row_num)
        if info is not None and info.row_format:
            return f' s="{info.row_format._get_xf_index()}"'
        column = self.col_info.get(col)
        if column is not None and column.column_format is not None:
            return f' s="{column.column_format._get_xf_index()}"'
        return ""
