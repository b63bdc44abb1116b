"""HTML: one self-contained, printable page (inline CSS, no external assets).

Every text is escaped with `html.escape`; status cells show the status colour as a thick
left border on a light tint of it, with dark text (contrast well above WCAG AA's 4.5:1),
and show the symbol and the word, so the page also reads in black and white.
"""

from __future__ import annotations

import html
from pathlib import Path

from oppfolging.domain.codes import COLOURS
from oppfolging.i18n import t
from oppfolging.reporting.export import Progress
from oppfolging.reporting.export._common import (
    assessment_lines,
    corrections_tables,
    document_headings,
    document_tables,
    goal_status_table,
    lock_line,
    shown_text,
    tint,
)
from oppfolging.reporting.report import Assessment, Cell, CellKind, Report, Table

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       margin: 2rem; color: #1f2328; font-size: 14px; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #d0d7de; padding-bottom: 0.2rem;
     margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
h4 { font-size: 1rem; font-weight: 600; margin: 1rem 0 0.4rem; }
p.meta { color: #57606a; margin-top: 0; }
p.empty { color: #57606a; font-style: italic; }
p.round { font-size: 1.15rem; font-weight: 600; margin: 0; }
p.assessment { margin: 0.2rem 0 0.5rem; max-width: 60rem; white-space: pre-line; }
table { border-collapse: collapse; margin: 0.3rem 0 1rem; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 0.25rem 0.45rem; vertical-align: top;
         text-align: left; overflow-wrap: break-word; hyphens: auto; }
th { background: #f6f8fa; word-break: normal; }
td.num, td.date { text-align: right; white-space: nowrap; }
td.date { text-align: left; }
td.status { white-space: nowrap; font-weight: 600; color: #1f2328;
            border-left-width: 6px; }
@page { size: A4 landscape; margin: 12mm 10mm 14mm; }
@media print {
  body { margin: 0; font-size: 8pt; }
  h1 { font-size: 15pt; } h2 { font-size: 12pt; } h3 { font-size: 10.5pt; }
  h4 { font-size: 9pt; }
  table { width: 100%; max-width: 100%; table-layout: auto; }
  th, td { padding: 0.15rem 0.3rem; word-break: normal; overflow-wrap: anywhere; }
  td.num, td.date, td.status { overflow-wrap: normal; }
  h2 { page-break-before: auto; page-break-after: avoid; }
  h3, h4 { page-break-after: avoid; }
  table { page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  thead { display: table-header-group; }
  td.status { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def write(report: Report, path: Path, progress: Progress) -> None:
    """Write the report as one HTML file."""
    path.write_text(render(report), encoding="utf-8")
    progress(0.9)


def render(report: Report) -> str:
    """The whole report as an HTML page: title block, summary, outline, closing lists."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nb">',
        '<head><meta charset="utf-8">',
        f"<title>{_e(report.title)} – {_e(report.round_label)}</title>",
        f"<style>{CSS}</style></head>",
        "<body>",
        f"<h1>{_e(report.title)}</h1>",
        f'<p class="round">{_e(report.round_label)}</p>',
        f'<p class="meta">{_e(report.status_line)}<br>{_e(report.taken_line)}</p>',
        *summary_html(report),
    ]
    for plan in report.plans:
        parts.append(f"<h2>{_e(plan.name)}</h2>")
        parts.append(assessment_html(plan.assessment, t("report.plan_assessment")))
        for area in plan.focus_areas:
            parts.append(f"<h3>{_e(area.heading)}</h3>")
            parts.append(assessment_html(area.assessment, t("report.area_assessment")))
            for goal in area.goals:
                parts.append(f"<h4>{_e(t('report.goal'))}: {_e(goal.text)}</h4>")
                parts.append(assessment_html(goal.assessment, t("report.assessment")))
                parts.append(table_html(goal.indicators, t("report.no_indicators")))
                parts.append(table_html(goal.measures, t("report.no_measures")))
    for heading, table in zip(document_headings(), document_tables(report), strict=True):
        parts.append(f"<h2>{_e(heading)}</h2>")
        parts.append(table_html(table, t("report.no_rows")))
    parts += corrections_html(report)
    parts += ["</body>", "</html>", ""]
    return "\n".join(part for part in parts if part)


def summary_html(report: Report) -> list[str]:
    """The summary: the roll-up per focus area, then (when assessed) each goal's status."""
    parts = [f"<h2>{_e(t('report.heading.summary'))}</h2>"]
    parts.append(table_html(report.table("sammendrag"), t("report.no_rows")))
    if report.assessed:
        parts.append(f"<h3>{_e(t('report.heading.goal_status'))}</h3>")
        for plan in report.plans:
            for area in plan.focus_areas:
                parts.append(f"<h4>{_e(area.heading)}</h4>")
                parts.append(table_html(goal_status_table(area), t("report.no_rows")))
    return parts


def assessment_html(assessment: Assessment | None, label: str) -> str:
    """The status and the assessment text as labelled paragraphs; empty without one."""
    lines = assessment_lines(assessment, label)
    return "\n".join(
        f'<p class="assessment"><strong>{_e(name)}:</strong> {_e(text)}</p>' for name, text in lines
    )


def table_html(table: Table, empty: str) -> str:
    """A table with a header row; a short note when it has no rows."""
    if not table.rows:
        return f'<p class="empty">{_e(empty)}</p>'
    head = "".join(f'<th scope="col">{_e(column.label)}</th>' for column in table.columns)
    body = "\n".join(
        "<tr>" + "".join(cell_html(cell) for cell in row) + "</tr>" for row in table.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def cell_html(cell: Cell) -> str:
    """One `<td>`: numbers right-aligned, statuses marked with their colour."""
    colour = COLOURS.get(cell.status) if cell.status else None
    if colour is not None:
        text = shown_text(cell)
        style = f"background:{tint(colour)};border-left:6px solid {colour};color:{TEXT_COLOUR}"
        return f'<td class="status" style="{style}">{_e(text)}</td>'
    if cell.kind in {CellKind.NUMBER, CellKind.INTEGER, CellKind.SHARE}:
        return f'<td class="num">{_e(cell.text)}</td>'
    if cell.kind is CellKind.DATE:
        return f'<td class="date">{_e(cell.text)}</td>'
    return f"<td>{_e(shown_text(cell))}</td>"


TEXT_COLOUR = "#1f2328"
"""Dark text on every status cell."""


def _e(text: str) -> str:
    """Escaped text; a line break in it becomes `<br>`."""
    return html.escape(text, quote=True).replace("\r\n", "\n").replace("\n", "<br>")


def corrections_html(report: Report) -> list[str]:
    """A locked round's last section: who locked it, and the corrections after the lock
    (`Korrigert etter låsing`); nothing for an open round."""
    tables = corrections_tables(report)
    if not tables:
        return []
    return [
        f'<h2 id="korrigeringer">{_e(t("report.heading.corrections"))}</h2>',
        f'<p class="meta">{_e(lock_line(report))}</p>',
        table_html(tables[0], t("report.no_corrections")),
    ]
