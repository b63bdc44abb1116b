"""WordprocessingML for the DOCX writer, built as text and parsed once per table.

python-docx's object API costs about a third of a millisecond per cell (a report of a
whole 1M-value dataset took two minutes); writing each table's XML in one go and parsing
it with lxml is a hundred times faster and gives the same document.

Tables have a fixed layout with column widths that never break a number, a date, a status
or a short word (`column_widths`); the header row repeats on every page (`w:tblHeader`)
and no row is split over two pages (`w:cantSplit`). A status cell shows the symbol and the
word in dark text on a light tint of the status colour, with a thick left border in the
colour itself (contrast well above WCAG AA's 4.5:1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from oppfolging.reporting.export._common import SHORT_TEXT, fill_of, shown_text, tint
from oppfolging.reporting.report import Cell, CellKind, Column

_NUMERIC = {CellKind.NUMBER, CellKind.INTEGER, CellKind.SHARE}
_WHOLE = {*_NUMERIC, CellKind.DATE, CellKind.BOOL}
"""Cells whose text must never break inside (`61,8 %`, `30.04.2026`)."""
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HEADER_FILL = "F6F8FA"
STATUS_TEXT = "1F2328"
"""Dark text on every status cell."""
TEXT_WIDTH = 15137
"""Twips between the margins of landscape A4 with 1,5 cm margins."""
FONT_SIZES = (9.0, 8.0, 7.0, 6.5)
"""Table font sizes (pt), largest first: a wide table takes the first that fits."""
CHAR_EM = 0.6
"""An upper estimate of a character's width in ems (digits and most letters are 0,5–0,56)."""
BOLD_EM = 0.62
"""The same for bold header words (Arial bold's letters average 0,45–0,55 em)."""
CELL_MARGIN = 72
"""Twips of cell margin left and right (Table Grid's 108 left the 16 columns of the
summary too little room for a legible font)."""
CELL_PADDING = 2 * CELL_MARGIN + 60
"""Twips of left + right cell margin and some slack."""
LONGEST_WORD = 20
"""Longer words than this may break (a column is not made wider for them)."""
CAP = 40
"""A column never asks for more than this many characters before wrapping."""


def run_xml(
    text: str, *, bold: bool = False, colour: str | None = None, size: float | None = None
) -> str:
    """A run; line breaks become `<w:br/>` and tabs `<w:tab/>`; `size` in points."""
    props = ("<w:b/>" if bold else "") + (f'<w:color w:val="{colour}"/>' if colour else "")
    if size is not None:
        props += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    parts: list[str] = []
    for line_number, line in enumerate(_ILLEGAL.sub("", text).split("\n")):
        if line_number:
            parts.append("<w:br/>")
        for tab_number, piece in enumerate(line.split("\t")):
            if tab_number:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{''.join(parts)}</w:r>"


def paragraph(
    text: str,
    style_id: str | None = None,
    *,
    italic: bool = False,
    keep_next: bool = False,
    label: str | None = None,
    caption: bool = False,
) -> Any:
    """A paragraph element (`style_id` e.g. `Heading1`); `label` is a bold lead-in
    (`Status for målet: `); `keep_next` keeps it on the page of what follows; a `caption`
    (a table's title) is bold, with space above it."""
    props = (f'<w:pStyle w:val="{style_id}"/>' if style_id else "") + (
        "<w:keepNext/>" if keep_next else ""
    )
    if caption:
        props += '<w:spacing w:before="180" w:after="60"/>'
    run = run_xml(text, bold=caption)
    if italic:
        run = run.replace("<w:r>", "<w:r><w:rPr><w:i/></w:rPr>", 1)
    lead = run_xml(f"{label}: ", bold=True) if label else ""
    p_pr = f"<w:pPr>{props}</w:pPr>" if props else ""
    return parse_xml(f"<w:p {nsdecls('w')}>{p_pr}{lead}{run}</w:p>")


