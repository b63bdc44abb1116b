"""`oppfolging export` and `write_report`: every format, errors, no half-written files."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from export_helpers import SAMPLE, sample_report

from oppfolging.cli import main
from oppfolging.domain.periods import Period
from oppfolging.reporting.export import FORMATS, ExportError, default_export_name, write_report
from oppfolging.reporting.report import Report

ROUND_ARGS = ["--data", str(SAMPLE), "export", "--round", "2026-T1", "--as-of", "2026-06-01"]


def _export(fmt: str, output: Path, *extra: str) -> int:
    return main([*ROUND_ARGS, "--format", fmt, "--output", str(output), *extra])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_each_format_exits_0_and_prints_the_path(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / f"rapport.{fmt}"
    assert _export(fmt, output) == 0
    assert capsys.readouterr().out.strip() == str(output)
    if fmt == "csv":
        assert (output / "indikatorer.csv").is_file()
    else:
        assert output.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [output.name]


def test_plan_option_exports_one_plan(tmp_path: Path) -> None:
    output = tmp_path / "lier.md"
    assert _export("md", output, "--plan", "lier-hov-2018") == 0
    text = output.read_text(encoding="utf-8")
    assert "## Helse-, omsorgs- og velferdsplan for Lier" in text
    assert "Porsgrunn" not in text.split("## Sammendrag")[0]


def test_unknown_plan_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _export("md", tmp_path / "x.md", "--plan", "finnes-ikke") == 1
    assert "Fant ingen plan med plan_id «finnes-ikke»" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("plan", "round_", "life"),
    [
        ("porsgrunn-hm-2026", "2021", "planen gjelder 2026–2040 og ble vedtatt 11.12.2025"),
        ("levanger-hvpo-2013", "2026-T1", "planen gjelder 2013–2024"),
        ("alver-hso-2023", "2023-T1", "planen gjelder 2023–2034 og ble vedtatt 22.06.2023"),
    ],
)
def test_plan_not_in_the_round_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], plan: str, round_: str, life: str
) -> None:
    """A plan outside the round (domain.planlife) is an error, not a report of «Ingen.»."""
    output = tmp_path / "x.md"
    argv = ["--data", str(SAMPLE), "export", "--round", round_, "--as-of", "2026-06-01"]
    assert main([*argv, "--format", "md", "--output", str(output), "--plan", plan]) == 1
    error = capsys.readouterr().err
    assert "er ikke med i" in error
    assert life in error
    assert "velg en rapportering i planens levetid" in error
    assert not output.exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_unwritable_path_exits_1_with_one_line(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _export(fmt, tmp_path / "finnes-ikke" / "rapport") == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "Kan ikke skrive" in error
    assert "finnes ikke" in error
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_read_only_folder_exits_1_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "låst"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        assert _export("xlsx", locked / "rapport.xlsx") == 1
        assert "mangler tilgang" in capsys.readouterr().err
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_a_directory_as_output_file_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _export("html", tmp_path) == 1
    assert "det er en mappe" in capsys.readouterr().err


def test_dataset_with_problems_exits_1_and_lists_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    plans = data / "plans.csv"
    text = plans.read_text(encoding="utf-8")
    plans.write_text(text.replace(",2040,adopted,", ",2040,vedtatt,", 1), encoding="utf-8")
    output = tmp_path / "r.md"
    code = main(["--data", str(data), "export", "--format", "md", "--output", str(output)])
    assert code == 1
    error = capsys.readouterr().err
    assert "plans.csv:2:status" in error
    assert "problem(er)" in error
    assert not output.exists()


def _half_write(_report: Report, path: Path, _progress: object) -> None:
    (path / "indikatorer.csv" if path.is_dir() else path).write_bytes(b"halv")
    raise RuntimeError("krasj midt i skrivingen")


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_failed_write_keeps_the_old_output_and_leaves_no_temp(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module(f"oppfolging.reporting.export.{FORMATS[fmt].module}")
    monkeypatch.setattr(module, "write", _half_write)
    target = tmp_path / "rapport"
    target.write_bytes(b"gammel")
    if fmt == "csv":
        target.unlink()
        target.mkdir()
        (target / "indikatorer.csv").write_bytes(b"gammel")
    with pytest.raises(RuntimeError, match="krasj"):
        write_report(sample_report(), fmt, target, replace=True)
    assert [p.name for p in tmp_path.iterdir()] == ["rapport"]
    old = target / "indikatorer.csv" if fmt == "csv" else target
    assert old.read_bytes() == b"gammel"


def test_csv_into_an_existing_folder_replaces_its_files(tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "indikatorer.csv").write_text("gammel")
    (folder / "annet.txt").write_text("beholdes")
    write_report(sample_report(), "csv", folder, replace=True)
    assert (folder / "indikatorer.csv").read_text(encoding="utf-8-sig").startswith("Plan;")
    assert (folder / "annet.txt").read_text() == "beholdes"
    assert [p.name for p in tmp_path.iterdir()] == ["csv"]


def test_unknown_format_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="Ukjent format «pdf»"):
        write_report(sample_report(), "pdf", tmp_path / "x.pdf")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_progress_rises_to_one_from_a_worker_thread(fmt: str, tmp_path: Path) -> None:
    seen: list[float] = []
    name = default_export_name(Period(2026, 1), fmt)
    worker = threading.Thread(
        target=write_report, args=(sample_report(), fmt, tmp_path / name, seen.append)
    )
    worker.start()
    worker.join()
    assert (tmp_path / name).exists()
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


@pytest.mark.parametrize(
    ("fmt", "plan", "expected"),
    [
        ("xlsx", None, "oppfolging-2026-T1.xlsx"),
        ("md", None, "oppfolging-2026-T1.md"),
        ("csv", None, "oppfolging-2026-T1-csv"),
        ("docx", "lier/hov", "oppfolging-2026-T1-lier_hov.docx"),
    ],
)
def test_default_export_name(fmt: str, plan: str | None, expected: str) -> None:
    assert default_export_name(Period(2026, 1), fmt, plan) == expected
    assert default_export_name(Period(2026), "html") == "oppfolging-2026.html"


def test_export_modules_do_not_import_textual() -> None:
    modules = ["oppfolging.commands.export", "oppfolging.reporting.report.build"]
    modules += [f"oppfolging.reporting.export.{spec.module}" for spec in FORMATS.values()]
    code = "import importlib, sys\n"
    code += "".join(f"importlib.import_module({name!r})\n" for name in modules)
    code += "assert 'textual' not in sys.modules, 'textual imported'\n"
    subprocess.run([sys.executable, "-c", code], check=True)
