"""Markdown: headings per plan, focus area and goal, and pipe tables padded to line up.

Tables read well in a terminal and render on any forge: a newline in a cell becomes a space
(all whitespace, no-break spaces too, is collapsed to one space). Dataset text is shown
literally, never as Markdown: every character that could start a link or an image (`[`, `]`),
an autolink or an HTML tag (`<`), a code span, emphasis or strikethrough, break a table (`|`)
or close a heading (`#`) is escaped with a backslash, and so is `&` before an entity.
Statuses show their symbol with the word.
"""

from __future__ import annotations

import re
from pathlib import Path

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
)
from oppfolging.reporting.report import Assessment, Cell, Report, Table


def write(report: Report, path: Path, progress: Progress) -> None:
    """Write the report as one Markdown file."""
    path.write_text(render(report), encoding="utf-8")
    progress(0.9)


def render(report: Report) -> str:
    """The whole report as Markdown text: title block, summary, outline, closing lists."""
    lines = [f"# {escape(report.title)}", ""]
    round_line = re.sub(r"^(\d+)\.", r"\1\\.", escape(report.round_label))  # not a list
    lines += [f"{round_line}  ", f"{report.status_line}  ", report.taken_line]
    lines += ["", *summary_lines(report)]
    for plan in report.plans:
        lines += [f"## {escape(plan.name)}", ""]
        lines += assessment_block(
            plan.assessment, t("report.plan_assessment"), "report.assessed_plan_status"
        )
        for area in plan.focus_areas:
            lines += [f"### {escape(area.heading)}", ""]
            lines += assessment_block(
                area.assessment, t("report.area_assessment"), "report.assessed_area_status"
            )
            for goal in area.goals:
                lines += [f"#### {t('report.goal')}: {escape(goal.text)}", ""]
                lines += assessment_block(goal.assessment, t("report.assessment"))
                lines += table_block(goal.indicators, t("report.no_indicators"))
                lines += table_block(goal.measures, t("report.no_measures"))
    for heading, table in zip(document_headings(), document_tables(report), strict=True):
        lines += [f"## {heading}", ""]
        lines += table_block(table, t("report.no_rows"))
    lines += corrections_lines(report)
    return "\n".join(lines).rstrip("\n") + "\n"


def summary_lines(report: Report) -> list[str]:
    """The summary: the roll-up per focus area, then (when assessed) each goal's status."""
    lines = [f"## {t('report.heading.summary')}", ""]
    lines += table_block(report.table("sammendrag"), t("report.no_rows"))
    if not report.assessed:
        return lines
    lines += [f"### {t('report.heading.goal_status')}", ""]
    for plan in report.plans:
        for area in plan.focus_areas:
            lines += [f"#### {escape(area.heading)}", ""]
            lines += table_block(goal_status_table(area), t("report.no_rows"))
    return lines


def assessment_block(
    assessment: Assessment | None, label: str, status_key: str = "report.goal_status"
) -> list[str]:
    """`**Status for målet:** ● på sporet` (`Status for planen` / `Status for
    innsatsområdet` with their `status_key`) and the assessment text, then a blank line."""
    pairs = assessment_lines(assessment, label, status_key)
    if not pairs:
        return []
    lines = [f"**{escape(name)}:** {_paragraphs(text)}  " for name, text in pairs]
    lines[-1] = lines[-1].rstrip()
    return [*lines, ""]


def _paragraphs(text: str) -> str:
    """Text on one line per paragraph, escaped (`escape` joins lines with a space)."""
    return " ".join(escape(line) for line in text.splitlines() if line.strip())


def table_block(table: Table, empty: str) -> list[str]:
    """A padded pipe table and a blank line; `empty` when the table has no rows."""
    if not table.rows:
        return [f"*{empty}*", ""]
    header = [escape(column.label) for column in table.columns]
    body = [[cell_text(cell) for cell in row] for row in table.rows]
    widths = [max(len(text) for text in column) for column in zip(header, *body, strict=True)]
    widths = [max(width, 3) for width in widths]
    right = [column.numeric for column in table.columns]
    lines = [_line(header, widths, right)]
    lines.append("| " + " | ".join(_rule(w, r) for w, r in zip(widths, right, strict=True)) + " |")
    lines += [_line(cells, widths, right) for cells in body]
    return [*lines, ""]


def _line(cells: list[str], widths: list[int], right: list[bool]) -> str:
    padded = (
        text.rjust(width) if is_right else text.ljust(width)
        for text, width, is_right in zip(cells, widths, right, strict=True)
    )
    return "| " + " | ".join(padded) + " |"


def _rule(width: int, right: bool) -> str:
    return "-" * (width - 1) + ":" if right else "-" * width


def cell_text(cell: Cell) -> str:
    """The cell's text for a table; a coloured status shows its symbol too."""
    return escape(shown_text(cell))


_METACHARACTERS = re.compile(r"[\\`*_\[\]<>|~#]|&(?=#?[0-9A-Za-z]+;)")
"""What Markdown (CommonMark and GitHub's) could read as markup in inline text."""


def escape(text: str) -> str:
    """Text shown literally inside a pipe table or a heading: one line, markup escaped."""
    one_line = " ".join(text.split())
    return _METACHARACTERS.sub(lambda match: "\\" + match.group(), one_line)


def corrections_lines(report: Report) -> list[str]:
    """A locked round's last section: who locked it, and the corrections after the lock
    (`Korrigert etter låsing`); nothing for an open round."""
    tables = corrections_tables(report)
    if not tables:
        return []
    lines = [f"## {t('report.heading.corrections')}", "", escape(lock_line(report)), ""]
    return lines + table_block(tables[0], t("report.no_corrections"))
