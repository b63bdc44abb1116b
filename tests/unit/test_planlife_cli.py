"""End to end (issue 11, item 1): the sample's Porsgrunn plan (2026–2040, adopted
11.12.2025) is in no round before 2026, so `missing --round 2021` lists none of it."""

from __future__ import annotations

import csv
import io
import json

import polars as pl
import pytest
from export_helpers import SAMPLE, sample_round

from oppfolging.cli import main

PORSGRUNN = "porsgrunn-hm-2026"
ROUND_2021 = ["--data", str(SAMPLE), "--round", "2021", "--as-of", "2026-11-22"]


def _porsgrunn_ids() -> set[str]:
    """The Porsgrunn plan's indicator and measure ids (from its first round, 2026-T1)."""
    result = sample_round()
    ids = set(result.indicators.filter(pl.col("plan_id") == PORSGRUNN)["indicator_id"])
    ids |= set(result.measures.filter(pl.col("plan_id") == PORSGRUNN)["measure_id"])
    assert len(ids) == 46 + 37
    return ids


def test_missing_2021_lists_no_porsgrunn_item(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["missing", *ROUND_2021, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    listed = {row["id"] for row in rows}
    assert listed, "the plans in force in 2021 (Lier, Levanger) still owe registrations"
    assert not listed & _porsgrunn_ids()


def test_missing_2021_table_names_no_porsgrunn_indicator(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["missing", *ROUND_2021]) == 0
    out = capsys.readouterr().out
    assert not [item for item in _porsgrunn_ids() if item in out]
    assert "li-i1.1.1" in out


def test_status_2021_counts_no_porsgrunn_indicator(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", *ROUND_2021, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows
    assert {row["plan_id"] for row in rows} <= {"lier-hov-2018", "levanger-hvpo-2013"}
