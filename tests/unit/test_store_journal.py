"""The save journal: a save killed after any step leaves the dataset before or after it.

A kill is simulated by raising `Killed` (a BaseException) at a step and making `os.unlink`
do nothing from then on, so no clean-up runs, as with SIGKILL. The random SIGKILLs of real
commands are in test_store_kill.py.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import oppfolging.store.changelog as changelog
import oppfolging.store.journal as journal
import oppfolging.store.write as write
from oppfolging.cli import main
from oppfolging.store.load import load_dataset, read_table
from oppfolging.store.write import RowEdit, StoreError, save_edits

SAMPLE = Path(__file__).resolve().parents[2] / "data"
NOW = datetime(2026, 5, 10, 12, 0, 0)
JOURNAL = ".oppfolging-journal.json"
EDITS = [
    RowEdit("values", {"indicator_id": "pg-i1.1.1", "period": "2030-T1"}, {"value": 5.0}),
    RowEdit(
        "measure_updates",
        {"measure_id": "pg-t1.1.1", "period": "2030-T1"},
        {"status": "in_progress", "registered_by": "Ola"},
    ),
]
FILES = ("values.csv", "measure_updates.csv", "changes.csv")


class Killed(BaseException):
    """The simulated SIGKILL."""


def copy_sample(target: Path, parquet_log: bool = False) -> Path:
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    first = [RowEdit("values", {"indicator_id": "pg-i1.1.1", "period": "2030-T2"}, {"value": 1.0})]
    save_edits(target, first, "Kari", datetime(2026, 5, 1))  # the log exists before
    if parquet_log:
        read_table(target, "changes")[0].write_parquet(target / "changes.parquet")
        (target / "changes.csv").unlink()
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    names = [*FILES, "changes.parquet"]
    return {name: (folder / name).read_bytes() for name in names if (folder / name).exists()}


@pytest.fixture
def states(tmp_path: Path) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """A dataset, its files before the save and the files after it (saved in a copy)."""
    folder = copy_sample(tmp_path / "data")
    reference = tmp_path / "reference"
    shutil.copytree(folder, reference)
    save_edits(reference, EDITS, "Ola", NOW)
    return folder, snapshot(folder), snapshot(reference)


def kill_at(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, after: int = 0) -> None:
    """Kill the save when `module.name` is called for the `after+1`-th time."""
    real: Callable[..., Any] = getattr(module, name)
    calls = {"n": 0}

    def killing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > after:
            monkeypatch.setattr(os, "unlink", lambda *_a, **_k: None)
            raise Killed
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, killing)


def half_append(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path, changelog.Append], None]:
    """An `apply_append` that writes half of the log's new text, then dies."""

    def killed(folder: Path, append: changelog.Append) -> None:
        with (folder / append.file).open("r+b") as stream:
            stream.seek(append.size)
            stream.write(append.text.encode()[: len(append.text) // 2])
        monkeypatch.setattr(os, "unlink", lambda *_a, **_k: None)
        raise Killed

    return killed


STEPS_BEFORE = [
    (tempfile, "mkstemp", 1),  # one table written, the second not yet
    (write, "stage_changes", 0),  # every table written, not the log
    (os, "replace", 0),  # the journal written, not yet renamed
]
STEPS_AFTER = [
    (write, "complete", 0),  # committed, nothing replaced
    (os, "replace", 2),  # one table replaced
    (journal, "apply_append", 0),  # the tables replaced, the log not appended
    (os, "unlink", 0),  # everything done, the journal still there
]


@pytest.mark.parametrize(("module", "name", "after"), STEPS_BEFORE)
def test_a_kill_before_the_commit_point_leaves_the_dataset_before(
    states: tuple[Path, dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    module: Any,
    name: str,
    after: int,
) -> None:
    folder, before, _ = states
    kill_at(monkeypatch, module, name, after)
    with pytest.raises(Killed):
        save_edits(folder, EDITS, "Ola", NOW)
    monkeypatch.undo()
    assert list(folder.glob(".*oppfolging-tmp"))  # what the kill left
    result = load_dataset(folder)
    assert result.problems == []
    assert snapshot(folder) == before
    save_edits(folder, EDITS, "Ola", NOW)  # the next save removes the stale files
    assert not list(folder.glob(".*oppfolging-tmp"))


@pytest.mark.parametrize(("module", "name", "after"), STEPS_AFTER)
def test_a_kill_after_the_commit_point_is_completed_when_opened(
    states: tuple[Path, dict[str, bytes], dict[str, bytes]],
    monkeypatch: pytest.MonkeyPatch,
    module: Any,
    name: str,
    after: int,
) -> None:
    folder, _, after_state = states
    kill_at(monkeypatch, module, name, after)
    with pytest.raises(Killed):
        save_edits(folder, EDITS, "Ola", NOW)
    monkeypatch.undo()
    assert (folder / JOURNAL).exists()
    result = load_dataset(folder)
    assert result.problems == []
    assert [notice.file for notice in result.notices] == [JOURNAL]
    assert snapshot(folder) == after_state
    assert not (folder / JOURNAL).exists()
    assert not list(folder.glob(".*oppfolging-tmp"))
    assert load_dataset(folder).notices == []  # reported once


def test_a_kill_in_the_middle_of_the_append_is_completed_by_the_next_save(
    states: tuple[Path, dict[str, bytes], dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _, after_state = states
    monkeypatch.setattr(journal, "apply_append", half_append(monkeypatch))
    with pytest.raises(Killed):
        save_edits(folder, EDITS, "Ola", NOW)
    monkeypatch.undo()
    assert save_edits(folder, EDITS, "Ola", NOW).changes == ()  # recovered, then nothing new
    assert snapshot(folder) == after_state


def test_a_parquet_log_is_replaced_with_the_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_sample(tmp_path / "data", parquet_log=True)
    reference = tmp_path / "reference"
    shutil.copytree(folder, reference)
    saved = save_edits(reference, EDITS, "Ola", NOW).changes
    kill_at(monkeypatch, os, "replace", 2)
    with pytest.raises(Killed):
        save_edits(folder, EDITS, "Ola", NOW)
    monkeypatch.undo()
    result = load_dataset(folder)
    assert result.problems == []
    changes = result.dataset.changes
    assert changes.filter(pl.col("at") == NOW).height == len(saved) == 3
    assert result.dataset.values.filter(pl.col("period") == "2030-T1").height == 1
    assert result.dataset.measure_updates.filter(pl.col("period") == "2030-T1").height == 1


def test_a_pending_save_that_cannot_be_completed_is_reported_not_raised(
    states: tuple[Path, dict[str, bytes], dict[str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _, _ = states
    kill_at(monkeypatch, write, "complete")
    with pytest.raises(Killed):
        save_edits(folder, EDITS, "Ola", NOW)
    monkeypatch.undo()
    pending = snapshot(folder)

    def no_lock(folder: Path, timeout: float = 10.0) -> Any:
        raise StoreError("Kan ikke låse datasettet: mappen ligger på en disk som bare kan leses")

    monkeypatch.setattr(journal, "dataset_lock", no_lock)
    result = load_dataset(folder)
    assert [problem.file for problem in result.problems] == [JOURNAL]
    assert "avbrutt" in result.problems[0].message
    assert snapshot(folder) == pending


def test_an_unreadable_journal_is_a_problem_and_nothing_is_touched(
    states: tuple[Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    folder, before, _ = states
    (folder / JOURNAL).write_text('{"oppfolging_journal": 1, "replace": [{"temp": "../x"', "utf-8")
    result = load_dataset(folder)
    assert [problem.file for problem in result.problems] == [JOURNAL]
    assert snapshot(folder) == before
    with pytest.raises(StoreError, match="oppfolging-journal"):
        save_edits(folder, EDITS, "Ola", NOW)


def test_a_journal_can_only_replace_tables_of_its_own_folder(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "data")
    text = (
        '{"oppfolging_journal": 1, "append": null,'
        ' "replace": [{"temp": ".x.oppfolging-tmp", "target": "%s"}]}'
    )
    for target in ("../values.csv", "oppfolging.toml", "values.txt"):
        (folder / JOURNAL).write_text(text % target, "utf-8")
        with pytest.raises(StoreError):
            journal.read_journal(folder)


# --- a cut-off last line -----------------------------------------------------------------


def test_a_cut_off_last_log_line_is_moved_aside_once_and_commands_work(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "data")
    whole = (folder / "changes.csv").read_bytes()
    with (folder / "changes.csv").open("ab") as stream:
        stream.write(b"2026-05-10T12:00:00.000001,Ola,values,indicator_id=pg-i1")
    result = load_dataset(folder)
    assert result.problems == []
    assert len(result.notices) == 1
    assert "avkuttet" in result.notices[0].message
    kept = list(folder.glob("changes.csv.avbrutt-*.txt"))
    assert [path.read_bytes() for path in kept] == [
        b"2026-05-10T12:00:00.000001,Ola,values,indicator_id=pg-i1"
    ]
    assert (folder / "changes.csv").read_bytes() == whole
    assert load_dataset(folder).notices == []
    assert main(["set", "--data", str(folder), "--force", "pg-i1.1.1", "2030-T3", "4"]) == 0


def test_a_whole_last_line_without_newline_is_left_alone(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "data")
    text = (folder / "changes.csv").read_bytes().rstrip(b"\n")
    (folder / "changes.csv").write_bytes(text)
    result = load_dataset(folder)
    assert (result.problems, result.notices) == ([], [])
    assert (folder / "changes.csv").read_bytes() == text


# --- at ---------------------------------------------------------------------------------


def test_a_future_row_in_the_log_does_not_move_later_saves(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "data")
    with (folder / "changes.csv").open("a", encoding="utf-8") as stream:
        stream.write("2099-01-01T00:00:00,Per,values,indicator_id=x;period=2026-T1,value,1,2\n")
    result = save_edits(folder, EDITS[:1], "Ola", NOW)
    assert {row.at for row in result.changes} == {NOW}


def test_a_taken_moment_gets_the_next_free_microsecond(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "data")
    save_edits(folder, EDITS[:1], "Ola", NOW)
    result = save_edits(folder, EDITS[1:], "Ola", NOW)
    assert {row.at for row in result.changes} == {NOW.replace(microsecond=1)}


# --- files a save must not replace, errors in Norwegian ---------------------------------


def test_a_read_only_table_file_is_refused_and_nothing_written(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "data")
    (folder / "values.csv").chmod(0o444)
    before = snapshot(folder)
    with pytest.raises(StoreError, match=r"values\.csv er skrivebeskyttet"):
        save_edits(folder, EDITS, "Ola", NOW)
    assert snapshot(folder) == before
    assert not list(folder.glob(".*oppfolging-tmp"))
    assert not (folder / JOURNAL).exists()


def test_a_read_only_change_log_is_refused(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "data")
    (folder / "changes.csv").chmod(0o444)
    before = snapshot(folder)
    with pytest.raises(StoreError, match=r"changes\.csv"):
        save_edits(folder, EDITS, "Ola", NOW)
    assert snapshot(folder) == before


@pytest.mark.parametrize("kind", ["folder", "fifo", "dangling link"])
def test_a_table_that_is_not_a_regular_file_is_never_replaced(tmp_path: Path, kind: str) -> None:
    folder = copy_sample(tmp_path / "data")
    target = folder / "measure_updates.csv"
    target.unlink()
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to(folder / "gone.csv")
    with pytest.raises(StoreError, match=r"measure_updates\.csv"):
        save_edits(folder, EDITS, "Ola", NOW)
    assert os.path.lexists(target)
    assert target.is_dir() == (kind == "folder")
    assert target.is_symlink() == (kind == "dangling link")
    assert not (folder / JOURNAL).exists()


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (errno.ENOSPC, "disken er full"),
        (errno.EDQUOT, "kvoten"),
        (errno.EACCES, "tilgang"),
        (errno.EROFS, "disken er skrivebeskyttet"),
        (errno.EXDEV, "uventet feil fra operativsystemet (feilkode"),
    ],
)
def test_a_failed_write_says_why_in_norwegian_and_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, words: str
) -> None:
    folder = copy_sample(tmp_path / "data")
    before = snapshot(folder)

    def failing(descriptor: int) -> None:
        raise OSError(number, os.strerror(number))

    monkeypatch.setattr(os, "fsync", failing)
    with pytest.raises(StoreError) as raised:
        save_edits(folder, EDITS, "Ola", NOW)
    message = str(raised.value)
    assert words in message
    assert "values.csv" in message
    assert os.strerror(number) not in message
    monkeypatch.undo()
    assert snapshot(folder) == before
    assert not list(folder.glob(".*oppfolging-tmp"))
