"""Rows and display frames for the drill-down and detail screens (no textual import)."""

from __future__ import annotations

from typing import Any

import polars as pl

from oppfolging.fmt import format_date, format_number, format_value
from oppfolging.i18n import status_label, t
from oppfolging.session import Session
from oppfolging.tui.views import DisplayColumn, day, display_frame, percent, status_markup, text


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


def describe_plan(session: Session, plan_id: str) -> str:
    """Markup: the plan's municipality, period, status and revision flag."""
    plan = plan_row(session, plan_id)
    if not plan:
        return ""
    return (
        f"[b]{text(plan['name'])}[/b] – {text(plan['municipality'])}, "
        f"{plan['period_start']}–{plan['period_end']}, "
        f"{t('plan_status.' + str(plan['status']))}\n"
        + t(
            "drill.plan.revision",
            flag=status_markup(plan.get("flag")),
            due=format_date(plan.get("revision_due")),
        )
    )


def describe_focus_area(session: Session, focus_area_id: str) -> str:
    """Markup: the focus area's number, name and «slik gjør vi det»."""
    area = focus_area_row(session, focus_area_id)
    if not area:
        return ""
    description = area.get("description") or ""
    heading = t("drill.focus_area.heading", number=area["number"], name=text(area["name"]))
    return f"[b]{heading}[/b]\n{text(description)}"


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
        (t("col.period"), "period", text),
        (t("col.value"), "v", str),
        (t("col.previous"), "prev", str),
        (t("col.target"), "tgt", str),
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
