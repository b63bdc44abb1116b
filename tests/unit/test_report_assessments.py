"""A registered assessment reaches the report: its section in the model, and the Markdown
export under the goal's heading; sections nobody assessed have none."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from oppfolging.domain.periods import parse_round
from oppfolging.registration.assessments import register_assessment
from oppfolging.reporting.assessments import round_assessments
from oppfolging.reporting.report import make_report
from oppfolging.reporting.round import compute_round
from oppfolging.settings import load_dataset_settings
from oppfolging.store.load import load_dataset

SAMPLE = Path(__file__).resolve().parents[2] / "data"
AS_OF = date(2026, 6, 1)
ROUND = parse_round("2026-T1")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target)
    return target


def _suggested(folder: Path, goal_id: str) -> str:
    dataset = load_dataset(folder).dataset
    result = compute_round(dataset, ROUND, AS_OF, load_dataset_settings(folder).settings)
    rows = round_assessments(dataset, result).filter(target_id=goal_id, level="goal")
    return str(rows["suggested"][0])


def test_a_registered_assessment_is_in_its_goal_section(folder: Path) -> None:
    goal = load_dataset(folder).dataset.goals.row(0, named=True)
    suggested = _suggested(folder, goal["goal_id"])
    text = "Aktiviteten øker.\nFrisklivsresept henger etter."
    register_assessment(
        folder, "2026-T1", "goal", goal["goal_id"], suggested, text, None, "Kari",
        datetime(2026, 6, 1, 12), suggested=suggested,
    )  # fmt: skip
    loaded = load_dataset(folder).dataset
    report = make_report(loaded, ROUND, AS_OF, load_dataset_settings(folder).settings)
    sections = [g for p in report.plans for a in p.focus_areas for g in a.goals]
    assessed = [g for g in sections if g.assessment is not None]
    assert [g.goal_id for g in assessed] == [goal["goal_id"]]
    assert assessed[0].assessment is not None
    assert assessed[0].assessment.text == text
    assert assessed[0].assessment.status == suggested
    areas = [a for p in report.plans for a in p.focus_areas]
    assert all(a.assessment is None for a in areas)


def test_a_report_without_assessments_has_none(folder: Path) -> None:
    loaded = load_dataset(folder).dataset
    report = make_report(loaded, ROUND, AS_OF, load_dataset_settings(folder).settings)
    goals = [g for p in report.plans for a in p.focus_areas for g in a.goals]
    assert goals
    assert all(g.assessment is None for g in goals)
