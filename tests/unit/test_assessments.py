"""Assessments (issue 10): the suggested goal status, the table's checks, registering through
the service (log, conflict, undo, no-op), `round_assessments` and `oppfolging assess`."""

from __future__ import annotations

import io
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Literal

import polars as pl
import pytest

from oppfolging.cli import main
from oppfolging.domain.goalstatus import GoalEvidence, suggest_goal_status, worst_status
from oppfolging.domain.periods import parse_round
from oppfolging.domain.planlife import plan_in_round_expr
from oppfolging.registration import (
    CURRENT,
    ConflictError,
    RegistrationError,
    SaveResult,
    register_assessment,
    undo_last_change,
)
from oppfolging.reporting.assessments import ASSESSMENT_COLUMNS, round_assessments
from oppfolging.reporting.round import compute_round
from oppfolging.settings import load_dataset_settings
from oppfolging.store.load import load_dataset, read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"
NOW = datetime(2026, 6, 2, 9, 30)
AS_OF = date(2026, 6, 1)
GOAL = "pg-m1.2"  # suggested some_deviation in 2026-T1 as of 2026-06-01
SUGGESTED = "some_deviation"
HEADER = "round,level,target_id,status,suggested,text,reason,registered_by,registered_at\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


# --- the rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicators", "deviating", "reported", "expected"),
    [
        ({}, 0, 0, "not_assessed"),
        ({"missing": 2, "pending": 1}, 0, 0, "not_assessed"),
        ({"no_target": 1}, 0, 0, "not_assessed"),
        ({"reached": 3}, 0, 0, "reached"),
        ({"reached": 2, "no_target": 1, "pending": 1}, 0, 0, "reached"),
        ({"reached": 2, "on_track": 1}, 0, 0, "on_track"),
        ({}, 0, 2, "on_track"),
        ({"on_track": 1, "at_risk": 1}, 0, 0, "some_deviation"),
        ({"on_track": 1, "missing": 1}, 0, 0, "some_deviation"),
        ({"reached": 2}, 1, 3, "some_deviation"),
        ({}, 1, 1, "some_deviation"),
        ({"reached": 1, "off_track": 1}, 0, 0, "major_deviation"),
        ({"on_track": 3}, 2, 2, "major_deviation"),
        ({"at_risk": 1, "off_track": 1, "missing": 1}, 1, 1, "major_deviation"),
    ],
)
def test_suggested_goal_status(
    indicators: dict[str, int], deviating: int, reported: int, expected: str
) -> None:
    assert suggest_goal_status(GoalEvidence(indicators, deviating, reported)) == expected


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], "not_assessed"),
        (["not_assessed", None], "not_assessed"),
        (["reached", "not_assessed"], "reached"),
        (["reached", "on_track"], "on_track"),
        (["on_track", "major_deviation", "some_deviation"], "major_deviation"),
    ],
)
def test_worst_status(statuses: list[str | None], expected: str) -> None:
    assert worst_status(statuses) == expected


# --- the table's checks --------------------------------------------------------------------


def _write(folder: Path, *rows: str) -> None:
    (folder / "assessments.csv").write_text(HEADER + "".join(f"{r}\n" for r in rows), "utf-8")


def _problems(folder: Path) -> list[str]:
    return [str(p) for p in load_dataset(folder).problems]


def test_a_dataset_without_assessments_loads(folder: Path) -> None:
    assert not (folder / "assessments.csv").exists()
    result = load_dataset(folder)
    assert result.ok
    assert result.dataset.assessments.is_empty()


def test_valid_assessments_load(folder: Path) -> None:
    _write(
        folder,
        f'2026-T1,goal,{GOAL},on_track,some_deviation,"To\nlinjer",Ny rutine,Kari,',
        "2026,focus_area,pg-io1,,,Tekst,,,",
        "2026-T2,plan,porsgrunn-hm-2026,reached,reached,,,,",
    )
    assert _problems(folder) == []


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (f"2026-T3,goal,{GOAL},,,x,,,", "round", "ingen rapportering"),
        (f"2026-T1,goal,{GOAL},bra,,x,,,", "status", "ukjent verdi"),
        (f"2026-T1,mål,{GOAL},,,x,,,", "level", "ukjent verdi"),
        ("2026-T1,goal,pg-io1,,,x,,,", "target_id", "goal_id «pg-io1» finnes ikke"),
        ("2026-T1,focus_area,nope,,,x,,,", "target_id", "focus_area_id «nope» finnes ikke"),
        (f"2026-T1,goal,{GOAL},reached,on_track,x,,,", "reason", "krever en begrunnelse"),
    ],
)
def test_bad_assessments_are_reported(folder: Path, row: str, column: str, words: str) -> None:
    _write(folder, row)
    problems = _problems(folder)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"assessments.csv:2:{column}:")
    assert words in problems[0]


def test_the_same_key_twice_is_reported(folder: Path) -> None:
    _write(folder, f"2026-T1,goal,{GOAL},,,a,,,", f"2026-T1,goal,{GOAL},,,b,,,")
    assert any("finnes flere ganger" in p for p in _problems(folder))


