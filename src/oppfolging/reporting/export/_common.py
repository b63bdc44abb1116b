"""Helpers the writers share: progress counting, text colour on a status fill, and the
parts of the document every format has (assessments, goal summaries, the closing lists)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from oppfolging.domain.codes import COLOURS
from oppfolging.fmt import format_date
from oppfolging.i18n import status_label, status_word, t
from oppfolging.reporting.report import (
    Assessment,
    Cell,
    CellKind,
    Column,
    FocusAreaSection,
    PlanSection,
    Report,
    Row,
    Table,
)

_EVERY = 500
"""Report progress every this many rows (a callback per row would slow big exports)."""


class ProgressCounter:
    """Turns rows written into fractions of the whole for a progress callback."""

    def __init__(self, progress: Callable[[float], None], total: int, share: float = 1.0):
        self._progress = progress
        self._total = max(total, 1)
        self._share = share
        self._done = 0

    def step(self) -> None:
        """One more row written."""
        self._done += 1
        if self._done % _EVERY == 0:
            self._progress(self._share * min(self._done / self._total, 1.0))

    def finish(self) -> None:
        """Every counted row is written."""
        self._progress(self._share)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background` (`#rrggbb`)."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#000000" if luminance > 150 else "#ffffff"


TINT_SHARE = 0.18
"""How much of the status colour a status cell's background holds (the rest is white)."""


def tint(colour: str, share: float = TINT_SHARE) -> str:
    """`colour` (`#rrggbb`) mixed with white: `share` of the colour, the rest white."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in channels)


def fill_of(cell: Cell) -> str | None:
    """The status colour of a cell (`#rrggbb`), or None when it is not coloured."""
    return COLOURS.get(cell.status) if cell.status else None


def assessment_lines(
    assessment: Assessment | None, label: str, status_key: str = "report.goal_status"
) -> list[tuple[str, str]]:
    """An assessment as `(label, text)` lines: the status (symbol and word) under the
    text of `status_key` (`Status for planen` for a plan), the text under `label`, and the
    reason for overriding the suggested status; none without one."""
    if assessment is None:
        return []
    lines: list[tuple[str, str]] = []
    if assessment.status:
        lines.append((t(status_key), status_label(assessment.status)))
    if assessment.text.strip():
        lines.append((label, assessment.text))
    if assessment.reason:
        lines.append((t("report.reason"), assessment.reason))
    return lines


def status_cell_of(assessment: Assessment | None) -> Cell:
    """A goal's status as a table cell (coloured by its code); empty without one."""
    code = assessment.status if assessment else None
    if not code:
        return Cell(None, "", CellKind.STATUS)
    return Cell(code, status_word(code), CellKind.STATUS, code)


def shown_text(cell: Cell) -> str:
    """A cell's text; a status with a code shows its symbol and word (`● på sporet`)."""
    if cell.kind is CellKind.STATUS and cell.status:
        return status_label(cell.status)
    return cell.text


def _text(value: str | None) -> Cell:
    return Cell(value, value or "")


def goal_status_table(area: FocusAreaSection) -> Table:
    """The summary of a focus area: each goal with its status and assessment text."""
    columns = (
        Column("goal", t("report.goal")),
        Column("goal_status", t("report.status"), CellKind.STATUS),
        Column("assessment", t("report.assessment")),
    )
    rows: list[Row] = [
        (
            _text(goal.text),
            status_cell_of(goal.assessment),
            _text(goal.assessment.text if goal.assessment else None),
        )
        for goal in area.goals
    ]
    return Table("maal", area.heading, columns, rows, [goal.goal_id for goal in area.goals])


SHORT_TEXT = 16
"""A text cell this short (one line) is a word-like value (`1. tertial 2026`, `↗ bedre`,
`antall`) that reads badly when broken; writers keep it on one line."""


def is_short(cell: Cell) -> bool:
    """True for a cell whose whole text should stay on one line (see `SHORT_TEXT`)."""
    text = shown_text(cell)
    return 0 < len(text) <= SHORT_TEXT and "\n" not in text


