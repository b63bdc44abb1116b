"""Every table round-trips frames → file → frames → file unchanged, in every format."""

from __future__ import annotations

import re
import tempfile
from datetime import date, datetime
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from oppfolging.domain.schema import TABLES, Column, Kind, Table, polars_dtype
from oppfolging.store import CsvDialect, TableSource, atomic_write_table, read_table
from oppfolging.store.csvio import format_frame, format_value
from oppfolging.store.validate import coerce_value

DIALECTS = {
    "plain": CsvDialect(),
    "excel": CsvDialect(";", decimal_comma=True, bom=True, date_format="%d.%m.%Y"),
    "comma-decimals": CsvDialect(",", decimal_comma=True),
}
TRICKY = list('\n\r";,=\t æøåÆØÅ«»–−')
_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufeff"),
        st.sampled_from(TRICKY),
    ),
    min_size=1,
    max_size=30,
).filter(lambda text: re.search(r"\S", text) is not None)


def _values(column: Column) -> st.SearchStrategy[object]:
    if column.codes:
        return st.sampled_from(column.codes)
    if column.name == "period":
        return st.sampled_from(["2026", "2026-T1", "2027-T3"])
    strategies: dict[Kind, st.SearchStrategy[object]] = {
        Kind.TEXT: _TEXT,
        Kind.INT: st.integers(-(10**12), 10**12),
        Kind.FLOAT: st.floats(allow_nan=False, allow_infinity=False),
        Kind.DATE: st.dates(date(1000, 1, 1), date(9999, 12, 31)),
        Kind.DATETIME: st.datetimes(datetime(1000, 1, 1), datetime(9999, 12, 31)),
        Kind.BOOL: st.booleans(),
    }
    return strategies[column.kind]


@st.composite
def frames(draw: st.DrawFn, table: Table) -> pl.DataFrame:
    """A typed frame of `table` (not necessarily valid: the round trip is about cells)."""
    height = draw(st.integers(0, 4))
    data: dict[str, list[object]] = {}
    for column in table.columns:
        cells = _values(column) if column.required else st.none() | _values(column)
        data[column.name] = draw(st.lists(cells, min_size=height, max_size=height))
    return pl.DataFrame(data, schema=table.polars_schema)


TABLE_NAMES = st.sampled_from(sorted(TABLES))
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _round_trip(folder: Path, name: str, frame: pl.DataFrame, source: TableSource) -> None:
    atomic_write_table(source.path, frame, source)
    first = source.path.read_bytes()
    loaded, found, _ = read_table(folder, name)
    assert_frame_equal(loaded, frame)
    assert found is not None
    atomic_write_table(source.path, loaded, found)
    if source.fmt == "csv":
        assert source.path.read_bytes() == first
    else:
        assert_frame_equal(read_table(folder, name)[0], frame)


@SETTINGS
@given(data=st.data(), name=TABLE_NAMES, dialect=st.sampled_from(sorted(DIALECTS)))
def test_csv_round_trip(data: st.DataObject, name: str, dialect: str) -> None:
    frame = data.draw(frames(TABLES[name]))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        source = TableSource(folder / f"{name}.csv", "csv", DIALECTS[dialect])
        _round_trip(folder, name, frame, source)


@SETTINGS
@given(data=st.data(), name=TABLE_NAMES)
def test_parquet_round_trip(data: st.DataObject, name: str) -> None:
    frame = data.draw(frames(TABLES[name]))
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        _round_trip(folder, name, frame, TableSource(folder / f"{name}.parquet", "parquet"))


def test_floats_are_written_without_noise(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {"indicator_id": ["a", "b", "c"], "period": ["2026"] * 3, "value": [3.0, 0.1, -12.5]},
        schema_overrides={"value": pl.Float64},
    )
    source = TableSource(tmp_path / "values.csv", "csv", DIALECTS["excel"])
    atomic_write_table(source.path, frame, source)
    text = source.path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[1:] == ["a;2026;3", "b;2026;0,1", "c;2026;-12,5"]


def _polars_text(value: object, kind: Kind, dialect: CsvDialect) -> str:
    frame = pl.DataFrame({"v": [value]}, schema={"v": polars_dtype(kind)})
    return str(format_frame(frame, dialect)["v"][0])


@given(
    value=st.one_of(
        st.floats(allow_nan=False, allow_infinity=False),
        st.dates(date(1000, 1, 1)),
        st.datetimes(datetime(1000, 1, 1)),
        st.booleans(),
    ),
    dialect=st.sampled_from(sorted(DIALECTS)),
)
def test_one_value_is_formatted_as_a_column_is(value: object, dialect: str) -> None:
    kinds = {float: Kind.FLOAT, date: Kind.DATE, datetime: Kind.DATETIME, bool: Kind.BOOL}
    kind = kinds[type(value)]
    text = format_value(value, kind, DIALECTS[dialect])
    assert coerce_value(text, kind) == value
    if not isinstance(value, float) or value == 0 or 1e-4 <= abs(value) < 1e16:
        assert text == _polars_text(value, kind, DIALECTS[dialect])
