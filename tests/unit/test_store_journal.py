"""The save journal: a save killed after any step leaves the dataset before or after it.

A kill is simulated by raising `Killed` (a BaseException) at a step and making `os.unlink`
do nothing from then on, so no clean-up runs, as with SIGKILL. The random SIGKILLs of real
commands are in test_store_kill.py.
"""

from __future__ import annotations

import errno
import json
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
UPDATES = [
    RowEdit(
        "values", {"indicator_id": "pg-i1.1.1", "period": "2030-T2"}, {"value": 5.0}, {"value": 1.0}
    ),
    RowEdit(
        "measure_updates",
        {"measure_id": "pg-t1.1.1", "period": "2030-T2"},
        {"status": "in_progress", "registered_by": "Ola"},
        {"status": "not_started", "registered_by": "Kari"},
    ),
]
"""Edits of rows the files have: the tables are written again (temporary file, rename).
`EDITS` only adds rows: the tables are appended to, as the log is."""
FILES = ("values.csv", "measure_updates.csv", "changes.csv")


class Killed(BaseException):
    """The simulated SIGKILL."""


def copy_sample(target: Path, parquet_log: bool = False) -> Path:
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    first = [
        RowEdit("values", {"indicator_id": "pg-i1.1.1", "period": "2030-T2"}, {"value": 1.0}),
        RowEdit(
            "measure_updates",
            {"measure_id": "pg-t1.1.1", "period": "2030-T2"},
            {"status": "not_started", "registered_by": "Kari"},
        ),
    ]
    save_edits(target, first, "Kari", datetime(2026, 5, 1))  # the log exists before
    if parquet_log:
        read_table(target, "changes")[0].write_parquet(target / "changes.parquet")
        (target / "changes.csv").unlink()
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    names = [*FILES, "changes.parquet"]
    return {name: (folder / name).read_bytes() for name in names if (folder / name).exists()}


States = tuple[Path, dict[str, bytes], dict[str, bytes]]


def states_for(tmp_path: Path, edits: list[RowEdit]) -> States:
    """A dataset, its files before the save of `edits` and after it (saved in a copy)."""
    folder = copy_sample(tmp_path / "data")
    reference = tmp_path / "reference"
    shutil.copytree(folder, reference)
    save_edits(reference, edits, "Ola", NOW)
    return folder, snapshot(folder), snapshot(reference)


@pytest.fixture
def states(tmp_path: Path) -> States:
    """`states_for` the edits that write the tables again (`UPDATES`)."""
    return states_for(tmp_path, UPDATES)


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
APPEND_STEPS_BEFORE = [
    (write, "stage_changes", 0),  # the rows to append worked out, not the log's
    (tempfile, "mkstemp", 0),  # the journal not yet written
    (os, "replace", 0),  # the journal written, not yet renamed
]
APPEND_STEPS_AFTER = [
    (write, "complete", 0),  # committed, nothing appended
    (journal, "apply_append", 1),  # one table appended to
    (journal, "apply_append", 2),  # the tables appended to, the log not
    (os, "unlink", 0),  # everything done, the journal still there
]


BEFORE = [(UPDATES, *step) for step in STEPS_BEFORE]
BEFORE += [(EDITS, *step) for step in APPEND_STEPS_BEFORE]
AFTER = [(UPDATES, *step) for step in STEPS_AFTER] + [(EDITS, *step) for step in APPEND_STEPS_AFTER]


@pytest.mark.parametrize(("edits", "module", "name", "after"), BEFORE)
def test_a_kill_before_the_commit_point_leaves_the_dataset_before(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edits: list[RowEdit],
    module: Any,
    name: str,
    after: int,
) -> None:
    folder, before, _ = states_for(tmp_path, edits)
    kill_at(monkeypatch, module, name, after)
    with pytest.raises(Killed):
        save_edits(folder, edits, "Ola", NOW)
    monkeypatch.undo()
    assert list(folder.glob(".*oppfolging-tmp")) or edits is EDITS  # what the kill left
    result = load_dataset(folder)
    assert result.problems == []
    assert snapshot(folder) == before
    save_edits(folder, edits, "Ola", NOW)  # the next save removes the stale files
    assert not list(folder.glob(".*oppfolging-tmp"))


