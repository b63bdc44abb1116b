"""A save whose table is built after the save returns (`write.completing_later`): the same
bytes as a save written at once, the dataset lock held until the table is built, and a kill
at any step leaves the dataset before or after the save (the journal's patch, built from a
second name of the file as read)."""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from test_store_journal import (
    JOURNAL,
    NOW,
    UPDATES,
    Killed,
    copy_sample,
    kill_at,
    snapshot,
    states_for,
)

import oppfolging.store.journal as journal
import oppfolging.store.write as write
from oppfolging.fingerprint import dataset_fingerprint
from oppfolging.store import changelog
from oppfolging.store.changelog import Append
from oppfolging.store.load import load_dataset
from oppfolging.store.lock import LockTimeout, dataset_lock
from oppfolging.store.write import RowEdit, StoreError, completing_later, save_edits

CHANGES = [
    RowEdit(
        "values",
        {"indicator_id": "pg-i1.1.1", "period": "2030-T2"},
        {"value": 1234.5},
        {"value": 1.0},
    ),
    *UPDATES[1:],
]
"""Changed records of both tables, longer than they were (so a patch built twice on the
file it already built would show)."""


def _save_later(folder: Path, edits: list[RowEdit]) -> write.Completion:
    with completing_later() as completion:
        result = save_edits(folder, edits, "Ola", NOW, describe=True)
        assert result.after is not None
        assert result.after.after is None  # not known before the table is built
    return completion


@pytest.mark.parametrize("edits", [UPDATES, CHANGES])
def test_a_table_built_later_is_the_table_written_at_once(
    tmp_path: Path, edits: list[RowEdit]
) -> None:
    folder, before, after_state = states_for(tmp_path, edits)
    seen: dict[str, Any] = {}
    with completing_later() as completion:
        save_edits(folder, edits, "Ola", NOW, describe=True)
        seen["values"] = (folder / "values.csv").read_bytes()
        seen["journal"] = json.loads((folder / JOURNAL).read_text("utf-8"))
        seen["links"] = sorted(p.name for p in folder.glob(".*oppfolging-tmp"))
    assert seen["values"] == before["values.csv"]  # not yet built when the save returned
    assert [p["file"] for p in seen["journal"]["patch"]] == ["values.csv", "measure_updates.csv"]
    assert len(seen["links"]) == 2
    assert snapshot(folder) == after_state
    assert completion.fingerprint == dataset_fingerprint(folder)
    assert not list(folder.glob(".*oppfolging-tmp"))
    assert not (folder / JOURNAL).exists()


def test_the_lock_is_held_until_the_table_is_built_and_a_reader_waits_for_it(
    tmp_path: Path,
) -> None:
    folder, _, after_state = states_for(tmp_path, UPDATES)
    loaded: list[Any] = []
    with completing_later():
        save_edits(folder, UPDATES, "Ola", NOW, describe=True)
        failed: list[BaseException] = []

        def other_save() -> None:
            try:
                with dataset_lock(folder, timeout=0.2):
                    pass
            except LockTimeout as error:
                failed.append(error)

        thread = threading.Thread(target=other_save)
        thread.start()
        thread.join()
        assert failed, "another thread took the lock while the table was pending"
        reader = threading.Thread(target=lambda: loaded.append(load_dataset(folder)))
        reader.start()
        time.sleep(0.3)  # the reader finds the journal and waits for the lock
        assert not loaded
    reader.join()
    result = loaded[0]
    assert result.problems == []
    assert result.notices == []  # nothing to complete: the save had completed
    assert snapshot(folder) == after_state
    assert result.dataset.values.height == load_dataset(folder).dataset.values.height


def test_where_no_second_name_can_be_made_the_table_is_written_before_the_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _, after_state = states_for(tmp_path, UPDATES)

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refused)
    with completing_later() as completion:
        result = save_edits(folder, UPDATES, "Ola", NOW, describe=True)
        assert result.after is not None
        assert result.after.after == dataset_fingerprint(folder)
        assert snapshot(folder) == after_state
    assert completion.fingerprint is None
    assert not list(folder.glob(".*oppfolging-tmp"))


