"""DOCX read back with python-docx: headings, a table per goal, shaded status cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from export_helpers import TRICKY_NAME, sample_report, sample_round, tricky_report

from oppfolging.domain.codes import COLOURS
from oppfolging.fmt import format_value
from oppfolging.i18n import status_label
from oppfolging.reporting.export import write_report
from oppfolging.reporting.export._common import tint
from oppfolging.reporting.export._docx_xml import run_xml


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_report(sample_report(), "docx", tmp_path_factory.mktemp("d") / "r.docx")
    return docx.Document(str(path))


def _indicator_rows(document: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if header[0] != "Indikator":
            continue
        rows += [dict(zip(header, row.cells, strict=True)) for row in table.rows[1:]]
    return rows


def _fill(cell: Any) -> str | None:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shading is None else str(shading.get(qn("w:fill")))


def test_headings_per_plan_focus_area_and_goal(document: Any) -> None:
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    report = sample_report()
    plan, area, goal = next(report.goals())
    assert plan.name in headings
    assert area.heading in headings
    assert f"Mål: {goal.text}" in headings
    assert "Sammendrag per innsatsområde" in headings


def test_every_indicator_has_the_rounds_value_and_status_word(document: Any) -> None:
    rows = _indicator_rows(document)
    engine = sample_round().indicators
    assert len(rows) == engine.height
    written = sorted((r["Indikator"].text, r["Verdi"].text, r["Status"].text) for r in rows)
    expected = sorted(
        (row["indicator"], format_value(row["value"], row["unit"]), status_label(row["status"]))
        for row in engine.iter_rows(named=True)
    )
    assert written == expected


def test_status_cells_are_shaded_with_the_status_colour(document: Any) -> None:
    for row in _indicator_rows(document):
        code = next(code for code in COLOURS if status_label(code) == row["Status"].text)
        assert _fill(row["Status"]) == tint(COLOURS[code])[1:].upper()
    assert all(_fill(row["Kommentar"]) is None for row in _indicator_rows(document))


def test_a_table_per_goal(document: Any) -> None:
    report = sample_report()
    goals_with_indicators = sum(1 for _p, _a, goal in report.goals() if goal.indicators.rows)
    indicator_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Indikator"]
    assert len(indicator_tables) == goals_with_indicators


def test_markup_newlines_and_control_characters_survive(tmp_path: Path) -> None:
    path = write_report(tricky_report(), "docx", tmp_path / "t.docx")
    texts = [cell.text for table in docx.Document(str(path)).tables for cell in table._cells]
    assert TRICKY_NAME in texts
    assert "linje 1\nlinje 2 | rør" in texts
    assert "\tfane" in texts


def test_run_xml_drops_characters_xml_cannot_hold() -> None:
    assert "\x01" not in run_xml("a\x01b")
    assert "<w:tab/>" in run_xml("a\tb")
