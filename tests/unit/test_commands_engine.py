"""`oppfolging status`, `revisions` and `missing` through `oppfolging.cli.main`."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from engine_helpers import one_plan, write_dataset
from hypothesis import given
from hypothesis import strategies as st

from oppfolging.cli import main
from oppfolging.commands.output import TextColumn, _line, fit_widths, render_table, truncate
from oppfolging.reporting.round import INDICATOR_COLUMNS, RoundResult


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A small dataset: three indicators, two measures, one plan due for revision."""
    dataset = one_plan(
        indicators=[
            {
                "indicator_id": "A",
                "name": "Andel hjemmeboende over 80 år med et svært langt navn som må kuttes",
                "baseline": 50.0,
                "baseline_year": 2020,
                "target": 100.0,
                "responsible": "Hjemmetjenesten",
            },
            {"indicator_id": "B", "target": 10.0, "responsible": "Rehabilitering"},
            {"indicator_id": "C", "frequency": "annual", "target": 5.0, "direction": "lower"},
        ],
        values=[
            {"indicator_id": "A", "period": "2026-T1", "value": 1234.5, "comment": "Økt, «bra»"},
            {"indicator_id": "C", "period": "2025", "value": 6.0},
        ],
        measures=[
            {
                "measure_id": "M1",
                "due": date(2026, 3, 1),
                "responsible": "Hjemmetjenesten",
                "needs_funding": True,
            },
            {"measure_id": "M2", "responsible": "Rehabilitering"},
        ],
        measure_updates=[{"measure_id": "M1", "period": "2026-T1", "status": "delayed"}],
    )
    return write_dataset(dataset, tmp_path / "data")


ROUND = ["--round", "2026-T1", "--as-of", "2026-06-01"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_status_csv(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "status", "--data", str(folder), *ROUND, "--format", "csv")
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(out)))
    expected = list(INDICATOR_COLUMNS)
    expected.insert(expected.index("period") + 1, "period_text")  # the period in words
    assert list(rows[0]) == expected
    by_id = {row["indicator_id"]: row for row in rows}
    assert (by_id["A"]["period"], by_id["A"]["period_text"]) == ("2026-T1", "1. tertial 2026")
    assert by_id["A"]["value"] == "1234.5"
    assert by_id["A"]["status"] == "reached"
    assert by_id["A"]["due_date"] == "2026-04-30"
    assert by_id["B"]["status"] == "missing"
    assert (by_id["C"]["status"], by_id["C"]["due"]) == ("off_track", "false")


def test_status_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "status", "--data", str(folder), *ROUND, "--format", "json")
    records = json.loads(out)
    assert code == 0
    assert [r["indicator_id"] for r in records] == ["A", "B", "C"]
    assert records[0]["comment"] == "Økt, «bra»"
    assert records[0]["deadline"] == "2026-05-15"


