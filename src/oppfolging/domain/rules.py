"""The indicator rules of DOMAIN.md as polars expressions: expected value, status, trend, progress.

Every rule is an expression over whole columns, so a round of a million values is computed
in one pass. `indicator_status` evaluates the same expressions on a one-row frame, so the
registration form's live preview can never disagree with the round table.

Comparisons allow a relative slack of `EPSILON` so a value typed exactly on a line (the
target, the expected value, the tolerance boundary) is judged as on the line, not one
floating-point rounding error beside it.
"""

from __future__ import annotations

from datetime import date

import polars as pl

EPSILON = 1e-9
"""Relative slack for comparisons, scaled by the size of baseline and target."""

STATUS_ORDER = ("off_track", "at_risk", "on_track", "reached")
"""Assessed statuses from worst to best (for monotonicity: a better value never ranks lower)."""


def _col(name: str | pl.Expr) -> pl.Expr:
    return pl.col(name) if isinstance(name, str) else name


def sign_expr(direction: str | pl.Expr) -> pl.Expr:
    """+1 where higher is better, −1 where lower is better."""
    return pl.when(_col(direction) == "lower").then(pl.lit(-1.0)).otherwise(pl.lit(1.0))


def year_end_expr(year: str | pl.Expr) -> pl.Expr:
    """31.12 of a year column (null stays null)."""
    return pl.date(_col(year), 12, 31)


def expected_expr(
    baseline: str | pl.Expr = "baseline",
    target: str | pl.Expr = "target",
    baseline_year: str | pl.Expr = "baseline_year",
    target_year: str | pl.Expr = "target_year",
    period_end: str | pl.Expr = "period_end",
) -> pl.Expr:
    """Expected value `E` at the period's end: the straight line from baseline to target.

    `E = B + (T − B)·clamp((d − b)/(t − b), 0, 1)` counted in days; `E = T` without a
    baseline (or its year) or when the target year is not after the baseline year;
    null without a target.
    """
    b_day = year_end_expr(baseline_year)
    t_day = year_end_expr(target_year)
    span_days = (t_day - b_day).dt.total_days()
    elapsed = (_col(period_end) - b_day).dt.total_days()
    share = (elapsed / span_days).clip(0.0, 1.0)
    base, goal = _col(baseline), _col(target)
    linear = base.is_not_null() & b_day.is_not_null() & t_day.is_not_null() & (span_days > 0)
    return (
        pl.when(goal.is_null())
        .then(pl.lit(None, dtype=pl.Float64))
        .when(linear)
        .then(base + (goal - base) * share)
        .otherwise(goal.cast(pl.Float64))
    )


def span_expr(baseline: str | pl.Expr = "baseline", target: str | pl.Expr = "target") -> pl.Expr:
    """`|T − B|` with a baseline, else `|T|`: what the tolerance is a share of."""
    base, goal = _col(baseline), _col(target)
    return pl.when(base.is_not_null()).then((goal - base).abs()).otherwise(goal.abs())


def indicator_status_expr(
    value: str | pl.Expr = "value",
    *,
    baseline: str | pl.Expr = "baseline",
    target: str | pl.Expr = "target",
    direction: str | pl.Expr = "direction",
    tolerance: str | pl.Expr = "tolerance",
    baseline_year: str | pl.Expr = "baseline_year",
    target_year: str | pl.Expr = "target_year",
    period_end: str | pl.Expr = "period_end",
    due: str | pl.Expr = "due",
) -> pl.Expr:
    """The status code of each row, by DOMAIN.md's rules 1–6 and the missing/pending rule.

    No value comes first (`missing` when due, `pending` otherwise): a registration that is
    owed is reported even for an indicator without a target.
    """
    v, goal = _col(value), _col(target)
    s = sign_expr(direction)
    expected = expected_expr(baseline, target, baseline_year, target_year, period_end)
    slack = EPSILON * (goal.abs() + _col(baseline).abs().fill_null(0.0) + 1.0)
    band = _col(tolerance) * span_expr(baseline, target)
    return (
        pl.when(v.is_null() & _col(due).fill_null(False))
        .then(pl.lit("missing"))
        .when(v.is_null())
        .then(pl.lit("pending"))
        .when(goal.is_null())
        .then(pl.lit("no_target"))
        .when(s * (v - goal) >= -slack)
        .then(pl.lit("reached"))
        .when(s * (v - expected) >= -slack)
        .then(pl.lit("on_track"))
        .when(s * (expected - v) <= band + slack)
        .then(pl.lit("at_risk"))
        .otherwise(pl.lit("off_track"))
    )


def trend_expr(
    value: str | pl.Expr = "value",
    previous: str | pl.Expr = "previous_value",
    direction: str | pl.Expr = "direction",
) -> pl.Expr:
    """`improving`, `unchanged` or `worsening` against the previous value; null without one."""
    change = sign_expr(direction) * (_col(value) - _col(previous))
    return (
        pl.when(change.is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(change > 0)
        .then(pl.lit("improving"))
        .when(change < 0)
        .then(pl.lit("worsening"))
        .otherwise(pl.lit("unchanged"))
    )


def progress_expr(
    value: str | pl.Expr = "value",
    baseline: str | pl.Expr = "baseline",
    target: str | pl.Expr = "target",
) -> pl.Expr:
    """`(v − B)/(T − B)` clamped to 0–1; null without value, baseline or target, or T = B."""
    v, base, goal = _col(value), _col(baseline), _col(target)
    distance = goal - base
    return (
        pl.when(distance.is_null() | v.is_null() | (distance == 0))
        .then(pl.lit(None, dtype=pl.Float64))
        .otherwise(((v - base) / distance).clip(0.0, 1.0))
    )


_PREVIEW_SCHEMA = {
    "value": pl.Float64,
    "baseline": pl.Float64,
    "target": pl.Float64,
    "direction": pl.String,
    "tolerance": pl.Float64,
    "baseline_year": pl.Int64,
    "target_year": pl.Int64,
    "period_end": pl.Date,
    "due": pl.Boolean,
}


def indicator_status(
    value: float | None,
    baseline: float | None,
    target: float | None,
    direction: str,
    tolerance: float,
    baseline_year: int | None,
    target_year: int | None,
    period_end: date,
    *,
    due: bool = False,
) -> str:
    """One value's status, computed with the very expressions the round table uses.

    Pass `target_year` and `tolerance` with their defaults already applied (the plan's
    period_end, the dataset settings' default_tolerance), as the round table does.
    """
    row = (value, baseline, target, direction, tolerance, baseline_year, target_year)
    frame = pl.DataFrame([(*row, period_end, due)], schema=_PREVIEW_SCHEMA, orient="row")
    status: str = frame.select(indicator_status_expr()).item()
    return status
