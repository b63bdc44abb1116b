"""Fixes from user testing: the registration commands, `missing`, `--round`, file modes,
the HTML contrast, empty datasets and measures that have not started yet."""

from __future__ import annotations

import os
import shutil
import stat
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from export_helpers import sample_dataset, sample_report

from oppfolging.cli import main
from oppfolging.domain.codes import COLOURS
from oppfolging.domain.periods import Period
from oppfolging.registration import describe_change
from oppfolging.reporting.export import write_report
from oppfolging.reporting.export._common import tint
from oppfolging.reporting.export.html import TEXT_COLOUR, cell_html
from oppfolging.reporting.export.markdown import render as render_markdown
from oppfolging.reporting.report import Cell, CellKind, make_report
from oppfolging.reporting.rollup import missing_items
from oppfolging.reporting.round import compute_round
from oppfolging.settings import DatasetSettings
from oppfolging.store import TableSource, atomic_write_table
from oppfolging.store.changelog import ChangeRow
from oppfolging.store.load import load_dataset, read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"
LOCK = ".oppfolging.lock"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


@pytest.fixture
def empty_folder(tmp_path: Path) -> Path:
    target = tmp_path / "tom"
    assert main(["init", str(target)]) == 0
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != LOCK)
    return {p.name: p.read_bytes() for p in files}


def _value(folder: Path, indicator_id: str, period: str) -> float:
    values = read_table(folder, "values")[0]
    row = values.filter(pl.col("indicator_id") == indicator_id, pl.col("period") == period)
    return float(row.item(0, "value"))


# --- 1. set: plausibility, and refusing a dataset with problems -------------------------


def test_set_refuses_an_implausible_jump(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(folder)
    argv = ["set", "--data", str(folder), "pg-i1.1.1", "2026-T2", "1234", "--user", "Ola"]
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert "1\u00a0234" in error  # the new value, Norwegian style
    assert "351" in error  # the previous value (2026-T1), as the app's form compares
    assert "50\u00a0%" in error  # the limit
    assert "--force" in error
    assert snapshot(folder) == before
    assert main([*argv, "--force"]) == 0
    assert _value(folder, "pg-i1.1.1", "2026-T2") == 1234


def test_set_accepts_a_plausible_value(folder: Path) -> None:
    argv = ["set", "--data", str(folder), "pg-i1.1.1", "2026-T2", "360", "--user", "Ola"]
    assert main(argv) == 0
    assert _value(folder, "pg-i1.1.1", "2026-T2") == 360


def test_set_uses_the_dataset_limit(folder: Path) -> None:
    toml = folder / "oppfolging.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            "plausibility_limit = 0.5", "plausibility_limit = 10"
        ),
        encoding="utf-8",
    )
    argv = ["set", "--data", str(folder), "pg-i1.1.1", "2026-T2", "12", "--user", "Ola"]
    assert main(argv) == 0


