"""Reading one table file (CSV or Parquet): the raw cells and the file's dialect.

A table is read in two steps. `read_raw` gives the file's cells as they are (text for a CSV,
the stored dtypes for a Parquet file) with a `__row` column holding the spreadsheet row of
each record; `csvparse.parse_table` turns the contract columns into their kinds with
vectorised polars expressions and reports every cell that does not parse. The raw frame is
what a save writes back, so rows nobody edited stay exactly as they were. The writing half,
formatting typed values as CSV text, is in `csvformat` (re-exported here).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl

from oppfolging.domain.schema import Kind, Table
from oppfolging.i18n import t
from oppfolging.store.csvformat import format_expr as format_expr
from oppfolging.store.csvformat import format_frame as format_frame
from oppfolging.store.csvformat import format_value as format_value
from oppfolging.store.fileinfo import os_reason
from oppfolging.store.model import CsvDialect, Problem, TableSource

ROW = "__oppfolging_row"
"""The spreadsheet row of a record: the header is row 1, the first record row 2."""
IDX = "__oppfolging_idx"
"""A record's position in the file, while a save works on it."""
RESERVED = (ROW, IDX)

BOM = b"\xef\xbb\xbf"
_HEADER_SCAN_LIMIT = 65_536
_COMMA_DECIMAL_RE = r"^\s*[+-−]?[\d\s\u00a0\u202f]*\d,\d+([eE][+-]?\d+)?\s*$"
_NORWEGIAN_DATE_RE = r"^\s*\d{1,2}\.\d{1,2}\.\d{4}\s*$"


# --- the raw file -----------------------------------------------------------------------


def read_raw(
    path: Path, data: bytes | None = None
) -> tuple[pl.DataFrame | None, TableSource, list[Problem]]:
    """The file's cells with a `ROW` column; `None` and a problem when it cannot be read.
    `data`: the file's bytes when the caller has read them already (a CSV only)."""
    return _read_parquet(path) if path.suffix == ".parquet" else _read_csv(path, data)


def _read_parquet(path: Path) -> tuple[pl.DataFrame | None, TableSource, list[Problem]]:
    source = TableSource(path, "parquet")
    try:
        data = path.read_bytes()
    except OSError as error:
        return (
            None,
            source,
            [Problem(path.name, 0, "", t("store.csv.unreadable", reason=os_reason(error)))],
        )
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception:  # polars raises several types for a broken file
        return None, source, [Problem(path.name, 0, "", t("store.csv.bad_parquet"))]
    return _numbered(frame, source, [])


def _read_csv(
    path: Path, given: bytes | None = None
) -> tuple[pl.DataFrame | None, TableSource, list[Problem]]:
    source = TableSource(path, "csv")
    try:
        data = path.read_bytes() if given is None else given
    except OSError as error:
        return (
            None,
            source,
            [Problem(path.name, 0, "", t("store.csv.unreadable", reason=os_reason(error)))],
        )
    bom = data.startswith(BOM)
    data = _universal_newlines(data.removeprefix(BOM))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = t("store.csv.not_utf8", line=line, hint=t("store.csv.save_hint"))
        return None, source, [Problem(path.name, 0, "", message)]
    return _parse_csv_text(path, data, text, bom)


def _universal_newlines(data: bytes) -> bytes:
    """A file with bare CR line ends (old Mac, some Excel versions) read as `\n` lines; a
    file with any `\n` is left as it is (a CR inside a quoted cell stays a CR)."""
    if b"\r" in data and b"\n" not in data:
        return data.replace(b"\r", b"\n")
    return data


def _parse_csv_text(
    path: Path, data: bytes, text: str, bom: bool
) -> tuple[pl.DataFrame | None, TableSource, list[Problem]]:
    dialect, names = header_dialect(text)
    source = TableSource(path, "csv", CsvDialect(dialect.separator, bom=bom))
    if not names:
        return None, source, [Problem(path.name, 0, "", t("store.csv.empty"))]
    problems = [
        Problem(path.name, 1, name, t("store.csv.duplicate_column", column=name))
        for name in sorted({n for n in names if names.count(n) > 1})
    ]
    try:
        frame = pl.read_csv(data, separator=dialect.separator, infer_schema=False)
    except Exception:  # polars reports malformed CSV with several exception types
        diagnosis = _diagnose(path.name, text, dialect.separator, len(names))
        return None, source, [*problems, diagnosis]
    if len(names) == frame.width and len(set(names)) == len(names):
        frame.columns = names
    return _numbered(frame, source, problems)


