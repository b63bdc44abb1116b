"""XLSX read back with openpyxl: same numbers and words as the round, coloured statuses."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from export_helpers import FORMULA, sample_report, sample_round, tricky_report

from oppfolging.domain.codes import COLOURS
from oppfolging.domain.periods import period_words
from oppfolging.i18n import status_label
from oppfolging.reporting.export import write_report
from oppfolging.reporting.export._common import tint
from oppfolging.reporting.export.xlsx import HEADER_ROW, number_format

SHEETS = ["Indikatorer", "Tiltak", "Sammendrag", "Rullering", "Finansiering"]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_report(sample_report(), "xlsx", tmp_path_factory.mktemp("x") / "r.xlsx")
    return openpyxl.load_workbook(path)


def _records(sheet: Any) -> list[dict[str, Any]]:
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1))
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_one_sheet_per_table_and_a_chart_sheet(workbook: Any, tmp_path: Path) -> None:
    assert workbook.sheetnames[:5] == SHEETS
    assert "Diagrammer" in workbook.sheetnames
    assert workbook["Diagramdata"].sheet_state == "hidden"
    path = write_report(sample_report(), "xlsx", tmp_path / "r.xlsx")
    with zipfile.ZipFile(path) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
    assert len(charts) == len(sample_report().charts) > 0


def test_every_indicator_has_the_rounds_value_and_status_word(workbook: Any) -> None:
    records = _records(workbook["Indikatorer"])
    engine = sample_round().indicators
    assert len(records) == engine.height
    written = {(r["Indikator"].value, r["Periode"].value, r["Verdi"].value) for r in records}
    expected = {
        (name, period_words(period), value)
        for name, period, value in engine.select("indicator", "period", "value").iter_rows()
    }
    assert written == expected
    for record, row in zip(records, sample_report().table("indikatorer").ids, strict=True):
        status = engine.filter(engine["indicator_id"] == row)["status"].item()
        assert record["Status"].value == status_label(status)


def test_status_cells_are_filled_with_the_status_colour(workbook: Any) -> None:
    for record in _records(workbook["Indikatorer"]):
        cell = record["Status"]
        code = next(code for code in COLOURS if status_label(code) == cell.value)
        assert cell.fill.fgColor.rgb == "FF" + tint(COLOURS[code])[1:].upper()
        assert cell.border.left.color.rgb == "FF" + COLOURS[code][1:].upper()


def test_measures_carry_status_word_and_fill(workbook: Any) -> None:
    records = _records(workbook["Tiltak"])
    assert len(records) == sample_round().measures.height
    overdue = [r["Forfalt"] for r in records if r["Forfalt"].value == "ja"]
    assert overdue
    fill = "FF" + tint(COLOURS["overdue"])[1:].upper()
    assert all(cell.fill.fgColor.rgb == fill for cell in overdue)


def test_header_is_frozen_filtered_and_numbers_are_formatted(workbook: Any) -> None:
    sheet = workbook["Indikatorer"]
    assert sheet.freeze_panes == "E7"  # below the header, right of the indicator's name
    assert sheet.auto_filter.ref.startswith("A6:")
    assert sheet["A6"].font.b
    records = _records(sheet)
    percent = next(r for r in records if r["Enhet"].value == "%" and r["Verdi"].value)
    assert percent["Verdi"].number_format.endswith('" %"')
    assert percent["Fremdrift"].number_format == "0.0 %"
    assert _width(sheet, 4) > 20  # Indikator
    assert _width(sheet, 5) < 12  # Enhet


def _width(sheet: Any, column: int) -> float:
    """The width of a column (xlsxwriter merges equal neighbours into one range)."""
    ranges = sheet.column_dimensions.values()
    return float(next(dim.width for dim in ranges if dim.min <= column <= dim.max))


@pytest.mark.parametrize(
    ("unit", "decimals", "expected"),
    [("%", 1, '#,##0.0" %"'), ("antall", 0, "#,##0"), ('da"ger', 2, '#,##0.00" dager"')],
)
def test_number_format_has_thousands_decimals_and_unit(
    unit: str, decimals: int, expected: str
) -> None:
    assert number_format(unit, decimals) == expected


def test_formula_like_text_is_stored_as_text(tmp_path: Path) -> None:
    path = write_report(tricky_report(), "xlsx", tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    comments = [r["Kommentar"] for r in _records(book["Indikatorer"])]
    formula = next(cell for cell in comments if cell.value == FORMULA)
    assert formula.data_type == "s"
    measure = _records(book["Tiltak"])[0]["Tiltak"]
    assert (measure.value, measure.data_type) == ("@sum(A1)", "s")
    for sheet in book.worksheets:
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