@pytest.mark.parametrize(("edits", "module", "name", "after"), AFTER)
def test_a_kill_after_the_commit_point_is_completed_when_opened(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edits: list[RowEdit],
    module: Any,
    name: str,
    after: int,
) -> None:
    folder, _, after_state = states_for(tmp_path, edits)
    kill_at(monkeypatch, module, name, after)
    with pytest.raises(Killed):
        save_edits(folder, edits, "Ola", NOW)
    monkeypatch.undo()
    assert (folder / JOURNAL).exists()
    result = load_dataset(folder)
    assert result.problems == []
    assert [notice.file for notice in result.notices] == [JOURNAL]
    assert snapshot(folder) == after_state
    assert not (folder / JOURNAL).exists()
    assert not list(folder.glob(".*oppfolging-tmp"))
    assert load_dataset(folder).notices == []  # reported once


@pytest.mark.parametrize("appending", [False, True])
def test_a_kill_in_the_middle_of_an_append_is_completed_by_the_next_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, appending: bool
) -> None:
    """Half of the first appended text written (the log's, or with rows only added, the
    values table's), then killed."""
    edits = EDITS if appending else UPDATES
    folder, _, after_state = states_for(tmp_path, edits)
    monkeypatch.setattr(journal, "apply_append", half_append(monkeypatch))
    with pytest.raises(Killed):
        save_edits(folder, edits, "Ola", NOW)
    monkeypatch.undo()
    assert snapshot(folder) != after_state
    assert save_edits(folder, edits, "Ola", NOW).changes == ()  # recovered, then nothing new
    assert snapshot(folder) == after_state


def test_a_parquet_log_is_replaced_with_the_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_sample(tmp_path / "data", parquet_log=True)
    reference = tmp_path / "reference"
    shutil.copytree(folder, reference)
    saved = save_edits(reference, UPDATES, "Ola", NOW).changes
    kill_at(monkeypatch, os, "replace", 2)
    with pytest.raises(Killed):
        save_edits(folder, UPDATES, "Ola", NOW)
    monkeypatch.undo()
    result = load_dataset(folder)
    assert result.problems == []
    changes = result.dataset.changes
    assert changes.filter(pl.col("at") == NOW).height == len(saved) == 3
    values = result.dataset.values.filter(pl.col("period") == "2030-T2")
    assert values.get_column("value").to_list() == [5.0]
    updates = result.dataset.measure_updates.filter(pl.col("period") == "2030-T2")
    assert updates.get_column("status").to_list() == ["in_progress"]


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


def test_a_journal_can_only_append_to_the_csv_tables_of_its_own_folder(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "data")

    def written(version: int, file: str) -> None:
        append: object = {"file": file, "size": 1, "text": "x"}
        data = {"oppfolging_journal": version, "replace": [], "append": append}
        if version == 2:
            data["append"] = [append]
        (folder / JOURNAL).write_text(json.dumps(data), "utf-8")

    for target in ("../values.csv", "oppfolging.toml", "values.parquet", ".oppfolging.lock"):
        written(2, target)
        with pytest.raises(StoreError):
            journal.read_journal(folder)
    written(1, "values.csv")  # version 1 appended to the log only
    with pytest.raises(StoreError):
        journal.read_journal(folder)
    written(2, "values.csv")
    assert journal.read_journal(folder).appends[0].file == "values.csv"


def test_a_journal_of_version_1_is_still_completed(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "data")
    log = folder / "changes.csv"
    before = log.read_bytes()
    line = "2026-05-10T12:00:00,Ola,values,indicator_id=pg-i1.1.1;period=2030-T2,value,1,5\n"
    data = {"file": "changes.csv", "size": len(before), "text": line}
    (folder / JOURNAL).write_text(
        json.dumps({"oppfolging_journal": 1, "replace": [], "append": data}), "utf-8"
    )
    result = load_dataset(folder)
    assert result.problems == []
    assert [notice.file for notice in result.notices] == [JOURNAL]
    assert log.read_bytes() == before + line.encode()
    assert not (folder / JOURNAL).exists()


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
        save_edits(folder, UPDATES, "Ola", NOW)
    message = str(raised.value)
    assert words in message
    assert "values.csv" in message
    assert os.strerror(number) not in message
    monkeypatch.undo()
    assert snapshot(folder) == before
    assert not list(folder.glob(".*oppfolging-tmp"))
