"""Plan revision flags, replaced-by links and the planstrategi deadline."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from engine_helpers import frame

from oppfolging.domain.revision import (
    REVISION_COLUMNS,
    planstrategy_deadline,
    replacement_chain,
    revision_table,
)


def _plan(plan_id: str = "P", **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "plan_id": plan_id,
        "name": f"Plan {plan_id}",
        "municipality": "Lier kommune",
        "plan_type": "temaplan",
        "period_start": 2020,
        "period_end": 2040,
        "status": "adopted",
        "adopted": date(2022, 6, 15),
    }
    row.update(fields)
    return row


def _flag(as_of: date, warning_months: int = 12, **fields: Any) -> str:
    table = revision_table(frame("plans", [_plan(**fields)]), as_of, warning_months)
    flag: str = table["flag"].item()
    return flag


def test_columns_and_due_date() -> None:
    table = revision_table(frame("plans", [_plan()]), date(2026, 1, 1), 12)
    assert tuple(table.columns) == REVISION_COLUMNS
    row = table.row(0, named=True)
    assert (row["base_date"], row["revision_years"]) == (date(2022, 6, 15), 4)
    assert row["revision_due"] == date(2026, 6, 15)


@pytest.mark.parametrize(
    ("as_of", "flag"),
    [
        (date(2026, 6, 14), "due_soon"),  # the day before
        (date(2026, 6, 15), "overdue"),  # on the due date
        (date(2026, 6, 16), "overdue"),  # the day after
        (date(2025, 6, 15), "due_soon"),  # exactly warning_months before: in the window
        (date(2025, 6, 14), "ok"),  # one day before the window
    ],
)
def test_flag_around_the_due_date(as_of: date, flag: str) -> None:
    assert _flag(as_of) == flag


def test_warning_window_follows_the_setting() -> None:
    assert _flag(date(2025, 12, 15), warning_months=6) == "due_soon"
    assert _flag(date(2025, 12, 14), warning_months=6) == "ok"
    assert _flag(date(2026, 6, 14), warning_months=0) == "ok"


def test_last_revised_and_revision_years_move_the_due_date() -> None:
    assert _flag(date(2026, 7, 1), last_revised=date(2023, 3, 1)) == "due_soon"
    assert _flag(date(2026, 7, 1), revision_years=8) == "ok"


@pytest.mark.parametrize(("base", "due"), [(2, date(2026, 2, 28)), (4, date(2028, 2, 29))])
def test_leap_day_base(base: int, due: date) -> None:
    table = revision_table(
        frame("plans", [_plan(adopted=date(2024, 2, 29), revision_years=base)]),
        date(2025, 1, 1),
        12,
    )
    assert table["revision_due"].item() == due


@pytest.mark.parametrize(
    ("status", "flag"),
    [("draft", "not_adopted"), ("consultation", "not_adopted"), ("replaced", "replaced")],
)
def test_plans_not_in_force_are_not_flagged_for_revision(status: str, flag: str) -> None:
    assert _flag(date(2040, 1, 1), status=status, adopted=None) == flag


def test_period_ended() -> None:
    plans = frame("plans", [_plan("A", period_end=2025), _plan("B", period_end=2026)])
    table = revision_table(plans, date(2026, 3, 1), 12)
    assert table["period_ended"].to_list() == [True, False]


CHAIN = [
    _plan("A", status="replaced"),
    _plan("B", status="replaced", replaces="A"),
    _plan("C", replaces="B; X"),
    _plan("D", status="draft", replaces="A"),
    _plan("X", status="replaced"),
]


def test_replaced_by_lists_every_successor() -> None:
    table = revision_table(frame("plans", CHAIN), date(2026, 1, 1), 12)
    replaced_by = dict(zip(table["plan_id"], table["replaced_by"], strict=True))
    assert replaced_by == {"A": "B;D", "B": "C", "C": None, "D": None, "X": "C"}


def test_replacement_chain() -> None:
    plans = frame("plans", CHAIN)
    assert replacement_chain(plans, "A") == ["B", "D", "C"]
    assert replacement_chain(plans, "C") == []


def test_replacement_chain_survives_a_cycle() -> None:
    plans = frame("plans", [_plan("A", replaces="B"), _plan("B", replaces="A")])
    assert replacement_chain(plans, "A") == ["B"]


@pytest.mark.parametrize(
    ("constituted", "deadline"),
    [(date(2023, 10, 19), date(2024, 10, 19)), (date(2028, 2, 29), date(2029, 2, 28))],
)
def test_planstrategy_deadline(constituted: date, deadline: date) -> None:
    assert planstrategy_deadline(constituted) == deadline
