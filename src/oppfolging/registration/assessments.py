"""Registering an assessment (issue 10): a round's text and status for a goal, a focus area
or a plan, checked and saved through `service.save` (logged, conflict-checked, undoable;
a save that changes nothing writes nothing).

The suggested status is computed by `reporting.assessments` (from the round table: the one
place a round's numbers are computed) and handed in by the caller; it is stored with the
assessment, so the file itself shows what the person overrode.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import polars as pl

from oppfolging.domain.periods import parse_round
from oppfolging.domain.planlife import plan_in_round_expr, plan_life_text
from oppfolging.domain.schema import ASSESSMENT_LEVELS, GOAL_STATUSES, TABLES
from oppfolging.i18n import status_label, t
from oppfolging.registration import service
from oppfolging.registration.checks import RegistrationError, checked_round
from oppfolging.registration.edits import CURRENT, Expected, current_row, moment
from oppfolging.store.load import read_table
from oppfolging.store.write import RowEdit, SaveResult

LEVEL_TABLES = {"plan": "plans", "focus_area": "focus_areas", "goal": "goals"}
"""The table whose id an assessment's `target_id` is, by level."""

_LEVEL_WORDS = {
    "plan": "registration.level.plan",
    "focus_area": "registration.level.focus_area",
    "goal": "registration.level.goal",
}


def assessment_edit(
    round_: str,
    level: str,
    target_id: str,
    status: str | None,
    text: str | None,
    reason: str | None,
    user: str,
    now: datetime,
    *,
    suggested: str | None,
    outline: Mapping[str, pl.DataFrame],
    expected: dict[str, object] | None = None,
) -> RowEdit:
    """The edit of one assessment (`RegistrationError` for a bad level or status, a target
    whose plan is not in the round — `check_in_round` on `outline`, the dataset's `plans`,
    `focus_areas` and `goals` —, or a status that differs from `suggested` without a
    reason). An empty status means "none given": the report shows the suggestion."""
    if level not in ASSESSMENT_LEVELS:
        raise RegistrationError(
            t("registration.unknown_level", level=level, levels=", ".join(ASSESSMENT_LEVELS))
        )
    check_in_round(outline, checked_round(round_), level, target_id)
    status = (status or "").strip() or None
    for code in (status, suggested):
        if code is not None and code not in GOAL_STATUSES:
            raise RegistrationError(
                t("registration.unknown_assessment_status", code=code, choices=_status_choices())
            )
    why = (reason or "").strip() or None
    if status is not None and suggested is not None and status != suggested and why is None:
        raise RegistrationError(
            t(
                "registration.status_differs",
                status=status_label(status),
                suggested=status_label(suggested),
            )
        )
    new: dict[str, object] = {
        "status": status,
        "suggested": suggested,
        "text": _text(text),
        "reason": why,
        "registered_by": user,
        "registered_at": moment(now),
    }
    key = {"round": checked_round(round_), "level": level, "target_id": target_id.strip()}
    return RowEdit("assessments", key, new, expected)


def _status_choices() -> str:
    """`reached (✔ nådd), on_track (● på sporet), …`: the codes to type, with their words."""
    return ", ".join(f"{code} ({status_label(code)})" for code in GOAL_STATUSES)


def _text(text: str | None) -> str | None:
    """The assessment as typed: line ends made `\\n`, trailing space trimmed, empty = None."""
    if text is None:
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    joined = "\n".join(line.rstrip() for line in lines).strip("\n")
    return joined if joined.strip() else None


def check_target(folder: Path, level: str, target_id: str) -> None:
    """`RegistrationError` when `target_id` is no id of the level's table."""
    table = LEVEL_TABLES.get(level)
    if table is None:
        raise RegistrationError(
            t("registration.unknown_level", level=level, levels=", ".join(ASSESSMENT_LEVELS))
        )
    frame, _, _ = read_table(folder, table)
    column = TABLES[table].key[0]
    if frame.filter(pl.col(column) == target_id.strip()).is_empty():
        raise RegistrationError(
            t("registration.target_missing", what=t(_LEVEL_WORDS[level]), target=target_id)
        )


def _plan_id_of(outline: Mapping[str, pl.DataFrame], level: str, target_id: str) -> str | None:
    """The plan a goal, focus area or plan belongs to (None when the target is unknown)."""
    target_id = target_id.strip()
    if level == "goal":
        goals = outline["goals"].filter(pl.col("goal_id") == target_id)
        if goals.is_empty():
            return None
        level, target_id = "focus_area", str(goals["focus_area_id"][0])
    if level == "focus_area":
        areas = outline["focus_areas"].filter(pl.col("focus_area_id") == target_id)
        return None if areas.is_empty() else str(areas["plan_id"][0])
    return target_id


def check_in_round(
    outline: Mapping[str, pl.DataFrame], round_: str, level: str, target_id: str
) -> None:
    """`RegistrationError` when the target's plan is not in `round_` (`domain.planlife`: an
    adopted plan, the round's year within its period, adopted by the round's end): its
    goals and focus areas are not followed up there, so no report would show the
    assessment. An unknown target is left to `check_target`."""
    plan_id = _plan_id_of(outline, level, target_id)
    plans = outline["plans"].filter(pl.col("plan_id") == plan_id)
    if plan_id is None or plans.is_empty():
        return
    period = parse_round(round_)
    if plans.select(plan_in_round_expr(period)).item():
        return
    plan = plans.row(0, named=True)
    words = {
        "what": t(_LEVEL_WORDS[level]),
        "target": target_id.strip(),
        "round": period.round_label,
        "life": plan_life_text(plan),
    }
    if level != "plan":
        message = t("registration.target_in_plan_not_in_round", plan=plan["name"], **words)
    else:
        message = t("registration.target_not_in_round", **words)
    raise RegistrationError(message)


def register_assessment(
    folder: Path,
    round_: str,
    level: str,
    target_id: str,
    status: str | None,
    text: str | None,
    reason: str | None,
    user: str,
    now: datetime,
    expected: Expected = CURRENT,
    *,
    suggested: str | None,
    describe: bool = False,
    correction: str | None = None,
) -> SaveResult:
    """Check and save one assessment; `expected` is what the user saw (`CURRENT`: the row
    in the file now, as on the command line). An unchanged save writes nothing.
    `describe`: see `service.save`; `correction`: the reason, for a locked round."""
    check_target(folder, level, target_id)
    outline = {name: read_table(folder, name)[0] for name in ("plans", "focus_areas", "goals")}
    edit = assessment_edit(
        round_, level, target_id, status, text, reason, user, now,
        suggested=suggested, outline=outline,
    )  # fmt: skip
    seen = current_row(folder, edit.table, edit.key) if expected == CURRENT else expected
    edits = [RowEdit(edit.table, edit.key, edit.new, seen)]
    return service.save(folder, edits, user, now, correction=correction, describe=describe)
