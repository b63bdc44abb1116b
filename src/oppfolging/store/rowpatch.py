"""A CSV save as row patches on the file's own bytes: only the records a save changes are
rendered, in the file's dialect (separator, line ending, BOM, minimal quoting, the file's
own columns in their order); every other record stays byte for byte as it was.

`patched_csv` gives the new file's bytes, or None when the file cannot be patched safely
(bare-CR line ends, empty lines, a record count that does not match what polars read, or an
edit that gives a value to a column the file does not have); the caller then writes the
whole table, as before.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

import polars as pl

from oppfolging.store.csvio import BOM, IDX, ROW, header_dialect
from oppfolging.store.sharedread import derived

_EMPTY_LINE = re.compile(rb"\n\r?\n")


def record_spans(body: bytes) -> Sequence[tuple[int, int]] | None:
    """(start, end) of every record (header included, line end included); None when the
    body has an empty line or a line end that is not LF or CRLF."""
    returns = body.count(b"\r")  # each check is one pass in C (a regex for the empty line)
    if b"\n" not in body or (returns and returns != body.count(b"\r\n")):
        return None
    if body.startswith((b"\n", b"\r\n")) or _EMPTY_LINE.search(body):
        return None
    if b'"' not in body:
        return _LineSpans(body)
    lines = body.split(b"\n")
    if not lines[-1]:
        lines.pop()
    ends = [min(end, len(body)) for end in accumulate(len(line) + 1 for line in lines)]
    inside = False  # a record ends at a line end outside quotes
    closing = []
    for line, end in zip(lines, ends, strict=True):
        if line.count(b'"') % 2:
            inside = not inside
        if not inside:
            closing.append(end)
    if inside:
        return None
    ends = closing
    return list(zip([0, *ends[:-1]], ends, strict=True))


class _LineSpans(Sequence[tuple[int, int]]):
    """The spans of a body without quotes (one record a line), found on demand: the line
    ends are counted once per block of `_BLOCK` bytes (in C), and a record is then found
    within its block, so locating a few records costs no Python work per line."""

    _BLOCK = 1 << 16

    def __init__(self, body: bytes) -> None:
        self._body = body
        starts = range(0, len(body), self._BLOCK)
        counts = (body.count(b"\n", at, at + self._BLOCK) for at in starts)
        self._before = [0, *accumulate(counts)]  # line ends before each block
        self._records = self._before[-1] + (0 if body.endswith(b"\n") else 1)

    def __len__(self) -> int:
        return self._records

    def __getitem__(self, index: int) -> tuple[int, int]:  # type: ignore[override]
        if not 0 <= index < self._records:
            raise IndexError(index)
        start = self._line_end(index - 1) + 1 if index else 0
        end = self._line_end(index) + 1 if index < self._before[-1] else len(self._body)
        return start, end

    def _line_end(self, number: int) -> int:
        """The offset of line end `number` (from 0)."""
        block = bisect_right(self._before, number) - 1
        position = block * self._BLOCK - 1
        for _ in range(number - self._before[block] + 1):
            position = self._body.find(b"\n", position + 1)
        return position


def render_record(cells: Sequence[object], separator: str, ending: bytes) -> bytes:
    """One record in the file's dialect: a cell is quoted only when it must be."""
    texts = []
    for cell in cells:
        text = "" if cell is None else str(cell)
        if (cell is not None and not text) or any(c in text for c in ('"', separator, "\n", "\r")):
            text = '"' + text.replace('"', '""') + '"'
        texts.append(text)
    return separator.join(texts).encode("utf-8") + ending


def patched_csv(
    original: bytes,
    frame: pl.DataFrame,
    edited: set[int | None],
    original_rows: pl.Series,
) -> bytes | None:
    """`patched_parts` joined into one `bytes`."""
    parts = patched_parts(original, frame, edited, original_rows)
    return None if parts is None else b"".join(parts)


def patched_parts(
    original: bytes,
    frame: pl.DataFrame,
    edited: set[int | None],
    original_rows: pl.Series,
    changed: pl.DataFrame | None = None,
) -> list[bytes | memoryview] | None:
    """The file `original` with `frame`'s edited rows patched in, deleted rows removed and
    inserted rows appended, as pieces to write one after the other (the untouched runs are
    views of `original`, not copies). `original_rows[idx]` is the spreadsheet row of record
    `idx`; `changed`: the updated and inserted rows, when already picked out of `frame`
    (`TablePlan.changed_rows`)."""
    recipe = patch_recipe(original, frame, edited, original_rows, changed)
    return None if recipe is None else recipe_parts(original, recipe)


Recipe = list[tuple[int, int] | bytes]
"""A new file as pieces: a `(start, end)` range of the old file's bytes, or new bytes."""


def recipe_parts(original: bytes | memoryview, recipe: Recipe) -> list[bytes | memoryview]:
    """The pieces of `recipe` with its ranges as views of `original` (nothing copied)."""
    view = memoryview(original)
    return [view[piece[0] : piece[1]] if isinstance(piece, tuple) else piece for piece in recipe]


