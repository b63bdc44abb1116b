"""The overview's detail pane («Hvorfor»): the highlighted attention row's full comment,
its goal's assessment for the round and its history, without leaving the overview.

Built as Content from the session (no widget here): the round's row (the one place a
round's numbers are computed), `reporting.assessments.round_assessments` and the detail
screens' histories (`reporting.history`). Dataset text is always literal (`tui.literal`).
"""

from __future__ import annotations

from typing import Any

import polars as pl
from textual.content import Content

from oppfolging.domain.periods import Period, period_words
from oppfolging.fmt import format_date, format_value, shown_decimals
from oppfolging.i18n import t
from oppfolging.reporting.assessments import round_assessments
from oppfolging.reporting.history import indicator_history, measure_history
from oppfolging.session import Session
from oppfolging.tui.drill_data import first_row, shorten
from oppfolging.tui.literal import Markup, compose, lines, tc
from oppfolging.tui.views import status_markup

HISTORY_ROWS = 6
"""How many periods of history the pane lists (newest first; the detail screen has all)."""
HISTORY_COMMENT = 50
"""History lines cut their comments here (the highlighted row's comment is shown in full)."""


def goal_assessments(session: Session, round_: Period) -> pl.DataFrame:
    """The round's goal assessments (registered or suggested), from the unfiltered round."""
    frame = round_assessments(session.dataset, session.round_result(round_))
    return frame.filter(pl.col("level") == "goal")


def why_content(
    session: Session, round_: Period, key: str | None, assessments: pl.DataFrame
) -> Content:
    """The pane for `i:<indicator_id>` or `m:<measure_id>` (a hint when nothing is chosen)."""
    kind, _, item_id = (key or "").partition(":")
    result = session.round_result(round_)
    if kind == "i":
        row = first_row(result.indicators, "indicator_id", item_id)
        if row:
            return lines(
                *indicator_lines(row),
                *_goal_lines(row, assessments),
                *indicator_history_lines(session, row),
            )
    elif kind == "m":
        row = first_row(result.measures, "measure_id", item_id)
        if row:
            history = measure_history(session.dataset, str(row["measure_id"]))
            return lines(
                *measure_lines(row), *_goal_lines(row, assessments), *_history(history, _blank)
            )
    return Content(t("why.none"))


def _blank(row: dict[str, Any]) -> str:
    return ""


def indicator_history_lines(session: Session, row: dict[str, Any]) -> list[Content]:
    """The indicator's newest values (the detail screen's history)."""
    unit = str(row.get("unit") or "")
    history = indicator_history(session.dataset, str(row["indicator_id"]), session.settings)
    return _history(history, lambda r: format_value(r.get("value"), unit))


def indicator_lines(row: dict[str, Any]) -> list[Content]:
    """Name and status, value against target and expected, the full comment."""
    unit = str(row.get("unit") or "")
    return [
        _heading(t("kind.indicator"), row["indicator"], row["status"]),
        tc(
            "why.value",
            value=format_value(row.get("value"), unit) or "–",
            target=format_value(row.get("target"), unit) or "–",
            expected=_expected(row, unit),
        ),
        _responsible(row, "deadline"),
        _comment(row.get("comment")),
    ]


def _expected(row: dict[str, Any], unit: str) -> str:
    """The expected value with the decimals the value and target are shown with (as the
    indicator screen's «Forventet» column): `61,3 %`, never `61,33 %`."""
    decimals = shown_decimals([row.get("value"), row.get("target")])
    return format_value(row.get("expected"), unit, decimals) or "–"


def measure_lines(row: dict[str, Any]) -> list[Content]:
    """Name and status, responsible and due date, the full comment."""
    status = "overdue" if row.get("overdue") and row["status"] != "delayed" else row["status"]
    return [
        _heading(t("kind.measure"), row["name"], status),
        _responsible(row, "due"),
        _comment(row.get("comment")),
    ]


def _heading(kind: str, name: object, status: str | None) -> Content:
    return compose(
        "{status}  [b]{kind}: {name}[/b]", status=Markup(status_markup(status)), kind=kind,
        name=name,
    )  # fmt: skip


def _responsible(row: dict[str, Any], date_column: str) -> Content:
    return tc(
        "why.responsible",
        responsible=row.get("responsible") or "–",
        date=format_date(row.get(date_column)) or "–",
    )


def _comment(comment: object) -> Content:
    """The full comment: one paragraph that wraps (never cut)."""
    text = str(comment).strip() if comment is not None else ""
    return tc("why.comment", comment=text or "–")


def _history(history: pl.DataFrame, value: Any) -> list[Content]:
    """The newest `HISTORY_ROWS` periods: period, value, status and comment."""
    if history.height == 0:
        return [tc("why.history.empty")]
    rows = history.reverse().head(HISTORY_ROWS).to_dicts()
    return [tc("why.history"), *(_history_line(r, value(r)) for r in rows)]


def _history_line(row: dict[str, Any], value: str) -> Content:
    return compose(
        "  {period}  {value}  {status}  {comment}",
        period=period_words(str(row["period"])),
        value=value,
        status=Markup(status_markup(row.get("status"))),
        comment=shorten(str(row.get("comment") or ""), HISTORY_COMMENT),
    )


def _goal_lines(row: dict[str, Any], assessments: pl.DataFrame) -> list[Content]:
    """The goal's assessment for the round: registered status and text, else the suggestion."""
    goal = first_row(assessments, "target_id", str(row.get("goal_id")))
    if not goal:
        return []
    if goal.get("status"):
        return [
            tc(
                "why.assessment",
                goal=goal["name"],
                status=Markup(status_markup(goal["status"])),
                text=goal.get("text") or "",
            )
        ]
    suggested = Markup(status_markup(goal.get("suggested")))
    return [tc("why.assessment.none", goal=goal["name"], suggested=suggested)]
