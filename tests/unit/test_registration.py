"""Registration: value and status checks, edits, register_*, undo and import."""

from __future__ import annotations

import math
import shutil
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from oppfolging.registration import (
    ImportRejected,
    RegistrationError,
    check_value,
    import_rows,
    is_implausible_jump,
    measure_edit,
    register_measure,
    register_value,
    undo_last_change,
    value_edit,
)
from oppfolging.store.load import load_dataset, read_table
from oppfolging.store.write import ConflictError

SAMPLE = Path(__file__).resolve().parents[2] / "data"
NOW = datetime(2026, 11, 22, 10, 0, 0)
TERTIAL = "pg-i1.1.1"  # antall, tertial
DAYS = "pg-i2.2.1"  # dager, tertial: decimals allowed


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes (the lock file, created by any save attempt, is not data)."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != ".oppfolging.lock")
    return {p.name: p.read_bytes() for p in files}


def value_of(folder: Path, indicator_id: str, period: str) -> float | None:
    values, _, _ = read_table(folder, "values")
    found = values.filter((pl.col("indicator_id") == indicator_id) & (pl.col("period") == period))
    return None if found.is_empty() else float(found.item(0, "value"))


def percent_indicator(folder: Path) -> str:
    indicators, _, _ = read_table(folder, "indicators")
    row = indicators.filter((pl.col("unit") == "%") & (pl.col("frequency") == "tertial")).row(
        0, named=True
    )
    return str(row["indicator_id"])


# --- checks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "value", "bad"),
    [
        ("%", 50.0, False),
        ("%", 0.0, False),
        ("%", 100.0, False),
        ("%", 120.0, True),
        ("%", -1.0, True),
        ("antall", -3.0, True),
        ("antall", 0.0, False),
        ("dager", -3.0, True),
        ("dager", 2.5, False),
        ("antall", 2.5, True),
        ("antall", math.nan, True),
        ("kr", math.inf, True),
    ],
)
def test_check_value(unit: str, value: float, bad: bool) -> None:
    assert (check_value({"unit": unit}, value) is not None) is bad


@pytest.mark.parametrize(
    ("bokmaal", "nynorsk"),
    [("antall", "antal"), ("personer", "personar"), ("brukere", "brukarar"),
     ("plasser", "plassar"), ("dager", "dagar"), ("timer", "timar"), ("uker", "veker"),
     ("måneder", "månader"), ("minutter", "minutt"), ("tall", "tal")],
)  # fmt: skip
def test_nynorsk_units_follow_the_bokmaal_rules(bokmaal: str, nynorsk: str) -> None:
    for value in (-1.0, 0.0, 2.5, 3.0):
        expected = check_value({"unit": bokmaal}, value) is None
        assert (check_value({"unit": nynorsk}, value) is None) is expected, (nynorsk, value)
    assert check_value({"unit": nynorsk}, -1.0) is not None


def test_alver_antal_count_is_whole_and_not_negative(folder: Path) -> None:
    from oppfolging.cli import main
    from oppfolging.fmt import format_value

    indicator = "al-i1.1.2"  # «Tal på brukarar i kvardagsrehabilitering», unit antal
    for bad in ("2,5", "-1"):
        assert main(["set", indicator, "2026-T1", bad, "--data", str(folder)]) == 1, bad
    assert main(["set", indicator, "2026-T1", "45", "--data", str(folder)]) == 0
    assert format_value(45.0, "antal") == "45"  # a count is shown without the unit word


def test_implausible_jump() -> None:
    assert not is_implausible_jump(None, 100.0, 0.5)
    assert not is_implausible_jump(100.0, 149.0, 0.5)
    assert is_implausible_jump(100.0, 151.0, 0.5)
    assert is_implausible_jump(100.0, 40.0, 0.5)
    assert is_implausible_jump(0.0, 1.0, 0.5)
    assert not is_implausible_jump(0.0, 0.0, 0.5)


def test_value_edit_checks_period_and_frequency() -> None:
    edit = value_edit("x", " 2026-t2 ", 1.5, " hei ", "Ola", NOW, None, frequency="tertial")
    assert edit.key == {"indicator_id": "x", "period": "2026-T2"}
    assert edit.new is not None
    assert edit.new["comment"] == "hei"
    with pytest.raises(RegistrationError, match="periode"):
        value_edit("x", "2026-T4", 1.0, None, "Ola", NOW, None)
    with pytest.raises(RegistrationError, match="årlig"):
        value_edit("x", "2026-T1", 1.0, None, "Ola", NOW, None, frequency="annual")
    assert value_edit("x", "2026", None, None, "Ola", NOW, None).new is None


