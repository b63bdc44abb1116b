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
from collections.abc import Sequence
from itertools import accumulate

import polars as pl

from oppfolging.store.csvio import BOM, IDX, ROW, header_dialect


def record_spans(body: bytes) -> Sequence[tuple[int, int]] | None:
    """(start, end) of every record (header included, line end included); None when the
    body has an empty line or a line end that is not LF or CRLF."""
    if b"\n" not in body or re.search(rb"\r(?!\n)", body):
        return None
    if re.search(rb"\n\r?\n", body) or body.startswith((b"\n", b"\r\n")):
        return None
    lines = body.split(b"\n")
    if not lines[-1]:
        lines.pop()
    if b'"' not in body:
        return _LineSpans(list(accumulate(map(len, lines))), len(body))
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
    """The spans of a body without quotes (one record a line), worked out on demand from
    the running sum of line lengths (the line ends not counted)."""

    def __init__(self, sums: list[int], size: int) -> None:
        self._sums, self._size = sums, size

    def __len__(self) -> int:
        return len(self._sums)

    def __getitem__(self, index: int) -> tuple[int, int]:  # type: ignore[override]
        end = min(self._sums[index] + index + 1, self._size)
        start = self._sums[index - 1] + index if index else 0
        return start, end


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
    """The file `original` with `frame`'s edited rows patched in, deleted rows removed and
    inserted rows appended. `original_rows[idx]` is the spreadsheet row of record `idx`."""
    bom = original.startswith(BOM)
    body = original.removeprefix(BOM)
    spans = record_spans(body)
    if spans is None:
        return None
    if original_rows.len() and int(original_rows.max() or 0) != len(spans):  # type: ignore[arg-type]
        return None
    header = body[spans[0][0] : spans[0][1]].decode("utf-8", errors="replace")
    dialect, names = header_dialect(header)
    if len(set(names)) != len(names):
        return None
    ending = b"\r\n" if body[: spans[0][1]].endswith(b"\r\n") else b"\n"
    lost = [c for c in frame.columns if c not in (ROW, IDX) and c not in names]
    wanted = [i for i in edited if i is not None]
    changed = frame.filter(pl.col(IDX).is_in(wanted) | pl.col(IDX).is_null())
    if any(changed.get_column(c).null_count() < changed.height for c in lost):
        return None
    replaced: dict[int, bytes] = {}
    inserts: list[bytes] = []
    rows = original_rows.to_list()
    columns = [changed.get_column(IDX), *(changed.get_column(n) for n in names)]
    for row in zip(*(c.to_list() for c in columns), strict=True):
        record = render_record(row[1:], dialect.separator, ending)
        if row[0] is None:
            inserts.append(record)
        else:
            replaced[rows[row[0]] - 1] = record
    kept = set(frame.get_column(IDX).drop_nulls().to_list())
    deleted = {rows[i] - 1 for i in range(len(rows)) if i not in kept}
    return _assemble(body, spans, replaced, deleted, inserts, ending, bom)


def _assemble(
    body: bytes,
    spans: Sequence[tuple[int, int]],
    replaced: dict[int, bytes],
    deleted: set[int],
    inserts: list[bytes],
    ending: bytes,
    bom: bool,
) -> bytes:
    """The body with whole runs of untouched records copied as one slice each."""
    parts = [BOM] if bom else []
    position = 0
    for record in sorted({*replaced, *deleted}):
        start, end = spans[record]
        parts.append(body[position:start])
        if record not in deleted:
            parts.append(replaced[record])
        position = end
    parts.append(body[position:])
    if spans and len(spans) - 1 in replaced and not body.endswith(b"\n"):
        parts[-2] = parts[-2].removesuffix(ending)  # the last record had no line end
    if inserts and not body.endswith(b"\n"):
        parts.append(ending)
    parts += inserts
    return b"".join(parts)
