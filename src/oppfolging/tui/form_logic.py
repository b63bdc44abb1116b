"""What the registration forms decide, without Textual: parsing and checking a typed value,
the status it would get, the edits handed to `save_edits`, and the worklist's rows.

Headless on purpose, so every rule here is tested without an app and the screens stay thin.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import polars as pl

from oppfolging import registration
from oppfolging.domain.changekey import key_field_expr, key_prefix
from oppfolging.domain.periods import parse_period
from oppfolging.domain.previous import Previous, previous_value
from oppfolging.domain.roundlock import LockInfo
from oppfolging.domain.rules import indicator_status
from oppfolging.fmt import format_date, format_number
from oppfolging.i18n import t
from oppfolging.registration import Conflict, RowEdit, period_lock
from oppfolging.reporting.history import indicator_definition
from oppfolging.reporting.rollup import missing_items
from oppfolging.reporting.round import RoundResult
from oppfolging.session import Session

MEASURE_CODES = ("not_started", "in_progress", "completed", "delayed", "cancelled")
"""The five measure statuses a user can register."""

NEEDS_COMMENT = ("delayed", "cancelled")
"""Statuses that must be explained with a comment."""


class ValueRejectedError(ValueError):
    """A typed value that cannot be saved; the message is Norwegian, shown by the field."""


@dataclass(frozen=True)
class ValueContext:
    """What the value form shows and needs: the indicator, its period and what is there."""

    indicator_id: str
    name: str
    unit: str
    direction: str
    period: str
    definition: dict[str, Any]
    previous_value: float | None
    existing: dict[str, Any] | None
    """The registered row (value, comment) as the form showed it, None when there is none."""
    tolerance: float
    """The at-risk band the round table uses: the indicator's own, else the dataset default."""
    previous: Previous | None = None
    """The previous value as the round table defines it (`domain.previous`)."""
    locked: tuple[str, LockInfo] | None = None
    """The period's round and its lock when that round is locked: a save is a correction."""

    @property
    def existing_text(self) -> str:
        """The registered value as the form's field starts with it (`12,5`), or ''."""
        value = (self.existing or {}).get("value")
        return format_number(value) if value is not None else ""


@dataclass(frozen=True)
class MeasureContext:
    """What the measure form shows and needs."""

    measure_id: str
    name: str
    period: str
    existing: dict[str, Any] | None
    previous_period: str | None = None
    """The latest earlier period with a registered status (None: none yet)."""
    previous_status: str | None = None
    """Its status code."""
    locked: tuple[str, LockInfo] | None = None
    """The period's round and its lock when that round is locked: a save is a correction."""


def value_context(session: Session, indicator_id: str, period: str) -> ValueContext:
    """The indicator's definition and its value in `period` and the period before."""
    definition = indicator_definition(session.dataset, indicator_id, session.settings)
    values = session.dataset.values.filter(pl.col("indicator_id") == indicator_id)
    row = _row(values.filter(pl.col("period") == period))
    previous = previous_value(values, indicator_id, period)
    return ValueContext(
        indicator_id=indicator_id,
        name=str(definition.get("indicator") or indicator_id),
        unit=str(definition.get("unit") or ""),
        direction=str(definition.get("direction") or "higher"),
        period=period,
        definition=definition,
        previous_value=None if previous is None else previous.value,
        existing=None if row is None else {"value": row["value"], "comment": row["comment"]},
        tolerance=_tolerance(definition, session.settings.default_tolerance),
        previous=previous,
        locked=period_lock(session.dataset["round_events"], period),
    )


def _tolerance(definition: dict[str, Any], default: float) -> float:
    """The tolerance `indicator_base` filled in (the default only when there is no row)."""
    tolerance = definition.get("tolerance")
    return default if tolerance is None else float(tolerance)


def measure_context(session: Session, measure_id: str, period: str) -> MeasureContext:
    """The measure's name and its update for `period`, if any."""
    measures = session.dataset.measures.filter(pl.col("measure_id") == measure_id)
    updates = session.dataset.measure_updates.filter(
        pl.col("measure_id") == measure_id, pl.col("period") == period
    )
    row = _row(updates)
    name = str(measures["name"][0]) if measures.height else measure_id
    existing = None if row is None else {"status": row["status"], "comment": row["comment"]}
    earlier = session.dataset.measure_updates.filter(
        pl.col("measure_id") == measure_id,
        pl.col("period") < period,
        pl.col("status").is_not_null(),
    ).sort("period")
    last = _row(earlier.tail(1))
    previous = (str(last["period"]), str(last["status"])) if last else (None, None)
    locked = period_lock(session.dataset["round_events"], period)
    return MeasureContext(
        measure_id, name, period, existing, previous[0], previous[1], locked=locked
    )


def _row(frame: pl.DataFrame) -> dict[str, Any] | None:
    return frame.row(0, named=True) if frame.height else None


def check_value(text: str, context: ValueContext) -> float:
    """The number typed (`12,5`, `12.5`, `1 234`, `12,5 %`), checked by the registration
    service's rules (the same as `oppfolging set` and `import`); `ValueRejectedError` with
    the service's reason when impossible."""
    if not text.strip():
        raise ValueRejectedError(t("form.value.required"))
    indicator = {"unit": context.unit, **context.definition}
    try:
        return registration.checked_value(indicator, text)
    except registration.RegistrationError as error:
        raise ValueRejectedError(str(error)) from error