def test_an_append_only_save_leaves_nothing_for_later(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "data")
    new = [RowEdit("values", {"indicator_id": "pg-i1.1.1", "period": "2031-T1"}, {"value": 2.0})]
    with completing_later() as completion:
        result = save_edits(folder, new, "Ola", NOW, describe=True)
        assert not (folder / JOURNAL).exists()
    assert result.after is not None
    assert result.after.after == dataset_fingerprint(folder)
    assert completion.fingerprint is None


LATER_BEFORE = [
    (os, "link", 1),  # one original named, not the second
    (write, "stage_changes", 0),  # both originals named, no journal
    (os, "replace", 0),  # the journal written, not yet renamed
]
LATER_AFTER = [
    (write, "replace_and_append", 0),  # committed, nothing done
    (journal, "write_temp_bytes", 0),  # the log appended, no table built
    (os, "replace", 1),  # the first table built, not yet renamed
    (os, "unlink", 0),  # the first table replaced, its original still named
    (os, "replace", 2),  # the second table built, not yet renamed
    (os, "unlink", 1),  # the second table replaced, its original still named
    (os, "unlink", 2),  # both tables replaced, the journal still there
]


@pytest.mark.parametrize(("module", "name", "after"), LATER_BEFORE)
def test_a_kill_before_the_commit_leaves_the_dataset_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: Any, name: str, after: int
) -> None:
    folder, before, _ = states_for(tmp_path, CHANGES)
    kill_at(monkeypatch, module, name, after)
    with pytest.raises(Killed):
        _save_later(folder, CHANGES)
    monkeypatch.undo()
    assert not (folder / JOURNAL).exists()
    assert load_dataset(folder).problems == []
    assert snapshot(folder) == before
    save_edits(folder, CHANGES, "Ola", NOW)  # the next save removes the stale names
    assert not list(folder.glob(".*oppfolging-tmp"))


@pytest.mark.parametrize(("module", "name", "after"), LATER_AFTER)
def test_a_kill_after_the_commit_is_completed_when_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: Any, name: str, after: int
) -> None:
    folder, _, after_state = states_for(tmp_path, CHANGES)
    kill_at(monkeypatch, module, name, after)
    with pytest.raises(Killed):
        _save_later(folder, CHANGES)
    monkeypatch.undo()
    assert (folder / JOURNAL).exists()
    result = load_dataset(folder)
    assert result.problems == []
    assert [notice.file for notice in result.notices] == [JOURNAL]
    assert snapshot(folder) == after_state
    assert not list(folder.glob(".*oppfolging-tmp"))
    assert not (folder / JOURNAL).exists()


def test_a_table_that_cannot_be_built_now_is_pending_and_built_by_the_next_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _, after_state = states_for(tmp_path, UPDATES)

    def full(*_args: object, **_kwargs: object) -> Path:
        raise OSError(28, "No space left on device", str(folder / "values.csv"))

    monkeypatch.setattr(journal, "write_temp_bytes", full)
    with pytest.raises(StoreError, match=r"values\.csv"), completing_later():
        save_edits(folder, UPDATES, "Ola", NOW, describe=True)
    monkeypatch.undo()
    with dataset_lock(folder, timeout=0.2):  # released although the block failed
        pass
    assert (folder / JOURNAL).exists()
    assert save_edits(folder, UPDATES, "Ola", NOW).changes == ()  # completed, nothing new
    assert snapshot(folder) == after_state


