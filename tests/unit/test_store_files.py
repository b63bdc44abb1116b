"""Issue 9: table and settings paths that exist but are no readable regular file (a folder,
a FIFO, a dangling link, an unreadable file) are errors naming the file — in `validate`,
every command and every save — and are never opened (a FIFO blocks) nor replaced."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import valid_rows, write_dataset

from oppfolging.cli import main
from oppfolging.settings import (
    PERSONAL_FILE,
    SETTINGS_FILE,
    PersonalSettings,
    SettingsWriteError,
    load_dataset_settings,
    load_personal_settings,
    save_personal_settings,
)
from oppfolging.store.edits import EditRejected, RowEdit
from oppfolging.store.load import load_dataset
from oppfolging.store.write import save_edits

NOW = datetime(2026, 5, 10, 12, 0)


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A test that opens a FIFO for reading would block forever: fail it instead."""

    def fail(*_: object) -> None:
        raise TimeoutError("blocked: a FIFO was opened")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _folder(path: Path) -> None:
    path.mkdir()


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "frakoblet-disk" / path.name)


def _unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file without read access (simulated: root reads every file)."""
    path.write_text("indicator_id,period,value\n", encoding="utf-8")
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != path and real(p, mode))


Maker = Callable[[Path], None]
KINDS: dict[str, tuple[Maker | None, str]] = {
    "folder": (_folder, "er en mappe"),
    "fifo": (_fifo, "er ikke en vanlig fil"),
    "dangling link": (_dangling, "lenke til noe som ikke finnes"),
    "unreadable": (None, "mangler tilgang"),
}


def _make(kind: str, path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    maker, reason = KINDS[kind]
    if maker is None:
        _unreadable(path, monkeypatch)
    else:
        maker(path)
    return reason


@pytest.mark.parametrize("table", ["values", "plans", "changes"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_a_table_path_that_is_no_regular_file_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, kind: str
) -> None:
    tables = valid_rows()
    del tables[table]
    folder = write_dataset(tmp_path / "data", tables)
    reason = _make(kind, folder / f"{table}.csv", monkeypatch)
    problems = load_dataset(folder).problems
    assert [(p.file, p.row, p.column) for p in problems] == [(f"{table}.csv", 0, "")]
    assert reason in problems[0].message
    assert main(["validate", "--data", str(folder)]) == 1
    for command in ("status", "missing", "revisions"):
        assert main([command, "--data", str(folder), "--as-of", "2026-06-01"]) == 1


@pytest.mark.parametrize("table", ["values", "changes"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_no_save_replaces_a_table_path_that_is_no_regular_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, table: str
) -> None:
    tables = valid_rows()
    del tables[table]
    folder = write_dataset(tmp_path / "data", tables)
    path = folder / f"{table}.csv"
    _make(kind, path, monkeypatch)
    before = os.lstat(path)
    edit = RowEdit("values", {"indicator_id": "i1", "period": "2026-T2"}, {"value": "83"})
    with pytest.raises(EditRejected) as raised:
        save_edits(folder, [edit], "kari", NOW)
    assert [p.file for p in raised.value.problems] == [f"{table}.csv"]
    after = os.lstat(path)
    assert (after.st_ino, after.st_mode, after.st_mtime_ns) == (
        before.st_ino,
        before.st_mode,
        before.st_mtime_ns,
    )
    assert not (folder / f"{table}.parquet").exists()
    command = ["set", "--data", str(folder), "i1", "2026-T2", "83", "--user", "kari"]
    assert main(command) == 1
    assert os.lstat(path).st_ino == before.st_ino


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_settings_file_that_is_no_regular_file_is_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    folder = write_dataset(tmp_path / "data")
    reason = _make(kind, folder / SETTINGS_FILE, monkeypatch)
    problems = load_dataset_settings(folder).problems
    assert [(p.file, p.row) for p in problems] == [(SETTINGS_FILE, 0)]
    assert reason in problems[0].message
    assert main(["validate", "--data", str(folder)]) == 1
    assert main(["status", "--data", str(folder), "--as-of", "2026-06-01"]) == 1


@pytest.mark.parametrize("kind", list(KINDS))
def test_personal_settings_that_are_no_regular_file_are_an_error_and_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    path = tmp_path / PERSONAL_FILE
    reason = _make(kind, path, monkeypatch)
    result = load_personal_settings(path)
    assert result.unreadable
    assert [p.file for p in result.problems] == [str(path)]
    assert reason in result.problems[0].message
    before = os.lstat(path).st_ino
    with pytest.raises(SettingsWriteError, match="ble ikke lagret"):
        save_personal_settings(PersonalSettings(name="Kari"), path)
    assert os.lstat(path).st_ino == before


def test_the_app_refuses_unreadable_personal_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_dataset(tmp_path / "data")
    personal = tmp_path / PERSONAL_FILE
    os.mkfifo(personal)
    monkeypatch.setenv("OPPFOLGING_CONFIG", str(personal))
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    assert main(["--data", str(folder), "--as-of", "2026-06-01"]) == 1
    err = capsys.readouterr().err
    assert str(personal) in err
    assert "er ikke en vanlig fil" in err
