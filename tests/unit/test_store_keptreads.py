"""The app keeps its reads between saves (`store.sharedread.keep_reads`, issue 14.3): a file
is parsed again whenever its bytes differ — never trusted by size or times — and a save
with kept reads leaves exactly the bytes a save without them leaves."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from store_helpers import counting_parses, crlf_values

from oppfolging.registration import keep_reads_for_saves, save
from oppfolging.store.sharedread import derived, keep_reads, read_once
from oppfolging.store.write import ConflictError, RowEdit, save_edits

SAMPLE = Path(__file__).resolve().parents[2] / "data"
BOM = b"\xef\xbb\xbf"


@pytest.fixture(autouse=True)
def _keeping() -> Iterator[None]:
    keep_reads()
    yield
    keep_reads(False)


def rewrite_keeping_size_and_times(path: Path, old: str, new: str) -> None:
    """Change the file's content as a careless tool might: same size, same times."""
    assert len(old) == len(new)
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    path = tmp_path / "plans.csv"
    shutil.copy(SAMPLE / "plans.csv", path)
    return path


def test_an_unchanged_file_is_parsed_once_across_saves(
    plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = counting_parses(monkeypatch)
    path = plans
    first, data = read_once(path)
    again, same = read_once(path)
    assert reads == ["plans.csv"]
    assert again is first
    assert same is data


def test_a_file_changed_with_the_same_size_and_times_is_parsed_again(
    plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = counting_parses(monkeypatch)
    path = plans
    first, _ = read_once(path)
    rewrite_keeping_size_and_times(path, "Tid for", "Tud for")
    changed, _ = read_once(path)
    assert reads == ["plans.csv", "plans.csv"]
    assert changed[0] is not None
    assert first[0] is not None
    assert not changed[0].equals(first[0])
    assert read_once(path)[0] is changed  # and the new content is what is kept now


def test_a_file_with_problems_is_not_kept_and_not_keeping_forgets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = counting_parses(monkeypatch)
    broken = tmp_path / "goals.csv"
    broken.write_text("goal_id,goal_id\nx,y\n", encoding="utf-8")  # a column twice
    read_once(broken)
    read_once(broken)
    good = tmp_path / "plans.csv"
    shutil.copy(SAMPLE / "plans.csv", good)  # (the fixture would be the same file)
    read_once(good)
    keep_reads(False)
    keep_reads()
    read_once(good)
    assert reads == ["goals.csv", "goals.csv", "plans.csv", "plans.csv"]


def test_what_is_derived_from_a_kept_file_is_worked_out_once_per_content(plans: Path) -> None:
    path = plans
    calls: list[int] = []

    def work(data: bytes) -> Callable[[], int]:
        def size() -> int:
            calls.append(1)
            return len(data)

        return size

    _, data = read_once(path)
    assert data is not None
    assert derived(data, "size", work(data)) == derived(data, "size", work(data)) == len(data)
    assert len(calls) == 1
    rewrite_keeping_size_and_times(path, "Tid for", "Tud for")
    _, new = read_once(path)
    assert new is not None
    derived(new, "size", work(new))
    loose = bytes(bytearray(new))  # equal bytes, but not the kept object: nothing is kept
    derived(loose, "size", work(loose))
    derived(loose, "size", work(loose))
    assert len(calls) == 4


# --- a save with kept reads is the save without them ---------------------------------------


def crlf_dataset(folder: Path) -> Path:
    crlf_values(folder)
    return folder


def sample_dataset(folder: Path) -> Path:
    shutil.copytree(SAMPLE, folder)
    return folder


I2, I1_T2, I1_T3 = (
    {"indicator_id": "i2", "period": "2025"},
    {"indicator_id": "i1", "period": "2025-T2"},
    {"indicator_id": "i1", "period": "2025-T3"},
)
NEW = {"indicator_id": "pg-i3.1.2", "period": "2026-T1"}
SAVES: dict[str, list[list[RowEdit]]] = {
    "crlf": [
        [RowEdit("values", I2, {"value": 12.75}, {"value": -1150.25})],
        [RowEdit("values", I1_T2, {"value": 1.5})],
        [RowEdit("values", I1_T3, {"value": 71.0}, {"value": 70.5})],
        [RowEdit("values", I2, None, {"value": 12.75})],
        [RowEdit("values", I1_T2, {"value": 2.25}, {"value": 1.5})],
    ],
    "sample": [
        [RowEdit("values", NEW, {"value": 12.0})],
        [RowEdit("values", NEW, {"value": 13.5}, {"value": 12.0})],
        [RowEdit("values", NEW, None, {"value": 13.5})],
    ],
}


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("name", sorted(SAVES))
@pytest.mark.parametrize("prepared", [True, False])
def test_saves_with_kept_reads_leave_the_bytes_saves_without_them_leave(
    tmp_path: Path, name: str, prepared: bool
) -> None:
    make = crlf_dataset if name == "crlf" else sample_dataset
    kept, plain = make(tmp_path / "kept"), make(tmp_path / "plain")
    start = datetime(2026, 6, 1, 9)
    for step, edits in enumerate(SAVES[name]):
        now = start + timedelta(minutes=step)
        keep_reads()
        if prepared:
            keep_reads_for_saves(kept)
        kept_result = save(kept, edits, "kari", now)
        keep_reads(False)
        plain_result = save(plain, edits, "kari", now)
        assert kept_result.changes == plain_result.changes
        assert files(kept) == files(plain), f"after save {step}"


def test_a_hand_edit_between_saves_is_seen_though_size_and_times_are_the_same(
    tmp_path: Path,
) -> None:
    folder = crlf_dataset(tmp_path / "data")
    key = {"indicator_id": "i1", "period": "2025-T3"}
    keep_reads_for_saves(folder)
    save_edits(folder, [RowEdit("values", key, {"value": 71.5}, {"value": 70.5})], "kari",
               datetime(2026, 6, 1))  # fmt: skip
    keep_reads_for_saves(folder)
    path = folder / "values.csv"
    stat = path.stat()
    data = path.read_bytes()
    assert b";71,5;" in data
    path.write_bytes(data.replace(b";71,5;", b";72,5;"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    edit = RowEdit("values", key, {"value": 80.0}, {"value": 71.5})
    with pytest.raises(ConflictError) as refused:
        save_edits(folder, [edit], "kari", datetime(2026, 6, 2))
    assert refused.value.conflicts[0].current == 72.5
