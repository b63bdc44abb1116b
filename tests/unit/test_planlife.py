"""A plan's life (issue 11, item 1): a round holds a plan's indicators and measures only
when the round lies within the plan's period and ends on or after its adoption."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from engine_helpers import make_dataset, one_plan

from oppfolging.domain.periods import Period
from oppfolging.domain.planlife import plan_in_round
from oppfolging.reporting.rollup import indicator_rollup, measure_rollup, missing_items
from oppfolging.reporting.round import RoundResult, compute_round
from oppfolging.reporting.round_state import round_state
from oppfolging.settings import DatasetSettings
from oppfolging.store.model import Dataset

LATE = date(2200, 1, 1)
"""An as-of date after every round: whatever can be due is due."""


def _plan(period_start: int, period_end: int, adopted: date | None) -> Dataset:
    """One adopted plan with a tertial indicator, an annual one and a measure, none
    registered: in a round where the plan is alive, all three are owed."""
    plan: dict[str, Any] = {
        "period_start": period_start,
        "period_end": period_end,
        "adopted": adopted,
    }
    return one_plan(
        plan=plan,
        indicators=[
            {"indicator_id": "T", "target": 10.0},
            {"indicator_id": "Y", "frequency": "annual", "target": 10.0},
        ],
        measures=[{"measure_id": "M"}],
    )


def _round(dataset: Dataset, round_: Period) -> RoundResult:
    return compute_round(dataset, round_, LATE, DatasetSettings())


def _counted(result: RoundResult) -> tuple[int, int, int]:
    """(indicator rows, values due, measure updates owed) of the round."""
    due = int(result.indicators["due"].sum())
    owed = int(result.measures["update_due"].sum())
    return result.indicators.height, due, owed


def _nothing_counted(dataset: Dataset, round_: Period) -> None:
    """The plan is in no table, count, worklist or round state of `round_`."""
    result = _round(dataset, round_)
    assert result.indicators.is_empty()
    assert result.measures.is_empty()
    assert missing_items(result).is_empty()
    assert indicator_rollup(result, None)["missing"].to_list() in ([0], [])
    assert measure_rollup(result, None)["missing"].to_list() in ([0], [])
    state = round_state(dataset, round_, LATE, DatasetSettings())
    assert (state.values_due, state.updates_due) == (0, 0)


def test_a_round_within_the_period_after_adoption_counts_everything() -> None:
    dataset = _plan(2026, 2040, date(2025, 12, 11))
    assert _counted(_round(dataset, Period(2026, 1))) == (2, 1, 1)
    assert _counted(_round(dataset, Period(2026))) == (2, 2, 1)
    assert len(missing_items(_round(dataset, Period(2026)))) == 3


@pytest.mark.parametrize("round_", [Period(2021), Period(2025, 1), Period(2025, 2), Period(2025)])
def test_rounds_before_the_period_starts_count_nothing(round_: Period) -> None:
    # Adopted 11.12.2025 for 2026–2040: even the annual report 2025 (ends after the
    # adoption) lies before the period.
    _nothing_counted(_plan(2026, 2040, date(2025, 12, 11)), round_)


@pytest.mark.parametrize("round_", [Period(2022, 1), Period(2022, 2), Period(2022)])
def test_rounds_before_the_adoption_count_nothing(round_: Period) -> None:
    # The period starts in 2022 but the plan was adopted in 2023.
    _nothing_counted(_plan(2022, 2030, date(2023, 2, 1)), round_)
    assert _counted(_round(_plan(2022, 2030, date(2023, 2, 1)), Period(2023, 1))) == (2, 1, 1)


@pytest.mark.parametrize("round_", [Period(2025, 1), Period(2025, 2), Period(2025), Period(2031)])
def test_rounds_after_the_period_ended_count_nothing(round_: Period) -> None:
    dataset = _plan(2018, 2024, date(2018, 2, 15))
    _nothing_counted(dataset, round_)
    # The annual report of the last year is the plan's last round.
    assert _counted(_round(dataset, Period(2024))) == (2, 2, 1)


def test_a_plan_adopted_mid_year_starts_with_the_first_round_ending_after_adoption() -> None:
    dataset = _plan(2025, 2030, date(2025, 6, 15))
    _nothing_counted(dataset, Period(2025, 1))  # ends 30.04, before the adoption
    assert _counted(_round(dataset, Period(2025, 2))) == (2, 1, 1)  # ends 31.08
    assert _counted(_round(dataset, Period(2025))) == (2, 2, 1)  # the annual report


def test_adopted_on_the_rounds_end_date_is_in_the_round() -> None:
    dataset = _plan(2025, 2030, date(2025, 4, 30))
    assert _counted(_round(dataset, Period(2025, 1))) == (2, 1, 1)


def test_one_plan_out_of_its_life_leaves_the_other_plans_counted() -> None:
    plan = _plan(2026, 2040, date(2025, 12, 11))
    rows = {name: plan[name].to_dicts() for name in ("plans", "focus_areas", "goals")}
    rows["indicators"] = plan.indicators.to_dicts()
    old = {**rows["plans"][0], "plan_id": "P2", "period_start": 2018, "adopted": date(2018, 1, 10)}
    dataset = make_dataset(
        plans=[*rows["plans"], old],
        focus_areas=[
            *rows["focus_areas"],
            {**rows["focus_areas"][0], "focus_area_id": "F2", "plan_id": "P2"},
        ],
        goals=[*rows["goals"], {**rows["goals"][0], "goal_id": "G2", "focus_area_id": "F2"}],
        indicators=[
            *rows["indicators"],
            *(
                {**row, "indicator_id": row["indicator_id"] + "2", "goal_id": "G2"}
                for row in rows["indicators"]
            ),
        ],
    )
    result = _round(dataset, Period(2021))
    assert result.indicators["plan_id"].unique().to_list() == ["P2"]
    assert sorted(missing_items(result)["id"].to_list()) == ["T2", "Y2"]
    assert sorted(_round(dataset, Period(2026)).indicators["plan_id"].unique()) == ["P1", "P2"]


@pytest.mark.parametrize(
    ("status", "start", "end", "adopted", "round_", "expected"),
    [
        ("adopted", 2026, 2040, date(2025, 12, 11), Period(2026, 1), True),
        ("adopted", 2026, 2040, date(2025, 12, 11), Period(2025), False),
        ("adopted", 2026, 2040, date(2026, 5, 2), Period(2026, 1), False),
        ("adopted", 2026, 2040, date(2026, 5, 2), Period(2026, 2), True),
        ("adopted", 2018, 2024, date(2018, 2, 1), Period(2024), True),
        ("adopted", 2018, 2024, date(2018, 2, 1), Period(2025, 1), False),
        ("adopted", 2018, 2024, None, Period(2020, 1), True),
        ("replaced", 2018, 2024, date(2018, 2, 1), Period(2020, 1), False),
        ("consultation", 2023, 2034, None, Period(2026, 1), False),
        ("draft", 2023, 2034, None, Period(2026, 1), False),
    ],
)
def test_plan_in_round(
    status: str, start: int, end: int, adopted: date | None, round_: Period, expected: bool
) -> None:
    judged = plan_in_round(
        round_, status=status, period_start=start, period_end=end, adopted=adopted
    )
    assert judged is expected