def plan_summaries(report: Report) -> list[tuple[PlanSection, Table]]:
    """The summary split per plan: each plan with its own rows of `Sammendrag` (its focus
    areas and its total), without the plan column. One table of every plan would need 17
    columns and mixes plans whose focus areas are numbered alike.

    The summary lists the plans in report order, each plan's rows together, so the rows
    are matched to the plans by their name in that order."""
    summary = report.table("sammendrag")
    result: list[tuple[PlanSection, Table]] = []
    start = 0
    for plan in report.plans:
        end = start
        while end < len(summary.rows) and summary.rows[end][0].text == plan.name:
            end += 1
        result.append((plan, summary.subset(list(range(start, end)), 1)))
        start = end
    return result


def assessment_table(report: Report) -> Table:
    """`Vurderinger`: every assessment of the report, one row per plan, focus area or goal."""
    columns = (
        Column("level", t("report.level")),
        Column("plan", t("report.plan")),
        Column("focus_area", t("report.focus_area")),
        Column("goal", t("report.goal")),
        Column("goal_status", t("report.status"), CellKind.STATUS),
        Column("assessment", t("report.assessment")),
        Column("reason", t("report.reason")),
    )
    rows: list[Row] = []
    ids: list[str] = []
    for plan in report.plans:
        places = [("plan", plan.plan_id, "", "", plan.assessment)]
        for area in plan.focus_areas:
            places.append(("focus_area", area.focus_area_id, area.heading, "", area.assessment))
            places += [
                ("goal", goal.goal_id, area.heading, goal.text, goal.assessment)
                for goal in area.goals
            ]
        for level, key, area_name, goal_text, assessment in places:
            if assessment is None:
                continue
            rows.append(
                (
                    _text(t(f"report.level.{level}")),
                    _text(plan.name),
                    _text(area_name or None),
                    _text(goal_text or None),
                    status_cell_of(assessment),
                    _text(assessment.text),
                    _text(assessment.reason),
                )
            )
            ids.append(key)
    return Table("vurderinger", t("report.table.assessments"), columns, rows, ids)


def document_tables(report: Report) -> list[Table]:
    """The report's tables in document order after the outline: funding, then revisions."""
    return [report.table("finansiering"), report.table("rullering")]


def document_headings() -> tuple[str, str]:
    """The headings of `document_tables`."""
    return (t("report.heading.funding"), t("report.heading.revisions"))


def file_tables(report: Report) -> list[Table]:
    """The tables written as files or sheets: the report's own, and `Vurderinger` when
    any assessment is filled in."""
    extra = [assessment_table(report)] if report.assessed else []
    return [*report.tables, *extra]


# --- a locked round: "Korrigert etter låsing" ----------------------------------------------


def lock_line(report: Report) -> str:
    """`Låst 12.05.2026 av Kari – tallene er fra låsingen`; empty for an open round."""
    if report.lock is None:
        return ""
    return t("report.locked", date=format_date(report.lock.at), name=report.lock.by)


def corrections_tables(report: Report) -> list[Table]:
    """`korrigeringer` for a locked round (also when it has no rows, so a correction
    changes only this table's rows), none for an open round. Every writer puts it last
    (after the charts in XLSX), so the rest of a locked report stays byte for byte the
    same when a correction is registered."""
    return [corrections_table(report)] if report.lock is not None else []


def _date(at: datetime | None) -> Cell:
    return (
        Cell(None, "", CellKind.DATE)
        if at is None
        else Cell(at.date(), format_date(at), CellKind.DATE)
    )


def corrections_table(report: Report) -> Table:
    """The corrections after the lock: what (plan, item, period in words), the locked and
    the corrected value, the reason, who and when."""
    columns = (
        Column("plan", t("report.plan")),
        Column("what", t("report.corrected.what")),
        Column("period", t("report.period")),
        Column("locked", t("report.corrected.locked")),
        Column("corrected", t("report.corrected.value")),
        Column("reason", t("report.corrected.reason")),
        Column("by", t("report.corrected.by")),
        Column("at", t("report.corrected.at"), CellKind.DATE),
    )
    rows: list[Row] = [
        (
            _text(item.plan),
            _text(item.what),
            _text(item.period),
            _text(item.locked),
            _text(item.corrected),
            _text(item.reason),
            _text(item.by),
            _date(item.at),
        )
        for item in report.corrections
    ]
    return Table("korrigeringer", t("report.table.corrections"), columns, rows)
