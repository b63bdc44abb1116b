"""The round workflow's rules: which round a period belongs to, and what a round's events
(`round_events`, see `domain.schema`) say about it — which units are ready, whether the
round is locked and by whom, and which registrations were corrections after the lock.

Pure functions over the events frame; the registration service writes the events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from oppfolging.domain.periods import Period, parse_period

GUARDED_TABLES = {"values": "period", "measure_updates": "period", "assessments": "round"}
"""The tables a lock guards, and the column that names each row's period or round."""


@dataclass(frozen=True)
class LockInfo:
    """A locked round: the lock event's number (its snapshot's name), who and when."""

    seq: int
    by: str
    at: datetime


@dataclass(frozen=True)
class ReadyInfo:
    """A unit that has marked its part of a round ready."""

    unit: str
    by: str
    at: datetime


def round_of_period(period: Period) -> Period:
    """The round that reports `period`: a tertial T1/T2 its own round, T3 and the year the
    annual round (`2026-T3` → `2026`, `2026` → `2026`)."""
    if period.tertial in (1, 2):
        return period
    return Period(period.year)


def round_of_text(text: str) -> str | None:
    """`round_of_period` of a period or round written as text; None when not a period."""
    try:
        return str(round_of_period(parse_period(text)))
    except ValueError:
        return None


def events_for(events: pl.DataFrame, round_: str) -> pl.DataFrame:
    """The round's events, oldest first."""
    return events.filter(pl.col("round") == round_).sort("seq")


def next_seq(events: pl.DataFrame, round_: str) -> int:
    """The number the round's next event gets."""
    seqs = events.filter(pl.col("round") == round_).get_column("seq").drop_nulls().to_list()
    return max((int(seq) for seq in seqs), default=0) + 1


def lock_info(events: pl.DataFrame, round_: str) -> LockInfo | None:
    """The round's lock when its last lock or unlock event is a lock, else None."""
    rows = events_for(events, round_).filter(pl.col("kind").is_in(["lock", "unlock"]))
    if rows.is_empty():
        return None
    last = rows.row(-1, named=True)
    if last["kind"] != "lock":
        return None
    return LockInfo(int(last["seq"]), str(last["by"]), last["at"])


def ready_units(events: pl.DataFrame, round_: str) -> dict[str, ReadyInfo]:
    """The units whose last ready or unready event for the round is `ready`."""
    rows = events_for(events, round_).filter(pl.col("kind").is_in(["ready", "unready"]))
    last = rows.filter(pl.col("unit").is_not_null()).unique("unit", keep="last")
    return {
        str(row["unit"]): ReadyInfo(str(row["unit"]), str(row["by"]), row["at"])
        for row in last.filter(pl.col("kind") == "ready").to_dicts()
    }


def corrections(events: pl.DataFrame, round_: str) -> pl.DataFrame:
    """The round's corrections after its current lock: seq, at, by, table, key, reason
    (oldest first); none when the round is not locked (those of an earlier lock were
    taken into the snapshot of the next one)."""
    lock = lock_info(events, round_)
    rows = events_for(events, round_).filter(
        (pl.col("kind") == "correction") & (pl.col("seq") > (lock.seq if lock else 0))
    )
    if lock is None:
        rows = rows.clear()
    return rows.select("seq", "at", "by", "table", "key", "reason")