@dataclass(frozen=True)
class ValueDecision:
    """What saving the typed value means: an edit, maybe after a question, or a reason."""

    edit: RowEdit | None
    rejected: str | None = None
    """Why nothing can be saved (shown by the field)."""
    implausible: str | None = None
    """Why the user is asked first: the registration service's plausibility message."""


def decide_value(
    context: ValueContext, text: str, comment: str, user: str, limit: float | None
) -> ValueDecision:
    """The form's decision on save: the same checks and messages as `set` and `import`."""
    try:
        value = check_value(text, context)
    except ValueRejectedError as problem:
        return ValueDecision(None, rejected=str(problem))
    implausible = registration.implausible_message(value, context.previous, limit)
    return ValueDecision(value_edit(context, value, comment, user), implausible=implausible)


def preview_status(context: ValueContext, value: float) -> str:
    """The status the value would get in its period (the round table's own rule)."""
    d = context.definition
    return indicator_status(
        value,
        d.get("baseline"),
        d.get("target"),
        context.direction,
        context.tolerance,
        d.get("baseline_year"),
        d.get("target_year"),
        parse_period(context.period).end_date,
        due=True,
    )


def value_edit(context: ValueContext, value: float | None, comment: str, user: str) -> RowEdit:
    """The edit that saves (or, with `value=None`, deletes) the value the form showed."""
    key = {"indicator_id": context.indicator_id, "period": context.period}
    if value is None:
        return RowEdit("values", key, None, context.existing)
    new: dict[str, object] = {"value": value, **_comment_if_changed(context.existing, comment)}
    new.update(registered_by=user, registered_at=datetime.now().replace(microsecond=0))
    return RowEdit("values", key, new, context.existing)


def _comment_if_changed(existing: dict[str, Any] | None, comment: str) -> dict[str, object]:
    """`{"comment": …}` when the typed comment differs from the registered one, else `{}`:
    an edit holds only the cells the user changed, so it never overwrites (or conflicts
    with) a comment someone else saved meanwhile."""
    typed = comment.strip() or None
    if existing is not None and (existing.get("comment") or None) == typed:
        return {}
    return {"comment": typed}


def check_measure(status: str | None, comment: str) -> None:
    """`ValueRejectedError` when no status is chosen or a required comment is missing."""
    if status not in MEASURE_CODES:
        raise ValueRejectedError(t("form.status.required"))
    if status in NEEDS_COMMENT and not comment.strip():
        raise ValueRejectedError(t("form.comment.required"))


def measure_edit(context: MeasureContext, status: str, comment: str, user: str) -> RowEdit:
    """The edit that saves the measure's update for the period."""
    key = {"measure_id": context.measure_id, "period": context.period}
    new: dict[str, object] = {"status": status, **_comment_if_changed(context.existing, comment)}
    new.update(registered_by=user, registered_at=datetime.now().replace(microsecond=0))
    return RowEdit("measure_updates", key, new, context.existing)


def overwrite_edit(edit: RowEdit, conflicts: list[Conflict]) -> RowEdit:
    """The same edit, now expecting what the other user saved (to overwrite it knowingly)."""
    seen = {**(edit.expected or {}), **{c.column: c.current for c in conflicts}}
    return replace(edit, expected=seen)


# --- the worklist -------------------------------------------------------------------------


def worklist_frame(
    result: RoundResult, unit: str | None, provided: frozenset[str] = frozenset()
) -> pl.DataFrame:
    """What is due and not registered in the round, deadline first: `rollup.missing_items`
    (the list `oppfolging missing` prints) with the worklist's row keys. Indicators in
    `provided` (their figures come from an SSB import) are not asked for.

    Columns: key (`i:<id>`/`m:<id>`), kind, name, period, responsible, deadline, late
    (the registration deadline has passed).
    """
    items = missing_items(result, unit or None)
    if provided:
        asked = (pl.col("kind") != "indicator") | ~pl.col("id").is_in(sorted(provided))
        items = items.filter(asked)
    return items.select(
        key=pl.format("{}:{}", pl.col("kind").str.slice(0, 1), pl.col("id")),
        kind=pl.col("kind"),
        name=pl.col("name"),
        period=pl.col("period"),
        responsible=pl.col("responsible"),
        deadline=pl.col("deadline"),
        late=pl.col("overdue_for_registration"),
    )


def deadline_text(deadline: date | None, late: bool | None) -> str:
    """`15.05.2026 ✖ frist passert`: the mark is a symbol and a word, never colour alone."""
    text = format_date(deadline) if deadline is not None else "–"
    return t("worklist.late", date=text) if late else text


# --- the change history -------------------------------------------------------------------


def item_changes(changes: pl.DataFrame, key: str) -> pl.DataFrame:
    """The change rows of `i:<id>` or `m:<id>`, newest first, with the period from the key."""
    kind, _, item_id = key.partition(":")
    table, column = ("values", "indicator_id") if kind == "i" else ("measure_updates", "measure_id")
    prefix = key_prefix(column, item_id)
    return (
        changes.filter(pl.col("table") == table, pl.col("key").str.starts_with(prefix))
        .with_columns(period=key_field_expr(pl.col("key"), "period"))
        .with_row_index("_order")
        .sort("at", "_order", descending=True)
        .drop("_order")
    )
