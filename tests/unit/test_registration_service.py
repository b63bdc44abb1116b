"""The registration service's checks that the agreement test does not cover: XLSX percent
cells, min/max/decimals on the indicator, and re-imports that change nothing."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from oppfolging.registration import ImportRejected, check_value, import_rows
from oppfolging.store.load import load_dataset, read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"
SHARE = "pg-i1.1.4"  # %, tertial
COUNT = "pg-i1.1.1"  # antall, tertial
NOW = datetime(2026, 12, 1, 12)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def _xlsx(path: Path, ident: str, number: float, fmt: str) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator_id", "period", "value"])
    sheet.append([ident, "2026-T3", number])
    sheet.cell(row=2, column=3).number_format = fmt
    book.save(path)
    return path


def _value(folder: Path, ident: str, period: str) -> float:
    values, _, _ = read_table(folder, "values")
    match = values.filter(pl.col("indicator_id") == ident, pl.col("period") == period)
    return float(match.item(0, "value"))


@pytest.mark.parametrize("fmt", ["0.0%", "0%", "0.00 %"])
def test_an_excel_percent_cell_is_read_as_the_percentage_it_shows(
    folder: Path, tmp_path: Path, fmt: str
) -> None:
    import_rows(folder, _xlsx(tmp_path / "v.xlsx", SHARE, 0.649, fmt), "Ola", NOW)
    assert _value(folder, SHARE, "2026-T3") == pytest.approx(64.9)


def test_an_excel_percent_cell_for_a_count_is_refused(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_rows(folder, _xlsx(tmp_path / "v.xlsx", COUNT, 3.6, "0%"), "Ola", NOW)
    assert "prosent" in str(caught.value.problems[0])


def test_a_plain_excel_number_with_three_decimals_is_not_ambiguous(
    folder: Path, tmp_path: Path
) -> None:
    import_rows(folder, _xlsx(tmp_path / "v.xlsx", SHARE, 64.125, "General"), "Ola", NOW)
    assert _value(folder, SHARE, "2026-T3") == pytest.approx(64.125)


@pytest.mark.parametrize(
    ("indicator", "value", "refused"),
    [
        ({"unit": "antall", "min": -10.0}, -3.0, False),
        ({"unit": "%", "max": 150.0}, 120.0, False),
        ({"unit": "%", "min": 10.0}, 5.0, True),
        ({"unit": "skår", "min": 1.0, "max": 6.0}, 7.0, True),
        ({"unit": "antall", "decimals": True}, 2.5, False),
        ({"unit": "ANTALL"}, 2.5, True),
        ({"unit": "Døgn"}, -1.0, True),
        ({"unit": "skår"}, -1.0, False),
    ],
)
def test_min_max_and_decimals_on_the_indicator(
    indicator: dict[str, object], value: float, refused: bool
) -> None:
    assert (check_value(indicator, value) is not None) is refused


def test_min_above_max_or_infinite_bounds_are_dataset_problems(folder: Path) -> None:
    path = folder / "indicators.csv"
    frame = pl.read_csv(path, infer_schema_length=0)
    frame = frame.with_columns(min=pl.lit(None, pl.String), max=pl.lit(None, pl.String))
    frame = frame.with_columns(
        min=pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("10")).otherwise(pl.col("min")),
        max=pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit("5"))
        .when(pl.int_range(pl.len()) == 1)
        .then(pl.lit("inf"))
        .otherwise(pl.col("max")),
    )
    frame.write_csv(path)
    problems = [str(p) for p in load_dataset(folder).problems]
    assert any("min (10.0) er større enn max (5.0)" in p for p in problems)
    assert any(p.startswith("indicators.csv:3:max:") for p in problems)  # inf is no bound


def test_reimporting_the_same_values_rewrites_nothing(folder: Path, tmp_path: Path) -> None:
    file = tmp_path / "v.csv"
    values, _, _ = read_table(folder, "values")
    values.select("indicator_id", "period", "value").write_csv(file)
    before = (folder / "values.csv").read_bytes()
    result = import_rows(folder, file, "Ola", NOW)
    assert result.changes == ()
    assert (folder / "values.csv").read_bytes() == before
    assert not (folder / "changes.csv").exists()
