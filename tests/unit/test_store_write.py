"""Atomic table writes, the dataset lock and the append-only change log."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import filelock
import polars as pl
import pytest
from store_helpers import write_dataset

from oppfolging.store import (
    ChangeRow,
    LockTimeout,
    append_changes,
    atomic_write_table,
    dataset_lock,
    load_dataset,
    read_table,
)
from oppfolging.store.write import TEMP_SUFFIX, remove_stale_temp_files

ROWS = [
    ChangeRow(
        datetime(2026, 5, 2, 10, 15),
        "kari",
        "values",
        "indicator_id=i1;period=2026-T1",
        "value",
        "82.5",
        "83",
    ),
    ChangeRow(
        datetime(2026, 5, 2, 10, 16),
        "ola",
        "values",
        "indicator_id=i1;period=2026-T1",
        "comment",
        "",
        'Ny tekst; "sitat"\nlinje 2',
    ),
]


def temp_files(folder: Path) -> list[Path]:
    return list(folder.glob(f"*{TEMP_SUFFIX}"))


def test_a_failed_replace_leaves_the_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_dataset(tmp_path)
    path = tmp_path / "values.csv"
    before = path.read_bytes()
    frame, source, _ = read_table(tmp_path, "values")
    assert source is not None

    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_table(path, frame.with_columns(pl.lit(1.0).alias("value")), source)
    assert path.read_bytes() == before
    assert temp_files(tmp_path) == []


KILLED_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from oppfolging.store import atomic_write_table, read_table

    folder = Path(sys.argv[1])
    frame, source, _ = read_table(folder, "values")
    frame = frame.with_columns(comment=frame["comment"].fill_null("x" * 100_000))

    def stall(descriptor):
        print("written", flush=True)
        time.sleep(60)

    os.fsync = stall
    atomic_write_table(folder / "values.csv", frame, source)
    """
)


def test_a_killed_save_leaves_the_original_whole(tmp_path: Path) -> None:
    """SIGKILL the writer after the data is written, before the replace."""
    write_dataset(tmp_path)
    path = tmp_path / "values.csv"
    before = path.read_bytes()
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    ) as writer:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "written"
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    assert path.read_bytes() == before
    assert load_dataset(tmp_path).problems == []
    assert len(temp_files(tmp_path)) == 1  # the dead writer could not clean up ...
    with dataset_lock(tmp_path):
        remove_stale_temp_files(tmp_path)  # ... so the next save does, under the lock
    assert temp_files(tmp_path) == []


def test_permissions_are_kept(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    path = tmp_path / "goals.csv"
    path.chmod(0o664)
    frame, source, _ = read_table(tmp_path, "goals")
    assert source is not None
    atomic_write_table(path, frame, source)
    assert path.stat().st_mode & 0o777 == 0o664


def test_lock_timeout_is_a_norwegian_error(tmp_path: Path) -> None:
    held = filelock.FileLock(tmp_path / ".oppfolging.lock")
    with held, pytest.raises(LockTimeout, match="låst"), dataset_lock(tmp_path, timeout=0.1):
        pass
    with dataset_lock(tmp_path, timeout=0.1):
        pass


def test_append_creates_changes_csv_with_header(tmp_path: Path) -> None:
    write_dataset(tmp_path, norwegian=True)
    (tmp_path / "changes.csv").unlink()
    append_changes(tmp_path, ROWS)
    text = (tmp_path / "changes.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeffat;user;table;key;column;old;new\n")
    changes = load_dataset(tmp_path).dataset.changes
    expected = [tuple(v or None for v in row.__dict__.values()) for row in ROWS]  # "" → null
    assert changes.rows() == expected


def test_append_only_appends(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    path = tmp_path / "changes.csv"
    append_changes(tmp_path, ROWS[:1])
    before = path.read_bytes()
    append_changes(tmp_path, ROWS[1:])
    assert path.read_bytes().startswith(before)
    assert load_dataset(tmp_path).dataset.changes.height == 2


def test_append_after_a_last_line_without_newline(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    path = tmp_path / "changes.csv"
    path.write_text("at,user,table,key,column,old,new", encoding="utf-8")
    append_changes(tmp_path, ROWS)
    result = load_dataset(tmp_path)
    assert result.problems == []
    assert result.dataset.changes["user"].to_list() == ["kari", "ola"]


def test_append_rewrites_changes_parquet(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    (tmp_path / "changes.csv").unlink()
    load_dataset(tmp_path).dataset.changes.write_parquet(tmp_path / "changes.parquet")
    append_changes(tmp_path, ROWS[:1])
    append_changes(tmp_path, ROWS[1:])
    assert load_dataset(tmp_path).dataset.changes["column"].to_list() == ["value", "comment"]
    assert temp_files(tmp_path) == []
