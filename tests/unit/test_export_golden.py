"""Golden files pin the Markdown and CSV output for the sample data (round 2026-T1 as of
2026-06-01). After a deliberate change, regenerate with `UPDATE_GOLDEN=1 pytest` and read
the diff before committing it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from export_helpers import GOLDEN, sample_report

from oppfolging.reporting.export import write_report

CSV_FILES = ("indikatorer", "tiltak", "sammendrag", "rullering", "finansiering")


def _check(actual: bytes, golden: Path) -> None:
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
    assert golden.exists(), f"{golden} mangler: kjør med UPDATE_GOLDEN=1"
    expected = golden.read_bytes()
    assert actual.decode("utf-8") == expected.decode("utf-8")


def test_markdown_matches_golden(tmp_path: Path) -> None:
    path = write_report(sample_report(), "md", tmp_path / "rapport.md")
    _check(path.read_bytes(), GOLDEN / "rapport-2026-T1.md")


@pytest.mark.parametrize("name", CSV_FILES)
def test_csv_matches_golden(tmp_path: Path, name: str) -> None:
    folder = write_report(sample_report(), "csv", tmp_path / "csv")
    assert sorted(p.stem for p in folder.iterdir()) == sorted(CSV_FILES)
    _check((folder / f"{name}.csv").read_bytes(), GOLDEN / "csv-2026-T1" / f"{name}.csv")