@pytest.mark.parametrize(
    "patch",
    [
        {"file": "../values.csv", "original": ".v.oppfolging-tmp", "size": 3, "parts": []},
        {"file": "values.csv", "original": "values.csv", "size": 3, "parts": []},
        {"file": "values.csv", "original": "../.v.oppfolging-tmp", "size": 3, "parts": []},
        {"file": "values.csv", "original": ".v.oppfolging-tmp", "size": 3, "parts": [[0, 4]]},
        {"file": "values.csv", "original": ".v.oppfolging-tmp", "size": 3, "parts": [[2, 1]]},
        {"file": "values.csv", "original": ".v.oppfolging-tmp", "size": 3, "parts": [[0]]},
        {"file": "values.csv", "original": ".v.oppfolging-tmp", "size": 3, "parts": [7]},
        {"file": "values.csv", "original": ".v.oppfolging-tmp", "size": "3", "parts": []},
        {"file": "values.parquet", "original": ".v.oppfolging-tmp", "size": 3, "parts": []},
    ],
)
def test_a_journal_patches_only_csv_tables_of_its_folder_within_their_original(
    tmp_path: Path, patch: dict[str, object]
) -> None:
    folder = copy_sample(tmp_path / "data")
    before = snapshot(folder)
    data = {"oppfolging_journal": 3, "replace": [], "append": [], "patch": [patch]}
    (folder / JOURNAL).write_text(json.dumps(data), "utf-8")
    with pytest.raises(StoreError):
        journal.read_journal(folder)
    assert [problem.file for problem in load_dataset(folder).problems] == [JOURNAL]
    assert snapshot(folder) == before


def test_a_patch_whose_original_changed_size_is_not_built(tmp_path: Path) -> None:
    """(The original is a second name nobody writes to; if it was cut short, the patch would
    build a wrong file: the save stays pending and says so.)"""
    folder = copy_sample(tmp_path / "data")
    os.link(folder / "values.csv", folder / ".values.csv.x.oppfolging-tmp")
    size = (folder / "values.csv").stat().st_size
    patch = {"file": "values.csv", "original": ".values.csv.x.oppfolging-tmp", "size": size + 1}
    data = {"oppfolging_journal": 3, "replace": [], "append": [], "patch": [patch | {"parts": []}]}
    (folder / JOURNAL).write_text(json.dumps(data), "utf-8")
    before = snapshot(folder)
    assert [problem.file for problem in load_dataset(folder).problems] == [JOURNAL]
    assert snapshot(folder) == before


def test_a_version_2_journal_is_still_completed(tmp_path: Path) -> None:
    folder = copy_sample(tmp_path / "data")
    log = folder / "changes.csv"
    before = log.read_bytes()
    line = "2026-05-10T12:00:00,Ola,values,indicator_id=pg-i1.1.1;period=2030-T2,value,1,5\n"
    append = [{"file": "changes.csv", "size": len(before), "text": line}]
    data = {"oppfolging_journal": 2, "replace": [], "append": append}
    (folder / JOURNAL).write_text(json.dumps(data), "utf-8")
    assert load_dataset(folder).problems == []
    assert log.read_bytes() == before + line.encode()


def test_saves_in_one_block_are_each_completed(tmp_path: Path) -> None:
    folder, _, _ = states_for(tmp_path, UPDATES)
    key = {"indicator_id": "pg-i1.1.1", "period": "2030-T2"}
    first = [RowEdit("values", key, {"value": 7.0}, {"value": 1.0})]
    with completing_later():
        save_edits(folder, first, "Ola", datetime(2026, 5, 10, 12))
        second = [RowEdit("values", key, {"value": 8.0}, {"value": 7.0})]
        save_edits(folder, second, "Ola", datetime(2026, 5, 10, 13))
    values = load_dataset(folder).dataset.values
    row = values.filter(values["indicator_id"] == "pg-i1.1.1", values["period"] == "2030-T2")
    assert row.get_column("value").to_list() == [8.0]
    assert not (folder / JOURNAL).exists()


def _value(folder: Path) -> list[float]:
    values = load_dataset(folder).dataset.values
    row = values.filter(values["indicator_id"] == "pg-i1.1.1", values["period"] == "2030-T2")
    return row.get_column("value").to_list()


def _logged_values(folder: Path) -> list[str]:
    log = (folder / "changes.csv").read_text("utf-8").splitlines()
    return [line.rsplit(",", 1)[-1] for line in log if "pg-i1.1.1;period=2030-T2,value" in line]


