"""The bundled sample dataset (data/) shows what the engine can say."""

from __future__ import annotations

import csv
import io
import json

import pytest

from oppfolging.cli import main
from oppfolging.domain.codes import INDICATOR_STATUSES
from oppfolging.resources import sample_data_dir

DATA = sample_data_dir()
pytestmark = pytest.mark.skipif(
    not (DATA / "plans.csv").is_file(), reason="the sample dataset is not there"
)


def test_round_shows_every_indicator_status(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["status", "--data", str(DATA), "--round", "2026-T1", "--as-of", "2026-06-01"]
    assert main([*argv, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    absent = set(INDICATOR_STATUSES) - {row["status"] for row in rows}
    assert not absent, f"statuses absent from the sample in 2026-T1: {sorted(absent)}"


def test_lier_plan_is_overdue_for_revision(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["revisions", "--data", str(DATA), "--as-of", "2026-11-22", "--format", "json"]
    assert main(argv) == 0
    plans = json.loads(capsys.readouterr().out)
    lier = [plan for plan in plans if plan["municipality"].startswith("Lier")]
    assert lier
    assert {plan["flag"] for plan in lier if plan["status"] == "adopted"} == {"overdue"}
