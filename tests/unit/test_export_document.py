"""The report as a document (issue 10): read back each format and check the layout a
municipality's report needs — tables apart, headers repeated, rows whole, widths that hold
every number and date, page numbers, Norwegian language, properties, print setup, charts
that stop at the round, the default reference date, and the assessment slots rendered."""

from __future__ import annotations

import dataclasses
import html
import itertools
import re
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from engine_helpers import one_plan
from export_helpers import AS_OF, ROUND, SAMPLE, sample_dataset

from oppfolging.cli import main
from oppfolging.domain.codes import COLOURS
from oppfolging.domain.periods import parse_period, period_words
from oppfolging.i18n import status_label
from oppfolging.reporting.export import write_report
from oppfolging.reporting.export._common import tint
from oppfolging.reporting.export._docx_xml import CELL_MARGIN, STATUS_TEXT
from oppfolging.reporting.export.html import render as render_html
from oppfolging.reporting.export.markdown import render as render_markdown
from oppfolging.reporting.export.xlsx import HEADER_ROW, LINE_HEIGHT, text_lines
from oppfolging.reporting.report import Assessment, Report, make_report
from oppfolging.settings import DatasetSettings

AUTHOR = "Kari Nordmann"
NUMBER_OR_DATE = re.compile(r"^[−-]?[\d\u00a0 ]+([,.]\d+)*(\u00a0\S+)?$|^\d\d\.\d\d\.\d{4}$")


@pytest.fixture(scope="module")
def report() -> Report:
    dataset, settings = sample_dataset()
    return make_report(dataset, ROUND, AS_OF, settings, author=AUTHOR)


