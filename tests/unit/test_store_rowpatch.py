"""A save keeps the file's own dialect: only the changed records are rewritten."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl
import pytest
from store_helpers import crlf_values, valid_rows, write_dataset, write_table

from oppfolging.store import RowEdit, changelog, journal, load_dataset, save_edits
from oppfolging.store.csvio import IDX, ROW
from oppfolging.store.rowpatch import appended_records, patched_csv, record_spans, render_record

NOW = datetime(2026, 5, 10, 12, 30, 15)
BOM = b"\xef\xbb\xbf"


def _save_value(folder: Path, key: dict[str, str], value: float, seen: float) -> None:
    edit = RowEdit("values", key, {"value": value}, {"value": seen})
    save_edits(folder, [edit], "kari", NOW)


def test_a_save_keeps_every_other_line_byte_for_byte_in_a_crlf_semicolon_bom_file(
    tmp_path: Path,
) -> None:
    path = crlf_values(tmp_path)
    before = path.read_bytes()
    _save_value(tmp_path, {"indicator_id": "i2", "period": "2025"}, 12.75, -1150.25)
    after = path.read_bytes()
    assert after.startswith(BOM)
    old_lines, new_lines = before.split(b"\r\n"), after.split(b"\r\n")
    assert len(old_lines) == len(new_lines)
    differing = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert differing == [2]
    assert new_lines[2] == b"i2;2025;12,75;;;"
    assert b"\n" not in after.replace(b"\r\n", b"")  # no bare LF anywhere


def test_a_quoted_multi_line_cell_survives_a_save_of_its_own_row_and_of_another(
    tmp_path: Path,
) -> None:
    path = crlf_values(tmp_path)
    key = {"indicator_id": "i1", "period": "2025-T3"}
    _save_value(tmp_path, key, 71.25, 70.5)
    assert path.read_bytes().endswith(
        b'i1;2025-T3;71,25;"to linjer\r\nmed ; og ""sitat""";kari;2026-01-02T10:00:00\r\n'
    )
    loaded = load_dataset(tmp_path).dataset.values
    row = loaded.filter(loaded["period"] == "2025-T3").to_dicts()[0]
    assert row["comment"] == 'to linjer\r\nmed ; og "sitat"'
    assert row["value"] == 71.25


