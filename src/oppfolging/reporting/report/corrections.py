"""The list "Korrigert etter låsing" of a locked round, in words.

A correction after the lock is a `correction` event in `round_events` (who, when, the
reason, the table and key of the row) saved in the same save as the row itself, so the
change log's rows of that save hold the corrected value. The locked value is the row as the
round's snapshot holds it. `dataset` is what `store.snapshot.open_round` gives for a locked
round: the snapshot's tables with the live `round_events` and `changes`.

Nothing here shows a change-log key: each correction names its plan, the indicator, measure
or assessed goal / focus area / plan, and the period in words (`1. tertial 2026`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import polars as pl

from oppfolging.domain.changekey import decode_key, encode_key
from oppfolging.domain.periods import period_words
from oppfolging.domain.roundlock import LockInfo, corrections, lock_info, round_of_text
from oppfolging.fmt import format_date, format_value
from oppfolging.i18n import status_label, t
from oppfolging.reporting.report.model import Correction
from oppfolging.store.model import Dataset

SHOWN_COLUMN = {"values": "value", "measure_updates": "status", "assessments": "status"}
"""The cell a correction's locked → corrected value shows, per guarded table."""


def round_lock(dataset: Dataset, round_: str) -> LockInfo | None:
    """The round's lock (None when it is open)."""
    return lock_info(dataset["round_events"], round_)


def corrections_after_lock(dataset: Dataset, round_: str) -> list[Correction]:
    """The corrections registered after the round's current lock, oldest first; empty
    when the round is not locked. A correction of a row outside `dataset`'s plans (a
    report of one plan) is left out."""
    rows = corrections(dataset["round_events"], round_)
    found = (_correction(dataset, round_, row) for row in rows.iter_rows(named=True))
    return [correction for correction in found if correction.plan]


_TABLE_OF_KIND = {
    "indicator": ("values", "indicator_id"),
    "measure": ("measure_updates", "measure_id"),
}


def changes_without_correction(
    dataset: Dataset, round_: str, differences: pl.DataFrame, live_changes: pl.DataFrame
) -> list[Correction]:
    """The round's figures that differ from the locked ones (`round_state.
    locked_differences`, the rows the app marks Δ) where no correction explains it: a
    value registered for another period and shown in the round for information (an annual
    indicator's latest value in a tertial round; the lock guards only the round's own
    periods), or a file changed outside the tool. Who and when come from the change log
    (`live_changes`), when it holds the change. Rows outside `dataset`'s plans are left
    out, as corrections are."""
    lock = round_lock(dataset, round_)
    if lock is None or differences.is_empty():
        return []
    corrected = {
        (str(row["table"] or ""), decode_key(str(row["key"] or "")).get(column, ""))
        for row in corrections(dataset["round_events"], round_).iter_rows(named=True)
        for column in ("indicator_id", "measure_id")
    }
    found: list[Correction] = []
    for row in differences.iter_rows(named=True):
        table, column = _TABLE_OF_KIND[str(row["kind"])]
        ident, period = str(row["id"]), str(row["period"] or "")
        if (table, ident) in corrected:
            continue
        plan, what = _what(dataset, table, {column: ident})
        if not plan:
            continue
        unit = _unit(dataset, {"indicator_id": ident}) if table == "values" else ""
        key = encode_key({column: ident, "period": period})
        by, at = _last_change(live_changes, table, key, lock.at)
        own = round_of_text(period) == round_
        reason = (
            t("report.corrected.by_hand")
            if own or at is None
            else t("report.corrected.outside_round", period=period_words(period))
        )
        locked, live = _shown(table, row["locked"], unit), _shown(table, row["live"], unit)
        found.append(Correction(plan, what, period_words(period), locked, live, reason, by, at))
    return found


def _last_change(
    changes: pl.DataFrame, table: str, key: str, after: datetime
) -> tuple[str, datetime | None]:
    """Who made the last logged change of the row after `after`, and when."""
    if changes.is_empty() or "key" not in changes.columns:
        return "", None
    rows = changes.filter(
        (pl.col("table") == table) & (pl.col("key") == key) & (pl.col("at") > after)
    )
    if rows.is_empty():
        return "", None
    last = rows.row(rows.height - 1, named=True)
    return str(last["user"] or ""), last["at"]


def _correction(dataset: Dataset, round_: str, event: Mapping[str, Any]) -> Correction:
    table = str(event["table"] or "")
    key = decode_key(str(event["key"] or ""))
    plan, what = _what(dataset, table, key)
    period = key.get("period") or key.get("round") or round_
    column = SHOWN_COLUMN.get(table, "")
    locked = _locked_cell(dataset, table, key, column)
    corrected = _corrected_cell(dataset, round_, event, column)
    unit = _unit(dataset, key) if table == "values" else ""
    return Correction(
        plan=plan,
        what=what,
        period=period_words(period),
        locked=_shown(table, locked, unit),
        corrected=_shown(table, corrected if corrected is not None else locked, unit),
        reason=str(event["reason"] or ""),
        by=str(event["by"] or ""),
        at=event["at"],
    )