@pytest.fixture(scope="module")
def document(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_report(report, "docx", tmp_path_factory.mktemp("d") / "r.docx")
    return docx.Document(str(path))


@pytest.fixture(scope="module")
def workbook(report: Report, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_report(report, "xlsx", tmp_path_factory.mktemp("x") / "r.xlsx")
    return openpyxl.load_workbook(path)


# --- the reference date ------------------------------------------------------------------


def test_the_default_reference_date_is_the_rounds_end(report: Report) -> None:
    assert report.as_of == date(2026, 4, 30)
    assert report.taken == AS_OF
    assert report.title_lines() == (
        "1. tertial 2026",
        "Status per 30.04.2026",
        "Tallene er hentet 01.06.2026",
    )


def test_a_round_not_yet_ended_is_reported_as_it_stands() -> None:
    dataset, settings = sample_dataset()
    early = make_report(dataset, ROUND, date(2026, 3, 15), settings)
    assert early.as_of == date(2026, 3, 15)


def test_the_cli_reports_per_round_end_and_as_of_overrides(tmp_path: Path) -> None:
    plain, dated = tmp_path / "a.md", tmp_path / "b.md"
    base = ["export", "--data", str(SAMPLE), "--round", "2026-T1", "--format", "md"]
    assert main([*base, "--output", str(plain)]) == 0
    assert main([*base, "--output", str(dated), "--as-of", "2026-06-01"]) == 0
    assert "Status per 30.04.2026" in plain.read_text(encoding="utf-8")
    assert "Status per 01.06.2026" in dated.read_text(encoding="utf-8")


# --- DOCX ------------------------------------------------------------------------------


def _body(document: Any) -> list[Any]:
    return [child for child in document.element.body if child.tag != qn("w:sectPr")]


def test_docx_tables_never_touch(document: Any) -> None:
    body = _body(document)
    tags = [child.tag for child in body]
    assert tags.count(qn("w:tbl")) > 10
    for first, second in itertools.pairwise(tags):
        assert not (first == second == qn("w:tbl"))


def test_docx_header_rows_repeat_and_rows_do_not_split(document: Any) -> None:
    for table in document.tables:
        rows = table._tbl.findall(qn("w:tr"))
        assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        for row in rows:
            assert row.find(qn("w:trPr")).find(qn("w:cantSplit")) is not None
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None
        assert layout.get(qn("w:type")) == "fixed"


def test_docx_headings_and_captions_are_kept_with_their_table(document: Any) -> None:
    body = _body(document)
    for index, child in enumerate(body[1:], start=1):
        if child.tag == qn("w:tbl"):
            before = body[index - 1]
            style = before.find(qn("w:pPr"))
            keep = style is not None and style.find(qn("w:keepNext")) is not None
            assert keep, "the paragraph before a table is kept with it"


def _keeps_with_next(element: Any) -> bool:
    style = element.find(qn("w:pPr"))
    return style is not None and style.find(qn("w:keepNext")) is not None


def test_docx_what_introduces_a_table_is_kept_with_it(report: Report, tmp_path: Path) -> None:
    """Every paragraph from the last heading down to a table (a goal's status and
    assessment, a locked round's lock line) stays on the table's page."""
    filled = assessed(report)
    document = docx.Document(str(write_report(filled, "docx", tmp_path / "a.docx")))
    body = _body(document)
    checked = 0
    for index, child in enumerate(body):
        if child.tag != qn("w:tbl"):
            continue
        before = index - 1
        while before >= 0 and body[before].tag == qn("w:p"):
            assert _keeps_with_next(body[before]), "".join(body[before].itertext())
            checked += 1
            style = body[before].find(qn("w:pPr"))
            heading = style is not None and style.find(qn("w:pStyle")) is not None
            if heading:
                break
            before -= 1
    assert checked > len(document.tables)


def _width_of(text: str, size: float) -> float:
    """Twips the text needs: characters × half an em (Arial's digits are 0,556 em),
    plus the cell margins of Table Grid (108 twips a side)."""
    return len(text) * 0.5 * size * 20 + 216


def test_docx_no_column_is_narrower_than_its_numbers_and_dates(document: Any) -> None:
    checked = 0
    for table in document.tables:
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) <= 15137 + len(grid)
        for row in table._tbl.findall(qn("w:tr"))[1:]:
            for width, cell in zip(grid, row.findall(qn("w:tc")), strict=True):
                text = "".join(node.text or "" for node in cell.iter(qn("w:t")))
                if not NUMBER_OR_DATE.match(text):
                    continue
                size = int(cell.find(f".//{qn('w:sz')}").get(qn("w:val"))) / 2
                assert width >= _width_of(text, size), (text, width, size)
                checked += 1
    assert checked > 100


def test_docx_header_words_fit_their_column(document: Any) -> None:
    for table in document.tables:
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        header = table._tbl.findall(qn("w:tr"))[0]
        for width, cell in zip(grid, header.findall(qn("w:tc")), strict=True):
            text = "".join(node.text or "" for node in cell.iter(qn("w:t")))
            size = int(cell.find(f".//{qn('w:sz')}").get(qn("w:val"))) / 2
            longest = max(text.split(), key=len)
            assert width >= _width_of(longest, size), (longest, width)


def test_docx_footer_numbers_the_pages(document: Any) -> None:
    footer = document.sections[0].footer._element
    instructions = [f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "Side" in "".join(node.text or "" for node in footer.iter(qn("w:t")))


def test_docx_language_is_norwegian_bokmal(document: Any) -> None:
    styles = document.styles.element
    languages = [lang.get(qn("w:val")) for lang in styles.iter(qn("w:lang"))]
    assert languages
    assert set(languages) == {"nb-NO"}
    default = styles.find(qn("w:docDefaults")).find(f".//{qn('w:lang')}")
    assert default.get(qn("w:val")) == "nb-NO"


def test_docx_properties_name_the_report_not_the_library(document: Any) -> None:
    properties = document.core_properties
    assert properties.title == "Oppfølging av helse- og omsorgsplaner"
    assert "1. tertial 2026" in properties.subject
    assert properties.author == AUTHOR
    assert properties.last_modified_by == AUTHOR
    assert "python-docx" not in properties.comments
    assert properties.created.date() == AS_OF
    assert properties.language == "nb-NO"


def test_docx_title_block(document: Any) -> None:
    texts = [p.text for p in document.paragraphs[:5]]
    assert texts[:4] == [
        "Oppfølging av helse- og omsorgsplaner",
        "1. tertial 2026",
        "Status per 30.04.2026",
        "Tallene er hentet 01.06.2026",
    ]


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("status", sorted(COLOURS))
def test_status_text_has_contrast_on_its_fill(status: str) -> None:
    assert _contrast(f"#{STATUS_TEXT}", tint(COLOURS[status])) >= 4.5


def test_docx_status_cells_show_symbol_and_dark_text(document: Any) -> None:
    statuses = 0
    for table in document.tables:
        for cell in table._tbl.iter(qn("w:tc")):
            shading = cell.find(f".//{qn('w:shd')}")
            if shading is None or shading.get(qn("w:fill")) == "F6F8FA":
                continue
            text = "".join(node.text or "" for node in cell.iter(qn("w:t")))
            assert text in {status_label(code) for code in COLOURS} | {"ja"}  # ja: overdue
            colour = cell.find(f".//{qn('w:color')}").get(qn("w:val"))
            assert _contrast(f"#{colour}", f"#{shading.get(qn('w:fill'))}") >= 4.5
            statuses += 1
    assert statuses > 50


# --- XLSX -------------------------------------------------------------------------------


def test_xlsx_print_setup(workbook: Any) -> None:
    for name in ("Indikatorer", "Tiltak", "Sammendrag", "Rullering", "Finansiering"):
        sheet = workbook[name]
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth or 1) == 1  # 1 is the default, not written
        assert sheet.page_setup.fitToHeight == 0
        assert sheet.print_title_rows == f"${HEADER_ROW + 1}:${HEADER_ROW + 1}"
        assert "1. tertial 2026" in sheet.oddHeader.right.text
        assert "&P" in sheet.oddFooter.right.text


def test_xlsx_round_and_dates_above_the_table(workbook: Any) -> None:
    sheet = workbook["Indikatorer"]
    assert sheet["A1"].value == "Oppfølging av helse- og omsorgsplaner – Indikatorer"
    assert [sheet[f"A{row}"].value for row in (2, 3, 4)] == [
        "1. tertial 2026",
        "Status per 30.04.2026",
        "Tallene er hentet 01.06.2026",
    ]
    assert sheet.cell(HEADER_ROW + 1, 1).value == "Plan"


def test_xlsx_freeze_panes_keep_the_name_in_view(workbook: Any) -> None:
    assert workbook["Indikatorer"]["D6"].value == "Indikator"
    assert workbook["Indikatorer"].freeze_panes == "E7"
    assert workbook["Tiltak"]["D6"].value == "Tiltak"
    assert workbook["Tiltak"].freeze_panes == "E7"


def test_xlsx_numbers_keep_their_registered_decimals(tmp_path: Path) -> None:
    dataset = one_plan(
        indicators=[{"indicator_id": "I1", "name": "Andel", "unit": "%", "target": 80.0}],
        values=[
            {"indicator_id": "I1", "period": "2026-T1", "value": 62.0},
            {"indicator_id": "I1", "period": "2025-T3", "value": 61.25},
        ],
    )
    report = make_report(dataset, ROUND, AS_OF, DatasetSettings())
    book = openpyxl.load_workbook(write_report(report, "xlsx", tmp_path / "d.xlsx"))
    sheet = book["Indikatorer"]
    header = [cell.value for cell in sheet[HEADER_ROW + 1]]
    row = dict(zip(header, sheet[HEADER_ROW + 2], strict=True))
    assert row["Verdi"].value == 62.0
    assert row["Verdi"].number_format == '#,##0.00" %"'
    assert row["Målverdi"].number_format == '#,##0.00" %"'


def test_xlsx_chart_series_stop_at_the_round(workbook: Any) -> None:
    dataset, _settings = sample_dataset()
    after = {
        period_words(code)
        for code in dataset.values["period"].unique().to_list()
        if parse_period(code).end_date > ROUND.end_date
    }
    assert after, "the sample has values after the round (else this test proves nothing)"
    data = workbook["Diagramdata"]
    labels = [
        cell.value for row in data.iter_rows(min_col=2) for cell in row[:] if cell.row % 3 == 1
    ]
    labels = [label for label in labels if label is not None]
    assert labels
    assert not after & set(labels)
    assert "1. tertial 2026" in labels


# --- HTML -------------------------------------------------------------------------------


def test_html_has_an_a4_page_rule_and_tables_that_fit(report: Report) -> None:
    page = render_html(report)
    assert re.search(r"@page\s*\{\s*size:\s*A4 landscape;\s*margin:", page)
    assert "overflow-wrap" in page
    assert "Status per 30.04.2026" in page


# --- the assessment slots ---------------------------------------------------------------


def assessed(report: Report) -> Report:
    """`report` with a plan summary, a focus-area assessment and two goals assessed,
    built by hand as the assessments feature will fill them in."""
    plans = []
    for p_index, plan in enumerate(report.plans):
        areas = []
        for a_index, area in enumerate(plan.focus_areas):
            goals = [
                dataclasses.replace(
                    goal,
                    assessment=Assessment(
                        f"Vurdering av mål {g_index}.\nAndre avsnitt.",
                        "on_track" if g_index == 0 else "off_track",
                        "Ny informasjon" if g_index == 1 else None,
                    ),
                )
                if p_index == 0 and a_index == 0 and g_index < 2
                else goal
                for g_index, goal in enumerate(area.goals)
            ]
            first = p_index == 0 and a_index == 0
            area_assessment = Assessment("Innsatsområdet går som planlagt.") if first else None
            areas.append(dataclasses.replace(area, goals=goals, assessment=area_assessment))
        summary = Assessment("Planen følges godt opp.") if p_index == 0 else None
        plans.append(dataclasses.replace(plan, focus_areas=areas, assessment=summary))
    return dataclasses.replace(report, plans=plans)


def test_the_assessment_slots_are_empty_today(report: Report) -> None:
    assert not report.assessed
    assert all(goal.assessment is None for _p, _a, goal in report.goals())


def test_docx_renders_goal_status_and_assessment_under_the_goal(
    report: Report, tmp_path: Path
) -> None:
    filled = assessed(report)
    document = docx.Document(str(write_report(filled, "docx", tmp_path / "a.docx")))
    texts = [p.text for p in document.paragraphs]
    goal = filled.plans[0].focus_areas[0].goals[0]
    at = texts.index(f"Mål: {goal.text}")
    assert texts[at + 1] == f"Status for målet: {status_label('on_track')}"
    assert texts[at + 2] == "Vurdering: Vurdering av mål 0.\nAndre avsnitt."
    assert texts[at + 3] == "Indikatorer"
    assert "Samlet vurdering: Planen følges godt opp." in texts
    assert "Vurdering av innsatsområdet: Innsatsområdet går som planlagt." in texts
    assert "Begrunnelse for avvik fra foreslått status: Ny informasjon" in texts
    assert "Status og vurdering per mål" in texts
    summary_at = texts.index("Status og vurdering per mål")
    assert summary_at < at
    goal_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Mål"]
    first = goal_tables[0]
    assert first.rows[1].cells[1].text == status_label("on_track")
    assert first.rows[1].cells[2].text.startswith("Vurdering av mål 0.")


def test_markdown_and_html_render_the_assessments(report: Report) -> None:
    filled = assessed(report)
    text = render_markdown(filled)
    assert f"**Status for målet:** {status_label('on_track')}" in text
    assert "**Vurdering:** Vurdering av mål 0. Andre avsnitt." in text
    assert "### Status og vurdering per mål" in text
    page = render_html(filled)
    assert "<strong>Samlet vurdering:</strong> Planen følges godt opp." in page
    assert "<strong>Status for målet:</strong> " + status_label("off_track") in page


def test_csv_and_xlsx_get_an_assessment_table_when_filled(report: Report, tmp_path: Path) -> None:
    filled = assessed(report)
    folder = write_report(filled, "csv", tmp_path / "csv")
    lines = (folder / "vurderinger.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Nivå;Plan;Innsatsområde;Mål;Status;Vurdering;Begrunnelse")
    assert lines[1].startswith("plan;")
    assert any(line.startswith("mål;") and ";på sporet;" in line for line in lines)
    plain = write_report(report, "csv", tmp_path / "plain")
    assert not (plain / "vurderinger.csv").exists()
    book = openpyxl.load_workbook(write_report(filled, "xlsx", tmp_path / "a.xlsx"))
    assert "Vurderinger" in book.sheetnames
    assert (
        "Vurderinger"
        not in openpyxl.load_workbook(write_report(report, "xlsx", tmp_path / "p.xlsx")).sheetnames
    )


# --- fixes after rendering with LibreOffice and Chromium ------------------------------


def _paragraph_text(element: Any) -> str:
    return "".join(node.text or "" for node in element.iter(qn("w:t")))


def _style_of(element: Any) -> str | None:
    style = element.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return None if style is None else str(style.get(qn("w:val")))


def _table_rows(element: Any) -> list[list[str]]:
    return [
        [_paragraph_text(cell) for cell in row.findall(qn("w:tc"))]
        for row in element.findall(qn("w:tr"))
    ]


def test_docx_summary_is_one_table_per_plan_under_its_name(report: Report, document: Any) -> None:
    assert len(report.plans) > 1, "the sample has several plans (else this proves nothing)"
    body = _body(document)
    start = next(
        i for i, e in enumerate(body) if _paragraph_text(e) == "Sammendrag per innsatsområde"
    )
    end = next(
        i
        for i, e in enumerate(body)
        if _paragraph_text(e) == report.plans[0].name and i > start + 1
    )
    summaries = [
        (body[index - 1], child)
        for index, child in enumerate(body[start:end], start=start)
        if child.tag == qn("w:tbl")
    ]
    assert [_paragraph_text(heading) for heading, _table in summaries] == [
        plan.name for plan in report.plans
    ]
    for heading, table in summaries:
        assert _style_of(heading) == "Heading2"
        rows = _table_rows(table)
        assert rows[0][0] == "Innsatsområde"  # no plan column
        assert "Plan" not in rows[0]
        assert rows[-1][0] == "Totalt"
    whole = report.table("sammendrag")
    assert sum(len(_table_rows(t)) - 1 for _h, t in summaries) == len(whole.rows)


def test_docx_goal_status_tables_sit_under_their_plan_and_line_up(
    report: Report, tmp_path: Path
) -> None:
    filled = assessed(report)
    document = docx.Document(str(write_report(filled, "docx", tmp_path / "a.docx")))
    body = _body(document)
    first_plan = filled.plans[0]
    at = next(i for i, e in enumerate(body) if _paragraph_text(e) == first_plan.name)
    after = [_paragraph_text(e) for e in body[at : at + 5]]
    assert after[2] == "Status og vurdering per mål"
    assert after[3] == first_plan.focus_areas[0].heading
    grids = set()
    for element in body[at:]:
        if _paragraph_text(element) == filled.plans[1].name:
            break
        if element.tag == qn("w:tbl") and _table_rows(element)[0][0] == "Mål":
            grids.add(tuple(c.get(qn("w:w")) for c in element.iter(qn("w:gridCol"))))
    assert len(grids) == 1, "one plan's goal tables have the same column widths"


def test_plan_and_focus_area_status_say_what_they_are(report: Report, tmp_path: Path) -> None:
    filled = assessed(report)
    plan = dataclasses.replace(filled.plans[0], assessment=Assessment("Samlet.", "on_track"))
    area = dataclasses.replace(
        plan.focus_areas[0], assessment=Assessment("Området.", "some_deviation")
    )
    plan = dataclasses.replace(plan, focus_areas=[area, *plan.focus_areas[1:]])
    filled = dataclasses.replace(filled, plans=[plan, *filled.plans[1:]])
    document = docx.Document(str(write_report(filled, "docx", tmp_path / "s.docx")))
    texts = [p.text for p in document.paragraphs]
    assert f"Status for planen: {status_label('on_track')}" in texts
    assert f"Status for innsatsområdet: {status_label('some_deviation')}" in texts
    page = render_html(filled)
    assert f"<strong>Status for planen:</strong> {status_label('on_track')}" in page
    text = render_markdown(filled)
    assert f"**Status for planen:** {status_label('on_track')}" in text
    assert f"**Status for innsatsområdet:** {status_label('some_deviation')}" in text


def test_docx_every_style_is_in_arial(report: Report, tmp_path: Path) -> None:
    path = write_report(report, "docx", tmp_path / "f.docx")
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("word/styles.xml").decode()
    assert "Theme=" not in styles.replace("w:themeColor", "")  # no theme font
    document = docx.Document(str(path))
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        assert document.styles[name].font.name == "Arial", name
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f".//{qn('w:rFonts')}")
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == "Arial"


