"""Reports for the export tests: the sample data at a fixed round and date, and a small
dataset whose texts try to break every format (formulas, pipes, newlines, HTML)."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from engine_helpers import one_plan

from oppfolging.domain.periods import Period
from oppfolging.reporting.report import Report, make_report
from oppfolging.reporting.round import RoundResult, compute_round
from oppfolging.settings import DatasetSettings, load_dataset_settings
from oppfolging.store.load import load_dataset
from oppfolging.store.model import Dataset

SAMPLE = Path(__file__).resolve().parents[2] / "data"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
ROUND = Period(2026, 1)
AS_OF = date(2026, 6, 1)

FORMULA = '=HYPERLINK("http://x","y")'
TRICKY_NAME = "+47 | <b>fet</b> & «tekst»"


@cache
def sample_dataset() -> tuple[Dataset, DatasetSettings]:
    """The bundled sample data and its settings (loaded once)."""
    loaded = load_dataset(SAMPLE)
    assert not loaded.problems, loaded.problems
    return loaded.dataset, load_dataset_settings(SAMPLE).settings


@cache
def sample_round() -> RoundResult:
    """The engine's round 2026-T1 as of 2026-06-01 for the sample data."""
    dataset, settings = sample_dataset()
    return compute_round(dataset, ROUND, AS_OF, settings)


@cache
def sample_report() -> Report:
    """The report of round 2026-T1 as of 2026-06-01 for the sample data."""
    dataset, settings = sample_dataset()
    return make_report(dataset, ROUND, AS_OF, settings)


def tricky_dataset() -> Dataset:
    """One plan whose comments and names begin with formula characters and hold markup."""
    return one_plan(
        indicators=[
            {"indicator_id": "I1", "name": TRICKY_NAME, "baseline": 10.0, "target": 20.0,
             "baseline_year": 2024, "target_year": 2030},
            {"indicator_id": "I2", "name": "-1 minus", "unit": "kr", "target": 1500.0},
        ],
        values=[
            {"indicator_id": "I1", "period": "2026-T1", "value": 12.5, "comment": FORMULA},
            {"indicator_id": "I1", "period": "2025-T3", "value": 11.0},
            {"indicator_id": "I2", "period": "2026-T1", "value": 1234.5,
             "comment": "linje 1\nlinje 2 | rør"},
        ],
        measures=[
            {"measure_id": "M1", "name": "@sum(A1)", "responsible": "\tfane",
             "due": date(2026, 3, 1), "needs_funding": True, "cost_estimate": 250000.0},
        ],
        measure_updates=[
            {"measure_id": "M1", "period": "2026-T1", "status": "delayed", "comment": "-2+3"},
        ],
    )  # fmt: skip


def tricky_report() -> Report:
    """The report of round 2026-T1 as of 2026-06-01 for `tricky_dataset`."""
    return make_report(tricky_dataset(), ROUND, AS_OF, DatasetSettings())
