"""A round's workflow state, headless: the lock, the units and their ready flags, and the
counts of what is registered (values, measure updates, assessments when the dataset has
them). `oppfolging round status` and the round screen both read `round_state`.

For the report: `open_round_dataset` (the snapshot of a locked round), `corrections_after_lock`
(the list "korrigert etter låsing") and `locked_differences` (rows whose live figure differs
from the locked one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from oppfolging.domain.periods import Period
from oppfolging.domain.roundlock import LockInfo, ReadyInfo, corrections, lock_info, ready_units
from oppfolging.i18n import t
from oppfolging.reporting.round import RoundResult, compute_round
from oppfolging.settings import DatasetSettings
from oppfolging.store.load import load_dataset, read_table
from oppfolging.store.model import Dataset
from oppfolging.store.snapshot import RoundSource, open_round, open_round_dataset

__all__ = [
    "RoundSource",
    "RoundState",
    "UnitState",
    "corrections_after_lock",
    "locked_differences",
    "open_round",
    "open_round_dataset",
    "round_state",
]


@dataclass(frozen=True)
class UnitState:
    """One responsible unit in a round: its ready mark and what it has registered."""

    unit: str
    ready: ReadyInfo | None
    values_due: int
    values_registered: int
    updates_due: int
    updates_registered: int


@dataclass(frozen=True)
class RoundState:
    """A round's workflow state (see the module docstring)."""

    round: str
    lock: LockInfo | None
    units: tuple[UnitState, ...]
    values_due: int
    values_registered: int
    updates_due: int
    updates_registered: int
    assessments: int | None
    """The round's assessments; None when the dataset has no assessments table."""
    corrections: int

    @property
    def ready_count(self) -> int:
        """How many units have marked their part ready."""
        return sum(1 for unit in self.units if unit.ready is not None)


def no_unit() -> str:
    """The unit shown for indicators and measures without a `responsible` ("(uten enhet)"),
    in the current language: the state is computed when shown."""
    return t("round.unit.none")


def round_state(
    dataset: Dataset, round_: Period, as_of: date, settings: DatasetSettings
) -> RoundState:
    """The round's state from `dataset` (the live one: what is registered now)."""
    result = compute_round(dataset, round_, as_of, settings)
    values = _counts(result.indicators, pl.col("due"), pl.col("value").is_not_null())
    updates = _counts(
        result.measures, pl.col("update_due") | pl.col("registered"), pl.col("registered")
    )
    events = dataset["round_events"]
    key = str(round_)
    ready = ready_units(events, key)
    none = no_unit()
    names = sorted((set(values) | set(updates) | set(ready)) - {none}) + (
        [none] if none in values or none in updates else []
    )
    units = tuple(
        UnitState(name, ready.get(name), *values.get(name, (0, 0)), *updates.get(name, (0, 0)))
        for name in names
    )
    return RoundState(
        round=key,
        lock=lock_info(events, key),
        units=units,
        values_due=sum(u.values_due for u in units),
        values_registered=sum(u.values_registered for u in units),
        updates_due=sum(u.updates_due for u in units),
        updates_registered=sum(u.updates_registered for u in units),
        assessments=_assessments(dataset, key),
        corrections=corrections(events, key).height,
    )


def _counts(frame: pl.DataFrame, due: pl.Expr, done: pl.Expr) -> dict[str, tuple[int, int]]:
    """(due, registered among the due) per responsible unit."""
    grouped = (
        frame.with_columns(
            pl.col("responsible").fill_null(no_unit()).alias("__unit"),
            due.fill_null(False).alias("__due"),
        )
        .group_by("__unit")
        .agg(pl.col("__due").sum().alias("due"), (pl.col("__due") & done).sum().alias("done"))
    )
    return {str(u): (int(d), int(n)) for u, d, n in grouped.rows()}


def _assessments(dataset: Dataset, round_: str) -> int | None:
    """The round's assessment rows, when the dataset has an assessments table."""
    frame = dataset.frames.get("assessments")
    if frame is None or "round" not in frame.columns:
        return None
    return frame.filter(pl.col("round") == round_).height


def corrections_after_lock(folder: Path, round_: str) -> pl.DataFrame:
    """The round's registrations corrected after the lock: at, by, table, key, reason."""
    events, _, _ = read_table(folder, "round_events")
    return corrections(events, round_)


def locked_differences(
    folder: Path,
    round_: Period,
    as_of: date,
    settings: DatasetSettings,
    live: RoundResult | None = None,
) -> pl.DataFrame:
    """For a locked round, the rows whose live figure differs from the locked one:
    kind (`indicator`/`measure`), id, locked, live (as text), and the period, plan and
    focus area of the live figure (else of the locked one: an item removed since). Empty
    when not locked.

    `live`: the round as the caller shows it (the app's session, unfiltered), so the marks
    agree with the figures on screen and the folder is not read again — which, during the
    app's own save, would wait for the save's lock (`write.completing_later`). Without it,
    the folder is loaded."""
    source = open_round(folder, str(round_))
    if source.lock is None:
        names = ("kind", "id", "locked", "live", "period", "plan_id", "focus_area_id")
        return pl.DataFrame(schema=dict.fromkeys(names, pl.String))
    if live is None:
        live = compute_round(load_dataset(folder).dataset, round_, as_of, settings)
    return differences_from(source.dataset, live, settings)


def differences_from(
    snapshot: Dataset, live: RoundResult, settings: DatasetSettings
) -> pl.DataFrame:
    """`locked_differences` with the lock's snapshot already read (the report has it):
    the round computed from `snapshot` on `live`'s date, against `live`."""
    locked = compute_round(snapshot, live.round, live.as_of, settings)
    return pl.concat([
        _diff(locked.indicators, live.indicators, "indicator", "indicator_id", "value"),
        _diff(locked.measures, live.measures, "measure", "measure_id", "status"),
    ])  # fmt: skip


def _diff(
    locked: pl.DataFrame, live: pl.DataFrame, kind: str, ident: str, column: str
) -> pl.DataFrame:
    where = ("period", "plan_id", "focus_area_id")
    a = locked.select(
        ident,
        pl.col(column).cast(pl.String).alias("locked"),
        *(pl.col(name).cast(pl.String).alias(f"{name}_0") for name in where),
    )
    b = live.select(
        ident,
        pl.col(column).cast(pl.String).alias("live"),
        *(pl.col(name).cast(pl.String).alias(f"{name}_1") for name in where),
    )
    joined = a.join(b, on=ident, how="full", coalesce=True)
    changed = joined.filter(~pl.col("locked").eq_missing(pl.col("live")))
    return changed.select(
        pl.lit(kind).alias("kind"),
        pl.col(ident).alias("id"),
        "locked",
        "live",
        *(pl.coalesce(f"{name}_1", f"{name}_0").alias(name) for name in where),
    )
