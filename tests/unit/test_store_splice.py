"""Rows replaced by slicing (`store.splice`) equal rows set one by one, and leave the frame
they came from as it was; a save picks its changed rows out of the spliced frame exactly."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from oppfolging.domain.schema import TABLES
from oppfolging.store.csvio import IDX, ROW
from oppfolging.store.edits import Cells, apply_cells, changed_positions
from oppfolging.store.model import CsvDialect, TableSource
from oppfolging.store.splice import MAX_CHUNKS, appended_rows, replace_rows


def _frame(height: int) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": [f"r{i}" for i in range(height)],
            "value": [float(i) if i % 3 else None for i in range(height)],
        }
    )


def _set_one_by_one(frame: pl.DataFrame, positions: list[int], rows: pl.DataFrame) -> pl.DataFrame:
    records = frame.to_dicts()
    for position, row in zip(positions, rows.to_dicts(), strict=True):
        records[position] = row
    return pl.DataFrame(records, schema=frame.schema)


@given(st.data())
def test_replaced_rows_equal_rows_set_one_by_one(data: st.DataObject) -> None:
    height = data.draw(st.integers(1, 40))
    frame = _frame(height)
    positions = data.draw(st.lists(st.integers(0, height - 1), unique=True, max_size=height))
    rows = pl.DataFrame(
        {
            "id": [f"new{p}" for p in positions],
            "value": [float(-p) for p in positions],
        },
        schema=frame.schema,
    )
    before = frame.clone()
    spliced = replace_rows(frame, positions, rows)
    assert spliced.equals(_set_one_by_one(frame, positions, rows))
    assert frame.equals(before)  # the frame it came from is untouched


def test_a_frame_of_many_chunks_is_made_contiguous_again() -> None:
    frame = _frame(1000)
    for step in range(MAX_CHUNKS):  # each replaced row adds two chunks
        row = pl.DataFrame({"id": ["x"], "value": [float(step)]}, schema=frame.schema)
        frame = replace_rows(frame, [step * 3 % 1000], row)
        assert max(frame.n_chunks("all")) <= MAX_CHUNKS
    assert frame.height == 1000


def test_appended_rows_come_last_and_keep_the_chunk_limit() -> None:
    frame = _frame(5)
    row = pl.DataFrame({"id": ["x"], "value": [1.0]}, schema=frame.schema)
    for _ in range(MAX_CHUNKS + 5):
        frame = appended_rows(frame, row)
        assert max(frame.n_chunks("all")) <= MAX_CHUNKS
    assert frame.height == 5 + MAX_CHUNKS + 5
    assert frame.row(-1) == ("x", 1.0)
    assert appended_rows(frame, row.clear()) is frame


@pytest.mark.parametrize(
    ("positions", "height", "error"),
    [([1, 1], 2, ValueError), ([1, 2], 1, ValueError), ([5], 1, IndexError), ([-1], 1, IndexError)],
)
def test_bad_positions_are_refused(
    positions: list[int], height: int, error: type[Exception]
) -> None:
    frame = _frame(5)
    rows = pl.DataFrame({"id": ["x"] * height, "value": [1.0] * height}, schema=frame.schema)
    with pytest.raises(error):
        replace_rows(frame, positions, rows)


@given(st.data())
def test_the_changed_rows_gathered_are_those_a_filter_finds(data: st.DataObject) -> None:
    """`changed_positions` after `apply_cells` (updates, deletes and inserts mixed) picks
    out exactly the rows filtering the new frame by `IDX` gives, in the same order."""
    height = data.draw(st.integers(0, 30))
    raw = (
        pl.DataFrame(
            {
                ROW: list(range(2, height + 2)),
                "indicator_id": [f"i{n}" for n in range(height)],
                "period": ["2026-T1"] * height,
                "value": [str(n) for n in range(height)],
            },
            schema={
                ROW: pl.Int64,
                "indicator_id": pl.String,
                "period": pl.String,
                "value": pl.String,
            },
        )
        .with_row_index(IDX)
        .with_columns(pl.col(IDX).cast(pl.Int64))
    )
    rows = list(range(height))
    updated = data.draw(st.lists(st.sampled_from(rows), unique=True) if rows else st.just([]))
    deleted = data.draw(
        st.lists(st.sampled_from([n for n in rows if n not in updated]), unique=True)
        if len(updated) < height
        else st.just([])
    )
    inserted = data.draw(st.integers(0, 3))
    cells = Cells(
        updates={"value": {n: f"{n},5" for n in updated}} if updated else {},
        deletes=set(deleted),
        inserts=[
            {"indicator_id": f"new{n}", "period": "2026-T2", "value": "1"} for n in range(inserted)
        ],
    )
    source = TableSource(Path("values.csv"), "csv", CsvDialect())
    frame = apply_cells(raw, cells, source, TABLES["values"])
    edited: set[int | None] = {*updated, *([None] if inserted else [])}
    gathered = frame[changed_positions(frame, edited, cells.deletes, inserted)]
    filtered = frame.filter(pl.col(IDX).is_in(updated) | pl.col(IDX).is_null())
    assert gathered.equals(filtered)
