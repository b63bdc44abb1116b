"""One formula rule for every CSV: the export and `status`/`revisions`/`missing --format csv`."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from store_helpers import valid_rows, write_dataset

from oppfolging.cli import main
from oppfolging.reporting.export.csv import safe_text
from oppfolging.reporting.export.formula import (
    FORMULA_STARTS,
    formula_safe,
    formula_safe_frame,
)

LINK = '=HYPERLINK("http://x","klikk")'
SUM = "@SUM(A1)"


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_gets_a_quote(start: str) -> None:
    assert formula_safe(start + "1") == "'" + start + "1"


@pytest.mark.parametrize("text", ["", "tekst", "12,5", "a=b", " =1", "'=1"])
def test_other_text_is_left_alone(text: str) -> None:
    assert formula_safe(text) == text


def test_the_csv_export_uses_the_shared_rule() -> None:
    assert safe_text(LINK) == formula_safe(LINK) == "'" + LINK


@given(st.lists(st.one_of(st.none(), st.text()), min_size=1, max_size=8))
def test_the_frame_rule_is_the_cell_rule(texts: list[str | None]) -> None:
    frame = pl.DataFrame({"tekst": texts}, schema={"tekst": pl.String})
    expected = [None if text is None else formula_safe(text) for text in texts]
    assert formula_safe_frame(frame)["tekst"].to_list() == expected


def test_the_frame_rule_leaves_numbers_dates_and_booleans() -> None:
    frame = pl.DataFrame(
        {"n": [-1.5], "i": [-2], "b": [True], "c": ["=1"], "k": ["-1"]},
        schema_overrides={"c": pl.Categorical},
    )
    safe = formula_safe_frame(frame)
    assert safe.row(0) == (-1.5, -2, True, "'=1", "'-1")
    assert safe.schema["n"] == pl.Float64


@pytest.fixture
def hostile_data(tmp_path: Path) -> Path:
    """The small valid dataset with formulas in a plan, an indicator, a comment, a measure;
    the value registered for the round is negative."""
    tables = valid_rows()
    tables["plans"][0]["name"] = LINK
    tables["plans"][1]["name"] = SUM
    tables["indicators"][0]["name"] = LINK
    tables["values"][0]["comment"] = SUM
    tables["values"][0]["value"] = "-82.5"
    tables["measures"][0]["name"] = "-2+3"
    tables["measure_updates"][0]["comment"] = "+47 =1"
    return write_dataset(tmp_path / "data", tables)


def _run_csv(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> list[dict[str, str]]:
    common = ["--as-of", "2026-06-01", "--format", "csv"]
    assert main(["--data", str(data), *args, *common]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_status_csv_quotes_formulas_and_keeps_negative_numbers(
    hostile_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _run_csv(capsys, hostile_data, "status", "--round", "2026-T1")
    row = next(row for row in rows if row["indicator_id"] == "i1")
    assert row["indicator"] == "'" + LINK
    assert row["comment"] == "'" + SUM
    assert row["value"] == "-82.5"


def test_status_measures_csv_quotes_formulas(
    hostile_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _run_csv(capsys, hostile_data, "status", "--round", "2026-T1", "--measures")
    text = "\n".join(",".join(row.values()) for row in rows)
    assert "'-2+3" in text
    assert "'+47 =1" in text


def test_revisions_csv_quotes_formulas(
    hostile_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _run_csv(capsys, hostile_data, "revisions")
    names = {row["plan_id"]: row["name"] for row in rows}
    assert names == {"p1": "'" + LINK, "p0": "'" + SUM}


@pytest.mark.parametrize("args", [("status", "--round", "2026-T1"), ("revisions",)])
def test_no_csv_cell_starts_like_a_formula(
    hostile_data: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    rows = _run_csv(capsys, hostile_data, *args)
    numeric = {"value", "previous_value", "baseline", "target", "expected", "progress"}
    cells = [cell for row in rows for key, cell in row.items() if key not in numeric]
    assert cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
