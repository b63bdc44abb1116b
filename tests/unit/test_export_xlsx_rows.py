"""`RowsSheet.write_row_cells` writes the same workbook, byte for byte, as writing the same
cells one at a time with xlsxwriter's own methods (issue 14.4: rows, not cells)."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from oppfolging.reporting.export._xlsx_rows import BLANK, DATE, NUMBER, STRING, RowCell, RowsSheet

FORMAT_PROPS: list[dict[str, Any]] = [
    {"bold": True},
    {"num_format": '#,##0.0" %"', "bg_color": "#dddddd"},
    {"num_format": "dd.mm.yyyy"},
    {"text_wrap": True, "valign": "top"},
]

TEXTS = [
    "=SUM(A1:A2)",  # text that looks like a formula stays text
    "+47 123",
    "@cmd",
    "Tab\there and\x07bell\x1b[31m",
    "",
    " leading and trailing ",
    'Ærlig, øvrig & <åpen> "sitat"',
    "x" * 40_000,  # longer than a cell may hold: truncated alike
    "😀" * 20_000,  # UTF-16 length twice the characters
]


def _write(path: Path, rows: list[list[tuple[int, Any, int | None] | None]], *, fast: bool) -> None:
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    book.set_properties({"created": datetime(2026, 4, 30)})  # not the clock: files compare
    formats = [book.add_format(props) for props in FORMAT_PROPS]
    sheet = book.add_worksheet("Ark", worksheet_class=RowsSheet if fast else None)
    sheet.write_string(0, 0, "Tittel", formats[0])
    sheet.set_column(2, 2, 30, formats[3])  # a column format for unformatted cells
    for number, row in enumerate(rows, start=2):
        cells: list[RowCell] = [
            None
            if cell is None
            else (cell[0], cell[1], None if cell[2] is None else formats[cell[2]])
            for cell in row
        ]
        if number % 7 == 0:
            sheet.set_row(number, 30)
        if fast:
            sheet.write_row_cells(number, cells)
            continue
        for col, cell in enumerate(cells):
            _write_one(sheet, number, col, cell)
    sheet.write_string(len(rows) + 3, 1, "Under tabellen")
    book.close()


def _write_one(sheet: Any, row: int, col: int, cell: RowCell) -> None:
    """xlsxwriter's own cell-by-cell writing (what the export did before)."""
    if cell is None:
        return
    kind, value, cell_format = cell
    if kind == NUMBER:
        sheet.write_number(row, col, value, cell_format)
    elif kind == DATE:
        sheet.write_datetime(row, col, value, cell_format)
    elif kind == BLANK:
        sheet.write_blank(row, col, None, cell_format)
    else:
        sheet.write_string(row, col, value, cell_format)


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _assert_same(tmp_path: Path, rows: list[list[tuple[int, Any, int | None] | None]]) -> None:
    _write(tmp_path / "cells.xlsx", rows, fast=False)
    _write(tmp_path / "rows.xlsx", rows, fast=True)
    slow, fast = _parts(tmp_path / "cells.xlsx"), _parts(tmp_path / "rows.xlsx")
    assert list(slow) == list(fast)
    for name in slow:
        assert slow[name] == fast[name], name


def test_every_kind_of_cell(tmp_path: Path) -> None:
    rows: list[list[tuple[int, Any, int | None] | None]] = []
    for index, text in enumerate(TEXTS):
        rows.append(
            [
                (STRING, text, index % 4 if index % 3 else None),
                (NUMBER, index * 1.25, 1),
                None,  # no cell at all
                (NUMBER, -(10**15) + index, None),
                (DATE, date(2026, 4, 30), 2 if index % 2 else None),
                (BLANK, None, 1),
                (BLANK, None, None),  # a blank without a format is not written
                (STRING, text, 3),  # the same text again: one shared string
            ]
        )
    rows.append([None, None, (STRING, "bare kolonne 2", None)])  # starts further right
    rows.append([None] * 5)  # nothing in the row
    _assert_same(tmp_path, rows)


def test_spans_over_many_blocks_of_rows(tmp_path: Path) -> None:
    """xlsxwriter gives each block of 16 rows the span of its widest row."""
    rows: list[list[tuple[int, Any, int | None] | None]] = [
        [(NUMBER, float(n), None)] * (1 + n % 9) for n in range(70)
    ]
    _assert_same(tmp_path, rows)


cell_strategy = st.one_of(
    st.none(),
    st.tuples(st.just(STRING), st.text(max_size=30), st.sampled_from([None, 0, 3])),
    st.tuples(
        st.just(NUMBER),
        st.floats(allow_nan=False, allow_infinity=False, width=64),
        st.sampled_from([None, 1]),
    ),
    st.tuples(st.just(BLANK), st.none(), st.sampled_from([None, 1])),
    st.tuples(st.just(DATE), st.dates(date(1901, 1, 1), date(2099, 12, 31)), st.just(2)),
)


@given(rows=st.lists(st.lists(cell_strategy, max_size=8), max_size=25))
def test_any_rows(rows: list[list[tuple[int, Any, int | None] | None]]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as temp:
        _assert_same(Path(temp), rows)