def _what(dataset: Dataset, table: str, key: Mapping[str, str]) -> tuple[str, str]:
    """(plan name, `Indikator: name` / `Tiltak: name` / `Vurdering av målet: text`)."""
    if table == "values":
        row = _row(dataset["indicators"], "indicator_id", key.get("indicator_id", ""))
        return _plan_of_goal(dataset, row.get("goal_id")), _named("indicator", row, "name")
    if table == "measure_updates":
        row = _row(dataset["measures"], "measure_id", key.get("measure_id", ""))
        return _plan_of_goal(dataset, row.get("goal_id")), _named("measure", row, "name")
    level, target = key.get("level", ""), key.get("target_id", "")
    if level == "goal":
        row = _row(dataset["goals"], "goal_id", target)
        return _plan_of_goal(dataset, target), _named("assessment.goal", row, "text")
    if level == "focus_area":
        row = _row(dataset["focus_areas"], "focus_area_id", target)
        plan = _row(dataset["plans"], "plan_id", str(row.get("plan_id") or ""))
        return str(plan.get("name") or ""), _named("assessment.focus_area", row, "name")
    plan = _row(dataset["plans"], "plan_id", target)
    return str(plan.get("name") or ""), t("report.corrected.assessment.plan")


def _named(kind: str, row: Mapping[str, Any], column: str) -> str:
    return f"{t(f'report.corrected.{kind}')}: {' '.join(str(row.get(column) or '').split())}"


def _row(frame: pl.DataFrame, column: str, value: str) -> dict[str, Any]:
    rows = frame.filter(pl.col(column) == value)
    return rows.row(0, named=True) if rows.height else {}


def _plan_of_goal(dataset: Dataset, goal_id: object) -> str:
    goal = _row(dataset["goals"], "goal_id", str(goal_id or ""))
    area = _row(dataset["focus_areas"], "focus_area_id", str(goal.get("focus_area_id") or ""))
    plan = _row(dataset["plans"], "plan_id", str(area.get("plan_id") or ""))
    return str(plan.get("name") or "")


def _unit(dataset: Dataset, key: Mapping[str, str]) -> str:
    row = _row(dataset["indicators"], "indicator_id", key.get("indicator_id", ""))
    return str(row.get("unit") or "")


def _locked_cell(dataset: Dataset, table: str, key: Mapping[str, str], column: str) -> object:
    """The cell as the snapshot holds it (None when the row was not there at the lock)."""
    if not column or table not in dataset.frames:
        return None
    frame = dataset[table]
    match = pl.lit(True)
    for name, value in key.items():
        if name not in frame.columns:
            return None
        match = match & (pl.col(name).cast(pl.String) == value)
    rows = frame.filter(match)
    return rows.row(0, named=True).get(column) if rows.height else None


def _corrected_cell(
    dataset: Dataset, round_: str, event: Mapping[str, Any], column: str
) -> str | None:
    """The cell as the correction's save wrote it, from the change log: the rows of the
    save that wrote this correction event (None when that save did not change the cell,
    e.g. only the comment)."""
    changes = dataset.frames.get("changes")
    if changes is None or changes.is_empty() or not column:
        return None
    event_key = encode_key({"round": round_, "seq": str(event["seq"])})
    saves = changes.filter((pl.col("table") == "round_events") & (pl.col("key") == event_key))
    if saves.is_empty():
        return None
    at = saves["at"][0]
    cells = changes.filter(
        (pl.col("at") == at)
        & (pl.col("table") == str(event["table"]))
        & (pl.col("key") == str(event["key"]))
        & (pl.col("column") == column)
    )
    return str(cells["new"][-1] or "") if cells.height else None


def _shown(table: str, cell: object, unit: str) -> str:
    """A value with its unit (`350 dager`), a status with symbol and word; `–` for none."""
    if cell is None or cell == "":
        return "–"
    if table == "values":
        try:
            number = float(str(cell))
        except ValueError:
            return str(cell)
        return "–" if math.isnan(number) else format_value(number, unit)
    return status_label(str(cell))


def lock_summary(dataset: Dataset, round_: str) -> str:
    """`Låst 12.05.2026 av Kari – tallene er fra låsingen; 2 korrigeringer etter låsing`;
    empty for an open round."""
    lock = round_lock(dataset, round_)
    if lock is None:
        return ""
    count = len(corrections_after_lock(dataset, round_))
    counted = t("round.corrections.one") if count == 1 else t("round.corrections.many", count=count)
    return f"{t('report.locked', date=format_date(lock.at), name=lock.by)}; {counted}"
