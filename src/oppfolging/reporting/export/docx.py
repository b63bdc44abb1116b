"""DOCX: a title block, the summary, a heading per plan, focus area and goal with the
goal's status and assessment, its indicator and measure tables, then the closing lists.

The document uses only built-in styles (`Title`, `Heading 1–4`, `Table Grid`), so its
tables can be pasted into a municipality's own report template and take on its look.
Tables and paragraphs are made as XML (see `_docx_xml`) and put before the section
properties. A caption paragraph stands before every table, so two tables never touch;
headings and captions are kept with what follows. The footer numbers the pages, the
styles' language is the report's (nb-NO, nn-NO or en-GB: Word's spelling checker follows
it), and the document properties name the
report, its round and its author (never python-docx's defaults). Landscape A4.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime, time
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

from oppfolging.i18n import t
from oppfolging.reporting.export import Progress
from oppfolging.reporting.export._common import (
    ProgressCounter,
    assessment_lines,
    corrections_tables,
    document_headings,
    document_tables,
    goal_status_table,
    lock_line,
    plan_summaries,
)
from oppfolging.reporting.export._docx_xml import paragraph, run_xml, table
from oppfolging.reporting.report import Assessment, GoalSection, Report, Row, Table

LANGUAGE_TAGS = {"nb": "nb-NO", "nn": "nn-NO", "en": "en-GB"}
"""The language tag Word knows for each of the report's languages."""
FONT = "Arial"
"""Body and table font: on every office machine, and metric-compatible Liberation Sans
elsewhere, so the column widths (`_docx_xml.column_widths`) hold."""


class _Body:
    """Appends paragraphs and tables to a document's body, before its `w:sectPr`."""

    def __init__(self, document: Any, counter: ProgressCounter) -> None:
        self._anchor = document.element.body.sectPr
        styles = document.styles
        self._styles = {
            level: styles["Title" if level == 0 else f"Heading {level}"].style_id
            for level in range(5)
        }
        self._table_style = styles["Table Grid"].style_id
        self._counter = counter

    def heading(self, text: str, level: int) -> None:
        self._anchor.addprevious(paragraph(text, self._styles[level], keep_next=True))

    def paragraph(
        self, text: str, *, italic: bool = False, label: str | None = None, keep_next: bool = False
    ) -> None:
        """A body paragraph; `keep_next` for one that introduces what follows (a page break
        must not part them)."""
        self._anchor.addprevious(paragraph(text, italic=italic, label=label, keep_next=keep_next))

    def assessment(
        self, assessment: Assessment | None, label: str, status_key: str = "report.goal_status"
    ) -> None:
        """The status and the assessment text, each with a bold lead-in, kept with the
        tables they introduce."""
        for name, text in assessment_lines(assessment, label, status_key):
            self.paragraph(text, label=name, keep_next=True)

    def table(
        self,
        content: Table,
        empty: str,
        caption: str | None = None,
        sized_by: Sequence[Row] | None = None,
    ) -> None:
        """A caption kept with the table, then the table, or `empty` in italics;
        `sized_by` (rows of sibling tables) gives tables of one kind the same widths."""
        if caption is not None:
            self._anchor.addprevious(paragraph(caption, keep_next=True, caption=True))
        if not content.rows:  # kept with what follows, as the table would have been
            self.paragraph(empty, italic=True, keep_next=True)
            return
        self._anchor.addprevious(
            table(content.columns, content.rows, self._table_style, sized_by=sized_by)
        )
        for _row in content.rows:
            self._counter.step()


def write(report: Report, path: Path, progress: Progress) -> None:
    """Write the report as a Word document."""
    document = Document()
    _page_setup(document)
    _language(document, LANGUAGE_TAGS.get(report.language, "nb-NO"))
    _fonts(document)
    _properties(document, report)
    _footer(document, report)
    counter = ProgressCounter(progress, sum(len(table.rows) for table in report.tables), 0.9)
    body = _Body(document, counter)
    _title_block(body, report)
    _summary(body, report)
    for plan in report.plans:
        body.heading(plan.name, 1)
        body.assessment(plan.assessment, t("report.plan_assessment"), "report.assessed_plan_status")
        for area in plan.focus_areas:
            body.heading(area.heading, 2)
            body.assessment(
                area.assessment, t("report.area_assessment"), "report.assessed_area_status"
            )
            for goal in area.goals:
                _goal(body, goal)
    for heading, content in zip(document_headings(), document_tables(report), strict=True):
        body.heading(heading, 1)
        body.table(content, t("report.no_rows"))
    _corrections(body, report)
    save_reproducible(document, path, datetime.combine(report.taken or report.as_of, time()))


