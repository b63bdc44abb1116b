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

from oppfolging.fmt import format_date
from oppfolging.i18n import status_label, t
from oppfolging.reporting.export import Progress
from oppfolging.reporting.report import Cell, CellKind, Report, Table


def write(report: Report, path: Path, progress: Progress) -> None:
    """Write the report as one Markdown file."""
    path.write_text(render(report), encoding="utf-8")
    progress(0.9)


def render(report: Report) -> str:
    """The whole report as Markdown text."""
    lines = [f"# {escape(report.title)}", "", _subtitle(report), ""]
    for plan in report.plans:
        lines += [f"## {escape(plan.name)}", ""]
        for area in plan.focus_areas:
            lines += [f"### {escape(area.heading)}", ""]
            for goal in area.goals:
                lines += [f"#### {t('report.goal')}: {escape(goal.text)}", ""]
                lines += table_block(goal.indicators, t("report.no_indicators"))
                lines += table_block(goal.measures, t("report.no_measures"))
    headings = ("report.heading.summary", "report.heading.revisions", "report.heading.funding")
    for key, table in zip(headings, report.tables[2:], strict=True):
        lines += [f"## {t(key)}", ""]
        lines += table_block(table, t("report.no_rows"))
    return "\n".join(lines).rstrip("\n") + "\n"


def _subtitle(report: Report) -> str:
    return (
        f"{t('report.round')}: {report.round_label} · "
        f"{t('report.as_of')}: {format_date(report.as_of)}"
    )


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
    if cell.kind is CellKind.STATUS and cell.status:
        return escape(status_label(cell.status))
    return escape(cell.text)


_METACHARACTERS = re.compile(r"[\\`*_\[\]<>|~#]|&(?=#?[0-9A-Za-z]+;)")
"""What Markdown (CommonMark and GitHub's) could read as markup in inline text."""


def escape(text: str) -> str:
    """Text shown literally inside a pipe table or a heading: one line, markup escaped."""
    one_line = " ".join(text.split())
    return _METACHARACTERS.sub(lambda match: "\\" + match.group(), one_line)
