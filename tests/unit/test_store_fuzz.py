"""No input whatsoever gives a traceback: bad files become problems, bad edits StoreErrors."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import valid_rows, write_dataset

from oppfolging.domain.schema import TABLES
from oppfolging.store import RowEdit, StoreError, load_dataset, save_edits

NAMES = st.sampled_from(sorted(TABLES))
CELL = st.text(st.sampled_from(list('ab1,;."\n\r =−-T:0æ\ufeff\x00 ')), max_size=8)


@st.composite
def table_bytes(draw: st.DrawFn, name: str) -> bytes:
    """A table file: random bytes, or CSV-like text with a mangled header and cells."""
    if draw(st.booleans()):
        return draw(st.binary(max_size=200))
    header = draw(st.lists(st.sampled_from([*TABLES[name].column_names, "x", ""]), max_size=8))
    rows = draw(st.lists(st.lists(CELL, max_size=9), max_size=4))
    separator = draw(st.sampled_from([",", ";"]))
    lines = [separator.join(header), *(separator.join(row) for row in rows)]
    return "\n".join(lines).encode("utf-8")


@settings(max_examples=100, deadline=None)
@given(data=st.data(), name=NAMES, parquet=st.booleans())
def test_any_file_content_loads_without_exception(
    data: st.DataObject, name: str, parquet: bool
) -> None:
    content = data.draw(table_bytes(name))
    with tempfile.TemporaryDirectory() as temp:
        folder = write_dataset(Path(temp))
        (folder / f"{name}.csv").unlink(missing_ok=True)
        (folder / f"{name}.{'parquet' if parquet else 'csv'}").write_bytes(content)
        result = load_dataset(folder)
        for table, frame in result.dataset.frames.items():
            assert frame.columns == TABLES[table].column_names


VALUE = st.one_of(
    st.none(),
    CELL,
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.just(object()),
)


@settings(max_examples=100, deadline=None)
@given(
    name=st.sampled_from(["values", "measure_updates", "plans", "measures"]),
    column=st.sampled_from(["value", "status", "comment", "adopted", "due", "x", "period"]),
    value=VALUE,
    seen=VALUE,
    delete=st.booleans(),
)
def test_any_edit_saves_or_raises_a_store_error(
    name: str, column: str, value: object, seen: object, delete: bool
) -> None:
    key = {c: str(valid_rows()[name][0][c]) for c in TABLES[name].key}
    edit = RowEdit(name, key, None if delete else {column: value}, {column: seen})
    with tempfile.TemporaryDirectory() as temp:
        folder = write_dataset(Path(temp))
        try:
            save_edits(folder, [edit], "kari", datetime(2026, 5, 1))
        except StoreError as error:
            outcome = str(error)  # a Norwegian message, never a traceback
        else:
            outcome = "lagret"
            assert load_dataset(folder).dataset.plans.height == 2
        assert outcome