def _title_block(body: _Body, report: Report) -> None:
    body.heading(report.title, 0)
    body.heading(report.round_label, 1)
    body.paragraph(report.status_line)
    body.paragraph(report.taken_line)


def _summary(body: _Body, report: Report) -> None:
    """Per plan, under the plan's name: its roll-up (without the plan column, which would
    not fit beside 16 others), then each goal's status when assessed (one width for all
    the plan's goal tables, so they line up)."""
    body.heading(t("report.heading.summary"), 1)
    for plan, summary in plan_summaries(report):
        body.heading(plan.name, 2)
        body.table(summary, t("report.no_rows"))
        if not report.assessed:
            continue
        goal_tables = [(area.heading, goal_status_table(area)) for area in plan.focus_areas]
        rows = [row for _heading, content in goal_tables for row in content.rows]
        body.heading(t("report.heading.goal_status"), 3)
        for heading, content in goal_tables:
            body.table(content, t("report.no_rows"), heading, sized_by=rows)


def _goal(body: _Body, goal: GoalSection) -> None:
    body.heading(f"{t('report.goal')}: {goal.text}", 3)
    body.assessment(goal.assessment, t("report.assessment"))
    body.table(goal.indicators, t("report.no_indicators"), t("report.table.indicators"))
    body.table(goal.measures, t("report.no_measures"), t("report.table.measures"))


def _page_setup(document: Any) -> None:
    """Landscape A4 with 1,5 cm margins (the tables are wide); 9 pt body text."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    section.footer_distance = Cm(0.7)
    normal = document.styles["Normal"].font
    normal.size = Pt(9)
    normal.name = FONT


def _language(document: Any, tag: str) -> None:
    """Every language mark of the styles (the defaults first) says `tag` (`nn-NO`)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_props = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    if run_props.find(qn("w:lang")) is None:
        run_props.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{tag}"/>'))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)


_THEME_FONTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def _fonts(document: Any) -> None:
    """`FONT` everywhere: in the defaults and in every style that names a font. The
    template's headings and defaults name theme fonts (Calibri, Calibri Light), which a
    machine without them replaces by a wider font, and then the widths no longer hold."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    if defaults.find(qn("w:rFonts")) is None:
        defaults.insert(0, parse_xml(f"<w:rFonts {nsdecls('w')}/>"))
    for fonts in styles.iter(qn("w:rFonts")):
        for name in _THEME_FONTS:
            fonts.attrib.pop(qn(f"w:{name}"), None)
        for name in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{name}"), FONT)


def _properties(document: Any, report: Report) -> None:
    """Title, subject, author and dates of the report (fixed, so a file is reproducible)."""
    made = datetime.combine(report.taken or report.as_of, time())
    properties = document.core_properties
    properties.title = report.title
    properties.subject = f"{report.round_label} – {report.status_line}"
    properties.author = report.author
    properties.last_modified_by = report.author
    properties.comments = report.taken_line
    properties.keywords = report.round_label
    properties.language = LANGUAGE_TAGS.get(report.language, "nb-NO")
    properties.created = made
    properties.modified = made
    properties.revision = 1


def _footer(document: Any, report: Report) -> None:
    """`Title – 1. tertial 2026 · Side 3 av 12`, centred: PAGE and NUMPAGES fields."""
    footer = document.sections[0].footer
    para = footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    page, of = t("report.page"), t("report.page_of")
    xml = (
        run_xml(f"{report.title} – {report.round_label} · {page} ", size=8)
        + _field("PAGE")
        + run_xml(f" {of} ", size=8)
        + _field("NUMPAGES")
    )
    for element in parse_xml(f"<w:p {nsdecls('w')}>{xml}</w:p>"):
        para._p.append(element)


def _field(name: str) -> str:
    """A simple field (`PAGE`) with a placeholder result."""
    return f'<w:fldSimple w:instr=" {name} ">{run_xml("1", size=8)}</w:fldSimple>'


def _corrections(body: _Body, report: Report) -> None:
    """A locked round's last section: who locked it, and the corrections after the lock
    (`Korrigert etter låsing`); nothing for an open round."""
    tables = corrections_tables(report)
    if not tables:
        return
    body.heading(t("report.heading.corrections"), 1)
    body.paragraph(lock_line(report), keep_next=True)
    body.table(tables[0], t("report.no_corrections"))


def save_reproducible(document: Any, path: Path, moment: datetime) -> None:
    """Save with every zip entry dated `moment` (python-docx dates them now), so the same
    report gives the same bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    year = min(max(moment.year, 1980), 2107)  # what a zip entry can hold
    stamp = (year, moment.month, moment.day, moment.hour, moment.minute, 0)
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry.filename))
