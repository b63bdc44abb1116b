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
    is_short,
    lock_line,
    plan_summaries,
    shown_text,
    tint,
)
from oppfolging.reporting.report import Assessment, Cell, CellKind, Report, Table

CSS = """
body { font-family: Arial, "Liberation Sans", Helvetica, sans-serif;
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
         text-align: left; overflow-wrap: break-word; }
th { background: #f6f8fa; }
td.num { text-align: right; }
td.num, td.date, td.short { white-space: nowrap; }
td.status { white-space: nowrap; font-weight: 600; color: #1f2328;
            border-left-width: 6px; }
table.goals { table-layout: fixed; }
table.goals col.goal { width: 38%; } table.goals col.goal_status { width: 15%; }
table.summary th { font-size: 0.85em; }
@page { size: A4 landscape; margin: 12mm 10mm 14mm; }
@media print {
  body { margin: 0; font-size: 8pt; }
  h1 { font-size: 15pt; } h2 { font-size: 12pt; } h3 { font-size: 10.5pt; }
  h4 { font-size: 9pt; }
  table { width: 100%; max-width: 100%; }
  th, td { padding: 0.15rem 0.3rem; }
  h2, h3, h4, p.caption { break-after: avoid; page-break-after: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  td.status { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
"""Table cells wrap only between words (`overflow-wrap: break-word` leaves a column at
least as wide as its longest word; `anywhere` would let the browser squeeze a column
until `antall` reads `antal l`); numbers, dates, statuses and short values (`is_short`)
stay on one line. Printed on A4 landscape, the widest table (the summary, 16 columns)
fits at 8 pt."""


def write(report: Report, path: Path, progress: Progress) -> None:
    """Write the report as one HTML file."""
    path.write_text(render(report), encoding="utf-8")
    progress(0.9)


def render(report: Report) -> str:
    """The whole report as an HTML page: title block, summary, outline, closing lists."""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(report.language)}">',
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
        parts.append(
            assessment_html(
                plan.assessment, t("report.plan_assessment"), "report.assessed_plan_status"
            )
        )
        for area in plan.focus_areas:
            parts.append(f"<h3>{_e(area.heading)}</h3>")
            parts.append(
                assessment_html(
                    area.assessment, t("report.area_assessment"), "report.assessed_area_status"
                )
            )
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
    """The summary per plan, under the plan's name: its roll-up per focus area, then (when
    assessed) each goal's status, in tables that line up."""
    parts = [f"<h2>{_e(t('report.heading.summary'))}</h2>"]
    for plan, summary in plan_summaries(report):
        parts.append(f"<h3>{_e(plan.name)}</h3>")
        parts.append(table_html(summary, t("report.no_rows"), "summary"))
        if not report.assessed:
            continue
        parts.append(f"<h4>{_e(t('report.heading.goal_status'))}</h4>")
        for area in plan.focus_areas:
            parts.append(f'<p class="caption"><strong>{_e(area.heading)}</strong></p>')
            parts.append(table_html(goal_status_table(area), t("report.no_rows"), "goals"))
    return parts


def assessment_html(
    assessment: Assessment | None, label: str, status_key: str = "report.goal_status"
) -> str:
    """The status and the assessment text as labelled paragraphs; empty without one."""
    lines = assessment_lines(assessment, label, status_key)
    return "\n".join(
        f'<p class="assessment"><strong>{_e(name)}:</strong> {_e(text)}</p>' for name, text in lines
    )


def table_html(table: Table, empty: str, css_class: str | None = None) -> str:
    """A table with a header row; a short note when it has no rows. A `goals` table gets
    fixed column widths, so the goal tables of a plan line up."""
    if not table.rows:
        return f'<p class="empty">{_e(empty)}</p>'
    head = "".join(f'<th scope="col">{_e(column.label)}</th>' for column in table.columns)
    body = "\n".join(
        "<tr>" + "".join(cell_html(cell) for cell in row) + "</tr>" for row in table.rows
    )
    opening = f'<table class="{css_class}">' if css_class else "<table>"
    if css_class == "goals":
        cols = "".join(f'<col class="{column.key}">' for column in table.columns)
        opening += f"\n<colgroup>{cols}</colgroup>"
    return f"{opening}\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


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
    if is_short(cell):
        return f'<td class="short">{_e(shown_text(cell))}</td>'
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
