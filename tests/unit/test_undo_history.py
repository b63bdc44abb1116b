"""Undo and redo as a history of a user's own saves (issue 9, part 3)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from oppfolging.cli import main
from oppfolging.registration import (
    ChangeRow,
    RegistrationError,
    describe_change,
    redo_last_undo,
    register_value,
    undo_last_change,
)
from oppfolging.store.load import load_dataset, read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"
CELL = ("pg-i2.2.1", "2026-T2")  # dager, tertial
OTHER = ("pg-i2.2.1", "2026-T1")
AT = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def value(folder: Path, cell: tuple[str, str] = CELL) -> float | None:
    values, _, _ = read_table(folder, "values")
    rows = values.filter(pl.col("indicator_id") == cell[0], pl.col("period") == cell[1])
    return rows.item(0, "value") if rows.height else None


def shown(rows: list[ChangeRow]) -> list[str]:
    return [describe_change(r) for r in rows if r.column == "value"]


def test_undo_steps_back_one_save_at_a_time_and_redo_steps_forward(folder: Path) -> None:
    original = value(folder)
    register_value(folder, *CELL, "5500", None, "Ola", AT, limit=None)
    register_value(folder, *CELL, "5555", None, "Ola", AT, limit=None)
    assert shown(undo_last_change(folder, "Ola", AT)) == [
        f"{CELL[0]} 2. tertial 2026: verdi 5\u00a0555 → 5\u00a0500"
    ]
    assert value(folder) == 5500
    undo_last_change(folder, "Ola", AT)
    assert value(folder) == original
    with pytest.raises(RegistrationError, match="ingen endringer"):
        undo_last_change(folder, "Ola", AT)
    redo_last_undo(folder, "Ola", AT)
    assert value(folder) == 5500
    assert shown(redo_last_undo(folder, "Ola", AT)) == [
        f"{CELL[0]} 2. tertial 2026: verdi 5\u00a0500 → 5\u00a0555"
    ]
    with pytest.raises(RegistrationError, match="gjøre om"):
        redo_last_undo(folder, "Ola", AT)
    undo_last_change(folder, "Ola", AT)  # after a redo, undo reverses it again
    assert value(folder) == 5500
    assert load_dataset(folder).problems == []


def test_a_new_save_ends_the_redo_history(folder: Path) -> None:
    register_value(folder, *CELL, "10", None, "Ola", AT, limit=None)
    undo_last_change(folder, "Ola", AT)
    register_value(folder, *OTHER, "11", None, "Ola", AT, limit=None)
    with pytest.raises(RegistrationError):
        redo_last_undo(folder, "Ola", AT)


def test_undo_only_takes_back_my_own_saves(folder: Path) -> None:
    original = value(folder)
    register_value(folder, *CELL, "10", None, "Ola", AT, limit=None)
    register_value(folder, *OTHER, "12", None, "Kari", AT, limit=None)
    undo_last_change(folder, "Ola", AT)
    assert value(folder) == original
    assert value(folder, OTHER) == 12


def test_saves_are_ordered_by_their_place_in_the_log_not_by_time(folder: Path) -> None:
    """A row with a clock far in the future, earlier in the log, must not capture undo."""
    register_value(folder, *OTHER, "12", None, "Ola", AT, limit=None)
    log = folder / "changes.csv"
    text = log.read_text(encoding="utf-8").replace("2026-11-22T10:00:00", "2099-01-01T00:00:00")
    log.write_text(text, encoding="utf-8")
    before = value(folder)
    register_value(folder, *CELL, "13", None, "Ola", AT, limit=None)
    # The new save's `at` comes after 2099 (distinct_at); make it earlier, as a clock could.
    lines = log.read_text(encoding="utf-8").splitlines()
    lines = [
        *lines[:-4],
        *(line.replace("2099-01-01T00:00:00.000001", "2026-11-22T10:00:00") for line in lines[-4:]),
    ]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    undo_last_change(folder, "Ola", AT)
    assert value(folder) == before  # the last save in the log was undone
    assert value(folder, OTHER) == 12


def test_an_old_log_without_the_undoes_column_gets_it(folder: Path) -> None:
    original = value(folder)
    register_value(folder, *CELL, "10", None, "Ola", AT, limit=None)
    register_value(folder, *CELL, "20", None, "Ola", AT, limit=None)
    log = folder / "changes.csv"
    header, *rows = log.read_text(encoding="utf-8").splitlines()
    columns = header.split(",")
    keep = [i for i, c in enumerate(columns) if c != "undoes"]
    old = [",".join(columns[i] for i in keep)]
    old += [",".join(row.split(",")[i] for i in keep) for row in rows]
    log.write_text("\n".join(old) + "\n", encoding="utf-8")
    undo_last_change(folder, "Ola", AT)
    assert "undoes" in log.read_text(encoding="utf-8").splitlines()[0]
    undo_last_change(folder, "Ola", AT)  # a second undo goes further back, not forward
    assert value(folder) == original
    assert load_dataset(folder).problems == []


def test_cli_undo_and_redo_say_what_was_restored(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    register_value(folder, *CELL, "5500", None, "Ola", AT, limit=None)
    register_value(folder, *CELL, "5555", None, "Ola", AT, limit=None)
    assert main(["undo", "--data", str(folder), "--user", "Ola"]) == 0
    assert f"{CELL[0]} 2. tertial 2026: verdi 5\u00a0555 → 5\u00a0500" in capsys.readouterr().out
    assert main(["redo", "--data", str(folder), "--user", "Ola"]) == 0
    assert f"{CELL[0]} 2. tertial 2026: verdi 5\u00a0500 → 5\u00a0555" in capsys.readouterr().out
    assert main(["redo", "--data", str(folder), "--user", "Ola"]) == 1
    assert "gjøre om" in capsys.readouterr().err


def test_undo_of_a_change_to_a_row_someone_deleted_since_is_a_conflict(folder: Path) -> None:
    """Ola changed a value; Kari deleted the value since. Ola's undo is refused as when
    Kari had changed it (before, it put back a row of only the cells Ola's save changed:
    the comment and whatever else the row had were lost). An undo of Ola's own delete
    still puts the row back."""
    from oppfolging.store import ConflictError

    register_value(folder, *CELL, "5500", "Ny kommentar", "Ola", AT, limit=None)
    register_value(folder, *CELL, "", None, "Kari", AT)  # an empty value deletes it
    assert value(folder) is None
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with pytest.raises(ConflictError):
        undo_last_change(folder, "Ola", AT)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == files
    undo_last_change(folder, "Kari", AT)  # Kari's own delete is undone: the row is back
    assert value(folder) == 5500
    assert load_dataset(folder).problems == []


def test_undo_of_a_save_that_only_emptied_cells_of_a_row_gone_since_is_a_conflict(
    folder: Path,
) -> None:
    """Two saves by one user in one second: the second empties the text only (who and when
    are unchanged, so not logged) and looks like a delete in the log. With the row removed
    since, its undo is refused, not a row of that one cell put back (found by a review)."""
    from oppfolging.registration.assessments import register_assessment
    from oppfolging.store import ConflictError

    target = ("2026-T1", "goal", "pg-m1.1")
    register_assessment(folder, *target, "on_track", "Godt i gang", "", "Ola", AT, suggested=None)
    register_assessment(folder, *target, "on_track", "", "", "Ola", AT, suggested=None)
    path = folder / "assessments.csv"
    path.write_text(path.read_text("utf-8").splitlines()[0] + "\n", "utf-8")  # removed by hand
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with pytest.raises(ConflictError):
        undo_last_change(folder, "Ola", AT)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == files
