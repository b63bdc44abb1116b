"""The CLI's human tables (issue 11, item 8): they fit the terminal's width, shrink the
widest text column first and only when needed, show names, and `--format csv/json` keeps
every text whole."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys

import pytest
from export_helpers import SAMPLE

from oppfolging.cli import main
from oppfolging.commands.output import PIPE_WIDTH, TextColumn, fit_widths, table_width

MISSING_2026_T2 = ["missing", "--data", str(SAMPLE), "--round", "2026-T2", "--as-of", "2026-11-22"]
LONG_UNIT = "Helse, omsorg og velferd stab"


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def _widest(text: str) -> int:
    return max(len(line) for line in text.splitlines())


# --- fitting ------------------------------------------------------------------------------


def test_a_table_that_fits_keeps_every_text_whole() -> None:
    columns = [TextColumn("Navn", shrink=1), TextColumn("Ansvarlig", shrink=2)]
    assert fit_widths(columns, [90, 29], budget=200) == [90, 29]


def test_the_widest_text_column_shrinks_first() -> None:
    columns = [TextColumn("Navn", shrink=1), TextColumn("Ansvarlig", shrink=2)]
    # 60 + 2 + 29 = 91 > 80: only «Navn» (the widest) gives up 11 characters.
    assert fit_widths(columns, [60, 29], budget=80) == [49, 29]


def test_equally_wide_columns_shrink_evenly_down_to_their_floor() -> None:
    columns = [TextColumn("Navn", shrink=1), TextColumn("Ansvarlig", shrink=2), TextColumn("ID")]
    assert fit_widths(columns, [60, 29, 9], budget=50) == [19, 18, 9]
    # Too narrow for the floors (the header, at least 8): the table stays wider.
    assert fit_widths(columns, [60, 29, 9], budget=10) == [8, 9, 9]


# --- the width --------------------------------------------------------------------------------


def test_table_width_follows_columns_then_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "173")
    assert table_width() == 173
    monkeypatch.delenv("COLUMNS")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False, raising=False)
    assert table_width() == PIPE_WIDTH
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(
        shutil, "get_terminal_size", lambda fallback=(80, 24): os.terminal_size((97, 30))
    )
    assert table_width() == 97


@pytest.mark.parametrize("width", [200, 120, 80])
def test_missing_fits_the_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = _out(capsys, *MISSING_2026_T2)
    assert _widest(out) <= width


def test_ansvarlig_is_whole_at_200_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = _out(capsys, *MISSING_2026_T2)
    assert LONG_UNIT in out
    assert "…" not in out
    monkeypatch.setenv("COLUMNS", "200")
    out = _out(capsys, "status", "--data", str(SAMPLE), "--round", "2026-T1", "--measures",
               "--as-of", "2026-06-01")  # fmt: skip
    assert LONG_UNIT in out


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_machine_formats_keep_every_text_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    argv = ["status", "--data", str(SAMPLE), "--round", "2026-T1", "--as-of", "2026-06-01"]
    out = _out(capsys, *argv, "--measures", "--format", fmt)
    rows = json.loads(out) if fmt == "json" else list(csv.DictReader(io.StringIO(out)))
    longest = max((str(row["comment"] or "") for row in rows), key=len)
    assert len(longest) > 60
    assert "…" not in longest


# --- names ----------------------------------------------------------------------------------


def test_status_measures_shows_the_goal_text_not_its_id(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    argv = ["status", "--data", str(SAMPLE), "--round", "2026-T1", "--as-of", "2026-06-01"]
    out = _out(capsys, *argv, "--measures")
    line = next(line for line in out.splitlines() if line.startswith("pg-t1.1.1 "))
    assert "Flere innbyggere er fysisk aktive" in line
    assert "pg-m1.1" not in line


@pytest.mark.parametrize("measures", [False, True])
def test_status_at_80_columns_leaves_out_columns_and_says_which(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, measures: bool
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    argv = ["status", "--data", str(SAMPLE), "--round", "2026-T2", "--as-of", "2026-11-22"]
    out = _out(capsys, *argv, *(["--measures"] if measures else []))
    assert _widest(out) <= 80
    flat = " ".join(out.split())
    assert "Utelatt for å passe bredden (80 tegn):" in flat
    left_out = "Bevilgning, Kommentar" if measures else "Trend, Fremdrift"
    assert left_out in flat
    monkeypatch.setenv("COLUMNS", "240")
    wide = _out(capsys, *argv, *(["--measures"] if measures else []))
    assert "Utelatt" not in wide


@pytest.mark.parametrize(
    "argv",
    [
        ["revisions", "--as-of", "2026-11-22"],
        ["assess", "--list", "--round", "2026-T1", "--as-of", "2026-06-01"],
        ["missing", "--round", "2026-T2", "--as-of", "2026-11-22"],
        ["status", "--round", "2026-T1", "--as-of", "2026-06-01"],
        ["status", "--measures", "--round", "2026-T1", "--as-of", "2026-06-01"],
    ],
    ids=["revisions", "assess-list", "missing", "status", "status-measures"],
)
@pytest.mark.parametrize("width", [80, 120])
def test_every_table_command_fits(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str], width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = _out(capsys, argv[0], "--data", str(SAMPLE), *argv[1:])
    assert _widest(out) <= width
