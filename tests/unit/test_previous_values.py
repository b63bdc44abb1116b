"""The previous value indexed once for an import (`domain.previous.PreviousValues`) is the
previous value the round table, the form and `set` use (`previous_value`)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from oppfolging.domain.previous import PreviousValues, previous_value
from oppfolging.store.load import read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"
VALUES = read_table(SAMPLE, "values")[0]
INDEXED = PreviousValues(VALUES)
IDS = [*sorted(set(VALUES.get_column("indicator_id").to_list())), "no-such-indicator"]
PERIODS = sorted(set(VALUES.get_column("period").to_list()))


def test_every_registered_period_and_the_one_after_it_agree() -> None:
    after = [f"{int(p[:4]) + (p.endswith('T3') or len(p) == 4)}" for p in PERIODS]
    checked = 0
    for ident in IDS:
        for period in [*PERIODS, *after, "2026-T1", "2025-T3", "1900-T1", "2200"]:
            assert INDEXED(ident, period) == previous_value(VALUES, ident, period), (ident, period)
            checked += INDEXED(ident, period) is not None
    assert checked > 100  # most lookups found a value: the test compares values, not Nones


@given(
    st.sampled_from(IDS),
    st.integers(1890, 2210),
    st.sampled_from(["", "-T1", "-T2", "-T3", "-t1"]),
)
@settings(max_examples=300)
def test_any_period_gives_what_the_table_gives(ident: str, year: int, tail: str) -> None:
    period = f"{year}{tail}"
    assert INDEXED(ident, period) == previous_value(VALUES, ident, period)


def test_a_text_that_is_no_period_has_no_previous_value() -> None:
    """Both ways: a text the tables would not hold as a period (lower case, a fourth
    tertial, spaces) has no previous value, even when the year before has one."""
    registered = VALUES.filter(pl.col("period").str.contains(r"^\d{4}$"))
    ident, year = str(registered.get_column("indicator_id")[0]), registered.get_column("period")[0]
    after = int(year) + 1
    assert INDEXED(ident, str(after)) is not None  # the year before has a value
    for text in (f"{after}-T4", f"{after}-t1", f" {after}", "x", "", "20245"):
        assert INDEXED(ident, text) is None, text
        assert previous_value(VALUES, ident, text) is None, text


def test_a_value_missing_in_the_previous_period_is_no_previous_value() -> None:
    values = pl.DataFrame(
        {"indicator_id": ["a", "a"], "period": ["2025-T2", "2025-T3"], "value": [1.0, None]}
    )
    assert PreviousValues(values)("a", "2026-T1") is None
    assert previous_value(values, "a", "2026-T1") is None
    assert PreviousValues(values)("a", "2025-T3") == previous_value(values, "a", "2025-T3")