def _cell_xml(cell: Cell, width: int, size: float) -> str:
    colour = fill_of(cell)
    shading = ""
    text = shown_text(cell)
    run = run_xml(text, size=size) if text else ""
    if colour is not None:
        fill, border = tint(colour)[1:].upper(), colour[1:].upper()
        shading = (
            f'<w:tcBorders><w:left w:val="single" w:sz="24" w:space="0" w:color="{border}"/>'
            f'</w:tcBorders><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
        )
        run = run_xml(text, bold=True, colour=STATUS_TEXT, size=size) if text else ""
    align = '<w:pPr><w:jc w:val="right"/></w:pPr>' if cell.kind in _NUMERIC else ""
    props = f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>'
    return f"<w:tc>{props}<w:p>{align}{run}</w:p></w:tc>"


def _header_xml(columns: Sequence[Column], widths: list[int], size: float) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{_HEADER_FILL}"/>'
    cells = "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>'
        f"<w:p><w:pPr><w:keepNext/></w:pPr>{run_xml(column.label, bold=True, size=size)}</w:p>"
        "</w:tc>"
        for column, width in zip(columns, widths, strict=True)
    )
    return f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{cells}</w:tr>"


def text_width(characters: int, size: float, *, bold: bool = False) -> int:
    """Twips a cell needs for `characters` characters at `size` pt, margins included."""
    return round(characters * (BOLD_EM if bold else CHAR_EM) * size * 20) + CELL_PADDING


def unbreakable(cell: Cell) -> int:
    """The characters of `cell` that must stay on one line: the whole of a number, date or
    status word, a short text whole, else its longest word (up to `LONGEST_WORD`)."""
    text = shown_text(cell)
    if not text:
        return 0
    if cell.kind in _WHOLE or (cell.kind is CellKind.STATUS and len(text) <= 24):
        return len(text)
    if len(text) <= SHORT_TEXT and "\n" not in text:
        return len(text)
    return min(max(len(word) for word in text.split()), LONGEST_WORD) if text.split() else 0


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def column_widths(
    columns: Sequence[Column], rows: Sequence[Sequence[Cell]], total: int = TEXT_WIDTH
) -> tuple[list[int], float]:
    """Twips per column and the font size (pt) that lets every column's minimum fit.

    A column's minimum holds its header's longest word (bold) and its longest unbreakable
    text (`unbreakable`); what is left of `total` is shared out by how much more each
    column would like (its longest text, capped at `CAP` characters).
    """
    need = [max((unbreakable(row[i]) for row in rows), default=0) for i in range(len(columns))]
    want = [
        min(max(max((len(shown_text(row[i])) for row in rows), default=0), need[i], 4), CAP)
        for i in range(len(columns))
    ]
    for size in FONT_SIZES:
        mins = [
            max(text_width(n, size), text_width(_longest_word(c.label), size, bold=True))
            for n, c in zip(need, columns, strict=True)
        ]
        if sum(mins) <= total:
            break
    if sum(mins) > total:  # too wide even in the smallest size: shrink every column alike
        return [m * total // sum(mins) for m in mins], size
    wishes = [max(text_width(w, size) - m, 0) for w, m in zip(want, mins, strict=True)]
    spare = total - sum(mins)
    if sum(wishes) <= spare:  # everything fits: the rest goes by share of the wishes
        wishes = [w + m for w, m in zip(wishes, mins, strict=True)]
        spare = total - sum(mins)
    share = sum(wishes) or 1
    widths = [m + spare * w // share for m, w in zip(mins, wishes, strict=True)]
    return widths, size


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    style_id: str,
    *,
    sized_by: Sequence[Sequence[Cell]] | None = None,
) -> Any:
    """A whole table element: fixed grid, repeated header row, body rows that never split;
    the widths fit `sized_by` (rows of this and sibling tables) when given, else `rows`."""
    widths, size = column_widths(columns, sized_by or rows)
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    body = "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + "".join(_cell_xml(cell, width, size) for cell, width in zip(row, widths, strict=True))
        + "</w:tr>"
        for row in rows
    )
    properties = (
        f'<w:tblPr><w:tblStyle w:val="{style_id}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
    )
    xml = (
        f"<w:tbl {nsdecls('w')}>{properties}<w:tblGrid>{grid}</w:tblGrid>"
        f"{_header_xml(columns, widths, size)}{body}</w:tbl>"
    )
    return parse_xml(xml)