def test_saves_in_one_block_to_one_folder_spelled_two_ways_are_each_completed(
    tmp_path: Path,
) -> None:
    """(The pending save was kept under the path as given, the lock under the resolved one:
    the first save's completion took the second's journal for its own and deleted it.)"""
    folder, _, _ = states_for(tmp_path, UPDATES)
    other_spelling = tmp_path / "link"
    other_spelling.symlink_to(folder)
    key = {"indicator_id": "pg-i1.1.1", "period": "2030-T2"}
    with completing_later():
        first = [RowEdit("values", key, {"value": 7.0}, {"value": 1.0})]
        save_edits(folder, first, "Ola", datetime(2026, 5, 10, 12))
        second = [RowEdit("values", key, {"value": 8.0}, {"value": 7.0})]
        save_edits(other_spelling, second, "Ola", datetime(2026, 5, 10, 13))
    assert _value(folder) == [8.0]
    assert _logged_values(folder)[-2:] == ["7", "8"]
    assert not (folder / JOURNAL).exists()
    assert not list(folder.glob(".*oppfolging-tmp"))


def test_a_later_save_of_the_block_that_fails_after_its_commit_stays_pending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first save's completion at the end of the block must not delete the second
    save's journal (it is not its own): the next open completes it."""
    folder, _, _ = states_for(tmp_path, UPDATES)
    key = {"indicator_id": "pg-i1.1.1", "period": "2030-T2"}
    real = changelog.apply_append

    def full_on_the_second_save(folder: Path, append: Append) -> None:
        if "2026-05-10T13" in append.text:  # the second save's log rows
            raise OSError(28, "No space left on device", str(folder / "changes.csv"))
        real(folder, append)

    monkeypatch.setattr(journal, "apply_append", full_on_the_second_save)
    first = [RowEdit("values", key, {"value": 7.0}, {"value": 1.0})]
    second = [RowEdit("values", key, {"value": 8.0}, {"value": 7.0})]
    with completing_later():
        save_edits(folder, first, "Ola", datetime(2026, 5, 10, 12))
        with pytest.raises(StoreError, match=r"changes\.csv"):
            save_edits(folder, second, "Ola", datetime(2026, 5, 10, 13))
        assert (folder / JOURNAL).exists()
    monkeypatch.undo()
    assert (folder / JOURNAL).exists()
    result = load_dataset(folder)
    assert result.problems == []
    assert [notice.file for notice in result.notices] == [JOURNAL]
    assert _value(folder) == [8.0]
    assert _logged_values(folder)[-2:] == ["7", "8"]


@pytest.mark.parametrize("edits", [UPDATES, CHANGES])
def test_a_second_name_removed_by_someone_else_before_the_build_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edits: list[RowEdit]
) -> None:
    """A sync client or a clean-up may delete the hidden second name while a save is
    pending: the table was not built, so the save cannot be completed from the journal
    (the log would say what the table does not); it is reported and nothing is changed."""
    folder, _, _ = states_for(tmp_path, edits)
    kill_at(monkeypatch, journal, "write_temp_bytes", 0)
    with pytest.raises(Killed):
        _save_later(folder, edits)
    monkeypatch.undo()
    for name in folder.glob(".values.csv.*oppfolging-tmp"):
        name.unlink()
    left = snapshot(folder)
    assert [problem.file for problem in load_dataset(folder).problems] == [JOURNAL]
    assert snapshot(folder) == left
    assert (folder / JOURNAL).exists()


def test_a_read_in_the_block_completes_the_own_save_without_a_notice(tmp_path: Path) -> None:
    """No save was interrupted: the read sees the saved data and says nothing about it."""
    folder, _, after_state = states_for(tmp_path, UPDATES)
    with completing_later() as completion:
        save_edits(folder, UPDATES, "Ola", NOW, describe=True)
        result = load_dataset(folder)
        assert result.problems == []
        assert result.notices == []
        assert snapshot(folder) == after_state
    assert completion.fingerprint == dataset_fingerprint(folder)
    assert load_dataset(folder).notices == []
