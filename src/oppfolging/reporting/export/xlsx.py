"""XLSX: one sheet per table, styled and filterable, and a sheet of line charts.

Text always goes through `write_string`, never `write`, so a comment that begins with `=`
is stored as text and never becomes a formula. Number formats are stored the way the file
format wants them (`#,##0.0" %"`); Excel shows them with the reader's own separators, so a
Norwegian Excel shows `1 234,5 %`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import xlsxwriter

from oppfolging.domain.codes import COLOURS
from oppfolging.reporting.export import Progress
from oppfolging.reporting.export._common import ProgressCounter, text_colour
from oppfolging.reporting.export._xlsx_charts import write_charts
from oppfolging.reporting.report import Cell, CellKind, Column, Report, Table

_MAX_WIDTH = 60
_NO_UNIT = {"", "antall", "tall"}


class Formats:
    """The workbook's cell formats, made once and reused (xlsxwriter wants few formats)."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self._cache: dict[tuple[Any, ...], Any] = {}
        self.header = book.add_format(
            {"bold": True, "bg_color": "#d0d7de", "bottom": 1, "text_wrap": True, "valign": "top"}
        )

    def get(self, cell: Cell, wrap: bool) -> Any:
        """The format of `cell` (None for plain text that does not wrap)."""
        key = (cell.kind, cell.status, cell.unit, cell.decimals, wrap)
        if key not in self._cache:
            self._cache[key] = self._make(cell, wrap)
        return self._cache[key]

    def _make(self, cell: Cell, wrap: bool) -> Any:
        props: dict[str, Any] = {"valign": "top"}
        if wrap:
            props["text_wrap"] = True
        if cell.kind is CellKind.NUMBER:
            props["num_format"] = number_format(cell.unit, cell.decimals)
        elif cell.kind is CellKind.INTEGER:
            props["num_format"] = "#,##0"
        elif cell.kind is CellKind.SHARE:
            props["num_format"] = "0 %"
        elif cell.kind is CellKind.DATE:
            props["num_format"] = "dd.mm.yyyy"
            props["align"] = "left"
        if cell.status in COLOURS:
            props["bg_color"] = COLOURS[cell.status]
            props["font_color"] = text_colour(COLOURS[cell.status])
        return self._book.add_format(props)


def number_format(unit: str, decimals: int) -> str:
    """`#,##0.0" %"`: thousands, `decimals` decimals and the unit as a literal suffix."""
    digits = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    clean = unit.replace('"', "").replace("\\", "").strip()
    if clean.lower() in _NO_UNIT:
        return digits
    return f'{digits}" {clean}"'


def write(report: Report, path: Path, progress: Progress) -> None:
    """Write the workbook to `path`."""
    book = xlsxwriter.Workbook(
        str(path),
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    book.set_properties({"title": report.title, "subject": report.round_label})
    formats = Formats(book)
    counter = ProgressCounter(progress, sum(len(t.rows) for t in report.tables), share=0.9)
    for table in report.tables:
        write_table(book.add_worksheet(table.title[:31]), table, formats, counter)
    write_charts(book, report)
    book.close()


def write_table(sheet: Any, table: Table, formats: Formats, counter: ProgressCounter) -> None:
    """One table on its own sheet: header row frozen, filter, widths that fit."""
    widths = column_widths(table)
    for col, (column, width) in enumerate(zip(table.columns, widths, strict=True)):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, column.label, formats.header)
    wraps = [width >= _MAX_WIDTH for width in widths]
    for row_number, row in enumerate(table.rows, start=1):
        for col, cell in enumerate(row):
            write_cell(sheet, row_number, col, cell, formats.get(cell, wraps[col]))
        counter.step()
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)


def write_cell(sheet: Any, row: int, col: int, cell: Cell, cell_format: Any) -> None:
    """A cell as its native type: number, date or text (text never as a formula)."""
    value = cell.value
    if value is None:
        if cell.status:
            sheet.write_blank(row, col, None, cell_format)
        return
    if cell.kind in {CellKind.NUMBER, CellKind.INTEGER, CellKind.SHARE} and not isinstance(
        value, bool
    ):
        sheet.write_number(row, col, value, cell_format)
    elif cell.kind is CellKind.DATE:
        sheet.write_datetime(row, col, value, cell_format)
    else:
        sheet.write_string(row, col, cell.text, cell_format)


def column_widths(table: Table) -> list[int]:
    """A width per column that fits its header and its longest cell, capped at 60."""
    return [
        _width(column, [row[index] for row in table.rows])
        for index, column in enumerate(table.columns)
    ]


def _width(column: Column, cells: list[Cell]) -> int:
    longest = max((len(cell.text) for cell in cells), default=0)
    header = max((len(word) for word in column.label.split()), default=0)
    return min(max(longest + 2, header + 2, min(len(column.label) + 2, 14)), _MAX_WIDTH)