def test_docx_tables_have_narrow_cell_margins(document: Any) -> None:
    for table in document.tables:
        margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
        assert margins is not None
        assert int(margins.find(qn("w:left")).get(qn("w:w"))) == CELL_MARGIN


def test_xlsx_cells_are_in_arial(workbook: Any) -> None:
    sheet = workbook["Indikatorer"]
    for ref in ("A1", "A2", "A6", "A7", "E7"):
        assert sheet[ref].font.name == "Arial", ref


def test_xlsx_page_header_sizes_do_not_swallow_digits(workbook: Any) -> None:
    """`&8` before `1. tertial 2026` must not be read as size 81."""
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "hidden":
            continue
        parts = [
            sheet.oddHeader.left,
            sheet.oddHeader.right,
            sheet.oddFooter.left,
            sheet.oddFooter.right,
        ]
        for part in parts:
            assert part.size == 8, (sheet.title, part.text)
            assert part.font == "Arial,Regular"
        assert sheet.oddHeader.right.text.startswith("1. tertial 2026")
        assert sheet.oddFooter.left.text.startswith("Tallene er hentet")


def _column_width(sheet: Any, column: int) -> int:
    """The width set for a column (openpyxl joins columns of one width into a range; the
    file stores each width plus 0,71 of padding)."""
    for dimension in sheet.column_dimensions.values():
        if dimension.min <= column <= dimension.max:
            return round(float(dimension.width) - 0.71)
    raise KeyError(column)


