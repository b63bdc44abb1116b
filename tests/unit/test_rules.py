"""The indicator rules of DOMAIN.md: status (every branch, both directions), trend, progress."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from engine_helpers import one_plan
from hypothesis import given, settings
from hypothesis import strategies as st

from oppfolging.domain.periods import Period
from oppfolging.domain.rules import (
    STATUS_ORDER,
    expected_expr,
    indicator_status,
    progress_expr,
    trend_expr,
)
from oppfolging.reporting.round import compute_round
from oppfolging.settings import DatasetSettings

# Baseline year 2020 and target year 2030: 31.12.2025 is exactly half way (1826 of 3652
# days), so the expected value is the midpoint of baseline and target.
MID = date(2025, 12, 31)

# (case, value, baseline, target, direction, baseline_year, target_year, status)
STATUS_CASES = [
    ("no target", 60.0, 50.0, None, "higher", 2020, 2030, "no_target"),
    ("no target lower", 60.0, 50.0, None, "lower", 2020, 2030, "no_target"),
    ("reached exactly", 100.0, 50.0, 100.0, "higher", 2020, 2030, "reached"),
    ("reached beyond", 120.0, 50.0, 100.0, "higher", 2020, 2030, "reached"),
    ("reached lower", 50.0, 100.0, 50.0, "lower", 2020, 2030, "reached"),
    ("reached beyond lower", 40.0, 100.0, 50.0, "lower", 2020, 2030, "reached"),
    ("on track", 80.0, 50.0, 100.0, "higher", 2020, 2030, "on_track"),
    ("on track lower", 70.0, 100.0, 50.0, "lower", 2020, 2030, "on_track"),
    ("on the expected line", 75.0, 50.0, 100.0, "higher", 2020, 2030, "on_track"),
    ("on the expected line lower", 75.0, 100.0, 50.0, "lower", 2020, 2030, "on_track"),
    ("inside the band", 72.0, 50.0, 100.0, "higher", 2020, 2030, "at_risk"),
    ("inside the band lower", 78.0, 100.0, 50.0, "lower", 2020, 2030, "at_risk"),
    ("at the boundary", 70.0, 50.0, 100.0, "higher", 2020, 2030, "at_risk"),
    ("at the boundary lower", 80.0, 100.0, 50.0, "lower", 2020, 2030, "at_risk"),
    ("just beyond the boundary", 69.99, 50.0, 100.0, "higher", 2020, 2030, "off_track"),
    ("just beyond the boundary lower", 80.01, 100.0, 50.0, "lower", 2020, 2030, "off_track"),
    ("off track", 40.0, 50.0, 100.0, "higher", 2020, 2030, "off_track"),
    ("off track lower", 110.0, 100.0, 50.0, "lower", 2020, 2030, "off_track"),
    # No baseline: E = T, span = |T| (band 10).
    ("no baseline at risk", 90.0, None, 100.0, "higher", None, 2030, "at_risk"),
    ("no baseline off track", 89.9, None, 100.0, "higher", None, 2030, "off_track"),
    ("no baseline at risk lower", 55.0, None, 50.0, "lower", None, 2030, "at_risk"),
    ("no baseline off track lower", 55.1, None, 50.0, "lower", None, 2030, "off_track"),
    # Target year not after baseline year: E = T, span = |T − B| (band 5).
    ("target year = baseline year", 95.0, 50.0, 100.0, "higher", 2025, 2025, "at_risk"),
    ("target year < baseline year", 94.0, 50.0, 100.0, "higher", 2026, 2025, "off_track"),
    ("target year = baseline year lower", 55.0, 100.0, 50.0, "lower", 2025, 2025, "at_risk"),
    ("target year < baseline year lower", 56.0, 100.0, 50.0, "lower", 2026, 2025, "off_track"),
    # Zero span (T == B): the at_risk band is 0.
    ("zero span reached", 80.0, 80.0, 80.0, "higher", 2020, 2030, "reached"),
    ("zero span behind", 79.999, 80.0, 80.0, "higher", 2020, 2030, "off_track"),
    ("zero span reached lower", 80.0, 80.0, 80.0, "lower", 2020, 2030, "reached"),
    ("zero span behind lower", 80.001, 80.0, 80.0, "lower", 2020, 2030, "off_track"),
    # Before the baseline year's end the expected value is the baseline.
    ("before baseline", 50.0, 50.0, 100.0, "higher", 2026, 2030, "on_track"),
]


@pytest.mark.parametrize(
    ("value", "baseline", "target", "direction", "b_year", "t_year", "expected"),
    [case[1:] for case in STATUS_CASES],
    ids=[case[0] for case in STATUS_CASES],
)
def test_status_rule(
    value: float,
    baseline: float | None,
    target: float | None,
    direction: str,
    b_year: int | None,
    t_year: int,
    expected: str,
) -> None:
    status = indicator_status(value, baseline, target, direction, 0.10, b_year, t_year, MID)
    assert status == expected


@pytest.mark.parametrize(("due", "expected"), [(True, "missing"), (False, "pending")])
@pytest.mark.parametrize("direction", ["higher", "lower"])
def test_no_value_is_missing_when_due_else_pending(
    due: bool, expected: str, direction: str
) -> None:
    status = indicator_status(None, 50.0, 100.0, direction, 0.1, 2020, 2030, MID, due=due)
    assert status == expected


@pytest.mark.parametrize(
    ("lag", "as_of", "expected"),
    [
        (0, date(2026, 4, 30), "pending"),  # the period has not ended
        (0, date(2026, 5, 1), "missing"),
        (3, date(2026, 5, 1), "pending"),  # the lag moves due to 30.07
        (3, date(2026, 7, 30), "pending"),
        (3, date(2026, 7, 31), "missing"),
    ],
)
def test_publication_lag_moves_due(lag: int, as_of: date, expected: str) -> None:
    dataset = one_plan(
        indicators=[{"indicator_id": "I", "target": 10.0, "publication_lag_months": lag}]
    )
    result = compute_round(dataset, Period(2026, 1), as_of, DatasetSettings())
    assert result.indicators["status"].to_list() == [expected]


def test_expected_value_is_linear_in_days() -> None:
    frame = pl.DataFrame(
        {"baseline": [50.0], "target": [100.0], "baseline_year": [2020], "target_year": [2030]}
    )
    ends = [date(2020, 6, 30), date(2020, 12, 31), MID, date(2030, 12, 31), date(2032, 4, 30)]
    rows = frame.join(pl.DataFrame({"period_end": ends}), how="cross")
    expected = rows.select(expected_expr().alias("e"))["e"].to_list()
    assert expected == [50.0, 50.0, 75.0, 100.0, 100.0]


def test_expected_value_is_null_without_target() -> None:
    frame = pl.DataFrame(
        {"baseline": [1.0], "target": [None], "baseline_year": [2020], "target_year": [2030]},
        schema_overrides={"target": pl.Float64},
    ).with_columns(period_end=pl.lit(MID))
    assert frame.select(expected_expr().alias("e")).item() is None


def _rank(status: str) -> int:
    return STATUS_ORDER.index(status)


@settings(max_examples=200, deadline=None)
@given(
    baseline=st.one_of(st.none(), st.floats(-1e4, 1e4)),
    target=st.floats(-1e4, 1e4),
    low=st.floats(-2e4, 2e4),
    raise_by=st.floats(0, 2e4),
    tolerance=st.floats(0, 1),
    years=st.tuples(st.integers(2000, 2040), st.integers(2000, 2040)),
    end_year=st.integers(1995, 2045),
    direction=st.sampled_from(["higher", "lower"]),
)
def test_raising_a_value_moves_status_with_the_direction(
    baseline: float | None,
    target: float,
    low: float,
    raise_by: float,
    tolerance: float,
    years: tuple[int, int],
    end_year: int,
    direction: str,
) -> None:
    b_year = years[0] if baseline is not None else None
    args = (baseline, target, direction, tolerance, b_year, years[1], date(end_year, 12, 31))
    before = _rank(indicator_status(low, *args))
    after = _rank(indicator_status(low + raise_by, *args))
    if direction == "higher":
        assert after >= before
    else:
        assert after <= before


TREND_CASES = [
    (60.0, 50.0, "higher", "improving"),
    (40.0, 50.0, "higher", "worsening"),
    (50.0, 50.0, "higher", "unchanged"),
    (40.0, 50.0, "lower", "improving"),
    (60.0, 50.0, "lower", "worsening"),
    (50.0, 50.0, "lower", "unchanged"),
    (None, 50.0, "higher", None),
    (50.0, None, "lower", None),
]


@pytest.mark.parametrize(("value", "previous", "direction", "expected"), TREND_CASES)
def test_trend(
    value: float | None, previous: float | None, direction: str, expected: str | None
) -> None:
    frame = pl.DataFrame(
        {"value": [value], "previous_value": [previous], "direction": [direction]},
        schema={"value": pl.Float64, "previous_value": pl.Float64, "direction": pl.String},
    )
    assert frame.select(trend_expr()).item() == expected


PROGRESS_CASES = [
    (60.0, 50.0, 100.0, 0.2),
    (125.0, 50.0, 100.0, 1.0),  # beyond the target: clamped
    (40.0, 50.0, 100.0, 0.0),  # behind the baseline: clamped
    (75.0, 100.0, 50.0, 0.5),  # lower is better: the formula handles it
    (80.0, 80.0, 80.0, None),  # T == B
    (80.0, None, 100.0, None),
    (80.0, 50.0, None, None),
    (None, 50.0, 100.0, None),
]


@pytest.mark.parametrize(("value", "baseline", "target", "expected"), PROGRESS_CASES)
def test_progress(
    value: float | None, baseline: float | None, target: float | None, expected: float | None
) -> None:
    frame = pl.DataFrame(
        {"value": [value], "baseline": [baseline], "target": [target]},
        schema={"value": pl.Float64, "baseline": pl.Float64, "target": pl.Float64},
    )
    assert frame.select(progress_expr()).item() == expected
