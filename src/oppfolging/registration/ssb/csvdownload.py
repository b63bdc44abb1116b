"""Reading Statistikkbanken's CSV download ("semikolonseparert med overskrift", codes shown).

The common shape, which this reader expects: an optional title line such as
`"12209: Tittel"`, then a header of quoted column names separated by `;`, e.g.
`"region";"statistikkvariabel";"alder";"år";"verdi"` (long: one value column after a
time column `år`/`Tid`) or `"region";"statistikkvariabel";"alder";"Andel … 2024";…` (wide:
one value column per year, the year last in its name). Dimension cells hold the code first
and the label after it (`4001 Porsgrunn`), as the download gives them with codes shown;
`statistikkvariabel` is the contents dimension. A value of `..`, `.`, `:` or `-` is a status.
The table number comes from the title line, else the file name.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from oppfolging.domain.ssbsource import CONTENTS_DIMENSION, TIME_DIMENSION
from oppfolging.i18n import t
from oppfolging.registration.ssb.jsonstat import Cell, Dimension, SsbFileError, SsbTable

_YEAR_AT_END = re.compile(r"(?:^|\s)([0-9]{4})$")
_TABLE = re.compile(r"(?<![0-9])([0-9]{5})(?![0-9])")
_STATUSES = ("..", ".", "...", ":", "-")
_CONTENTS_NAMES = ("statistikkvariabel", "contents", "contentscode")
_TIME_NAMES = ("år", "tid", "year", "kvartal", "måned")


def read_csv_download(path: Path) -> SsbTable:
    """The table in a Statistikkbanken CSV download (`SsbFileError` when it is not one)."""
    file = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    except OSError as error:
        raise SsbFileError(file, "", t("ssb.file.unreadable", reason=str(error))) from None
    rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=";"), 1)]
    rows = [(n, [c.strip() for c in row]) for n, row in rows if any(c.strip() for c in row)]
    title = ""
    if rows and len(rows[0][1]) == 1:
        title = rows.pop(0)[1][0]
    if not rows or len(rows[0][1]) < 2:
        raise SsbFileError(file, "", t("ssb.csv.no_header"), 1)
    header_line, header = rows[0]
    names = [_dimension_name(name) for name in header]
    years = [_YEAR_AT_END.search(name) for name in header]
    time_column = next((i for i, n in enumerate(names) if n == TIME_DIMENSION), None)
    if time_column is not None:
        dims = [i for i in range(len(header) - 1) if i != time_column]
        value_columns = {len(header) - 1: ""}
    else:
        value_columns = {i: m.group(1) for i, m in enumerate(years) if m}
        dims = [i for i in range(len(header)) if i not in value_columns]
        if not value_columns:
            raise SsbFileError(file, "", t("ssb.csv.no_values"), header_line)
    cells: dict[tuple[str, ...], Cell] = {}
    codes: dict[int, list[str]] = {i: [] for i in [*dims, -1]}
    for line, row in rows[1:]:
        if len(row) != len(header):
            message = t("ssb.csv.columns", want=len(header), got=len(row))
            raise SsbFileError(file, "", message, line)
        key = [row[i].split()[0] if row[i].split() else "" for i in dims]
        for column, year in value_columns.items():
            year = year or row[time_column or 0].split()[0]
            cell = _cell(row[column], file, line, header[column])
            cells[(*key, year)] = cell
            for i, code in zip([*dims, -1], [*key, year], strict=True):
                if code not in codes[i]:
                    codes[i].append(code)
    dimensions = [Dimension(names[i], tuple(codes[i])) for i in dims]
    dimensions.append(Dimension(TIME_DIMENSION, tuple(codes[-1])))
    table = _table_number(title, file)
    return SsbTable(file, table, tuple(dimensions), TIME_DIMENSION, cells)


def _dimension_name(header: str) -> str:
    """The dimension id a header stands for (`statistikkvariabel` → ContentsCode, …)."""
    lowered = header.lower()
    if lowered in _CONTENTS_NAMES:
        return CONTENTS_DIMENSION
    if lowered in _TIME_NAMES:
        return TIME_DIMENSION
    return header


def _cell(text: str, file: str, line: int, column: str) -> Cell:
    if text in _STATUSES or not text:
        return Cell(None, text or ".")
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return Cell(float(cleaned))
    except ValueError:
        message = t("ssb.csv.bad_value", value=text, column=column)
        raise SsbFileError(file, column, message, line) from None


def _table_number(title: str, file: str) -> str:
    for text in (title, file):
        found = _TABLE.search(text)
        if found:
            return found.group(1)
    raise SsbFileError(file, "", t("ssb.file.no_table"))