def test_xlsx_row_heights_hold_their_wrapped_text(workbook: Any) -> None:
    sheet = workbook["Indikatorer"]
    checked = 0
    for row in sheet.iter_rows(min_row=HEADER_ROW + 2):
        needed = max(
            (
                text_lines(str(cell.value), _column_width(sheet, cell.column))
                for cell in row
                if cell.alignment.wrap_text and cell.value
            ),
            default=1,
        )
        height = sheet.row_dimensions[row[0].row].height or LINE_HEIGHT
        assert height >= LINE_HEIGHT * needed, row[0].row
        checked += needed > 1
    assert checked > 10


def test_xlsx_lines_wrap_whole_words() -> None:
    assert text_lines("kort", 10) == 1
    assert text_lines("ord " * 9, 10) == 3  # 12 letters a line: three words a line
    assert text_lines("ord " * 10, 10) == 4
    assert text_lines("første\nandre", 40) == 2
    assert text_lines("x" * 30, 10) == 3  # a word longer than the line breaks inside
    assert text_lines("Kostnadsoverslag (kr)", 18) == 1
    assert text_lines("Kostnadsoverslag (kr)", 18, bold=True) == 2


def test_xlsx_a_wrapping_header_row_is_tall_enough(report: Report, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_report(assessed(report), "xlsx", tmp_path / "h.xlsx"))
    sheet = book["Vurderinger"]
    assert sheet.cell(HEADER_ROW + 1, 7).value == "Begrunnelse for avvik fra foreslått status"
    assert (sheet.row_dimensions[HEADER_ROW + 1].height or 0) >= 2 * LINE_HEIGHT
    funding = book["Finansiering"]
    header = [cell.value for cell in funding[HEADER_ROW + 1]]
    assert "Kostnadsoverslag (kr)" in header  # one line in regular type, two in bold
    assert (funding.row_dimensions[HEADER_ROW + 1].height or 0) >= 2 * LINE_HEIGHT


