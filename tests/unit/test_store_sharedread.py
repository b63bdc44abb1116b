"""One read per file per save (`store.sharedread`, issue 14.3), and never a stale one."""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import counting_parses

from oppfolging.registration import save
from oppfolging.store.sharedread import read_once, shared_reads
from oppfolging.store.write import RowEdit

SAMPLE = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target)
    return target


def test_a_save_reads_the_edited_file_once(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = counting_parses(monkeypatch)
    key = {"indicator_id": "pg-i3.1.2", "period": "2026-T1"}
    result = save(folder, [RowEdit("values", key, {"value": 12.0})], "Kari", datetime(2026, 6, 1))
    assert result.changed
    assert reads.count("values.csv") == 1


def test_a_file_written_meanwhile_is_read_again(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = counting_parses(monkeypatch)
    path = folder / "plans.csv"
    with shared_reads():
        first, _ = read_once(path)
        again, _ = read_once(path)
        assert again is first
        stat = path.stat()
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Tid for", "Tud for", 1), encoding="utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and time
        changed, _ = read_once(path)
    assert reads == ["plans.csv", "plans.csv"]
    assert changed[0] is not None
    assert first[0] is not None
    assert not changed[0].equals(first[0])


def test_outside_the_block_every_read_reads(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = counting_parses(monkeypatch)
    read_once(folder / "plans.csv")
    read_once(folder / "plans.csv")
    assert reads == ["plans.csv", "plans.csv"]


@pytest.mark.parametrize(
    "command",
    [
        ["set", "pg-i3.1.2", "2026-T1", "3720"],
        ["set-measure", "pg-t1.1.1", "2026-T1", "completed"],
    ],
)
def test_a_save_from_the_command_line_parses_each_file_once(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """With the validated cache warm, `set` and `set-measure` take the indicator or
    measure, and the row the user replaces, from the tables the command loaded: under the
    lock the save parses the file it changes and the table that one refers to, once each
    (before, the indicators or measures were also read and validated beforehand)."""
    from oppfolging.cli import main
    from oppfolging.store import cache, csvio, load

    monkeypatch.setenv(cache.ENV_CACHE_DIR, str(tmp_path / "cache"))
    monkeypatch.delenv(cache.ENV_CACHE, raising=False)
    assert main(["validate", "--data", str(folder)]) == 0  # warms the cache
    reads = counting_parses(monkeypatch)

    def counted(path: Path, data: bytes | None = None) -> object:
        reads.append(path.name)
        return csvio.read_raw(path, data)

    monkeypatch.setattr(load, "read_raw", counted)
    assert main([command[0], "--data", str(folder), *command[1:], "--user", "Kari"]) == 0
    if command[0] == "set":
        assert sorted(reads) == ["changes.csv", "indicators.csv", "values.csv"]
    else:
        assert sorted(reads) == ["changes.csv", "measure_updates.csv", "measures.csv"]
