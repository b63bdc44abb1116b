"""The round table, the measure table, the roll-ups and the worklist."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from engine_helpers import make_dataset, one_plan

from oppfolging.domain.codes import INDICATOR_STATUSES, MEASURE_ROUND_STATUSES
from oppfolging.domain.periods import Period
from oppfolging.reporting.rollup import (
    INDICATOR_ROLLUP_COLUMNS,
    MEASURE_ROLLUP_COLUMNS,
    indicator_rollup,
    measure_rollup,
    missing_items,
)
from oppfolging.reporting.round import (
    INDICATOR_COLUMNS,
    MEASURE_COLUMNS,
    RoundResult,
    compute_round,
)
from oppfolging.settings import DatasetSettings
from oppfolging.store.model import Dataset

T1 = Period(2026, 1)
AFTER_T1 = date(2026, 6, 1)


def _round(dataset: Dataset, round_: Period = T1, as_of: date = AFTER_T1) -> RoundResult:
    return compute_round(dataset, round_, as_of, DatasetSettings())


def _row(result: RoundResult, indicator_id: str) -> dict[str, Any]:
    frame = result.indicators.filter(pl.col("indicator_id") == indicator_id)
    assert frame.height == 1
    return frame.row(0, named=True)


def test_columns_and_one_row_per_indicator_of_adopted_plans() -> None:
    dataset = one_plan(indicators=[{"indicator_id": "A"}, {"indicator_id": "B"}])
    result = _round(dataset)
    assert tuple(result.indicators.columns) == INDICATOR_COLUMNS
    assert result.indicators["indicator_id"].to_list() == ["A", "B"]
    assert tuple(result.measures.columns) == MEASURE_COLUMNS
    draft = one_plan(indicators=[{"indicator_id": "A"}], plan={"status": "draft"})
    assert _round(draft).indicators.is_empty()


def test_tertial_indicator_value_previous_value_and_derived_columns() -> None:
    dataset = one_plan(
        indicators=[
            {"indicator_id": "A", "baseline": 50.0, "baseline_year": 2020, "target": 100.0}
        ],
        values=[
            {"indicator_id": "A", "period": "2025-T3", "value": 70.0},
            {"indicator_id": "A", "period": "2026-T1", "value": 80.0, "comment": "Bra"},
            {"indicator_id": "A", "period": "2026-T2", "value": 99.0},
        ],
    )
    row = _row(_round(dataset), "A")
    assert (row["period"], row["value"], row["previous_value"]) == ("2026-T1", 80.0, 70.0)
    assert (row["trend"], row["progress"], row["comment"]) == ("improving", 0.6, "Bra")
    assert row["due"] is True
    assert row["due_date"] == date(2026, 4, 30)
    assert row["deadline"] == date(2026, 5, 15)
    assert row["round"] == "2026-T1"
    # target_year defaults to the plan's period_end (2030)
    assert row["expected"] == pytest.approx(50 + 50 * 1946 / 3652)


def test_tolerance_default_comes_from_settings() -> None:
    indicator = {"indicator_id": "A", "baseline": 0.0, "baseline_year": 2025, "target": 100.0}
    dataset = one_plan(
        indicators=[indicator, {**indicator, "indicator_id": "B", "tolerance": 0.5}],
        values=[
            {"indicator_id": "A", "period": "2030-T3", "value": 85.0},
            {"indicator_id": "B", "period": "2030-T3", "value": 85.0},
        ],
    )
    loose = DatasetSettings(default_tolerance=0.2)
    strict = compute_round(dataset, Period(2030), date(2031, 3, 1), DatasetSettings())
    relaxed = compute_round(dataset, Period(2030), date(2031, 3, 1), loose)
    assert strict.indicators["status"].to_list() == ["off_track", "at_risk"]
    assert relaxed.indicators["status"].to_list() == ["at_risk", "at_risk"]


ANNUAL = {"indicator_id": "K", "frequency": "annual", "target": 10.0, "direction": "lower"}


def test_annual_indicator_in_a_tertial_round_shows_its_latest_value() -> None:
    dataset = one_plan(
        indicators=[{**ANNUAL, "publication_lag_months": 3}],
        values=[
            {"indicator_id": "K", "period": "2024", "value": 14.0},
            {"indicator_id": "K", "period": "2025", "value": 11.0},
            {"indicator_id": "K", "period": "2026", "value": 9.0},  # ends after 30.04.2026
        ],
    )
    row = _row(_round(dataset), "K")
    assert (row["period"], row["value"], row["previous_value"]) == ("2025", 11.0, 14.0)
    assert row["due"] is False
    assert row["status"] == "at_risk"
    assert row["trend"] == "improving"


def test_annual_indicator_without_value_in_a_tertial_round_is_pending() -> None:
    row = _row(_round(one_plan(indicators=[ANNUAL])), "K")
    assert (row["status"], row["due"], row["period"]) == ("pending", False, "2025")


@pytest.mark.parametrize(
    ("lag", "as_of", "status", "deadline"),
    [
        (0, date(2027, 1, 1), "missing", date(2027, 2, 15)),
        (3, date(2027, 3, 31), "pending", date(2027, 5, 15)),
        (3, date(2027, 4, 1), "missing", date(2027, 5, 15)),
    ],
)
def test_annual_indicator_in_the_annual_round(
    lag: int, as_of: date, status: str, deadline: date
) -> None:
    dataset = one_plan(indicators=[{**ANNUAL, "publication_lag_months": lag}])
    row = _row(_round(dataset, Period(2026), as_of), "K")
    assert (row["period"], row["status"], row["deadline"]) == ("2026", status, deadline)
    assert row["due"] is (status == "missing")


def test_tertial_indicator_in_the_annual_round_reports_t3() -> None:
    dataset = one_plan(
        indicators=[{"indicator_id": "A", "target": 5.0}],
        values=[{"indicator_id": "A", "period": "2026-T3", "value": 6.0}],
    )
    row = _row(_round(dataset, Period(2026), date(2027, 1, 10)), "A")
    assert (row["period"], row["status"]) == ("2026-T3", "reached")


def test_extra_columns_in_a_file_do_not_collide() -> None:
    dataset = one_plan(indicators=[{"indicator_id": "A"}])
    dataset.frames["indicators"] = dataset.indicators.with_columns(plan_id=pl.lit("X"))
    assert _row(_round(dataset), "A")["plan_id"] == "P1"


MEASURES: list[dict[str, Any]] = [
    {"measure_id": "M1", "due": date(2026, 3, 1), "responsible": "Hjemme"},
    {"measure_id": "M2", "due": date(2026, 3, 1), "responsible": "Hjemme"},
    {"measure_id": "M3", "due": date(2026, 12, 31), "needs_funding": True},
    {"measure_id": "M4", "due": date(2026, 3, 1)},
    {"measure_id": "M5"},
]
UPDATES: list[dict[str, Any]] = [
    {"measure_id": "M1", "period": "2026-T1", "status": "in_progress", "comment": "Snart"},
    {"measure_id": "M2", "period": "2025-T3", "status": "completed"},
    {"measure_id": "M3", "period": "2026-T1", "status": "delayed"},
    {"measure_id": "M4", "period": "2025-T3", "status": "in_progress"},
    {"measure_id": "M5", "period": "2026-T2", "status": "completed"},  # later than the round
]


def _measures(as_of: date = AFTER_T1) -> pl.DataFrame:
    dataset = one_plan(measures=MEASURES, measure_updates=UPDATES)
    return _round(dataset, T1, as_of).measures


def test_measure_status_registration_and_overdue() -> None:
    frame = _measures()
    columns = ["status", "registered", "update_due", "overdue"]
    rows = {r["measure_id"]: [r[c] for c in columns] for r in frame.iter_rows(named=True)}
    assert rows == {
        "M1": ["in_progress", True, True, True],  # due 01.03 < 30.04, not completed
        "M2": ["completed", False, False, False],  # closed earlier: carried, nothing owed
        "M3": ["delayed", True, True, False],  # due later
        "M4": ["missing", False, True, True],  # latest known status in_progress → overdue
        "M5": ["missing", False, True, False],  # no due date
    }
    assert frame["period"].unique().to_list() == ["2026-T1"]
    assert frame["deadline"].unique().to_list() == [date(2026, 5, 15)]


def test_no_measure_update_is_owed_before_the_round_ends() -> None:
    assert not _measures(date(2026, 4, 30))["update_due"].any()


def _mixed_result() -> RoundResult:
    indicators = [
        {"indicator_id": "A", "target": 10.0, "responsible": "Hjemme"},
        {"indicator_id": "B", "target": 10.0, "responsible": "Hjemme"},
        {"indicator_id": "C", "responsible": "Rehab", "baseline": 0.0, "target": 10.0},
        {"indicator_id": "D", "frequency": "annual", "target": 1.0},
    ]
    values = [
        {"indicator_id": "A", "period": "2026-T1", "value": 12.0},
        {"indicator_id": "C", "period": "2026-T1", "value": 5.0},
    ]
    dataset = one_plan(
        indicators=indicators, values=values, measures=MEASURES, measure_updates=UPDATES
    )
    return _round(dataset)


def test_indicator_rollup_counts_completeness_and_progress() -> None:
    by_unit = indicator_rollup(_mixed_result(), "responsible")
    assert by_unit.columns == ["responsible", *INDICATOR_ROLLUP_COLUMNS]
    rows = {r["responsible"]: r for r in by_unit.iter_rows(named=True)}
    assert (rows["Hjemme"]["reached"], rows["Hjemme"]["missing"]) == (1, 1)
    assert (rows["Hjemme"]["due"], rows["Hjemme"]["registered"]) == (2, 1)
    assert rows["Hjemme"]["completeness"] == 0.5
    assert rows["Hjemme"]["overdue_registration"] == 1  # deadline 15.05 < 01.06
    assert rows["Rehab"]["mean_progress"] == 0.5
    assert rows[None]["pending"] == 1
    assert rows[None]["completeness"] is None  # nothing due


def test_overall_rollup_has_every_status_column() -> None:
    total = indicator_rollup(_mixed_result(), None)
    assert total.height == 1
    assert sum(total.row(0, named=True)[code] for code in INDICATOR_STATUSES) == 4
    assert total["completeness"].item() == pytest.approx(2 / 3)


def test_measure_rollup_counts() -> None:
    by_plan = measure_rollup(_mixed_result(), "plan_id")
    assert by_plan.columns == ["plan_id", *MEASURE_ROLLUP_COLUMNS]
    row = by_plan.row(0, named=True)
    counts = {code: row[code] for code in MEASURE_ROUND_STATUSES}
    assert counts == {
        "delayed": 1,
        "missing": 2,
        "not_started": 0,
        "in_progress": 1,
        "cancelled": 0,
        "completed": 1,
    }
    assert (row["measures"], row["overdue"], row["needs_funding"]) == (5, 2, 1)
    assert (row["update_due"], row["registered"]) == (4, 2)


def test_rollup_rejects_unknown_grouping() -> None:
    with pytest.raises(ValueError, match="grouping"):
        indicator_rollup(_mixed_result(), "colour")


def test_missing_items_deadline_first_and_filtered() -> None:
    dataset = one_plan(
        indicators=[
            {"indicator_id": "A", "responsible": "Hjemme"},
            {"indicator_id": "L", "responsible": "Hjemme", "publication_lag_months": 1},
        ],
        measures=MEASURES,
        measure_updates=UPDATES,
    )
    result = _round(dataset, T1, date(2026, 5, 31))
    items = missing_items(result)
    assert items["id"].to_list() == ["A", "M4", "M5", "L"]
    assert items["kind"].to_list() == ["indicator", "measure", "measure", "indicator"]
    assert items["overdue_for_registration"].to_list() == [True, True, True, False]
    assert missing_items(result, "Hjemme")["id"].to_list() == ["A", "L"]


def test_empty_dataset_gives_empty_frames() -> None:
    result = _round(make_dataset())
    assert result.indicators.is_empty()
    assert indicator_rollup(result, None)["indicators"].item() == 0
    assert missing_items(result).is_empty()