def test_xlsx_charts_print_landscape_and_never_overlap(report: Report, tmp_path: Path) -> None:
    path = write_report(report, "xlsx", tmp_path / "c.xlsx")
    sheet = openpyxl.load_workbook(path)["Diagrammer"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.row_breaks.count >= 1
    assert "&P" in sheet.oddFooter.right.text
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.startswith("xl/drawings/drawing")]
        drawing = archive.read(sorted(names)[0]).decode()
    anchors = re.findall(
        r"<xdr:from><xdr:col>(\d+)</xdr:col>.*?<xdr:row>(\d+)</xdr:row>.*?"
        r"<xdr:to><xdr:col>\d+</xdr:col>.*?<xdr:row>(\d+)</xdr:row>",
        drawing,
    )
    assert len(anchors) > 4
    by_column: dict[str, list[tuple[int, int]]] = {}
    for col, top, bottom in anchors:
        by_column.setdefault(col, []).append((int(top), int(bottom)))
    for spans in by_column.values():
        for (_top, bottom), (next_top, _bottom) in itertools.pairwise(sorted(spans)):
            assert bottom < next_top


def test_html_summary_is_one_table_per_plan_under_its_name(report: Report) -> None:
    page = render_html(report)
    start = page.index("Sammendrag per innsatsområde")
    found = re.findall(
        r'<h3>([^<]+)</h3>\n<table class="summary">\n<thead><tr>(.*?)</tr>', page[start:]
    )
    assert [html.unescape(name) for name, _head in found] == [plan.name for plan in report.plans]
    for _name, head in found:
        assert head.startswith('<th scope="col">Innsatsområde</th>')


def test_html_goal_tables_line_up(report: Report) -> None:
    page = render_html(assessed(report))
    tables = re.findall(r'<table class="goals">\n<colgroup>(.*?)</colgroup>', page)
    assert tables
    assert set(tables) == {'<col class="goal"><col class="goal_status"><col class="assessment">'}
    assert "table.goals { table-layout: fixed; }" in page


def test_html_cells_break_only_between_words(report: Report) -> None:
    page = render_html(report)
    assert "anywhere" not in page  # would let a column shrink until `antall` breaks
    assert "overflow-wrap: break-word" in page
    assert '<td class="short">1. tertial 2026</td>' in page
    assert re.search(r"td\.num, td\.date, td\.short \{ white-space: nowrap; \}", page)
