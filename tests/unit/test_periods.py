"""Periods and reporting rounds: parsing, end dates, order, the default round."""

from __future__ import annotations

from datetime import date

import pytest

from oppfolging.domain.periods import (
    Period,
    PeriodError,
    add_months,
    default_round,
    parse_period,
    parse_round,
    rounds_between,
)


@pytest.mark.parametrize(
    ("text", "period", "end"),
    [
        ("2026-T1", Period(2026, 1), date(2026, 4, 30)),
        ("2026-T2", Period(2026, 2), date(2026, 8, 31)),
        ("2026-T3", Period(2026, 3), date(2026, 12, 31)),
        ("2026", Period(2026), date(2026, 12, 31)),
        (" 2026-t1 ", Period(2026, 1), date(2026, 4, 30)),
    ],
)
def test_parse_period_and_end_date(text: str, period: Period, end: date) -> None:
    assert parse_period(text) == period
    assert parse_period(text).end_date == end


@pytest.mark.parametrize("text", ["", "26-T1", "2026-T4", "2026T1", "2026-T", "abc", "2026-01"])
def test_bad_periods_are_rejected_in_norwegian(text: str) -> None:
    with pytest.raises(PeriodError, match="er ikke en periode"):
        parse_period(text)


def test_t3_is_no_round() -> None:
    with pytest.raises(PeriodError, match="ingen rapportering"):
        parse_round("2026-T3")


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        (Period(2026, 1), Period(2025, 3)),
        (Period(2026, 2), Period(2026, 1)),
        (Period(2026, 3), Period(2026, 2)),
        (Period(2026), Period(2025)),
    ],
)
def test_previous_period_of_the_same_frequency(period: Period, previous: Period) -> None:
    assert period.previous() == previous
    assert previous.next() == period


def test_round_periods() -> None:
    annual = Period(2026)
    assert annual.period_for("tertial") == Period(2026, 3)
    assert annual.period_for("annual") == Period(2026)
    assert Period(2026, 1).period_for("annual") is None
    assert Period(2026, 2).period_for("tertial") == Period(2026, 2)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2026, 4, 29), Period(2025)),
        (date(2026, 4, 30), Period(2026, 1)),
        (date(2026, 8, 30), Period(2026, 1)),
        (date(2026, 8, 31), Period(2026, 2)),
        (date(2026, 12, 30), Period(2026, 2)),
        (date(2026, 12, 31), Period(2026)),
        (date(2027, 1, 1), Period(2026)),
    ],
)
def test_default_round_is_the_latest_that_has_ended(as_of: date, expected: Period) -> None:
    assert default_round(as_of) == expected


def test_rounds_between_in_order() -> None:
    assert rounds_between(Period(2025, 2), Period(2026, 1)) == [
        Period(2025, 2),
        Period(2025),
        Period(2026, 1),
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 4, 30), 3, date(2026, 7, 30)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_round_labels_follow_the_language() -> None:
    from oppfolging.i18n import set_language

    assert Period(2026, 1).round_label == "1. tertial 2026"
    assert Period(2026).round_label == "Årsrapport 2026"
    set_language("en")
    try:
        assert Period(2026, 2).round_label == "Tertial 2 2026"
        assert Period(2026).round_label == "Annual report 2026"
    finally:
        set_language("nb")