def test_a_file_without_optional_columns_keeps_not_having_them(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    header = ["indicator_id", "period", "value"]
    path = write_table(tmp_path, "values", valid_rows()["values"], header=header)
    _save_value(tmp_path, {"indicator_id": "i2", "period": "2025"}, 3.5, -1150.25)
    assert path.read_text(encoding="utf-8") == (
        "indicator_id,period,value\ni1,2026-T1,82.5\ni2,2025,3.5\n"
    )


def test_an_inserted_and_a_deleted_row_keep_the_rest_byte_for_byte(tmp_path: Path) -> None:
    path = crlf_values(tmp_path)
    before = path.read_bytes()
    edits = [
        RowEdit("values", {"indicator_id": "i2", "period": "2025"}, None, {"value": -1150.25}),
        RowEdit("values", {"indicator_id": "i1", "period": "2025-T2"}, {"value": 1.5}),
    ]
    save_edits(tmp_path, edits, "kari", NOW)
    after = path.read_bytes()
    lines = before.split(b"\r\n")
    assert after == b"\r\n".join([*lines[:2], *lines[3:-1]]) + b"\r\ni1;2025-T2;1,5;;;\r\n"


def test_record_spans_follow_quotes_and_refuse_what_cannot_be_patched() -> None:
    body = b'a,b\r\n1,"x\r\ny"\r\n2,z'
    assert record_spans(body) == [(0, 5), (5, 15), (15, 18)]
    assert record_spans(b"a,b\n\n1,2\n") is None  # an empty line: polars would skip it
    assert record_spans(b"a,b\r1,2\r") is None  # bare CR line ends
    assert record_spans(b'a,b\n1,"open\n') is None  # an unclosed quote


def test_render_record_quotes_only_what_must_be_quoted() -> None:
    cells = ["plain", "a;b", 'say "hi"', "two\nlines", None, ""]
    assert render_record(cells, ";", b"\r\n") == (b'plain;"a;b";"say ""hi""";"two\nlines";;""\r\n')
    assert render_record(["a;b"], ",", b"\n") == b"a;b\n"


def test_a_record_count_that_differs_from_what_was_read_is_not_patched() -> None:
    import polars as pl

    frame = pl.DataFrame({"__oppfolging_idx": [0], "a": ["1"]})
    rows = pl.Series([5])  # the reader saw the record on row 5, the bytes have 2 records
    assert patched_csv(b"a\n1\n", frame, {0}, rows) is None


def test_spans_of_a_long_file_without_quotes_equal_its_lines_across_blocks() -> None:
    lines = [b"h,v", *(b"k%d,%s" % (n, b"x" * (n % 97)) for n in range(4000))]
    for ending, last in ((b"\n", b"\n"), (b"\r\n", b"\r\n"), (b"\n", b"")):
        body = ending.join(lines) + last
        spans = record_spans(body)
        assert spans is not None
        assert len(spans) == len(lines)
        expected, start = [], 0
        for line in lines:
            end = min(start + len(line) + len(ending), len(body))
            expected.append((start, end))
            start = end
        assert [spans[i] for i in range(len(lines))] == expected


def test_rows_deleted_far_apart_in_a_long_file_are_the_only_lines_removed() -> None:
    import polars as pl

    body = b"a,b\n" + b"".join(b"%d,%d\n" % (n, n * n) for n in range(3000))
    kept = [n for n in range(3000) if n not in {0, 1500, 2999}]
    frame = pl.DataFrame({"__oppfolging_idx": kept, "a": [str(n) for n in kept]})
    frame = frame.with_columns(b=pl.col("a").cast(pl.Int64).pow(2).cast(pl.String))
    rows = pl.Series(range(2, 3002))
    patched = patched_csv(body, frame, set(), rows)
    expected = b"a,b\n" + b"".join(b"%d,%d\n" % (n, n * n) for n in kept)
    assert patched == expected


# --- a save that only adds rows appends them ---------------------------------------------


def _appends_seen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the save's journal appends to, in order."""
    seen: list[str] = []
    real = changelog.apply_append

    def recorded(folder: Path, append: changelog.Append) -> None:
        seen.append(append.file)
        real(folder, append)

    monkeypatch.setattr(journal, "apply_append", recorded)
    return seen


def test_rows_only_added_are_appended_to_the_file_in_its_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = crlf_values(tmp_path)
    before = path.read_bytes()
    appended = _appends_seen(monkeypatch)
    quoted = {"value": -3.0, "comment": 'a;"b"'}
    edits = [
        RowEdit("values", {"indicator_id": "i1", "period": "2025-T2"}, {"value": 1.5}),
        RowEdit("values", {"indicator_id": "i2", "period": "2026"}, quoted),
    ]
    save_edits(tmp_path, edits, "kari", NOW)
    assert appended == ["values.csv", "changes.csv"]
    assert not list(tmp_path.glob(".*oppfolging-tmp"))
    after = path.read_bytes()
    assert after == before + b'i1;2025-T2;1,5;;;\r\ni2;2026;-3;"a;""b""";;\r\n'
    loaded = load_dataset(tmp_path)
    assert loaded.problems == []
    assert loaded.dataset.values.height == 5


def test_a_file_without_a_line_end_at_its_end_gets_one_before_the_new_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_dataset(tmp_path)
    path = tmp_path / "values.csv"
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    before = path.read_bytes()
    appended = _appends_seen(monkeypatch)
    save_edits(tmp_path, [RowEdit("values", {"indicator_id": "i1", "period": "2025-T2"},
                                  {"value": 2.0})], "kari", NOW)  # fmt: skip
    assert appended[0] == "values.csv"
    assert path.read_bytes() == before + b"\ni1,2025-T2,2,,,\n"


def test_a_save_that_also_changes_or_removes_rows_writes_the_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crlf_values(tmp_path)
    appended = _appends_seen(monkeypatch)
    edits = [
        RowEdit("values", {"indicator_id": "i1", "period": "2025-T2"}, {"value": 1.5}),
        RowEdit("values", {"indicator_id": "i2", "period": "2025"}, None, {"value": -1150.25}),
    ]
    save_edits(tmp_path, edits, "kari", NOW)
    assert appended == ["changes.csv"]


@pytest.mark.parametrize(
    "original",
    [
        b'indicator_id,period,value,comment\ni1,2025,1,"open\n',  # an open quote at the end
        b'"indicator_id",period,value\ni1,2025,1\n',  # a quoted header
        b"indicator_id,period,value\ri1,2025,1\r",  # bare-CR line ends
        b"indicator_id,period,value,value\ni1,2025,1,2\n",  # a column twice
        b"",  # no header at all
    ],
)
def test_what_cannot_be_appended_to_safely_is_not(original: bytes) -> None:
    frame = pl.DataFrame(
        {"indicator_id": ["i9"], "period": ["2026"], "value": ["1"]},
        schema={"indicator_id": pl.String, "period": pl.String, "value": pl.String},
    ).with_columns(pl.lit(None, dtype=pl.Int64).alias(IDX), pl.lit(2, dtype=pl.Int64).alias(ROW))
    assert appended_records(original, frame, {None}, pl.Series([], dtype=pl.Int64)) is None
