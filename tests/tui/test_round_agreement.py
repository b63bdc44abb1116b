"""The screen and the report never disagree: the form's preview, the worklist and the
attention list read the round table and its roll-ups, not copies of their rules."""

from __future__ import annotations

import dataclasses
from datetime import date

import polars as pl
import pytest
from pilot_helpers import AS_OF, SAMPLE

from oppfolging.domain.periods import Period, parse_period
from oppfolging.reporting.rollup import missing_items
from oppfolging.reporting.round import compute_round
from oppfolging.session import Session, open_session
from oppfolging.tui.app import Filters
from oppfolging.tui.form_logic import preview_status, value_context, worklist_frame
from oppfolging.tui.overview_data import attention_items

BEHIND = "pg-i1.1.2"
"""Registered 47 in 1. tertial 2026, a little below its expected 48,2 (span 28)."""


@pytest.fixture
def session() -> Session:
    """The bundled sample, read only, as of 01.06.2026."""
    return open_session(SAMPLE, AS_OF)


def _set_tolerance(session: Session, indicator_id: str, tolerance: float | None) -> None:
    indicators = session.dataset.frames["indicators"]
    session.dataset.frames["indicators"] = indicators.with_columns(
        tolerance=pl.when(pl.col("indicator_id") == indicator_id)
        .then(pl.lit(tolerance, dtype=pl.Float64))
        .otherwise(pl.col("tolerance"))
    )
    session.forget_results()


@pytest.mark.parametrize(
    ("tolerance", "default"),
    [(0.0, 0.1), (None, 0.0)],
    ids=["tolerance-0", "blank-tolerance-default-0"],
)
def test_preview_uses_the_round_tables_tolerance(
    session: Session, tolerance: float | None, default: float
) -> None:
    _set_tolerance(session, BEHIND, tolerance)
    session.settings = dataclasses.replace(session.settings, default_tolerance=default)
    round_ = Period(2026, 1)
    row = session.round_result(round_).indicators.filter(pl.col("indicator_id") == BEHIND)
    value, expected = row["value"][0], row["expected"][0]
    assert value < expected, "the registered value is just below the expected line"
    assert row["status"][0] == "off_track"
    context = value_context(session, BEHIND, str(row["period"][0]))
    assert preview_status(context, value) == row["status"][0]


def test_preview_matches_the_round_table_for_every_registered_value(session: Session) -> None:
    indicators = session.round_result(Period(2026, 1)).indicators
    registered = indicators.filter(pl.col("value").is_not_null())
    assert registered.height > 10
    for row in registered.iter_rows(named=True):
        context = value_context(session, row["indicator_id"], row["period"])
        assert preview_status(context, row["value"]) == row["status"], row["indicator_id"]


ROUNDS = ("2025-T2", "2025", "2026-T1", "2026-T2")
DATES = (date(2026, 6, 1), date(2026, 9, 20), date(2027, 3, 1))


@pytest.mark.parametrize("as_of", DATES, ids=str)
@pytest.mark.parametrize("round_text", ROUNDS)
def test_worklist_is_the_missing_list(session: Session, round_text: str, as_of: date) -> None:
    result = compute_round(session.dataset, parse_period(round_text), as_of, session.settings)
    units = [None, *result.measures["responsible"].drop_nulls().unique().sort().to_list()[:2]]
    for unit in units:
        missing = missing_items(result, unit)
        expected = [f"{kind[0]}:{id_}" for kind, id_ in missing.select("kind", "id").rows()]
        frame = worklist_frame(result, unit)
        assert frame["key"].to_list() == expected
        assert frame["late"].to_list() == missing["overdue_for_registration"].to_list()


def test_worklist_owes_no_measure_before_the_round_has_ended(session: Session) -> None:
    result = compute_round(session.dataset, Period(2026, 2), AS_OF, session.settings)
    assert result.measures.filter(pl.col("status") == "missing").height > 0
    assert worklist_frame(result, None).height == 0


def _measure_statuses(items: pl.DataFrame) -> dict[str, str]:
    measures = items.filter(pl.col("key").str.starts_with("m:"))
    return dict(zip(measures["key"], measures["status"], strict=True))


def test_attention_lists_no_missing_update_before_it_is_owed(session: Session) -> None:
    result = compute_round(session.dataset, Period(2026, 2), AS_OF, session.settings)
    assert not result.measures["update_due"].any()
    statuses = _measure_statuses(attention_items(result, Filters()))
    assert "missing" not in statuses.values()
    overdue = result.measures.filter(pl.col("overdue"))["measure_id"].to_list()
    assert set(statuses) == {f"m:{m}" for m in overdue}


def test_attention_lists_missing_updates_that_are_owed(session: Session) -> None:
    result = compute_round(session.dataset, Period(2026, 2), date(2026, 9, 20), session.settings)
    statuses = _measure_statuses(attention_items(result, Filters()))
    owed = result.measures.filter(pl.col("update_due"), pl.col("status") == "missing")
    assert owed.height > 0
    assert {f"m:{m}" for m in owed["measure_id"]} <= set(statuses)
    assert all(statuses[f"m:{m}"] == "missing" for m in owed["measure_id"])
