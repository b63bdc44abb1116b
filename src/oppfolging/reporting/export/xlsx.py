"""XLSX: one sheet per table, styled and filterable, and a sheet of line charts.

Each sheet starts with the title, the round, the status date and the date the figures were
taken, then the table (header row and the key name column frozen). Printing is set up:
landscape A4, one page wide, the header row repeated, the round in the page header and
page numbers in the footer. Numbers keep the decimals they were registered with (the
indicator's most), shares one decimal. Status cells show symbol and word in dark text on
a light tint of the status colour with a thick left border in the colour.

Text always goes through `write_string`, never `write`, so a comment that begins with `=`
is stored as text and never becomes a formula. Number formats are stored the way the file
format wants them (`#,##0.0" %"`); Excel shows them with the reader's own separators, so a
Norwegian Excel shows `1 234,5 %`.
"""

from __future__ import annotations

from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

import xlsxwriter

from oppfolging.domain.codes import COLOURS
from oppfolging.domain.units import BARE_COUNT_UNITS
from oppfolging.i18n import t
from oppfolging.reporting.export import Progress
from oppfolging.reporting.export._common import (
    ProgressCounter,
    corrections_tables,
    file_tables,
    lock_line,
    shown_text,
    tint,
)
from oppfolging.reporting.export._xlsx_charts import FONT, ROW_PIXELS, write_charts
from oppfolging.reporting.export._xlsx_rows import BLANK, DATE, NUMBER, STRING, RowCell, RowsSheet
from oppfolging.reporting.report import Cell, CellKind, Column, Report, Row, Table

_MAX_WIDTH = 50
_OUTLINE_WIDTH = 24
"""Plan, focus area and goal columns wrap at this width (they lead every row)."""
_NO_UNIT = {"", *BARE_COUNT_UNITS}
HEADER_ROW = 5
"""The table's header row (0-based): title, round, status date and date taken above it."""
STATUS_TEXT = "#1f2328"
FONT_SIZE = 10
"""Every cell is in `FONT` (Arial): on every office machine, and metric-compatible
Liberation Sans in LibreOffice, so the column widths and row heights below hold
(Calibri, Excel's default, is replaced by a wider font where it is missing)."""
LINE_HEIGHT = 12.75
"""Points per line of text in a row (Arial 10)."""
HEADER_FONT = f'&"{FONT},Regular"&8 '
"""Page header/footer font codes. The space ends the size code: `&8` followed by text
that begins with a digit (`2026`, `1. tertial`) would be read as one size (`&82026`)."""
KEY_COLUMNS = ("indicator", "measure", "focus_area", "plan", "goal")
"""The first of these a table has is the column the frozen panes keep in view."""


class Formats:
    """The workbook's cell formats, made once and reused (xlsxwriter wants few formats)."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self._cache: dict[tuple[Any, ...], Any] = {}
        self.header = book.add_format(
            {"bold": True, "bg_color": "#d0d7de", "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.round = book.add_format({"bold": True, "font_size": 12})
        self.meta = book.add_format({"font_color": "#57606a"})

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
            props["num_format"] = "0" + ("." + "0" * cell.decimals if cell.decimals else "") + " %"
        elif cell.kind is CellKind.DATE:
            props["num_format"] = "dd.mm.yyyy"
            props["align"] = "left"
        if cell.status in COLOURS:
            props["bg_color"] = tint(COLOURS[cell.status])
            props["font_color"] = STATUS_TEXT
            props["left"] = 5
            props["left_color"] = COLOURS[cell.status]
            props["indent"] = 1  # keeps the symbol off a right-aligned number beside it
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
            "default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE},
            "default_row_height": ROW_PIXELS,
        },
    )
    book.set_properties(
        {
            "title": report.title,
            "subject": f"{report.round_label} – {report.status_line}",
            "author": report.author,
            "comments": report.taken_line,
            "created": datetime.combine(report.taken or report.as_of, time()),
        }
    )
    formats = Formats(book)
    tables = file_tables(report)
    counter = ProgressCounter(progress, sum(len(t.rows) for t in tables), share=0.9)
    for table in tables:
        sheet = book.add_worksheet(table.title[:31], worksheet_class=RowsSheet)
        write_title(sheet, report, table, formats)
        write_table(sheet, table, formats, counter)
        print_setup(sheet, report, table)
    charts = write_charts(book, report)
    if charts is not None:
        print_header(charts, report, t("report.table.charts"))
    write_corrections_sheet(book, report, formats, counter)
    book.close()


def write_title(sheet: Any, report: Report, table: Table, formats: Formats) -> None:
    """Above the table: the report's title and table's name, the round, the status date
    and the date the figures were taken (so a printed or copied sheet says what it is)."""
    sheet.write_string(0, 0, f"{report.title} – {table.title}", formats.title)
    for row, text in enumerate(report.title_lines(), start=1):
        sheet.write_string(row, 0, text, formats.meta if row > 1 else formats.round)


def print_setup(sheet: Any, report: Report, table: Table) -> None:
    """Landscape A4, one page wide, the header row on every page, title and page numbers."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW)
    sheet.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.6)
    print_header(sheet, report, table.title)


def print_header(sheet: Any, report: Report, name: str) -> None:
    """The page header (report, sheet, round and status date) and footer (date taken,
    page numbers), in `HEADER_FONT`."""
    title = _header_text(f"{report.title} – {name}")
    middle = _header_text(f"{report.round_label} · {report.status_line}")
    page = _header_text(t("report.page"))
    sheet.set_header(f"&L{HEADER_FONT}{title}&R{HEADER_FONT}{middle}")
    sheet.set_footer(
        f"&L{HEADER_FONT}{_header_text(report.taken_line)}&R{HEADER_FONT}{page} &P / &N"
    )


