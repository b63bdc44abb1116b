"""Reading one table file (CSV or Parquet) and turning its text into typed columns.

A table is read in two steps. `read_raw` gives the file's cells as they are (text for a CSV,
the stored dtypes for a Parquet file) with a `__row` column holding the spreadsheet row of
each record; `parse_table` turns the contract columns into their kinds with vectorised
polars expressions and reports every cell that does not parse. The raw frame is what a save
writes back, so rows nobody edited stay exactly as they were.
"""

from __future__ import annotations

import csv
import math
import re
from datetime import date, datetime
from pathlib import Path

import polars as pl

from oppfolging.domain.schema import Column, Kind, Table
from oppfolging.store.model import CsvDialect, Problem, TableSource

ROW = "__oppfolging_row"
"""The spreadsheet row of a record: the header is row 1, the first record row 2."""
IDX = "__oppfolging_idx"
"""A record's position in the file, while a save works on it."""
RESERVED = (ROW, IDX)

BOM = b"\xef\xbb\xbf"
_HEADER_SCAN_LIMIT = 65_536
_SPACES = r"[\s\u00a0\u202f]"
_NUMBER_RE = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_INT_RE = r"^[+-]?\d+(\.0*)?$"
_COMMA_DECIMAL_RE = r"^\s*[+-−]?[\d\s\u00a0\u202f]*\d,\d+([eE][+-]?\d+)?\s*$"
_NORWEGIAN_DATE_RE = r"^\s*\d{1,2}\.\d{1,2}\.\d{4}\s*$"
_DATETIME_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
)
_BOOLS = {"true": True, "false": False, "ja": True, "nei": False, "yes": True, "no": False}
_BOOLS |= {"1": True, "0": False}
FAILURE_MESSAGES = {
    Kind.INT: "er ikke et heltall",
    Kind.FLOAT: "er ikke et tall",
    Kind.DATE: "er ikke en dato (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)",
    Kind.DATETIME: "er ikke et tidspunkt (bruk ÅÅÅÅ-MM-DDTTT:MM:SS)",
    Kind.BOOL: "er ikke ja/nei (bruk true/false, ja/nei eller 1/0)",
}


def shown(value: object, limit: int = 60) -> str:
    """A value quoted for a message, shortened so one bad cell cannot flood the screen."""
    text = str(value).replace("\n", " ")
    return f"«{text[:limit]}…»" if len(text) > limit else f"«{text}»"


# --- the raw file -----------------------------------------------------------------------


def read_raw(path: Path) -> tuple[pl.DataFrame | None, TableSource, list[Problem]]:
    """The file's cells with a `ROW` column; `None` and a problem when it cannot be read."""
    return _read_parquet(path) if path.suffix == ".parquet" else _read_csv(path)


def _read_parquet(path: Path) -> tuple[pl.DataFrame | None, TableSource, list[Problem]]:
    source = TableSource(path, "parquet")
    try:
        frame = pl.read_parquet(path)
    except Exception:  # polars raises several types for a broken file
        return None, source, [Problem(path.name, 0, "", "er ikke en gyldig Parquet-fil")]
    return _numbered(frame, source, [])


