"""Registration fixes from review: undo of saves within one second, import columns and
comments, and what an empty import says."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from oppfolging.cli import main
from oppfolging.registration import (
    ImportRejected,
    import_rows,
    last_changes,
    register_value,
    undo_last_change,
)
from oppfolging.store.load import load_dataset, read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"
TERTIAL = "pg-i1.1.1"  # antall, tertial; 2026-T1 holds 351 with a comment
SECOND = datetime(2026, 11, 22, 10, 0, 0)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def row_of(folder: Path, indicator_id: str, period: str) -> dict[str, object]:
    values, _, _ = read_table(folder, "values")
    match = (pl.col("indicator_id") == indicator_id) & (pl.col("period") == period)
    return values.filter(match).row(0, named=True)


# --- 1. undo of two saves within one second ---------------------------------------------


@pytest.mark.parametrize("micro", [(100, 200), (0, 0)])
def test_undo_after_two_saves_in_one_second_undoes_only_the_last(
    folder: Path, micro: tuple[int, int]
) -> None:
    register_value(
        folder, TERTIAL, "2026-T1", "360", None, "Ola", SECOND.replace(microsecond=micro[0])
    )
    register_value(
        folder, TERTIAL, "2026-T1", "370", None, "Ola", SECOND.replace(microsecond=micro[1])
    )
    assert {row.new for row in last_changes(folder, "Ola") if row.column == "value"} == {"370"}
    undo_last_change(folder, "Ola", datetime(2026, 11, 22, 10, 5))
    assert row_of(folder, TERTIAL, "2026-T1")["value"] == 360.0
    assert load_dataset(folder).problems == []


def test_change_log_keeps_microseconds_and_round_trips(folder: Path) -> None:
    at = SECOND.replace(microsecond=123456)
    result = register_value(folder, TERTIAL, "2030-T1", "5", None, "Ola", at)
    assert {row.at for row in result.changes} == {at}
    assert "2026-11-22T10:00:00.123456" in (folder / "changes.csv").read_text(encoding="utf-8")
    changes = load_dataset(folder).dataset.changes
    assert set(changes.get_column("at").to_list()) == {at}


def test_undo_of_a_mixed_group_puts_back_the_earliest_old_value(folder: Path) -> None:
    """An old log (whole seconds) may hold two saves under one `at`: undo both, not a mix."""
    register_value(folder, TERTIAL, "2026-T1", "360", None, "Ola", SECOND)
    register_value(folder, TERTIAL, "2026-T1", "370", None, "Ola", SECOND.replace(microsecond=9))
    log = folder / "changes.csv"
    log.write_text(log.read_text(encoding="utf-8").replace(".000009", ""), encoding="utf-8")
    undo_last_change(folder, "Ola", datetime(2026, 11, 22, 10, 5))
    row = row_of(folder, TERTIAL, "2026-T1")
    assert row["value"] == 351.0
    assert str(row["comment"]).startswith("Økning")
    assert load_dataset(folder).problems == []


# --- 6. duplicate import columns ---------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["indicator_id,Period,Value,value", "indicator_id,period,value,value"]
)
def test_import_with_a_column_twice_is_rejected(folder: Path, tmp_path: Path, header: str) -> None:
    file = tmp_path / "v.csv"
    file.write_text(f"{header}\n{TERTIAL},2030-T1,5,6\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_rows(folder, file, "Ola", SECOND)
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "value")]
    assert "flere ganger" in caught.value.problems[0].message


# --- 7. import keeps comments ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"indicator_id;period;value\n{TERTIAL};2026-T1;352\n",
        f"indicator_id;period;value;comment\n{TERTIAL};2026-T1;352;  \n",
    ],
)
def test_import_without_comment_keeps_the_existing_comment(
    folder: Path, tmp_path: Path, text: str
) -> None:
    before = row_of(folder, TERTIAL, "2026-T1")
    file = tmp_path / "v.csv"
    file.write_text(text, encoding="utf-8")
    result = import_rows(folder, file, "Ola", SECOND)
    row = row_of(folder, TERTIAL, "2026-T1")
    assert (row["value"], row["comment"]) == (352.0, before["comment"])
    assert (row["registered_by"], row["registered_at"]) == ("Ola", SECOND)
    assert "comment" not in {change.column for change in result.changes}


def test_import_with_a_comment_replaces_it(folder: Path, tmp_path: Path) -> None:
    file = tmp_path / "v.csv"
    file.write_text(f"indicator_id;period;value;comment\n{TERTIAL};2026-T1;352;ny\n")
    import_rows(folder, file, "Ola", SECOND)
    assert row_of(folder, TERTIAL, "2026-T1")["comment"] == "ny"


def test_import_of_a_header_only_file_says_zero_rows(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "v.csv"
    file.write_text("indicator_id,period,value\n", encoding="utf-8")
    assert main(["import", "--data", str(folder), str(file), "--user", "Ola"]) == 0
    out = capsys.readouterr().out
    assert "0 rader" in out
    assert "verdien var lik" not in out


def test_import_xlsx_with_a_column_twice_is_rejected(folder: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.append(["indicator_id", "period", "value", "value"])
    book.active.append([TERTIAL, "2030-T1", 5, 6])
    file = tmp_path / "v.xlsx"
    book.save(file)
    with pytest.raises(ImportRejected) as caught:
        import_rows(folder, file, "Ola", SECOND)
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "value")]


@pytest.mark.parametrize(
    "key", ["indicator_id=pg-i1.1.1", "indicator_id=pg-i1.1.1;period=2026-T1;extra=1"]
)
def test_undo_of_a_log_row_whose_key_is_not_the_tables_is_refused_cleanly(
    folder: Path, key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hand-edited log key without (or with more than) the table's key columns: the undo
    says so and writes nothing (it raised KeyError once rows were looked up by key)."""
    register_value(folder, TERTIAL, "2026-T1", "360", None, "Ola", SECOND)
    log = folder / "changes.csv"
    log.write_text(
        log.read_text("utf-8").replace("indicator_id=pg-i1.1.1;period=2026-T1", key), "utf-8"
    )
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert main(["undo", "--data", str(folder), "--user", "Ola"]) == 1
    assert "nøkkelen må være indicator_id, period" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == files
