"""The format-neutral report: built from the engine's tables, never recomputed."""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest
from export_helpers import AS_OF, ROUND, sample_dataset, sample_report, sample_round
from hypothesis import given
from hypothesis import strategies as st

from oppfolging.i18n import status_word
from oppfolging.reporting.report import CellKind, ReportError, make_report
from oppfolging.reporting.report.build import narrow_dataset
from oppfolging.reporting.report.cells import (
    bool_cell,
    date_cell,
    decimals,
    number_cell,
    share_cell,
    status_cell,
    trend_cell,
)


def test_every_indicator_of_the_round_is_in_the_report_with_its_numbers() -> None:
    table = sample_report().table("indikatorer")
    round_rows = sample_round().indicators
    assert len(table.rows) == round_rows.height
    by_id = {row["indicator_id"]: row for row in round_rows.iter_rows(named=True)}
    assert set(table.ids) == set(by_id)
    for value, status, progress, name, indicator_id in zip(
        table.column_values("value"),
        table.column_values("status"),
        table.column_values("progress"),
        table.column_values("indicator"),
        table.ids,
        strict=True,
    ):
        engine = by_id[indicator_id]
        assert name.text == engine["indicator"]
        assert value.value == engine["value"]
        assert status.value == engine["status"]
        assert status.text == status_word(engine["status"])
        assert progress.value == engine["progress"]


def test_every_measure_of_the_round_is_in_the_report() -> None:
    table = sample_report().table("tiltak")
    measures = sample_round().measures
    assert len(table.rows) == measures.height
    assert {cell.value for cell in table.column_values("measure")} == set(measures["name"])
    overdue = [cell.value for cell in table.column_values("overdue")]
    assert sum(bool(value) for value in overdue) == measures["overdue"].sum()


def test_the_outline_holds_each_goal_with_its_own_rows() -> None:
    report = sample_report()
    goal_rows = sum(len(goal.indicators.rows) for _p, _a, goal in report.goals())
    assert goal_rows == len(report.table("indikatorer").rows)
    _plan, area, goal = next(report.goals())
    assert area.heading.startswith("1. ")
    assert goal.indicators.columns[0].key == "indicator"
    assert goal.measures.columns[0].key == "measure"


def test_only_plans_in_the_round_make_up_the_outline() -> None:
    plans = {plan.plan_id for plan in sample_report().plans}
    assert plans == set(sample_round().indicators["plan_id"]) | set(
        sample_round().measures["plan_id"]
    )


def test_summary_has_a_row_per_focus_area_and_a_total_per_plan() -> None:
    report = sample_report()
    summary = report.table("sammendrag")
    areas = sum(len(plan.focus_areas) for plan in report.plans)
    assert len(summary.rows) == areas + len(report.plans)
    totals = [row for row in summary.rows if row[1].text == "Totalt"]
    round_rows = sample_round().indicators
    column = summary.column_index("on_track")
    counts = [row[column].value for row in totals]
    assert all(isinstance(count, int) for count in counts)
    assert sum(count for count in counts if isinstance(count, int)) == (
        round_rows.filter(pl.col("status") == "on_track").height
    )


def test_revision_table_lists_flagged_plans_but_not_replaced_ones() -> None:
    flags = {
        cell.value for cell in sample_report().table("rullering").column_values("revision_flag")
    }
    assert flags <= {"overdue", "due_soon"}
    assert "overdue" in flags


def test_funding_table_lists_measures_that_need_funding() -> None:
    funding = sample_report().table("finansiering")
    needing = sample_round().measures.filter(pl.col("needs_funding").fill_null(False))
    assert len(funding.rows) == needing.height


def test_plan_filter_keeps_one_plan_and_its_revision_row() -> None:
    dataset, settings = sample_dataset()
    report = make_report(dataset, ROUND, AS_OF, settings, plan_id="lier-hov-2018")
    assert [plan.plan_id for plan in report.plans] == ["lier-hov-2018"]
    assert report.title.startswith("Helse-, omsorgs- og velferdsplan for Lier")
    full = sample_report().table("indikatorer")
    lier_rows = [row for row in full.rows if row[0].text == report.plans[0].name]
    assert report.table("indikatorer").rows == lier_rows
    assert len(report.table("rullering").rows) == 1


def test_unknown_plan_is_a_norwegian_error() -> None:
    dataset, _settings = sample_dataset()
    with pytest.raises(ReportError, match="Fant ingen plan"):
        narrow_dataset(dataset, "finnes-ikke")


def test_charts_are_capped_and_counted() -> None:
    dataset, settings = sample_dataset()
    report = make_report(dataset, ROUND, AS_OF, settings, max_charts=3)
    assert len(report.charts) == 3
    assert (report.charts_limit, report.charts_total) == (3, len(report.table("indikatorer").rows))
    first = report.charts[0]
    assert len(first.periods) == len(first.values) > 1
    assert list(first.periods) == sorted(first.periods)


@pytest.mark.parametrize(("value", "expected"), [(12.0, 0), (12.5, 1), (12.25, 2), (0.1 + 0.2, 1)])
def test_decimals_follow_the_display_text(value: float, expected: int) -> None:
    assert decimals(value) == expected


def test_cells_carry_raw_value_text_and_status() -> None:
    assert number_cell(1234.5, "%").text == "1\u00a0234,5\u00a0%"
    assert number_cell(math.nan, "%").value is None
    assert share_cell(0.456).text == "46\u00a0%"
    assert date_cell(date(2026, 4, 30)).text == "30.04.2026"
    assert status_cell("on_track").status == "on_track"
    assert status_cell("on_track").text == "på sporet"
    assert trend_cell("improving").text == "↗ bedre"
    assert trend_cell("improving").status is None
    overdue = bool_cell(True, "overdue")
    assert (overdue.text, overdue.status, overdue.kind) == ("ja", "overdue", CellKind.BOOL)
    assert bool_cell(False, "overdue").status is None


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.one_of(
                st.none(),
                st.floats(allow_nan=True, allow_infinity=True, width=64),
                st.integers(-(10**6), 10**6).map(lambda n: n / 100),
            ),
        ),
        max_size=40,
    )
)
def test_registered_decimals_equal_each_values_own(pairs: list[tuple[str, float | None]]) -> None:
    """Once per distinct value gives what once per value gave (the most decimals, 0–2)."""
    from oppfolging.reporting.report.build import registered_decimals
    from oppfolging.reporting.report.cells import decimals

    frame = pl.DataFrame(
        {"indicator_id": [p[0] for p in pairs], "value": [p[1] for p in pairs]},
        schema={"indicator_id": pl.String, "value": pl.Float64},
    )
    expected: dict[str, int] = {}
    for indicator, value in pairs:
        if value is None or not math.isfinite(value):
            continue
        expected[indicator] = max(expected.get(indicator, 0), decimals(value))
    got = dict(registered_decimals(frame).iter_rows())
    assert got == expected
