"""Loading: dialects, quoting, extra columns, the typed frames."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from store_helpers import valid_rows, write_dataset, write_table

from oppfolging.domain.schema import TABLES
from oppfolging.store import CsvDialect, load_dataset, read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"


def test_norwegian_excel_dialect_loads_to_the_same_frames(tmp_path: Path) -> None:
    plain = load_dataset(write_dataset(tmp_path / "plain"))
    excel = load_dataset(write_dataset(tmp_path / "excel", norwegian=True))
    assert plain.problems == excel.problems == []
    for name in TABLES:
        assert_frame_equal(plain.dataset[name], excel.dataset[name])


def test_the_dialect_is_recorded(tmp_path: Path) -> None:
    sources = load_dataset(write_dataset(tmp_path, norwegian=True)).dataset.sources
    assert sources["plans"].dialect == CsvDialect(";", True, True, "%d.%m.%Y")
    assert sources["values"].dialect.separator == ";"
    plain = load_dataset(write_dataset(tmp_path / "plain")).dataset.sources
    assert plain["plans"].dialect == CsvDialect()


def test_frames_have_contract_columns_and_dtypes(tmp_path: Path) -> None:
    dataset = load_dataset(write_dataset(tmp_path)).dataset
    for name, table in TABLES.items():
        assert dataset[name].schema == pl.Schema(table.polars_schema)
    assert dataset.values.row(0, named=True) == {
        "indicator_id": "i1",
        "period": "2026-T1",
        "value": 82.5,
        "comment": "Økt bemanning; «bra»",
        "registered_by": "kari",
        "registered_at": datetime(2026, 5, 2, 10, 15),
    }
    measure = dataset.measures.row(0, named=True)
    assert (measure["start"], measure["needs_funding"]) == (date(2026, 1, 1), True)


def test_quoted_fields_keep_commas_quotes_newlines_and_norwegian_letters(tmp_path: Path) -> None:
    text = 'Rådhuset, «2. etg»; "sitat"\nny linje – æøå ÆØÅ'
    rows = valid_rows()
    rows["goals"][0]["text"] = text
    for separator in (",", ";"):
        folder = write_dataset(tmp_path / separator, rows)
        write_table(folder, "goals", rows["goals"], separator=separator)
        assert load_dataset(folder).dataset.goals["text"].to_list() == [text]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234\u202f567", 1234567.0),
        ("−3,25", -3.25),
        ("-0.5", -0.5),
        (" 7 ", 7.0),
        ("", None),
    ],
)
def test_numbers(tmp_path: Path, cell: str, expected: float | None) -> None:
    rows = valid_rows()
    rows["values"][0]["value"] = cell
    rows["values"][0]["indicator_id"] = "i1"
    frame, _, problems = read_table(write_dataset(tmp_path, rows), "values")
    assert frame["value"][0] == expected
    assert [p.message for p in problems] == ([] if cell else ["mangler verdi"])


@pytest.mark.parametrize(
    ("kind_column", "cell", "expected"),
    [
        ("start", "2026-03-01", date(2026, 3, 1)),
        ("start", "01.03.2026", date(2026, 3, 1)),
        ("needs_funding", "Nei", False),
        ("needs_funding", "YES", True),
        ("needs_funding", "1", True),
        ("needs_funding", "false", False),
    ],
)
def test_dates_and_bools(tmp_path: Path, kind_column: str, cell: str, expected: object) -> None:
    rows = valid_rows()
    rows["measures"][0][kind_column] = cell
    frame, _, problems = read_table(write_dataset(tmp_path, rows), "measures")
    assert (frame[kind_column][0], problems) == (expected, [])


@pytest.mark.parametrize(
    "cell", ["2026-05-02T10:15:00", "2026-05-02 10:15", "2026-05-02T10:15", "2026-05-02"]
)
def test_datetimes(tmp_path: Path, cell: str) -> None:
    rows = valid_rows()
    rows["values"][0]["registered_at"] = cell
    frame, _, problems = read_table(write_dataset(tmp_path, rows), "values")
    expected = datetime(
        2026, 5, 2, 0 if cell == "2026-05-02" else 10, 0 if cell == "2026-05-02" else 15
    )
    assert (frame["registered_at"][0], problems) == (expected, [])


def test_extra_columns_are_kept_by_read_table_but_not_in_the_dataset(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    rows = [{**row, "merknad": f"m{i}"} for i, row in enumerate(valid_rows()["values"])]
    header = ["merknad", *TABLES["values"].column_names]
    write_table(tmp_path, "values", rows, header=header)
    frame, source, problems = read_table(tmp_path, "values")
    assert problems == []
    assert source is not None
    assert source.extra_columns == ("merknad",)
    assert frame.columns == [*TABLES["values"].column_names, "merknad"]
    assert frame["merknad"].to_list() == ["m0", "m1"]
    assert load_dataset(tmp_path).dataset.values.columns == TABLES["values"].column_names


def test_missing_optional_columns_are_null(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    write_table(
        tmp_path, "values", valid_rows()["values"], header=["indicator_id", "period", "value"]
    )
    result = load_dataset(tmp_path)
    assert result.problems == []
    assert result.dataset.values["comment"].null_count() == 2


def test_blank_rows_are_skipped_but_keep_their_row_numbers(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    (tmp_path / "goals.csv").write_text(
        "goal_id;focus_area_id;text\r\ng1;fa1;ok\r\n;;\r\ng2;fa9;x\r\n", encoding="utf-8"
    )
    result = load_dataset(tmp_path)
    assert result.dataset.goals["goal_id"].to_list() == ["g1", "g2"]
    assert [(p.row, p.column) for p in result.problems] == [(4, "focus_area_id")]


def test_parquet_dataset(tmp_path: Path) -> None:
    csv_dataset = load_dataset(write_dataset(tmp_path / "csv")).dataset
    folder = tmp_path / "parquet"
    folder.mkdir()
    for name in TABLES:
        csv_dataset[name].write_parquet(folder / f"{name}.parquet")
    parquet = load_dataset(folder)
    assert parquet.problems == []
    for name in TABLES:
        assert_frame_equal(parquet.dataset[name], csv_dataset[name])


def test_parquet_with_text_columns_is_parsed_and_checked(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    (tmp_path / "values.csv").unlink()
    pl.DataFrame(
        {"indicator_id": ["i1", "i1"], "period": ["2026-T1", "2026-T2"], "value": ["1,5", "x"]}
    ).write_parquet(tmp_path / "values.parquet")
    result = load_dataset(tmp_path)
    assert result.dataset.values["value"].to_list() == [1.5, None]
    assert [str(p) for p in result.problems] == ["values.parquet:3:value: «x» er ikke et tall"]


@pytest.mark.skipif(not (SAMPLE / "plans.csv").is_file(), reason="no sample dataset")
def test_the_sample_dataset_loads_without_problems() -> None:
    result = load_dataset(SAMPLE)
    assert [str(p) for p in result.problems] == []
    assert result.dataset.plans.height > 0