def test_measure_edit_checks_status_and_comment() -> None:
    edit = measure_edit("t", "2026-T1", "in_progress", "", "Ola", NOW, None)
    assert edit.new is not None
    assert edit.new["status"] == "in_progress"
    with pytest.raises(RegistrationError, match="ukjent status"):
        measure_edit("t", "2026-T1", "done", None, "Ola", NOW, None)
    for status in ("delayed", "cancelled"):
        with pytest.raises(RegistrationError, match="kommentar"):
            measure_edit("t", "2026-T1", status, "  ", "Ola", NOW, None)
    with pytest.raises(RegistrationError, match="tertial"):
        measure_edit("t", "2026", "completed", None, "Ola", NOW, None)


# --- register ---------------------------------------------------------------------------


def test_register_value_inserts_and_logs(folder: Path) -> None:
    result = register_value(folder, DAYS, "2030-T1", "1 234,5", "ny", "Ola", NOW)
    assert value_of(folder, DAYS, "2030-T1") == 1234.5
    columns = {row.column for row in result.changes}
    assert columns == {"value", "comment", "registered_by", "registered_at"}
    changes, _, _ = read_table(folder, "changes")
    assert changes.height == len(result.changes)
    assert load_dataset(folder).problems == []


def test_register_value_overwrites_current(folder: Path) -> None:
    register_value(folder, TERTIAL, "2024-T1", "400", None, "Ola", NOW)
    assert value_of(folder, TERTIAL, "2024-T1") == 400.0


def test_register_value_stale_expected_conflicts(folder: Path) -> None:
    before = snapshot(folder)
    with pytest.raises(ConflictError):
        register_value(folder, TERTIAL, "2024-T1", "400", None, "Ola", NOW, expected=None)
    assert snapshot(folder) == before


@pytest.mark.parametrize(
    ("indicator", "period", "text"),
    [
        (TERTIAL, "2030-T1", "mange"),
        (TERTIAL, "2030-T1", "−3"),
        (TERTIAL, "2030", "3"),
        (TERTIAL, "2030-T7", "3"),
        ("finnes-ikke", "2030-T1", "3"),
    ],
)
def test_register_value_rejects(folder: Path, indicator: str, period: str, text: str) -> None:
    before = snapshot(folder)
    with pytest.raises(RegistrationError):
        register_value(folder, indicator, period, text, None, "Ola", NOW)
    assert snapshot(folder) == before


def test_register_value_rejects_percent_over_100(folder: Path) -> None:
    before = snapshot(folder)
    with pytest.raises(RegistrationError, match="mellom 0 og 100"):
        register_value(folder, percent_indicator(folder), "2030-T1", "120 %", None, "Ola", NOW)
    assert snapshot(folder) == before


def test_register_measure(folder: Path) -> None:
    result = register_measure(folder, "pg-t1.1.1", "2030-T1", "delayed", "venter", "Ola", NOW)
    assert {row.new for row in result.changes} >= {"delayed", "venter", "Ola"}
    with pytest.raises(RegistrationError, match="finnes ikke"):
        register_measure(folder, "nei", "2030-T1", "completed", None, "Ola", NOW)


# --- undo -------------------------------------------------------------------------------


def test_undo_restores_update_and_logs(folder: Path) -> None:
    register_value(folder, TERTIAL, "2024-T1", "400", "feil", "Ola", NOW)
    before_undo = read_table(folder, "changes")[0].height
    undone = undo_last_change(folder, "Ola", datetime(2026, 11, 22, 10, 5))
    assert {row.column for row in undone} == {"value", "comment", "registered_by", "registered_at"}
    assert value_of(folder, TERTIAL, "2024-T1") == 311.0
    changes = read_table(folder, "changes")[0]
    assert changes.height == before_undo + len(undone)
    assert load_dataset(folder).problems == []


def test_undo_removes_inserted_row(folder: Path) -> None:
    register_value(folder, TERTIAL, "2030-T1", "5", None, "Ola", NOW)
    undo_last_change(folder, "Ola", datetime(2026, 11, 22, 10, 5))
    assert value_of(folder, TERTIAL, "2030-T1") is None


def test_undo_restores_deleted_row(folder: Path) -> None:
    register_value(folder, TERTIAL, "2024-T1", "", None, "Ola", NOW)
    assert value_of(folder, TERTIAL, "2024-T1") is None
    undo_last_change(folder, "Ola", datetime(2026, 11, 22, 10, 5))
    assert value_of(folder, TERTIAL, "2024-T1") == 311.0


def test_undo_only_own_latest_save(folder: Path) -> None:
    with pytest.raises(RegistrationError, match="ingen endringer"):
        undo_last_change(folder, "Ola", NOW)
    register_value(folder, TERTIAL, "2030-T1", "5", None, "Ola", NOW)
    register_value(folder, TERTIAL, "2030-T2", "6", None, "Ola", datetime(2026, 11, 22, 10, 1))
    register_value(folder, TERTIAL, "2030-T3", "7", None, "Kari", datetime(2026, 11, 22, 10, 2))
    undo_last_change(folder, "Ola", datetime(2026, 11, 22, 10, 5))
    assert value_of(folder, TERTIAL, "2030-T1") == 5.0
    assert value_of(folder, TERTIAL, "2030-T2") is None
    assert value_of(folder, TERTIAL, "2030-T3") == 7.0


