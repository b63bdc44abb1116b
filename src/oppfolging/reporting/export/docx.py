"""DOCX: a heading per plan, focus area and goal, a table per goal, shaded status cells.

The document uses only built-in styles (`Title`, `Heading 1–3`, `Table Grid`), so its tables
can be pasted into a municipality's own report template and take on its look. Tables and
headings are made as XML (see `_docx_xml`) and put before the section properties.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt

from oppfolging.fmt import format_date
from oppfolging.i18n import t
from oppfolging.reporting.export import Progress
from oppfolging.reporting.export._common import ProgressCounter
from oppfolging.reporting.export._docx_xml import paragraph, table
from oppfolging.reporting.report import Report, Table


class _Body:
    """Appends paragraphs and tables to a document's body, before its `w:sectPr`."""

    def __init__(self, document: Any) -> None:
        self._anchor = document.element.body.sectPr
        styles = document.styles
        self._styles = {
            level: styles["Title" if level == 0 else f"Heading {level}"].style_id
            for level in range(4)
        }
        self._table_style = styles["Table Grid"].style_id

    def heading(self, text: str, level: int) -> None:
        self._anchor.addprevious(paragraph(text, self._styles[level]))

    def paragraph(self, text: str, *, italic: bool = False) -> None:
        self._anchor.addprevious(paragraph(text, italic=italic))

    def table(self, content: Table, empty: str, counter: ProgressCounter) -> None:
        """The table, or `empty` in italics when it has no rows."""
        if not content.rows:
            self.paragraph(empty, italic=True)
            return
        self._anchor.addprevious(table(content.columns, content.rows, self._table_style))
        for _row in content.rows:
            counter.step()


def write(report: Report, path: Path, progress: Progress) -> None:
    """Write the report as a Word document."""
    document = Document()
    _page_setup(document)
    document.core_properties.title = report.title
    document.core_properties.subject = report.round_label
    body = _Body(document)
    body.heading(report.title, 0)
    body.paragraph(
        f"{t('report.round')}: {report.round_label} · "
        f"{t('report.as_of')}: {format_date(report.as_of)}"
    )
    counter = ProgressCounter(progress, sum(len(table.rows) for table in report.tables), 0.9)
    for plan in report.plans:
        body.heading(plan.name, 1)
        for area in plan.focus_areas:
            body.heading(area.heading, 2)
            for goal in area.goals:
                body.heading(f"{t('report.goal')}: {goal.text}", 3)
                body.table(goal.indicators, t("report.no_indicators"), counter)
                body.table(goal.measures, t("report.no_measures"), counter)
    headings = ("report.heading.summary", "report.heading.revisions", "report.heading.funding")
    for key, content in zip(headings, report.tables[2:], strict=True):
        body.heading(t(key), 1)
        body.table(content, t("report.no_rows"), counter)
    document.save(str(path))


def _page_setup(document: Any) -> None:
    """Landscape A4 with 1,5 cm margins (the tables are wide); 9 pt body text."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(9)
