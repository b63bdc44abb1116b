"""Periods and reporting rounds: parsing, end dates, order, the default round."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from oppfolging.domain.periods import (
    Period,
    PeriodError,
    add_months,
    default_round,
    parse_period,
    parse_round,
    period_words,
    period_words_series,
    round_text,
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


PERIOD_WORDS = [
    # (code, bokmål, English): every kind of period the contract has
    ("2026-T1", "1. tertial 2026", "Tertial 1 2026"),
    ("2026-T2", "2. tertial 2026", "Tertial 2 2026"),
    ("2026-T3", "3. tertial 2026", "Tertial 3 2026"),
    ("2025", "2025", "2025"),
]


@pytest.mark.parametrize(("code", "nb", "en"), PERIOD_WORDS)
def test_every_period_kind_reads_as_words_in_each_language(code: str, nb: str, en: str) -> None:
    from oppfolging.i18n import set_language

    assert period_words(code) == nb
    assert parse_period(code).words == nb
    set_language("en")
    try:
        assert period_words(code) == en
        assert parse_period(code).words == en
    finally:
        set_language("nb")


def test_period_words_come_from_both_catalogues() -> None:
    from oppfolging.i18n import EN, NB

    for key in ("period.tertial", "period.annual"):
        assert key in NB
        assert key in EN


def test_a_round_reads_differently_from_a_period_only_when_annual() -> None:
    assert round_text("2025") == "Årsrapport 2025"
    assert period_words("2025") == "2025"
    assert round_text("2026-T2") == period_words("2026-T2") == "2. tertial 2026"


@pytest.mark.parametrize("text", ["", "2026-T4", "tertial", " 2026-T1x"])
def test_a_text_that_is_no_period_is_shown_as_it_is(text: str) -> None:
    assert period_words(text) == text


def test_period_words_of_a_column_word_each_code_and_keep_nulls() -> None:
    codes = pl.Series("period", ["2026-T1", None, "2025", "2026-T1", "x"])
    assert period_words_series(codes).to_list() == [
        "1. tertial 2026",
        None,
        "2025",
        "1. tertial 2026",
        "x",
    ]