# --- import -----------------------------------------------------------------------------


def tertial_ids(folder: Path, unit: str = "antall") -> list[str]:
    indicators, _, _ = read_table(folder, "indicators")
    chosen = indicators.filter((pl.col("frequency") == "tertial") & (pl.col("unit") == unit))
    return [str(v) for v in chosen.get_column("indicator_id").to_list()]


def import_lines(folder: Path, count: int, sep: str = ",") -> list[str]:
    ids = tertial_ids(folder)
    lines = [sep.join(("indicator_id", "period", "value", "comment"))]
    for n in range(count):
        year, rest = divmod(n, 3 * len(ids))
        tertial, index = divmod(rest, len(ids))
        value = f"{n % 500}"  # counts: whole numbers
        lines.append(sep.join((ids[index], f"{1900 + year}-T{tertial + 1}", value, "")))
    return lines


def test_import_rejects_every_bad_row(folder: Path, tmp_path: Path) -> None:
    lines = import_lines(folder, 1000)
    lines[10] = lines[10].replace(lines[10].split(",")[0], "ukjent", 1)  # spreadsheet row 11
    cells = lines[500].split(",")
    lines[500] = ",".join((cells[0], cells[1], "tolv", ""))  # row 501
    lines[900] = lines[2]  # row 901 repeats row 3
    file = tmp_path / "verdier.csv"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = snapshot(folder)
    with pytest.raises(ImportRejected) as caught:
        import_rows(folder, file, "Ola", NOW)
    found = [(p.file, p.row, p.column) for p in caught.value.problems]
    assert found == [
        ("verdier.csv", 11, "indicator_id"),
        ("verdier.csv", 501, "value"),
        ("verdier.csv", 901, "period"),
    ]
    assert snapshot(folder) == before


def test_import_rejects_period_and_impossible_value(folder: Path, tmp_path: Path) -> None:
    file = tmp_path / "v.csv"
    percent = percent_indicator(folder)
    file.write_text(
        f"indicator_id,period,value\n{TERTIAL},2030,3\n{percent},2030-T1,120\n{TERTIAL},x,-1\n"
    )
    with pytest.raises(ImportRejected) as caught:
        import_rows(folder, file, "Ola", NOW)
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [(2, "period"), (3, "value"), (4, "period"), (4, "value")]


def test_import_clean_csv(folder: Path, tmp_path: Path) -> None:
    file = tmp_path / "v.csv"
    file.write_text("\n".join(import_lines(folder, 200)) + "\n")
    result = import_rows(folder, file, "Ola", NOW)
    assert sum(row.column == "value" for row in result.changes) == 200
    assert load_dataset(folder).problems == []


def test_import_semicolon_decimal_comma_bom(folder: Path, tmp_path: Path) -> None:
    file = tmp_path / "excel.csv"
    text = f"indicator_id;period;value;comment\n{DAYS};2030-T1;12,5;«hei»; sa hun\n"
    file.write_text("\ufeff" + text.replace("«hei»; sa hun", '"«hei»; sa hun"'), encoding="utf-8")
    import_rows(folder, file, "Ola", NOW)
    assert value_of(folder, DAYS, "2030-T1") == 12.5


def test_import_xlsx(folder: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator_id", "period", "value", "comment"])
    sheet.append([DAYS, "2030-T1", 12.5, None])
    sheet.append([DAYS, "2030-T2", "13,5", "fra Excel"])
    file = tmp_path / "v.xlsx"
    book.save(file)
    import_rows(folder, file, "Ola", NOW)
    assert value_of(folder, DAYS, "2030-T1") == 12.5
    assert value_of(folder, DAYS, "2030-T2") == 13.5


def test_import_missing_column(folder: Path, tmp_path: Path) -> None:
    file = tmp_path / "v.csv"
    file.write_text("indicator_id,period\nx,2030\n")
    with pytest.raises(ImportRejected, match="avvist"):
        import_rows(folder, file, "Ola", NOW)


def test_import_of_10000_values_saves_them_all(folder: Path, tmp_path: Path) -> None:
    """The speed is measured in benchmarks/bench_import.py; this checks the result."""
    file = tmp_path / "v.csv"
    file.write_text("\n".join(import_lines(folder, 10_000)) + "\n")
    imported = pl.read_csv(file, schema_overrides={"value": pl.Float64}).select(
        "indicator_id", "period", "value"
    )
    import_rows(folder, file, "Ola", NOW)
    saved = load_dataset(folder).dataset.values
    found = imported.join(saved, on=["indicator_id", "period", "value"], how="semi")
    assert found.height == 10_000