def patch_recipe(
    original: bytes,
    frame: pl.DataFrame,
    edited: set[int | None],
    original_rows: pl.Series,
    changed: pl.DataFrame | None = None,
) -> Recipe | None:
    """`patched_parts` as a `Recipe`: ranges of `original` and the new records, so a save
    can write it into its journal and build the file from a kept copy of `original` after
    the save has returned (`journal.Patch`)."""
    bom = original.startswith(BOM)
    body = original.removeprefix(BOM)
    spans = file_spans(original)
    if spans is None:
        return None
    if original_rows.len() and int(original_rows.max() or 0) != len(spans):  # type: ignore[arg-type]
        return None
    header = body[spans[0][0] : spans[0][1]].decode("utf-8", errors="replace")
    dialect, names = header_dialect(header)
    if len(set(names)) != len(names):
        return None
    ending = b"\r\n" if body[: spans[0][1]].endswith(b"\r\n") else b"\n"
    changed = _changed(frame, edited) if changed is None else changed
    if _fills_a_missing_column(changed, names):
        return None
    updated = changed.filter(pl.col(IDX).is_not_null())
    numbers = (original_rows.gather(updated.get_column(IDX)) - 1).to_list()
    rendered = _render(updated, names, dialect.separator, ending)
    replaced = dict(zip(numbers, rendered, strict=True))
    inserts = _render(changed.filter(pl.col(IDX).is_null()), names, dialect.separator, ending)
    deleted = _deleted(frame, original_rows)
    return _assemble(body, spans, replaced, deleted, inserts, ending, bom)


def appended_records(
    original: bytes,
    frame: pl.DataFrame,
    edited: set[int | None],
    original_rows: pl.Series,
    changed: pl.DataFrame | None = None,
) -> bytes | None:
    """What to append to the CSV file `original` when the save only inserts rows (the
    common registration: a new period's value), so the file is not written again: the new
    records in the file's dialect, after a line end when the file has none at its end. None
    when the save also updates or removes rows, or the file's end or header is not plain
    enough to append to safely (an open quote, a quoted or bare-CR header, a column twice,
    a value for a column the file does not have). `changed`: as for `patched_parts`."""
    if edited != {None} or _deleted(frame, original_rows):
        return None
    body = original.removeprefix(BOM)
    header = body[: body.find(b"\n") + 1]
    ending = b"\r\n" if header.endswith(b"\r\n") else b"\n"
    names_line = header.removesuffix(ending)
    if not header or b'"' in names_line or b"\r" in names_line or body.count(b'"') % 2:
        return None
    dialect, names = header_dialect(names_line.decode("utf-8", errors="replace"))
    inserted = _changed(frame, edited) if changed is None else changed
    if len(set(names)) != len(names) or _fills_a_missing_column(inserted, names):
        return None
    records = b"".join(_render(inserted, names, dialect.separator, ending))
    return records if body.endswith(b"\n") else ending + records


def file_spans(original: bytes) -> Sequence[tuple[int, int]] | None:
    """`record_spans` of a CSV file's bytes (after its BOM), worked out once per kept read
    (`sharedread.derived`)."""
    return derived(original, "record_spans", lambda: record_spans(original.removeprefix(BOM)))


def _changed(frame: pl.DataFrame, edited: set[int | None]) -> pl.DataFrame:
    """The updated and inserted rows of `frame` (`edited`: their `IDX`, None for inserted)."""
    wanted = [i for i in edited if i is not None]
    return frame.filter(pl.col(IDX).is_in(wanted) | pl.col(IDX).is_null())


def _fills_a_missing_column(rows: pl.DataFrame, names: list[str]) -> bool:
    """Whether `rows` give a value to a column the file (`names`) does not have: then the
    file must be written whole, with that column."""
    lost = [c for c in rows.columns if c not in (ROW, IDX) and c not in names]
    return any(rows.get_column(c).null_count() < rows.height for c in lost)


def _render(rows: pl.DataFrame, names: list[str], separator: str, ending: bytes) -> list[bytes]:
    """The records of `rows`, the file's columns in the file's order."""
    columns = [rows.get_column(name).to_list() for name in names]
    return [render_record(cells, separator, ending) for cells in zip(*columns, strict=True)]


def _deleted(frame: pl.DataFrame, original_rows: pl.Series) -> set[int]:
    """The record numbers (header 0) of the rows the save removes: those whose `IDX` is
    gone from `frame`, found by polars, not row by row."""
    kept = frame.get_column(IDX)
    if kept.len() - kept.null_count() == original_rows.len():
        return set()
    everything = pl.int_range(0, original_rows.len(), dtype=pl.Int64, eager=True)
    gone = ~everything.is_in(kept.drop_nulls().implode())
    return set((original_rows.filter(gone) - 1).to_list())


def _assemble(
    body: bytes,
    spans: Sequence[tuple[int, int]],
    replaced: dict[int, bytes],
    deleted: set[int],
    inserts: list[bytes],
    ending: bytes,
    bom: bool,
) -> Recipe:
    """The body with whole runs of untouched records kept as one range each (ranges count
    from the start of the file, its BOM included)."""
    shift = len(BOM) if bom else 0
    recipe: Recipe = [(0, shift)] if bom else []
    position = 0
    for record in sorted({*replaced, *deleted}):
        start, end = spans[record]
        recipe.append((position + shift, start + shift))
        if record not in deleted:
            recipe.append(replaced[record])
        position = end
    recipe.append((position + shift, len(body) + shift))
    if spans and len(spans) - 1 in replaced and not body.endswith(b"\n"):
        recipe[-2] = replaced[len(spans) - 1].removesuffix(ending)  # it had no line end
    if inserts and not body.endswith(b"\n"):
        recipe.append(ending)
    recipe += inserts
    return recipe
