"""The row rules of `round_events` (issue 10): a round is `YYYY-T1`, `YYYY-T2` or `YYYY`;
`ready`/`unready` name a unit; `unlock` and `correction` give a reason; a `correction`
names the table and key of the row it corrected."""

from __future__ import annotations

import polars as pl

from oppfolging.i18n import t
from oppfolging.store.csvio import ROW
from oppfolging.store.model import Problem

_ROUND_RE = r"^\d{4}(-T[12])?$"
_NEEDS = {
    "unit": (("ready", "unready"), "store.event_needs_unit"),
    "reason": (("unlock", "correction"), "store.event_needs_reason"),
    "table": (("correction",), "store.correction_needs_table"),
    "key": (("correction",), "store.correction_needs_key"),
}


def round_event_problems(typed: pl.DataFrame, file: str) -> list[Problem]:
    """Every row-rule problem of the round events table."""
    bad = typed.filter(pl.col("round").is_not_null() & ~pl.col("round").str.contains(_ROUND_RE))
    problems = [
        Problem(file, row, "round", t("domain.not_a_round", text=value))
        for row, value in bad.select(ROW, "round").rows()
    ]
    for column, (kinds, message) in _NEEDS.items():
        text = pl.col(column).str.strip_chars()
        missing = typed.filter(pl.col("kind").is_in(kinds) & (text.is_null() | (text == "")))
        problems += [
            Problem(file, row, column, t(message, kind=kind))
            for row, kind in missing.select(ROW, "kind").rows()
        ]
    return problems