def _header_text(text: str) -> str:
    """Text for a page header: `&` doubled so it is not read as a code."""
    return text.replace("&", "&&")


def key_column(table: Table) -> int:
    """The column the frozen panes keep in view (the indicator's or measure's name)."""
    keys = [column.key for column in table.columns]
    for key in KEY_COLUMNS:
        if key in keys:
            return keys.index(key)
    return 0


def write_table(sheet: Any, table: Table, formats: Formats, counter: ProgressCounter) -> None:
    """One table below the title: header row and key column frozen, filter, widths that fit."""
    widths = column_widths(table)
    top = HEADER_ROW
    for col, (column, width) in enumerate(zip(table.columns, widths, strict=True)):
        sheet.set_column(col, col, width)
        sheet.write_string(top, col, column.label, formats.header)
    header_lines = max(
        text_lines(column.label, width, bold=True)
        for column, width in zip(table.columns, widths, strict=True)
    )
    if header_lines > 1:
        sheet.set_row(top, LINE_HEIGHT * header_lines + 2)
    wraps = [
        width >= _MAX_WIDTH or column.key in _OUTLINE
        for column, width in zip(table.columns, widths, strict=True)
    ]
    for row_number, row in enumerate(table.rows, start=top + 1):
        cells = [
            row_cell(cell, formats.get(cell, wrap)) for cell, wrap in zip(row, wraps, strict=True)
        ]
        sheet.write_row_cells(row_number, cells)
        lines = row_lines(row, widths, wraps)
        if lines > 1:  # spreadsheets do not grow a row for wrapped text on their own
            sheet.set_row(row_number, LINE_HEIGHT * lines + 2)
        counter.step()
    sheet.freeze_panes(top + 1, key_column(table) + 1)
    sheet.autofilter(top, 0, top + max(len(table.rows), 1), len(table.columns) - 1)


def row_lines(row: Row, widths: list[int], wraps: list[bool]) -> int:
    """How many lines the tallest wrapped cell of `row` needs (capped at 12)."""
    lines = 1
    for cell, width, wrap in zip(row, widths, wraps, strict=True):
        if wrap and cell.text:
            lines = max(lines, text_lines(cell.text, width))
    return min(lines, 12)


@lru_cache(maxsize=65536)
def text_lines(text: str, width: int, *, bold: bool = False) -> int:
    """Lines `text` takes in a wrapping column `width` characters wide: words are moved
    whole to the next line, as a spreadsheet does. A width unit (a digit, 7 px) holds
    about 1,3 letters of Arial 10 (seen in LibreOffice); 1,25 errs on the tall side, as a
    row too tall costs a little paper and one too low hides text. Bold letters are
    wider (1,1 a unit)."""
    per_line = max(round(width * (1.1 if bold else 1.25)), 1)
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0
        for word in part.split():
            if used and used + 1 + len(word) > per_line:
                lines += 1
                used = 0
            used += (1 if used else 0) + len(word)
            while used > per_line:  # a word longer than the line breaks inside
                lines += 1
                used -= per_line
    return max(lines, 1)


_NUMBER_KINDS = frozenset({CellKind.NUMBER, CellKind.INTEGER, CellKind.SHARE})


def row_cell(cell: Cell, cell_format: Any) -> RowCell:
    """A cell as its native type for `RowsSheet.write_row_cells`: number, date or text
    (text never as a formula); a cell without a value is left out, or blank with its
    status format."""
    value = cell.value
    if value is None:
        return (BLANK, None, cell_format) if cell.status else None
    if cell.kind in _NUMBER_KINDS and not isinstance(value, bool):
        return (NUMBER, value, cell_format)
    if cell.kind is CellKind.DATE:
        return (DATE, value, cell_format)
    return (STRING, shown_text(cell), cell_format)


def column_widths(table: Table) -> list[int]:
    """A width per column that fits its header and its longest cell, capped at 50 (24 for
    plan, focus area and goal, which wrap)."""
    return [
        _width(column, [row[index] for row in table.rows])
        for index, column in enumerate(table.columns)
    ]


def _width(column: Column, cells: list[Cell]) -> int:
    longest = max((len(shown_text(cell)) for cell in cells), default=0)
    header = max((len(word) for word in column.label.split()), default=0)
    cap = _OUTLINE_WIDTH if column.key in _OUTLINE else _MAX_WIDTH
    return min(max(longest + 2, header + 2, min(len(column.label) + 2, 14)), cap)


_OUTLINE = {"plan", "focus_area", "goal"}


def write_corrections_sheet(
    book: Any, report: Report, formats: Formats, counter: ProgressCounter
) -> None:
    """A locked round's last sheet, `Korrigert etter låsing`: the lock above the table,
    then the corrections after the lock (the header row alone when there is none). Last,
    after the charts, so its strings come last in the shared strings and a correction
    changes no other sheet."""
    for table in corrections_tables(report):
        sheet = book.add_worksheet(table.title[:31], worksheet_class=RowsSheet)
        write_title(sheet, report, table, formats)
        sheet.write_string(HEADER_ROW - 1, 0, lock_line(report), formats.meta)
        write_table(sheet, table, formats, counter)
        print_setup(sheet, report, table)