def header_dialect(text: str) -> tuple[CsvDialect, list[str]]:
    """The separator (`;` when the header has more of them outside quotes than `,`) and the
    column names (stripped) from the start of a CSV text; no names for an empty file."""
    header = _header_line(text)
    if not header.strip():
        return CsvDialect(), []
    separator = ";" if _count_outside_quotes(header, ";") > header.count(",") else ","
    try:
        cells = next(csv.reader([header], delimiter=separator))
    except csv.Error:  # e.g. a stray quote: the names as they are, polars reports the rest
        cells = header.split(separator)
    names = [name.strip() for name in cells]
    return CsvDialect(separator, decimal_comma=separator == ";"), names


def _header_line(text: str) -> str:
    """The first record of the file: up to the first line end (LF, CRLF or a bare CR)
    outside quotes."""
    inside = False
    for index, char in enumerate(text[:_HEADER_SCAN_LIMIT]):
        if char == '"':
            inside = not inside
        elif char in "\r\n" and not inside:
            return text[:index]
    return text[:_HEADER_SCAN_LIMIT].rstrip("\r\n")


def _count_outside_quotes(line: str, char: str) -> int:
    return sum(part.count(char) for part in line.split('"')[::2])


def _diagnose(file: str, text: str, separator: str, width: int) -> Problem:
    """Find the record polars refused, with Python's csv module (only on the error path)."""
    reader = csv.reader(text.splitlines(keepends=True), delimiter=separator, strict=True)
    try:
        for index, record in enumerate(reader):
            if len(record) > width:
                message = t("store.csv.too_many_fields", fields=len(record), width=width)
                return Problem(file, index + 1, "", message)
    except csv.Error:
        message = t("store.csv.bad_quotes")
        return Problem(file, reader.line_num, "", message)
    if re.search("\r(?!\n)", text):
        message = t("store.csv.mixed_newlines", hint=t("store.csv.save_hint"))
        return Problem(file, 0, "", message)
    return Problem(file, 0, "", t("store.csv.not_csv", hint=t("store.csv.save_hint")))


def _numbered(
    frame: pl.DataFrame, source: TableSource, problems: list[Problem]
) -> tuple[pl.DataFrame | None, TableSource, list[Problem]]:
    """The frame with its `ROW` column; refused when the file uses a reserved column name."""
    reserved = [name for name in RESERVED if name in frame.columns]
    if reserved:
        message = t("store.csv.reserved_column", column=reserved[0])
        return None, source, [*problems, Problem(source.path.name, 1, reserved[0], message)]
    numbered = frame.with_row_index(ROW, offset=2).with_columns(pl.col(ROW).cast(pl.Int64))
    return _drop_blank_rows(numbered), source, problems


def _drop_blank_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """Drop records with no content at all (Excel writes `;;;;` for an empty row)."""
    cells = [c for c in frame.columns if c != ROW]
    if not cells:
        return frame
    return frame.filter(~pl.all_horizontal(pl.all().exclude(ROW).is_null()))


def detect_dialect(frame: pl.DataFrame, table: Table, source: TableSource) -> TableSource:
    """Complete a source: its extra columns and, for a CSV, decimal comma and date format."""
    extra = tuple(c for c in frame.columns if c != ROW and c not in table.column_names)
    if source.fmt != "csv":
        return TableSource(source.path, source.fmt, source.dialect, extra)
    present = set(frame.columns)
    floats = [c.name for c in table.columns if c.kind is Kind.FLOAT and c.name in present]
    dates = [c.name for c in table.columns if c.kind is Kind.DATE and c.name in present]
    comma = source.dialect.separator == ";" or _any_match(frame, floats, _COMMA_DECIMAL_RE)
    norwegian = _any_match(frame, dates, _NORWEGIAN_DATE_RE)
    dialect = CsvDialect(
        separator=source.dialect.separator,
        decimal_comma=comma,
        bom=source.dialect.bom,
        date_format="%d.%m.%Y" if norwegian else "%Y-%m-%d",
    )
    return TableSource(source.path, "csv", dialect, extra)


def _any_match(frame: pl.DataFrame, columns: list[str], pattern: str) -> bool:
    if not columns:
        return False
    hit = pl.any_horizontal(pl.col(c).str.contains(pattern).any() for c in columns)
    return bool(frame.select(hit).item())
