"""Rows replaced in a big frame without copying it: the frame is sliced around them and the
slices and the new rows are put together as chunks (polars slices share their buffers).

A save changes a few rows of a table that can hold a million (issue 14.3). Setting them
with `Series.scatter` copies every column (5–35 ms for the values table at 1M values, twice
per save: the raw frame the save writes and the typed frame the app holds); slicing costs
0,2 ms. Each replaced row adds two chunks, so a frame is made contiguous again (`rechunk`,
the cost of one copy) once it holds more than `MAX_CHUNKS`.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

MAX_CHUNKS = 256
"""More chunks than this in a column and the frame is copied into one chunk again."""


def replace_rows(frame: pl.DataFrame, positions: Sequence[int], rows: pl.DataFrame) -> pl.DataFrame:
    """`frame` with row `positions[i]` replaced by row `i` of `rows` (same schema; each
    position once, within the frame)."""
    if len(set(positions)) != len(positions) or len(positions) != rows.height:
        raise ValueError(positions, rows.height)  # each position once, one row for each
    if not positions:
        return frame
    if min(positions) < 0 or max(positions) >= frame.height:
        raise IndexError(max(positions))
    parts: list[pl.DataFrame] = []
    start = 0
    for index in sorted(range(len(positions)), key=positions.__getitem__):
        position = positions[index]
        parts += [frame.slice(start, position - start), rows.slice(index, 1)]
        start = position + 1
    parts.append(frame.slice(start))
    spliced = pl.concat(parts, how="vertical", rechunk=False)
    return spliced.rechunk() if max(spliced.n_chunks("all")) > MAX_CHUNKS else spliced


def appended_rows(frame: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """`frame` with `rows` after its last row, as one more chunk (see `replace_rows`)."""
    if rows.height == 0:
        return frame
    joined = pl.concat([frame, rows], how="vertical", rechunk=False)
    return joined.rechunk() if max(joined.n_chunks("all")) > MAX_CHUNKS else joined