# --- registering -----------------------------------------------------------------------------


def _register(
    folder: Path,
    status: str | None,
    reason: str | None = None,
    *,
    text: str = "Vurdering",
    user: str = "Kari",
    expected: dict[str, object] | Literal["current"] | None = CURRENT,
) -> SaveResult:
    return register_assessment(
        folder, "2026-T1", "goal", GOAL, status, text, reason, user, NOW,
        expected, suggested=SUGGESTED,
    )  # fmt: skip


def _rows(folder: Path) -> list[dict[str, object]]:
    return read_table(folder, "assessments")[0].to_dicts()


def test_registering_writes_the_row_and_logs_each_cell(folder: Path) -> None:
    _register(folder, SUGGESTED, text="Første linje\r\nandre linje  \n")
    [row] = _rows(folder)
    assert row["status"] == SUGGESTED
    assert row["suggested"] == SUGGESTED
    assert row["text"] == "Første linje\nandre linje"
    assert row["registered_by"] == "Kari"
    changes = read_table(folder, "changes")[0]
    assert set(changes["table"]) == {"assessments"}
    assert sorted(changes["column"]) == sorted(
        ["status", "suggested", "text", "registered_by", "registered_at"]
    )
    assert changes["key"][0] == f"round=2026-T1;level=goal;target_id={GOAL}"


def test_a_status_other_than_the_suggestion_needs_a_reason(folder: Path) -> None:
    with pytest.raises(RegistrationError, match="skriv en begrunnelse"):
        _register(folder, "on_track")
    with pytest.raises(RegistrationError, match="skriv en begrunnelse"):
        _register(folder, "on_track", "   ")
    assert not (folder / "assessments.csv").exists()
    _register(folder, "on_track", "Tiltakene er i gang")
    assert _rows(folder)[0]["reason"] == "Tiltakene er i gang"


@pytest.mark.parametrize(
    ("level", "target", "status", "words"),
    [
        ("goal", "nope", None, "målet «nope» finnes ikke"),
        ("focus_area", GOAL, None, "innsatsområdet"),
        ("team", GOAL, None, "ukjent nivå"),
        ("goal", GOAL, "good", "ukjent status"),
    ],
)
def test_unknown_ids_and_codes_are_refused(
    folder: Path, level: str, target: str, status: str | None, words: str
) -> None:
    with pytest.raises(RegistrationError, match=words):
        register_assessment(
            folder, "2026-T1", level, target, status, "x", "r", "Kari", NOW, suggested=None
        )


def test_a_tertial_3_is_no_round(folder: Path) -> None:
    with pytest.raises(RegistrationError, match="ingen rapportering"):
        register_assessment(folder, "2026-T3", "goal", GOAL, None, "x", None, "K", NOW,
                            suggested=None)  # fmt: skip


def test_an_unchanged_save_writes_nothing(folder: Path) -> None:
    _register(folder, SUGGESTED)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    result = _register(folder, SUGGESTED, user="Ola")
    assert not result.changed
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert after == before


def test_a_conflict_is_refused_when_someone_saved_since(folder: Path) -> None:
    _register(folder, SUGGESTED, text="Min første")
    seen = {k: v for k, v in _rows(folder)[0].items() if k not in ("round", "level", "target_id")}
    _register(folder, SUGGESTED, text="Ola skrev dette", user="Ola")
    with pytest.raises(ConflictError) as caught:
        _register(folder, SUGGESTED, text="Kari skriver", expected=seen)
    assert {c.column for c in caught.value.conflicts} >= {"text"}
    assert _rows(folder)[0]["text"] == "Ola skrev dette"


def test_undo_takes_an_assessment_back(folder: Path) -> None:
    _register(folder, SUGGESTED, text="Først")
    _register(folder, "on_track", "Grunn", text="Så")
    undo_last_change(folder, "Kari", datetime(2026, 6, 2, 10))
    [row] = _rows(folder)
    assert (row["status"], row["text"], row["reason"]) == (SUGGESTED, "Først", None)
    undo_last_change(folder, "Kari", datetime(2026, 6, 2, 11))
    assert _rows(folder) == []


# --- round_assessments ---------------------------------------------------------------------


def _round(folder: Path) -> pl.DataFrame:
    dataset = load_dataset(folder).dataset
    settings = load_dataset_settings(folder).settings
    return round_assessments(
        dataset, compute_round(dataset, parse_round("2026-T1"), AS_OF, settings)
    )


