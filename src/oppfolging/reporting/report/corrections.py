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
from typing import Any

import polars as pl

from oppfolging.domain.changekey import decode_key, encode_key
from oppfolging.domain.periods import period_words
from oppfolging.domain.roundlock import LockInfo, corrections, lock_info
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


_TABLE_OF_KIND = {"indicator": "values", "measure": "measure_updates"}


def changes_without_correction(
    dataset: Dataset, live: Dataset, round_: str, differences: pl.DataFrame
) -> list[Correction]:
    """The round's figures that differ from the locked ones (`round_state.
    locked_differences`: what the app marks Δ) where no correction gives the live figure:
    a value registered for another period and shown in the round for information (an
    annual indicator's latest value in a tertial round; the lock guards only the round's
    own periods), a change after a correction, an item added or removed, a file edited by
    hand. Only what is known is said: the locked and the live figure; who and when are
    left empty (the change log cannot always tell which of its rows made a figure).
    Names come from the snapshot, else (an item added after the lock) from `live`; rows
    outside `dataset`'s plans (a report of one plan) are left out, as corrections are."""
    if round_lock(dataset, round_) is None or differences.is_empty():
        return []
    corrected = _corrected_figures(dataset, round_)
    names = _Names(dataset, live)
    found: list[Correction] = []
    for row in differences.iter_rows(named=True):
        table = _TABLE_OF_KIND[str(row["kind"])]
        ident = str(row["id"])
        unit = names.unit(ident) if table == "values" else ""
        live_text = _shown(table, row["live"], unit)
        if corrected.get((table, ident)) == live_text:
            continue  # the correction listed above gives this very figure
        plan, what = names.of(table, ident)
        if not plan:
            continue
        found.append(
            Correction(
                plan=plan,
                what=what,
                period=period_words(str(row["period"] or "")),
                locked=_shown(table, row["locked"], unit),
                corrected=live_text,
                reason=t("report.corrected.without"),
                by="",
                at=None,
            )
        )
    return found


def _corrected_figures(dataset: Dataset, round_: str) -> dict[tuple[str, str], str]:
    """(table, id) → the figure the latest correction of it wrote, as shown."""
    found: dict[tuple[str, str], str] = {}
    for event in corrections(dataset["round_events"], round_).iter_rows(named=True):
        table = str(event["table"] or "")
        if table not in ("values", "measure_updates"):
            continue
        key = decode_key(str(event["key"] or ""))
        ident = key.get("indicator_id") or key.get("measure_id") or ""
        column = SHOWN_COLUMN[table]
        written = _corrected_cell(dataset, round_, event, column)
        cell = _locked_cell(dataset, table, key, column) if written is None else written
        unit = _unit(dataset, key) if table == "values" else ""
        found[(table, ident)] = _shown(table, cell, unit)
    return found


class _Names:
    """Plan name and `Indikator: …` / `Tiltak: …` of indicators and measures, looked up
    in dictionaries made once (a list of thousands of rows at 1M values), in the snapshot
    first and then in the live dataset; the plan only when the snapshot has it."""

    def __init__(self, dataset: Dataset, live: Dataset) -> None:
        self.plans = _by_id(dataset.plans, "plan_id", "name")
        self.items = {
            "values": _items(live, dataset, "indicators", "indicator_id"),
            "measure_updates": _items(live, dataset, "measures", "measure_id"),
        }
        self.goals = {
            **_by_id(live.goals, "goal_id", "focus_area_id"),
            **_by_id(dataset.goals, "goal_id", "focus_area_id"),
        }
        self.areas = {
            **_by_id(live.focus_areas, "focus_area_id", "plan_id"),
            **_by_id(dataset.focus_areas, "focus_area_id", "plan_id"),
        }

    def of(self, table: str, ident: str) -> tuple[str, str]:
        item = self.items[table].get(ident, {})
        area = self.goals.get(str(item.get("goal_id") or ""), "")
        plan = self.plans.get(self.areas.get(area, ""), "")
        kind = "indicator" if table == "values" else "measure"
        return plan, _named(kind, item, "name")

    def unit(self, ident: str) -> str:
        return str(self.items["values"].get(ident, {}).get("unit") or "")


def _by_id(frame: pl.DataFrame, key: str, value: str) -> dict[str, str]:
    if key not in frame.columns or value not in frame.columns:
        return {}
    return {str(k): str(v or "") for k, v in frame.select(key, value).iter_rows()}


def _items(live: Dataset, dataset: Dataset, table: str, key: str) -> dict[str, dict[str, Any]]:
    wanted = (key, "name", "goal_id", "unit")
    found: dict[str, dict[str, Any]] = {}
    for source in (live, dataset):  # the snapshot's last: its names win
        frame = source[table]
        columns = [c for c in wanted if c in frame.columns]
        found.update({str(row[key]): row for row in frame.select(columns).iter_rows(named=True)})
    return found


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