def _break(folder: Path) -> None:
    plans = folder / "plans.csv"
    lines = plans.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("status")] = "tull"
    lines[1] = ",".join(cells)
    plans.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "argv",
    [
        ["set", "pg-i1.1.1", "2026-T2", "356"],
        ["set-measure", "pg-t1.1.1", "2026-T2", "completed"],
        ["undo"],
    ],
)
def test_registration_refuses_a_dataset_with_problems(
    folder: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _break(folder)
    before = snapshot(folder)
    assert main([*argv, "--data", str(folder), "--user", "Ola"]) == 1
    assert "plans.csv:2:status:" in capsys.readouterr().err
    assert snapshot(folder) == before


def test_import_refuses_a_dataset_with_problems(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "inn.csv"
    file.write_text("indicator_id;period;value\npg-i1.1.1;2030-T1;350\n", encoding="utf-8")
    _break(folder)
    before = snapshot(folder)
    assert main(["import", "--data", str(folder), str(file), "--user", "Ola"]) == 1
    assert "plans.csv:2:status:" in capsys.readouterr().err
    assert snapshot(folder) == before


# --- 2. set's output in Norwegian --------------------------------------------------------


def test_set_prints_norwegian_fields_numbers_and_dates(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["set", "--data", str(folder), "pg-i1.1.1", "2026-T2", "355", "--user", "Ola"]
    assert main([*argv, "--comment", "Ny"]) == 0
    out = capsys.readouterr().out
    assert "kommentar (tom) → Ny" in out
    assert "registrert av Silje Aasen → Ola" in out
    assert "registrert 12.09.2026 13:20 → " in out
    for english in ("value", "registered_by", "registered_at", "comment", "indicator_id="):
        assert english not in out


def test_describe_change() -> None:
    def row(column: str, old: str, new: str) -> ChangeRow:
        key = "indicator_id=pg-i1.1.1;period=2026-T2"
        return ChangeRow(datetime(2026, 1, 1), "Ola", "values", key, column, old, new)

    assert (
        describe_change(row("value", "64.8", "12.5"))
        == "pg-i1.1.1 2. tertial 2026: verdi 64,8 → 12,5"
    )
    assert describe_change(row("value", "1234.5", "")) == (
        "pg-i1.1.1 2. tertial 2026: verdi 1\u00a0234,5 → (tom)"
    )
    assert describe_change(row("registered_at", "", "2026-11-22T16:43:05")) == (
        "pg-i1.1.1 2. tertial 2026: registrert (tom) → 22.11.2026 16:43"
    )
    assert describe_change(row("status", "in_progress", "completed")).endswith(
        "status pågår → fullført"
    )


# --- 3. missing --responsible ------------------------------------------------------------


def test_missing_matches_the_unit_without_case(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["missing", "--data", str(folder), "--round", "2026-T2", "--as-of", "2026-11-22"]
    assert main([*base, "--responsible", "Hjemmetjenesten"]) == 0
    exact = capsys.readouterr().out
    assert main([*base, "--responsible", "hjemmetjenesten"]) == 0
    assert capsys.readouterr().out == exact
    assert "Ingenting mangler" not in exact


def test_missing_unknown_unit_is_a_usage_error(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["missing", "--data", str(folder), "--responsible", "Bakeriet"]
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert "ukjent enhet «Bakeriet»; kjente enheter: " in error
    assert "Hjemmetjenesten" in error


# --- 4. file modes -----------------------------------------------------------------------


@pytest.fixture
def umask_022() -> object:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize("fmt", ["md", "html", "xlsx", "docx"])
def test_exported_file_gets_the_usual_mode(tmp_path: Path, fmt: str) -> None:
    path = write_report(sample_report(), fmt, tmp_path / f"rapport.{fmt}")
    assert _mode(path) == 0o644


@pytest.mark.usefixtures("umask_022")
def test_exported_csv_folder_gets_the_usual_modes(tmp_path: Path) -> None:
    path = write_report(sample_report(), "csv", tmp_path / "csv")
    assert _mode(path) == 0o755
    files = list(path.iterdir())
    assert files
    assert all(_mode(file) == 0o644 for file in files)


@pytest.mark.usefixtures("umask_022")
def test_export_over_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "rapport.md"
    target.write_text("gammel\n", encoding="utf-8")
    target.chmod(0o640)
    write_report(sample_report(), "md", target, replace=True)
    assert _mode(target) == 0o640
    assert target.read_text(encoding="utf-8") != "gammel\n"


@pytest.mark.usefixtures("umask_022")
def test_atomic_write_new_table_gets_umask_mode_existing_keeps_its_own(tmp_path: Path) -> None:
    frame = pl.DataFrame({"a": ["1"], "b": ["2"]})
    new = tmp_path / "ny.csv"
    atomic_write_table(new, frame, TableSource(new, "csv"))
    assert _mode(new) == 0o644
    new.chmod(0o600)
    atomic_write_table(new, frame, TableSource(new, "csv"))
    assert _mode(new) == 0o600


# --- 5. HTML contrast --------------------------------------------------------------------


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@pytest.mark.parametrize("status", sorted(COLOURS))
def test_html_status_cells_have_enough_contrast(status: str) -> None:
    colour = COLOURS[status]
    assert _contrast(TEXT_COLOUR, tint(colour)) >= 4.5
    html = cell_html(Cell(value=None, text="x", kind=CellKind.STATUS, status=status))
    assert f"background:{tint(colour)}" in html
    assert f"border-left:6px solid {colour}" in html
    assert f"color:{TEXT_COLOUR}" in html


def test_html_status_cell_keeps_symbol_and_word() -> None:
    html = cell_html(Cell(value=None, text="x", kind=CellKind.STATUS, status="on_track"))
    assert "● på sporet</td>" in html
    assert "#ffffff" not in html


# --- 6. empty datasets -------------------------------------------------------------------


def test_markdown_of_an_empty_dataset_ends_with_one_newline(empty_folder: Path) -> None:
    loaded = load_dataset(empty_folder)
    assert not loaded.problems
    report = make_report(loaded.dataset, Period(2026, 1), date(2026, 6, 1), DatasetSettings())
    text = render_markdown(report)
    assert text.endswith("\n")
    assert not text.endswith("\n\n")


def test_revisions_of_an_empty_dataset(
    empty_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["revisions", "--data", str(empty_folder), "--as-of", "2026-06-01"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Ingen planer." in out
    assert "Plan-ID" not in out


# --- 7. --round errors -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["foo", "2026-T3", "26-T1"])
def test_round_errors_say_the_same(
    folder: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    assert main(["status", "--data", str(folder), "--round", text]) == 2
    error = capsys.readouterr().err
    assert f"--round: «{text}» er ingen rapportering: bruk ÅÅÅÅ-T1, ÅÅÅÅ-T2 eller ÅÅÅÅ" in error
    assert "T3" not in error.replace(text, "")


# --- 8. measures that have not started ---------------------------------------------------


def test_measure_starting_after_the_round_owes_no_update() -> None:
    # The sample's Brevik measure starts 01.03.2026; moved to 01.06.2026 it has not
    # started by the end of 2026-T1 (the plan's first round: its period starts in 2026).
    dataset, settings = sample_dataset()
    name = pl.col("name") == "Åpne ny møteplass for seniorer i Brevik"
    dataset.frames["measures"] = dataset.measures.with_columns(
        start=pl.when(name).then(pl.lit(date(2026, 6, 1))).otherwise(pl.col("start"))
    )
    result = compute_round(dataset, Period(2026, 1), date(2026, 9, 20), settings)
    brevik = result.measures.filter(name)
    assert brevik.height == 1
    assert brevik.item(0, "update_due") is False
    assert brevik.item(0, "measure_id") not in missing_items(result)["id"].to_list()
    started = result.measures.filter(pl.col("start") <= date(2026, 4, 30))
    assert started["update_due"].any()


def test_set_without_comment_keeps_the_registered_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    key = ("pg-i1.1.1", "2026-T1")
    before = _comment(folder, key)
    assert before
    assert main(["set", "--data", str(folder), *key, "352", "--user", "Ola"]) == 0
    assert _comment(folder, key) == before
    assert main(["set", "--data", str(folder), *key, "353", "--comment", "", "--user", "Ola"]) == 0
    assert _comment(folder, key) is None


def _comment(folder: Path, key: tuple[str, str]) -> str | None:
    values = load_dataset(folder).dataset.values
    row = values.filter(pl.col("indicator_id") == key[0], pl.col("period") == key[1])
    comment: str | None = row["comment"][0]
    return comment
