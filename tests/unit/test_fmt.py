"""Norwegian number and date formatting, and parsing numbers as people type them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from oppfolging.fmt import (
    NBSP,
    NumberError,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_value,
    parse_number,
    shown_decimals,
)


def _plain(text: str) -> str:
    return text.replace(NBSP, " ")


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (1234.5, None, "1 234,5"),
        (1234, None, "1 234"),
        (5534.0, None, "5 534"),
        (61.333333, None, "61,33"),
        (61.333333, 1, "61,3"),
        (60.0, 1, "60,0"),
        (-1.5, None, "−1,5"),
        (-0.001, 1, "0,0"),
        (2.5, 0, "3"),
        (0.125, 2, "0,13"),
        (1_000_000, None, "1 000 000"),
        (None, None, ""),
        (float("nan"), None, ""),
    ],
)
def test_format_number(value: float | None, decimals: int | None, shown: str) -> None:
    assert _plain(format_number(value, decimals)) == shown


def test_format_number_uses_no_break_spaces() -> None:
    assert format_number(1234) == f"1{NBSP}234"


@pytest.mark.parametrize(
    ("share", "decimals", "shown"),
    [
        (0.075, 0, "8 %"),
        (0.075, 1, "7,5 %"),
        (0.0749999999999, 1, "7,5 %"),
        (0.0749999999999, 0, "8 %"),
        (0.125, 1, "12,5 %"),
        (0.5, 0, "50 %"),
        (None, 0, ""),
    ],
)
def test_format_percent_rounds_half_up(share: float | None, decimals: int, shown: str) -> None:
    assert _plain(format_percent(share, decimals)) == shown


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "shown"),
    [
        (12.5, "%", None, "12,5 %"),
        (1234, "dager", None, "1 234 dager"),
        (87, "antall", None, "87"),
        (87, "", None, "87"),
        (61.333, "timer", 1, "61,3 timer"),
        (58, "timer", 1, "58,0 timer"),
        (None, "timer", None, ""),
    ],
)
def test_format_value(value: float | None, unit: str, decimals: int | None, shown: str) -> None:
    assert _plain(format_value(value, unit, decimals)) == shown


def test_shown_decimals_matches_the_values_at_most_one() -> None:
    assert shown_decimals([44, 58.0, None]) == 0
    assert shown_decimals([44.5, 58]) == 1
    assert shown_decimals([44.25]) == 1
    assert shown_decimals([44.25], at_most=2) == 2
    assert shown_decimals([float("nan")]) == 0


def test_format_date_and_datetime() -> None:
    assert format_date(date(2026, 4, 30)) == "30.04.2026"
    assert format_date(datetime(2026, 11, 22, 16, 43, 29)) == "22.11.2026"
    assert format_date(None) == ""
    assert format_datetime(datetime(2026, 11, 22, 16, 43, 29)) == "22.11.2026 16:43"
    assert format_datetime(None) == ""


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1 234", 1234.0),
        (f"1{NBSP}234", 1234.0),
        ("1\u202f234,5", 1234.5),
        ("12,5 %", 12.5),
        ("12,5%", 12.5),
        ("−1,5", -1.5),
        ("–1,5", -1.5),
        ("-1,5", -1.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("  87 ", 87.0),
        ("1e3", 1000.0),
    ],
)
def test_parse_number(typed: str, number: float) -> None:
    assert parse_number(typed) == pytest.approx(number)


@pytest.mark.parametrize("typed", ["abc", "", "12,5,3", "1 2 a", "inf", "nan", "%"])
def test_parse_number_rejects_text(typed: str) -> None:
    with pytest.raises(NumberError, match="ikke et tall"):
        parse_number(typed)