def test_status_table_is_norwegian_and_narrow(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = _run(capsys, "status", "--data", str(folder), *ROUND)
    assert code == 0
    assert "1. tertial 2026 – per 01.06.2026" in out
    assert "1\u00a0234,5" in out
    assert "✔ nådd" in out
    assert "? mangler" in out
    assert "…" in out  # the long name is truncated
    assert max(len(line) for line in out.splitlines()) <= 120


def test_status_table_shows_periods_in_words(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = _run(capsys, "status", "--data", str(folder), *ROUND)
    assert code == 0
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("ID "))
    start = header.index("Periode")  # columns are two spaces apart; words one space
    cells = {line.split()[0]: line[start:].split("  ")[0] for line in lines if line[:2] in IDS}
    # a tertial indicator's period, a missing one's due period, an annual one's latest year
    assert cells == {"A": "1. tertial 2026", "B": "1. tertial 2026", "C": "2025"}
    assert "2026-T1" not in out


IDS = ("A ", "B ", "C ")
"""How the rows of the fixture's indicators start in the status table."""


def test_missing_table_shows_periods_in_words(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = _run(capsys, "missing", "--data", str(folder), *ROUND)
    assert code == 0
    assert "1. tertial 2026" in out.split("\n", 2)[2]  # in the table, not only the heading
    assert "2026-T1" not in out
    code, out, _ = _run(capsys, "missing", "--data", str(folder), *ROUND, "--format", "json")
    assert {(r["period"], r["period_text"]) for r in json.loads(out)} == {
        ("2026-T1", "1. tertial 2026")
    }


def test_status_measures(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["status", "--data", str(folder), *ROUND, "--measures", "--format", "csv"]
    code, out, _ = _run(capsys, *argv)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert list(rows[0]) == [
        "measure_id", "name", "goal_id", "responsible", "due", "period", "period_text",
        "status", "overdue", "needs_funding", "comment",
    ]  # fmt: skip
    assert [(r["status"], r["overdue"]) for r in rows] == [
        ("delayed", "true"),
        ("missing", "false"),
    ]
    code, out, _ = _run(capsys, "status", "--data", str(folder), *ROUND, "--measures")
    assert "▲ forsinket" in out
    assert "forfalt" in out


def test_revisions(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["revisions", "--data", str(folder), "--as-of", "2026-06-01", "--format", "json"]
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    assert json.loads(out) == [
        {
            "plan_id": "P1",
            "name": "Plan",
            "municipality": "Lier",
            "status": "adopted",
            "base_date": "2022-06-01",
            "revision_due": "2026-06-01",
            "flag": "overdue",
        }
    ]
    (folder / "oppfolging.toml").write_text("council_constituted = 2023-10-19\n")
    code, out, _ = _run(capsys, "revisions", "--data", str(folder), "--as-of", "2026-06-01")
    assert "✖ forfalt" in out
    assert "Planstrategien skal vedtas innen 19.10.2024" in out


def test_missing(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "missing", "--data", str(folder), *ROUND, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [(r["kind"], r["id"]) for r in rows] == [("indicator", "B"), ("measure", "M2")]
    argv = ["missing", "--data", str(folder), *ROUND, "--responsible", "Rehabilitering"]
    code, out, _ = _run(capsys, *argv)
    assert "2 mangler registrering" in out
    argv = ["missing", "--data", str(folder), *ROUND, "--responsible", "Ingen"]
    code, _, error = _run(capsys, *argv)
    assert code == 2
    assert "ukjent enhet «Ingen»; kjente enheter: Hjemmetjenesten, Rehabilitering" in error


@pytest.mark.parametrize("command", ["status", "missing"])
def test_bad_round_is_a_usage_error(
    folder: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, _, err = _run(capsys, command, "--data", str(folder), "--round", "2026-T3")
    assert code == 2
    assert err.startswith("oppfolging: --round:")


@pytest.mark.parametrize("command", ["status", "revisions", "missing"])
def test_broken_dataset_exits_1_without_traceback(
    folder: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    (folder / "goals.csv").unlink()
    (folder / "oppfolging.toml").write_text("toleranse = 1\n")
    code, out, err = _run(capsys, command, "--data", str(folder), "--as-of", "2026-06-01")
    assert (code, out) == (1, "")
    assert "goals.csv:0:: " in err
    assert "oppfolging.toml:1:toleranse: " in err
    assert "Traceback" not in err


def test_render_table_truncates_and_aligns() -> None:
    columns = [TextColumn("Navn", shrink=1), TextColumn("Tall", right=True)]
    text = render_table(columns, [["Et ganske langt navn", "1"]], budget=16)
    assert text.splitlines() == ["Navn        Tall", "──────────  ────", "Et ganske…     1"]
    assert truncate("abc", 2) == "a…"
    assert fit_widths(columns, [30, 4], budget=100) == [30, 4]


CELLS = st.text(st.characters(codec="utf-8"), max_size=12)


@given(st.lists(st.lists(CELLS, min_size=3, max_size=3), max_size=6), st.integers(8, 60))
def test_a_table_is_each_row_padded_or_cut_to_its_columns_width(
    rows: list[list[str]], budget: int
) -> None:
    """Whether the table fits (one format string a row) or columns are cut, each line is
    the row's cells, line breaks as spaces, padded or cut to the widths of `_line`."""
    columns = [TextColumn("Navn", shrink=1), TextColumn("Tall", right=True), TextColumn("Id")]
    text = render_table(columns, rows, budget=budget)
    flat = [[" ".join(cell.splitlines()) for cell in row] for row in rows]
    natural = [max([len(c.title)] + [len(row[i]) for row in flat]) for i, c in enumerate(columns)]
    lines = text.splitlines()
    if len(lines) != len(rows) + 2:  # a column was left out: said in a last line
        return
    widths = fit_widths(columns, natural, budget)
    expected = [_line(columns, widths, row).rstrip() for row in flat]
    assert lines[2:] == expected


def _summary(out: str) -> list[str]:
    """The lines after the table (the heading, a blank line, the table, a blank line)."""
    return out.rstrip("\n").split("\n\n")[-1].splitlines()


def test_status_summary_reads_the_rollups(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from oppfolging.reporting import rollup

    calls: list[tuple[str, str | None]] = []

    def spy(name: str) -> Callable[[RoundResult, str | None], pl.DataFrame]:
        real = getattr(rollup, name)

        def wrapped(result: RoundResult, by: str | None = "plan_id") -> pl.DataFrame:
            calls.append((name, by))
            frame: pl.DataFrame = real(result, by)
            return frame

        return wrapped

    for name in ("indicator_rollup", "measure_rollup"):
        monkeypatch.setattr(rollup, name, spy(name))
    code, out, _ = _run(capsys, "status", "--data", str(folder), *ROUND)
    assert code == 0
    assert _summary(out) == [
        "3 indikatorer: 1\u00a0✖\u00a0bak, 1\u00a0?\u00a0mangler, 1\u00a0✔\u00a0nådd",
        "Registrert 1 av 2 som skulle vært registrert (50\u00a0%)",
        "Trend: ↗ bedre, → uendret, ↘ verre",
    ]
    code, out, _ = _run(capsys, "status", "--data", str(folder), *ROUND, "--measures")
    assert code == 0
    assert _summary(out) == ["2 tiltak, 1 forfalt"]
    assert calls == [("indicator_rollup", None), ("measure_rollup", None)]


def test_status_into_a_closed_pipe_exits_quietly(folder: Path) -> None:
    """`oppfolging status | head`: the reader goes away before the output is written."""
    argv = [sys.executable, "-m", "oppfolging", "status", "--data", str(folder), *ROUND]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # like `head` that has read enough: nothing is read at all
    err = process.stderr.read().decode()
    code = process.wait(timeout=60)
    assert "Traceback" not in err
    assert "BrokenPipeError" not in err
    assert code in (0, 141)
