"""The lock's guard on every save: a registration for a locked round's periods is refused
unless it is a correction with a reason; a correction is saved with one `correction` event
per row, in the same save (so the value and its reason are written together or not at all).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import polars as pl

from oppfolging.domain.changekey import encode_key
from oppfolging.domain.periods import round_text
from oppfolging.domain.roundlock import GUARDED_TABLES, LockInfo, lock_info, next_seq, round_of_text
from oppfolging.i18n import t
from oppfolging.registration.checks import RegistrationError
from oppfolging.store.load import read_table
from oppfolging.store.write import RowEdit


class RoundLocked(RegistrationError):  # noqa: N818 (like RegistrationError's callers expect)
    """A registration for a locked round without a correction reason."""


def event_edit(
    round_: str, seq: int, kind: str, user: str, now: datetime, **cells: str | None
) -> RowEdit:
    """The insert of one round event (`expected=None`: a taken number is a conflict)."""
    new: dict[str, object] = {
        "kind": kind,
        "by": user,
        "at": now.replace(microsecond=0, tzinfo=None),
        **cells,
    }
    return RowEdit("round_events", {"round": round_, "seq": str(seq)}, new, None)


def round_of_edit(edit: RowEdit) -> str | None:
    """The round an edit of a guarded table registers for (None for other tables)."""
    column = GUARDED_TABLES.get(edit.table)
    if column is None:
        return None
    text = edit.key.get(column)
    if text is None and edit.new is not None:
        text = str(edit.new.get(column) or "")
    return round_of_text(str(text or ""))


def locked_message(round_: str, lock: LockInfo) -> str:
    """Why a registration is refused, and what to do (the CLI and the app show it alike)."""
    when = lock.at.strftime("%d.%m.%Y %H:%M")
    return t("registration.locked", round=round_text(round_), by=lock.by, when=when)


def period_lock(events: pl.DataFrame, period: str) -> tuple[str, LockInfo] | None:
    """The round `period` belongs to and its lock, when that round is locked."""
    round_ = round_of_text(period)
    if round_ is None:
        return None
    lock = lock_info(events, round_)
    return None if lock is None else (round_, lock)


def correction_reason(locked: tuple[str, LockInfo] | None, reason: str) -> str | None:
    """The correction reason to save with: None for an open round; for a locked one the
    reason, or `RoundLocked` (the same message as the save's own guard) when it is empty."""
    if locked is None:
        return None
    if not reason.strip():
        raise RoundLocked(locked_message(*locked))
    return reason.strip()


def describe_event(cells: Mapping[str, str]) -> str:
    """A saved round event as one line in words (`cells`: its key and the cells saved)."""
    round_words = round_text(cells.get("round", ""))
    kind = cells.get("kind", "")
    if kind == "correction":
        return t("registration.event.correction", round=round_words, reason=cells.get("reason", ""))
    if kind == "lock":
        return t("registration.event.lock", round=round_words)
    if kind == "unlock":
        return t("registration.event.unlock", round=round_words, reason=cells.get("reason", ""))
    event = "registration.event.ready" if kind == "ready" else "registration.event.not_ready"
    return t(event, unit=cells.get("unit", ""), round=round_words)


def guarded_edits(
    folder: Path, edits: list[RowEdit], correction: str | None, user: str, now: datetime
) -> list[RowEdit]:
    """`edits`, plus a correction event for each edit of a locked round; `RoundLocked`
    when an edit is for a locked round and `correction` is empty."""
    rounds = {r for r in map(round_of_edit, edits) if r is not None}
    if not rounds:
        return edits
    events, _, _ = read_table(folder, "round_events")
    locks = {r: lock for r in rounds if (lock := lock_info(events, r)) is not None}
    if not locks:
        return edits
    reason = (correction or "").strip()
    if not reason:
        round_, lock = sorted(locks.items())[0]
        raise RoundLocked(locked_message(round_, lock))
    return edits + _correction_events(events, edits, locks, reason, user, now)


def _correction_events(
    events: pl.DataFrame,
    edits: list[RowEdit],
    locks: dict[str, LockInfo],
    reason: str,
    user: str,
    now: datetime,
) -> list[RowEdit]:
    seqs = {r: next_seq(events, r) for r in locks}
    added: list[RowEdit] = []
    for edit in edits:
        round_ = round_of_edit(edit)
        if round_ not in locks:
            continue
        key = encode_key(edit.key)
        added.append(
            event_edit(round_, seqs[round_], "correction", user, now,
                       reason=reason, table=edit.table, key=key)
        )  # fmt: skip
        seqs[round_] += 1
    return added


def refuse_round_events(tables: list[str]) -> None:
    """Round events are not undone (a lock is lifted with `round unlock` and a reason)."""
    if "round_events" in tables:
        raise RegistrationError(t("registration.events_not_undone"))
