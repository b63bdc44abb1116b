"""Rows and display frames for the drill-down and detail screens (textual only for Content)."""

from __future__ import annotations

from typing import Any

import polars as pl
from textual.content import Content

from oppfolging.fmt import format_date, format_number, format_value
from oppfolging.i18n import status_label, t
from oppfolging.session import Session
from oppfolging.tui.literal import Markup, compose, lines, literal, tc
from oppfolging.tui.views import (
    DisplayColumn,
    day,
    display_frame,
    percent,
    period,
    plain,
    status_markup,
    text,
)


def first_row(frame: pl.DataFrame, column: str, key: str) -> dict[str, Any]:
    """The first row whose `column` equals `key`, as a dict; empty when there is none."""
    rows = frame.filter(pl.col(column) == key)
    return rows.row(0, named=True) if rows.height else {}


def plan_row(session: Session, plan_id: str) -> dict[str, Any]:
    """The plan's row in the revision table (plan columns plus revision flag)."""
    return first_row(session.revisions, "plan_id", plan_id)


def focus_area_row(session: Session, focus_area_id: str) -> dict[str, Any]:
    """The focus area's row."""
    return first_row(session.dataset.focus_areas, "focus_area_id", focus_area_id)


def goal_row(session: Session, goal_id: str) -> dict[str, Any]:
    """The goal's row."""
    return first_row(session.dataset.goals, "goal_id", goal_id)


def shorten(value: str, width: int) -> str:
    """`value` cut to `width` characters with an ellipsis."""
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


def describe_plan(session: Session, plan_id: str) -> Content:
    """The plan's name, municipality, period, status and revision flag (names literal)."""
    plan = plan_row(session, plan_id)
    if not plan:
        return Content("")
    return lines(
        compose(
            "[b]{name}[/b] – {municipality}, {start}–{end}, {status}",
            name=plan["name"],
            municipality=plan["municipality"],
            start=plan["period_start"],
            end=plan["period_end"],
            status=t("plan_status." + str(plan["status"])),
        ),
        tc(
            "drill.plan.revision",
            flag=Markup(status_markup(plan.get("flag"))),
            due=format_date(plan.get("revision_due")),
        ),
    )


def describe_focus_area(session: Session, focus_area_id: str) -> Content:
    """The focus area's number, name and «slik gjør vi det» (literal)."""
    area = focus_area_row(session, focus_area_id)
    if not area:
        return Content("")
    heading = compose(
        "[b]" + t("drill.focus_area.heading") + "[/b]", number=area["number"], name=area["name"]
    )
    return lines(heading, literal(area.get("description") or ""))


INDICATOR_NAME = 1
"""`indicator_view`'s name column: it takes the width the others leave on the goal screen."""
INDICATOR_TREND = 6
"""`indicator_view`'s trend column: the last one the goal screen keeps in view."""


def indicator_view(indicators: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """A goal's indicators: status, value, previous, target, trend, progress."""
    frame = indicators.with_columns(
        pl.struct("value", "unit").map_elements(_value_text, return_dtype=pl.String).alias("v"),
        pl.struct("previous_value", "unit")
        .map_elements(_previous_text, return_dtype=pl.String)
        .alias("prev"),
        pl.struct("target", "unit").map_elements(_target_text, return_dtype=pl.String).alias("tgt"),
    )
    columns: list[DisplayColumn] = [
        (t("col.status"), "status", status_markup),
        (t("col.indicator"), "indicator", text),
        (t("col.period"), "period", period),
        (t("col.value"), "v", plain),
        (t("col.previous"), "prev", plain),
        (t("col.target"), "tgt", plain),
        (t("col.trend"), "trend", status_markup),
        (t("col.progress"), "progress", percent),
        (t("col.responsible"), "responsible", text),
        (t("col.comment"), "comment", text),
    ]
    return display_frame(frame, columns), ["i:" + k for k in frame["indicator_id"].to_list()]


def _value_text(row: dict[str, Any]) -> str:
    return format_value(row["value"], row["unit"] or "")


def _previous_text(row: dict[str, Any]) -> str:
    return format_value(row["previous_value"], row["unit"] or "")


def _target_text(row: dict[str, Any]) -> str:
    return format_value(row["target"], row["unit"] or "")


MEASURE_NAME = 1
"""`measure_view`'s name column: it takes the width the others leave on the goal screen."""
MEASURE_DEADLINE = 4
"""`measure_view`'s deadline column: the last one the goal screen keeps in view."""


def measure_view(measures: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """A goal's measures: status, overdue, responsible, deadline, funding."""
    columns: list[DisplayColumn] = [
        (t("col.status"), "status", status_markup),
        (t("col.measure"), "name", text),
        (t("col.overdue"), "overdue", lambda v: status_markup("overdue") if v else ""),
        (t("col.responsible"), "responsible", text),
        (t("col.deadline"), "due", day),
        (t("col.funding"), "needs_funding", lambda v: t("funding.needs") if v else ""),
        (t("col.comment"), "comment", text),
    ]
    return display_frame(measures, columns), ["m:" + k for k in measures["measure_id"].to_list()]


def number_text(value: Any) -> str:
    """A number, or a dash."""
    return format_number(value) if value is not None else "–"


def label(code: str | None) -> str:
    """Status label without colour (for plain text)."""
    return status_label(code)