def _read_csv(path: Path) -> tuple[pl.DataFrame | None, TableSource, list[Problem]]:
    source = TableSource(path, "csv")
    try:
        data = path.read_bytes()
    except OSError:
        return None, source, [Problem(path.name, 0, "", "filen kan ikke leses")]
    bom = data.startswith(BOM)
    data = data.removeprefix(BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = f"filen er ikke UTF-8 (første ugyldige tegn på linje {line}); {_SAVE_HINT}"
        return None, source, [Problem(path.name, 0, "", message)]
    return _parse_csv_text(path, data, text, bom)


_SAVE_HINT = "lagre den som «CSV UTF-8» i Excel"


def _parse_csv_text(
    path: Path, data: bytes, text: str, bom: bool
) -> tuple[pl.DataFrame | None, TableSource, list[Problem]]:
    dialect, names = header_dialect(text)
    source = TableSource(path, "csv", CsvDialect(dialect.separator, bom=bom))
    if not names:
        return None, source, [Problem(path.name, 0, "", "filen er tom")]
    problems = [
        Problem(path.name, 1, name, f"kolonnen «{name}» finnes flere ganger")
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
    names = [name.strip() for name in next(csv.reader([header], delimiter=separator))]
    return CsvDialect(separator, decimal_comma=separator == ";"), names


def _header_line(text: str) -> str:
    """The first record of the file: up to the first newline outside quotes."""
    inside = False
    for index, char in enumerate(text[:_HEADER_SCAN_LIMIT]):
        if char == '"':
            inside = not inside
        elif char == "\n" and not inside:
            return text[:index].rstrip("\r")
    return text[:_HEADER_SCAN_LIMIT].rstrip("\r\n")


def _count_outside_quotes(line: str, char: str) -> int:
    return sum(part.count(char) for part in line.split('"')[::2])


def _diagnose(file: str, text: str, separator: str, width: int) -> Problem:
    """Find the record polars refused, with Python's csv module (only on the error path)."""
    reader = csv.reader(text.splitlines(keepends=True), delimiter=separator, strict=True)
    try:
        for index, record in enumerate(reader):
            if len(record) > width:
                message = f"raden har {len(record)} felt, men overskriften har {width}"
                return Problem(file, index + 1, "", message)
    except csv.Error:
        message = "feil bruk av anførselstegn i CSV-filen"
        return Problem(file, reader.line_num, "", message)
    return Problem(file, 0, "", f"filen kan ikke leses som CSV; {_SAVE_HINT}")


def _numbered(
    frame: pl.DataFrame, source: TableSource, problems: list[Problem]
) -> tuple[pl.DataFrame | None, TableSource, list[Problem]]:
    """The frame with its `ROW` column; refused when the file uses a reserved column name."""
    reserved = [name for name in RESERVED if name in frame.columns]
    if reserved:
        message = f"kolonnenavnet «{reserved[0]}» er reservert; gi kolonnen et annet navn"
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


# --- parsing cells ----------------------------------------------------------------------


def parse_expr(column: pl.Expr, kind: Kind) -> pl.Expr:
    """A text column parsed to `kind`; null where the text is empty or does not parse."""
    if kind is Kind.TEXT:
        return _blank_to_null(column)
    text = _blank_to_null(column.str.strip_chars())
    if kind in (Kind.INT, Kind.FLOAT):
        return _number_expr(text, kind)
    if kind is Kind.DATE:
        return _date_expr(text)
    if kind is Kind.DATETIME:
        formats = [text.str.to_datetime(f, time_unit="us", strict=False) for f in _DATETIME_FORMATS]
        return pl.coalesce(*formats, _date_expr(text).cast(pl.Datetime("us")))
    return text.str.to_lowercase().replace_strict(_BOOLS, default=None, return_dtype=pl.Boolean)


def _number_expr(text: pl.Expr, kind: Kind) -> pl.Expr:
    number = (
        text.str.replace_all(_SPACES, "")
        .str.replace_all("−", "-", literal=True)
        .str.replace(",", ".", literal=True)
    )
    if kind is Kind.INT:
        whole = number.str.replace(r"\.0*$", "")
        return pl.when(number.str.contains(_INT_RE)).then(whole.cast(pl.Int64, strict=False))
    return pl.when(number.str.contains(_NUMBER_RE)).then(number.cast(pl.Float64, strict=False))


def _date_expr(text: pl.Expr) -> pl.Expr:
    return pl.coalesce(
        text.str.to_date("%Y-%m-%d", strict=False),
        text.str.to_date("%d.%m.%Y", strict=False),
    )


def as_text(frame: pl.DataFrame, name: str) -> pl.Expr:
    """A column as text for parsing; native Parquet dtypes are first made comparable."""
    dtype = frame.schema[name]
    column = pl.col(name)
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None:
        column = column.dt.convert_time_zone("Europe/Oslo").dt.replace_time_zone(None)
    return column if dtype == pl.String else column.cast(pl.String)


def parse_table(raw: pl.DataFrame, table: Table, file: str) -> tuple[pl.DataFrame, list[Problem]]:
    """`__row`, every contract column typed (null where missing or unparsable), then extras."""
    problems: list[Problem] = []
    columns: list[pl.Series] = [raw.get_column(ROW)]
    for column in table.columns:
        if column.name not in raw.columns:
            columns.append(pl.Series(column.name, [None] * raw.height, dtype=column.dtype))
            continue
        try:
            text = raw.select(as_text(raw, column.name)).to_series()
        except pl.exceptions.PolarsError:
            message = "kolonnen har en type som ikke kan leses"
            problems.append(Problem(file, 1, column.name, message))
            columns.append(pl.Series(column.name, [None] * raw.height, dtype=column.dtype))
            continue
        native = raw.schema[column.name] == column.dtype and column.kind is not Kind.TEXT
        parsed = raw.get_column(column.name) if native else parse_series(text, column.kind)
        columns.append(parsed)
        if not native and column.kind is not Kind.TEXT:
            problems += _failures(raw.get_column(ROW), text, parsed, column, file)
    extras = [c for c in raw.columns if c != ROW and c not in table.column_names]
    typed = pl.DataFrame(columns)
    # Extra columns are taken as Series: a file's column names are never expressions
    # (`pl.col("*")` would select every column).
    return typed.hstack([raw.get_column(name) for name in extras]), problems


def parse_series(text: pl.Series, kind: Kind) -> pl.Series:
    """Parse a text column: a cheap conversion first, the full rules only for what is left."""
    if kind is Kind.TEXT:
        return text.to_frame().select(_blank_to_null(pl.col(text.name))).to_series()
    fast = text.to_frame().select(_fast_expr(pl.col(text.name), kind)).to_series()
    todo = fast.is_null() & text.is_not_null()
    if not todo.any():
        return fast
    rest = text.filter(todo).to_frame().select(parse_expr(pl.col(text.name), kind)).to_series()
    return fast.scatter(todo.arg_true(), rest)


def _fast_expr(column: pl.Expr, kind: Kind) -> pl.Expr:
    """The common, clean case of each kind; anything else is left null for `parse_expr`."""
    if kind is Kind.INT:
        return column.cast(pl.Int64, strict=False)
    if kind is Kind.FLOAT:
        number = column.cast(pl.Float64, strict=False)
        return pl.when(number.is_finite()).then(number)
    if kind is Kind.DATE:
        return column.str.to_date("%Y-%m-%d", strict=False)
    if kind is Kind.DATETIME:
        return column.str.to_datetime(_DATETIME_FORMATS[0], time_unit="us", strict=False)
    return parse_expr(column, kind)


def _blank_to_null(column: pl.Expr) -> pl.Expr:
    return pl.when(column.str.contains(r"\S")).then(column)


def _failures(
    rows: pl.Series, text: pl.Series, parsed: pl.Series, column: Column, file: str
) -> list[Problem]:
    """One problem per non-blank cell that did not parse."""
    failed = parsed.is_null() & text.str.contains(r"\S").fill_null(False)
    if not failed.any():
        return []
    message = FAILURE_MESSAGES[column.kind]
    cells = zip(rows.filter(failed), text.filter(failed), strict=True)
    return [Problem(file, row, column.name, f"{shown(value)} {message}") for row, value in cells]


# --- writing ---------------------------------------------------


def format_expr(column: pl.Expr, dtype: pl.DataType, dialect: CsvDialect) -> pl.Expr:
    """A typed column as the text a CSV file in `dialect` holds."""
    if dtype == pl.String:
        return column
    if dtype.is_float():
        whole = column.is_finite() & (column == column.round(0)) & (column.abs() < 1e15)
        integer = column.cast(pl.Int64, strict=False).cast(pl.String)
        text = pl.when(whole).then(integer).otherwise(column.cast(pl.String))
        return text.str.replace(".", ",", literal=True) if dialect.decimal_comma else text
    if dtype == pl.Date:
        return column.dt.strftime(dialect.date_format)
    if isinstance(dtype, pl.Datetime):
        seconds = column.dt.strftime("%Y-%m-%dT%H:%M:%S")
        micro = column.dt.strftime("%Y-%m-%dT%H:%M:%S%.6f")
        return pl.when(column.dt.microsecond() == 0).then(seconds).otherwise(micro)
    if dtype == pl.Boolean:
        return pl.when(column).then(pl.lit("true")).when(~column).then(pl.lit("false"))
    return column.cast(pl.String)


def format_frame(frame: pl.DataFrame, dialect: CsvDialect) -> pl.DataFrame:
    """Every column of `frame` as CSV text in `dialect`."""
    return frame.select(
        format_expr(pl.nth(index), dtype, dialect).alias(name)
        for index, (name, dtype) in enumerate(frame.schema.items())
    )


def format_value(value: object, kind: Kind, dialect: CsvDialect | None = None) -> str:
    """One typed value as text (`""` for None), as `format_expr` writes it; the change log
    uses the default dialect. Plain Python: a save formats thousands of cells one by one."""
    dialect = dialect or CsvDialect()
    if value is None:
        return ""
    if kind is Kind.BOOL and isinstance(value, bool):
        return "true" if value else "false"
    if kind is Kind.FLOAT and isinstance(value, int | float) and not isinstance(value, bool):
        return _float_text(float(value), dialect.decimal_comma)
    if kind is Kind.DATETIME and isinstance(value, datetime):
        text = f"{_iso_date(value)}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        return f"{text}.{value.microsecond:06d}" if value.microsecond else text
    if kind is Kind.DATE and isinstance(value, date):
        if dialect.date_format == "%d.%m.%Y":
            return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"
        return (
            _iso_date(value)
            if dialect.date_format == "%Y-%m-%d"
            else value.strftime(dialect.date_format)
        )
    return str(value)


def _float_text(value: float, decimal_comma: bool) -> str:
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
        text = str(int(value))
    else:
        text = re.sub(r"e([+-])0*(\d)", r"e\1\2", repr(value))  # 1e-07 → 1e-7, as polars
    return text.replace(".", ",") if decimal_comma else text


def _iso_date(value: date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