def test_round_assessments_has_one_row_per_plan_focus_area_and_goal(folder: Path) -> None:
    frame = _round(folder)
    assert tuple(frame.columns) == ASSESSMENT_COLUMNS
    dataset = load_dataset(folder).dataset
    in_round = plan_in_round_expr(parse_round("2026-T1"))
    adopted = dataset.plans.filter(in_round)["plan_id"]
    areas = dataset.focus_areas.filter(pl.col("plan_id").is_in(adopted.implode()))
    goals = dataset.goals.filter(pl.col("focus_area_id").is_in(areas["focus_area_id"].implode()))
    counts = dict(frame.group_by("level").len().iter_rows())
    assert counts == {"plan": adopted.len(), "focus_area": areas.height, "goal": goals.height}
    assert frame["level"][:3].to_list() == ["plan", "focus_area", "goal"]
    assert frame.filter(pl.col("target_id") == GOAL)["suggested"].item() == SUGGESTED
    assert frame["status"].null_count() == frame.height
    assert (frame["effective"] == frame["suggested"]).all()


def test_round_assessments_shows_the_registered_status_and_rolls_it_up(folder: Path) -> None:
    _register(folder, "reached", "Alt er nådd", text="Bra")
    frame = _round(folder).filter(pl.col("focus_area_id") == "pg-io1")
    goal = frame.filter(pl.col("target_id") == GOAL).row(0, named=True)
    assert (goal["suggested"], goal["status"], goal["effective"]) == (
        SUGGESTED, "reached", "reached",
    )  # fmt: skip
    assert (goal["text"], goal["reason"], goal["registered_by"]) == ("Bra", "Alt er nådd", "Kari")
    other = frame.filter(pl.col("target_id") == "pg-m1.1")["effective"].item()
    area = frame.filter(pl.col("level") == "focus_area")["suggested"].item()
    assert area == worst_status([other, "reached"])


# --- the command line ------------------------------------------------------------------------


def _assess(folder: Path, *argv: str) -> int:
    base = ["assess", "--data", str(folder), "--round", "2026-T1", "--as-of", "2026-06-01"]
    return main([*base, *argv, "--user", "Kari"])


def test_cli_refuses_an_override_without_reason_then_accepts_one(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _assess(folder, "--goal", GOAL, "--status", "on_track", "--text", "x") == 1
    assert "skriv en begrunnelse" in capsys.readouterr().err
    assert _assess(folder, "--goal", GOAL, "--status", "on_track", "--text", "x",
                   "--reason", "Nye tall i mai") == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "status (tom) → på sporet" in out
    assert _rows(folder)[0]["suggested"] == SUGGESTED
    # Omitted options keep what is registered: nothing changes.
    assert _assess(folder, "--goal", GOAL) == 0
    assert "Ingen endring" in capsys.readouterr().out


def test_cli_reads_the_text_from_standard_input(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Linje én\nLinje to\n"))
    assert _assess(folder, "--focus-area", "pg-io1", "--text", "-") == 0
    [row] = _rows(folder)
    assert (row["level"], row["text"], row["status"]) == ("focus_area", "Linje én\nLinje to", None)


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        ([], 2),
        (["--goal", ""], 2),
        (["--goal", "nope"], 1),
        (["--plan", "porsgrunn-hm-2026", "--status", "bra"], 1),
    ],
)
def test_cli_exit_codes(folder: Path, argv: list[str], code: int) -> None:
    assert _assess(folder, *argv) == code


def test_cli_list_shows_suggested_and_registered(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _register(folder, "reached", "Grunn")
    assert _assess(folder, "--list") == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if GOAL in line)
    assert "▲ noe avvik" in line
    assert "✔ nådd" in line
    assert _assess(folder, "--list", "--format", "csv") == 0
    assert capsys.readouterr().out.startswith(",".join(ASSESSMENT_COLUMNS))


# --- only in a round of the plan's life (domain.planlife) ---------------------------------


@pytest.mark.parametrize(
    ("round_", "level", "target", "words"),
    [
        ("2021", "goal", "pg-m1.1", "planen gjelder 2026–2040 og ble vedtatt 11.12.2025"),
        ("2025-T2", "plan", "porsgrunn-hm-2026", "«porsgrunn-hm-2026» er ikke med i 2. tertial"),
        ("2041", "focus_area", "pg-io1", "som ikke er med i Årsrapport 2041"),
        ("2025", "goal", "le-m1.1", "planen gjelder 2013–2024"),
    ],
)
def test_assess_outside_the_plans_life_is_refused(
    folder: Path, capsys: pytest.CaptureFixture[str], round_: str, level: str, target: str,
    words: str,
) -> None:  # fmt: skip
    option = {"goal": "--goal", "plan": "--plan", "focus_area": "--focus-area"}[level]
    argv = ["assess", "--data", str(folder), "--round", round_, option, target, "--text", "x"]
    assert main([*argv, "--user", "Kari"]) == 1
    error = capsys.readouterr().err
    assert words in error
    assert "Traceback" not in error
    assert not (folder / "assessments.csv").exists()


def test_assess_in_the_plans_life_is_saved(folder: Path) -> None:
    argv = ["assess", "--data", str(folder), "--round", "2026", "--goal", "pg-m1.1"]
    assert main([*argv, "--text", "x", "--user", "Kari"]) == 0
    assert _rows(folder)[0]["round"] == "2026"
