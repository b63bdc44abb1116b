"""Views across plans (issue 11): a municipality's plans grouped by plan, perspective and
tag, counted from the round table (`compute_round`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import pytest
from engine_helpers import make_dataset

from oppfolging.domain.periods import parse_round
from oppfolging.reporting.grouping import (
    GROUPINGS,
    all_tags,
    focus_areas_in_group,
    group_round,
    items_with_tag,
    matching_ids,
    municipality_of,
    next_grouping,
    perspectives,
)
from oppfolging.reporting.round import RoundResult, compute_round
from oppfolging.settings import DatasetSettings
from oppfolging.store.model import Dataset

ROUND = parse_round("2026-T1")
AS_OF = date(2026, 6, 1)


def _plan(plan_id: str, municipality: str, status: str = "adopted") -> dict[str, Any]:
    return {
        "plan_id": plan_id, "name": f"Plan {plan_id}", "municipality": municipality,
        "plan_type": "temaplan", "period_start": 2024, "period_end": 2030, "status": status,
        "adopted": date(2024, 1, 10) if status in ("adopted", "replaced") else None,
    }  # fmt: skip


def _area(area_id: str, plan_id: str, number: int, perspective: str) -> dict[str, Any]:
    return {"focus_area_id": area_id, "plan_id": plan_id, "number": number,
            "name": area_id.upper(), "perspective": perspective}  # fmt: skip


def _indicator(indicator_id: str, goal_id: str, tags: str | None = None) -> dict[str, Any]:
    return {
        "indicator_id": indicator_id, "goal_id": goal_id, "name": f"Ind {indicator_id}",
        "unit": "%", "direction": "higher", "frequency": "tertial", "baseline": 0.0,
        "baseline_year": 2024, "target": 100.0, "target_year": 2030, "tags": tags,
    }  # fmt: skip


@pytest.fixture
def dataset() -> Dataset:
    """Drammen: two adopted plans sharing the perspective «Brukere», one area without a
    perspective, a replaced plan; Alver elsewhere. Tags on indicators and a measure."""
    return make_dataset(
        plans=[
            _plan("A", "Drammen"), _plan("B", "Drammen"), _plan("OLD", "Drammen", "replaced"),
            _plan("X", "Alver"),
        ],
        focus_areas=[
            _area("a1", "A", 1, "Brukere"), _area("a2", "A", 2, "Økonomi"),
            _area("b1", "B", 1, "Brukere"), _area("b2", "B", 2, " "),
            _area("o1", "OLD", 1, "Brukere"), _area("x1", "X", 1, "Brukere"),
        ],
        goals=[
            {"goal_id": g, "focus_area_id": g[:2], "text": g}
            for g in ("a1g", "a2g", "b1g", "b2g", "o1g", "x1g")
        ],
        indicators=[
            _indicator("ia1", "a1g", "trinn 2;trinn 10"),
            _indicator("ia2", "a2g", "trinn 10"),
            _indicator("ib1", "b1g", None),
            _indicator("ib2", "b2g", "trinn 2"),
            _indicator("io1", "o1g", "trinn 2"),
            _indicator("ix1", "x1g", "trinn 2"),
        ],
        values=[
            {"indicator_id": "ia1", "period": "2026-T1", "value": 100.0},  # reached
            {"indicator_id": "ia2", "period": "2026-T1", "value": 1.0},  # off_track
            {"indicator_id": "ib1", "period": "2026-T1", "value": 100.0},  # reached
        ],  # ib2: missing
        measures=[
            {"measure_id": "ma1", "goal_id": "a1g", "name": "M", "due": date(2026, 1, 31),
             "tags": "trinn 2"},
            {"measure_id": "mb1", "goal_id": "b1g", "name": "N"},
        ],
    )  # fmt: skip


@pytest.fixture
def result(dataset: Dataset) -> RoundResult:
    return compute_round(dataset, ROUND, AS_OF, DatasetSettings())


def _rows(frame: pl.DataFrame) -> dict[str | None, dict[str, Any]]:
    return {row["group"]: row for row in frame.iter_rows(named=True)}


def test_by_perspective_spans_the_municipalitys_plans(
    dataset: Dataset, result: RoundResult
) -> None:
    groups = group_round(dataset, result, "Drammen", "perspective")
    assert groups["group"].to_list() == ["Brukere", "Økonomi", None]  # blank counts as none
    rows = _rows(groups)
    users = rows["Brukere"]
    assert (users["plans"], users["goals"], users["indicators"], users["measures"]) == (2, 2, 2, 2)
    assert (users["reached"], users["off_track"], users["due"], users["registered"]) == (2, 0, 2, 2)
    assert users["completeness"] == pytest.approx(1.0)
    assert users["measures_overdue"] == 1  # ma1 was due 31.01 and has no update
    assert rows["Økonomi"]["off_track"] == 1
    assert rows[None]["missing"] == 1
    assert rows[None]["completeness"] == pytest.approx(0.0)


def test_replaced_plans_and_other_municipalities_are_left_out(
    dataset: Dataset, result: RoundResult
) -> None:
    by_plan = group_round(dataset, result, "Drammen", "plan")
    assert by_plan["group_key"].to_list() == ["A", "B"]
    assert _rows(by_plan)["Plan A"]["indicators"] == 2
    alver = group_round(dataset, result, "Alver", "perspective")
    assert alver["group"].to_list() == ["Brukere"]
    assert alver["indicators"].to_list() == [1]


def test_an_item_with_two_tags_counts_in_both_and_untagged_is_last(
    dataset: Dataset, result: RoundResult
) -> None:
    groups = group_round(dataset, result, "Drammen", "tag")
    assert groups["group"].to_list() == ["trinn 2", "trinn 10", None]  # as a reader sorts
    rows = _rows(groups)
    assert (rows["trinn 2"]["indicators"], rows["trinn 2"]["measures"]) == (2, 1)
    assert (rows["trinn 2"]["reached"], rows["trinn 2"]["missing"]) == (1, 1)
    assert (rows["trinn 10"]["indicators"], rows["trinn 10"]["off_track"]) == (2, 1)
    assert (rows[None]["indicators"], rows[None]["measures"]) == (1, 1)
    total = group_round(dataset, result, "Drammen", "plan")["indicators"].sum()
    assert total == 4  # the tag groups overlap; the plans do not


def test_a_plan_the_round_does_not_count_lists_items_but_counts_none() -> None:
    dataset = make_dataset(
        plans=[_plan("C", "Alver", "consultation")],
        focus_areas=[{"focus_area_id": "c1", "plan_id": "C", "number": 1, "name": "C1"}],
        goals=[{"goal_id": "c1g", "focus_area_id": "c1", "text": "Mål"}],
        indicators=[_indicator("ic1", "c1g", "trinn 3")],
    )
    result = compute_round(dataset, ROUND, AS_OF, DatasetSettings())
    [row] = group_round(dataset, result, "Alver", "tag").iter_rows(named=True)
    assert (row["group"], row["indicators"], row["due"], row["completeness"]) == (
        "trinn 3",
        1,
        0,
        None,
    )
    assert sum(row[code] for code in ("missing", "reached", "off_track")) == 0
    [item] = items_with_tag(dataset, result, "Alver", "trinn 3").iter_rows(named=True)
    assert (item["id"], item["status"]) == ("ic1", None)


def test_members_of_a_group(dataset: Dataset, result: RoundResult) -> None:
    areas = focus_areas_in_group(dataset, result, "Drammen", "perspective", "Brukere")
    assert areas["focus_area_id"].to_list() == ["a1", "b1"]
    assert areas.filter(focus_area_id="a1")["reached"].item() == 1
    none = focus_areas_in_group(dataset, result, "Drammen", "perspective", None)
    assert none["focus_area_id"].to_list() == ["b2"]
    tagged = items_with_tag(dataset, result, "Drammen", "trinn 2")
    assert sorted(tagged["id"].to_list()) == ["ia1", "ib2", "ma1"]
    assert items_with_tag(dataset, result, "Drammen", None)["id"].to_list() == ["ib1", "mb1"]


def test_filter_choices_and_matching_ids(dataset: Dataset) -> None:
    assert perspectives(dataset) == ["Brukere", "Økonomi"]
    assert all_tags(dataset) == ["trinn 2", "trinn 10"]
    assert matching_ids(dataset, "Brukere", "trinn 2") == (
        frozenset({"ia1", "io1", "ix1"}),
        frozenset({"ma1"}),
    )
    assert matching_ids(dataset, "Økonomi", None) == (frozenset({"ia2"}), frozenset())


def test_cycle_and_unknown_grouping(dataset: Dataset, result: RoundResult) -> None:
    assert [next_grouping(g) for g in GROUPINGS] == ["perspective", "tag", "plan"]
    assert municipality_of(dataset, "B") == "Drammen"
    assert municipality_of(dataset, "nope") is None
    with pytest.raises(ValueError, match="unknown grouping"):
        group_round(dataset, result, "Drammen", "unit")  # type: ignore[arg-type]
