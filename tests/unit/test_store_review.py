"""Store fixes from review: the change log checked before a save, problems in the edited
file refuse the save, non-finite numbers and out-of-range years, months and tolerances."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from store_helpers import Rows, valid_rows, with_change, write_dataset, write_table

from oppfolging.cli import main
from oppfolging.domain.schema import TABLES, Kind
from oppfolging.store import EditRejected, Problem, RowEdit, load_dataset, read_table, save_edits
from oppfolging.store.errors import StoreError
from oppfolging.store.validate import CellError, coerce_value

NOW = datetime(2026, 5, 10, 12, 30, 15)
I1_T1 = {"indicator_id": "i1", "period": "2026-T1"}
I1_T2 = {"indicator_id": "i1", "period": "2026-T2"}
SAMPLE = Path(__file__).resolve().parents[2] / "data"


def snapshot(folder: Path) -> dict[str, bytes]:
    files = [path for path in sorted(folder.iterdir()) if path.name != ".oppfolging.lock"]
    return {path.name: path.read_bytes() for path in files}


# --- 2. the change log must be appendable before any table is written --------------------


def _locked_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """`changes.csv` refuses to be opened for writing (as when Excel holds a lock)."""
    real_open = Path.open

    def fake_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self.name == "changes.csv" and any(c in mode for c in "aw+"):
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)


def test_an_unwritable_change_log_saves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_dataset(tmp_path)
    write_table(tmp_path, "changes", [{"at": "2026-05-01T10:00:00", "user": "ola"}])
    before = snapshot(tmp_path)
    _locked_changes(monkeypatch)
    edit = RowEdit("values", I1_T1, {"value": 90}, {"value": 82.5})
    with pytest.raises(StoreError, match="Endringsloggen") as raised:
        save_edits(tmp_path, [edit], "kari", NOW)
    assert "changes.csv" in str(raised.value)
    assert snapshot(tmp_path) == before
    monkeypatch.undo()
    assert save_edits(tmp_path, [edit], "kari", NOW).changed  # a retry logs the change
    assert load_dataset(tmp_path).dataset.changes.height == 1 + 1


def test_an_unwritable_folder_for_a_parquet_change_log_saves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = load_dataset(write_dataset(tmp_path / "csv")).dataset
    folder = tmp_path / "parquet"
    folder.mkdir()
    for name in TABLES:
        dataset[name].write_parquet(folder / f"{name}.parquet")
    before = snapshot(folder)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)
    with pytest.raises(StoreError, match="Endringsloggen"):
        save_edits(folder, [RowEdit("values", I1_T2, {"value": 90}, None)], "kari", NOW)
    assert snapshot(folder) == before


# --- 3. problems in the file being edited refuse the save ---------------------------------


def test_a_column_twice_in_the_edited_file_refuses_the_save(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    header = [*TABLES["values"].column_names, "comment"]
    write_table(tmp_path, "values", valid_rows()["values"], header=header)
    before = snapshot(tmp_path)
    with pytest.raises(EditRejected) as raised:
        save_edits(tmp_path, [RowEdit("values", I1_T1, {"value": 90}, None)], "kari", NOW)
    assert [(p.row, p.column) for p in raised.value.problems] == [(1, "comment")]
    assert snapshot(tmp_path) == before


# --- 4. numbers must be finite -------------------------------------------------------------


@pytest.mark.parametrize("cell", ["1e400", "-1e400", "1,5e999"])
def test_a_number_too_large_is_not_a_number(tmp_path: Path, cell: str) -> None:
    rows = valid_rows()
    rows["values"][0]["value"] = cell
    frame, _, problems = read_table(write_dataset(tmp_path, rows), "values")
    assert frame["value"][0] is None
    assert [p.message for p in problems] == [f"«{cell}» er ikke et tall"]
    with pytest.raises(CellError, match="er ikke et tall"):
        coerce_value(cell, Kind.FLOAT)


# --- 5. ranges -------------------------------------------------------------------------------


RANGE_CASES = [
    ("plans", 0, "period_start", "0", "period_start må være mellom 1900 og 2200 (0)"),
    ("plans", 0, "period_end", "99999999", "period_end må være mellom 1900 og 2200 (99999999)"),
    ("plans", 0, "revision_years", "0", "revision_years må være mellom 1 og 20 (0)"),
    (
        "plans",
        0,
        "revision_years",
        "99999999999",
        "revision_years må være mellom 1 og 20 (99999999999)",
    ),
    ("indicators", 0, "baseline_year", "1899", "baseline_year må være mellom 1900 og 2200 (1899)"),
    (
        "indicators",
        0,
        "target_year",
        "99999999",
        "target_year må være mellom 1900 og 2200 (99999999)",
    ),
    (
        "indicators",
        1,
        "publication_lag_months",
        "61",
        "publication_lag_months må være mellom 0 og 60 (61)",
    ),
    ("indicators", 0, "tolerance", "10.5", "tolerance må være mellom 0 og 10 (10.5)"),
    ("indicators", 0, "tolerance", "-0.1", "tolerance kan ikke være negativ (-0.1)"),
]


@pytest.mark.parametrize(("table", "index", "column", "cell", "message"), RANGE_CASES)
def test_out_of_range(
    tmp_path: Path, table: str, index: int, column: str, cell: str, message: str
) -> None:
    tables: dict[str, Rows] = with_change(table, index, **{column: cell})
    if column == "period_start":
        tables["plans"][0]["period_end"] = "2040"
    problems = [
        p for p in load_dataset(write_dataset(tmp_path, tables)).problems if p.column == column
    ]
    assert problems == [Problem(f"{table}.csv", index + 2, column, message)]


@pytest.mark.parametrize(
    ("table", "column", "cell"),
    [
        ("indicators", "target_year", "99999999"),
        ("indicators", "baseline_year", "99999999"),
        ("plans", "period_start", "0"),
        ("plans", "period_end", "99999999"),
        ("indicators", "publication_lag_months", "99999999999"),
        ("plans", "revision_years", "99999999999"),
    ],
)
@pytest.mark.parametrize("command", ["status", "revisions"])
def test_status_and_revisions_list_the_problem(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    table: str,
    column: str,
    cell: str,
    command: str,
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("README.md"))
    path = folder / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index(column)] = cell
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = [command, "--data", str(folder), "--as-of", "2026-12-01"]
    assert main([*args, "--round", "2026-T2"] if command == "status" else args) == 1
    err = capsys.readouterr().err
    assert f"{table}.csv:2:{column}:" in err
    assert "Traceback" not in err
