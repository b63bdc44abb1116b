"""Where an export may write: never a dataset's own files, never anything but a regular
file, an existing file only when asked to replace it, and always all or nothing."""

from __future__ import annotations

import importlib
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_helpers import SAMPLE, sample_report

from oppfolging.cli import main
from oppfolging.domain.schema import TABLES
from oppfolging.reporting.export import FORMATS, ExportError, write_report
from oppfolging.reporting.export.destination import (
    DestinationError,
    DestinationExistsError,
    check_destination,
    is_dataset_file_name,
)
from oppfolging.reporting.report import Report

OWN_FILES = [f"{name}.{suffix}" for name in TABLES for suffix in ("csv", "parquet")]
OWN_FILES += ["oppfolging.toml", ".oppfolging.lock", ".values.csv.abc.oppfolging-tmp"]


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A copy of the sample dataset (CSV tables and oppfolging.toml)."""
    return Path(shutil.copytree(SAMPLE, tmp_path / "data"))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- a dataset's own files ------------------------------------------------------------


@pytest.mark.parametrize("name", OWN_FILES)
@pytest.mark.parametrize("spell", [str, str.upper, lambda name: name + ". "])
def test_own_file_names_are_recognised_in_any_spelling(name: str, spell: object) -> None:
    assert callable(spell)
    assert is_dataset_file_name(spell(name))


@pytest.mark.parametrize("name", ["rapport.md", "oppfolging-2026-T1.xlsx", "values.xlsx"])
def test_other_names_are_not_the_dataset_s(name: str) -> None:
    assert not is_dataset_file_name(name)


@pytest.mark.parametrize("name", ["values.csv", "PLANS.CSV", "measures.parquet", "oppfolging.toml"])
@pytest.mark.parametrize("dataset_known", [True, False])
def test_export_never_writes_a_dataset_file(dataset: Path, name: str, dataset_known: bool) -> None:
    before = _snapshot(dataset)
    with pytest.raises(DestinationError, match="datasettets egne filer"):
        write_report(
            sample_report(),
            "md",
            dataset / name,
            replace=True,
            dataset_folder=dataset if dataset_known else None,
        )
    assert _snapshot(dataset) == before


@pytest.mark.parametrize("dataset_known", [True, False])
def test_a_link_into_the_dataset_is_refused(
    dataset: Path, tmp_path: Path, dataset_known: bool
) -> None:
    folder_link = tmp_path / "snarvei"
    folder_link.symlink_to(dataset, target_is_directory=True)
    file_link = tmp_path / "verdier.md"
    file_link.symlink_to(dataset / "values.csv")
    before = _snapshot(dataset)
    for target in (folder_link / "values.csv", file_link):
        with pytest.raises(DestinationError, match="datasettets egne filer"):
            write_report(
                sample_report(),
                "md",
                target,
                replace=True,
                dataset_folder=dataset if dataset_known else None,
            )
    assert _snapshot(dataset) == before


def test_a_second_name_for_a_dataset_file_is_refused(dataset: Path, tmp_path: Path) -> None:
    hard_link = tmp_path / "hard.md"
    os.link(dataset / "values.csv", hard_link)
    before = _snapshot(dataset)
    with pytest.raises(DestinationError, match="datasettets egne filer"):
        write_report(sample_report(), "md", hard_link, replace=True, dataset_folder=dataset)
    assert _snapshot(dataset) == before


def test_a_new_report_may_go_into_the_dataset_folder(dataset: Path) -> None:
    path = write_report(sample_report(), "md", dataset / "rapport.md", dataset_folder=dataset)
    assert path.read_text(encoding="utf-8").startswith("# ")


def test_csv_into_the_dataset_folder_is_refused(dataset: Path) -> None:
    before = _snapshot(dataset)
    with pytest.raises(DestinationError, match="er en datasettmappe"):
        write_report(sample_report(), "csv", dataset, replace=True, dataset_folder=dataset)
    assert _snapshot(dataset) == before


# --- not a regular file ---------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "rør.md"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "s.md"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        yield path


@pytest.fixture
def device_link(tmp_path: Path) -> Path:
    """A link to /dev/null: if a check failed, only the link would be replaced."""
    path = tmp_path / "null.md"
    path.symlink_to("/dev/null")
    return path


@pytest.mark.parametrize(
    ("fixture", "kind"),
    [("fifo", "rør"), ("unix_socket", "socket"), ("device_link", "enhet"), ("tmp_path", "mappe")],
)
def test_anything_but_a_regular_file_is_refused(
    fixture: str, kind: str, request: pytest.FixtureRequest
) -> None:
    target: Path = request.getfixturevalue(fixture)
    with pytest.raises(DestinationError, match=f"er ikke en vanlig fil .*{kind}"):
        write_report(sample_report(), "md", target, replace=True)
    assert os.path.lexists(target)
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_device_is_refused_before_anything_is_written() -> None:
    with pytest.raises(DestinationError, match="er ikke en vanlig fil"):
        check_destination(sample_report(), "html", "/dev/null")


@pytest.mark.parametrize("fmt", ["csv"])
def test_csv_into_a_file_is_refused(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / "rapport"
    target.write_text("gammel", encoding="utf-8")
    with pytest.raises(DestinationError, match="er ikke en mappe"):
        write_report(sample_report(), fmt, target, replace=True)
    assert target.read_text(encoding="utf-8") == "gammel"


def test_csv_file_in_the_folder_that_is_not_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "csv" / "tiltak.csv").mkdir(parents=True)
    with pytest.raises(DestinationError, match=r"tiltak\.csv er ikke en vanlig fil"):
        write_report(sample_report(), "csv", tmp_path / "csv", replace=True)


def test_a_nul_in_the_name_is_an_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="ugyldig filnavn"):
        write_report(sample_report(), "md", tmp_path / "a\0b.md")


# --- existing files -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_existing_output_is_kept_unless_replace(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / "rapport"
    old = target / "sammendrag.csv" if fmt == "csv" else target
    old.parent.mkdir(exist_ok=True)
    old.write_bytes(b"gammel")
    destination = check_destination(sample_report(), fmt, target)
    assert destination.existing == (old,)
    with pytest.raises(DestinationExistsError, match="finnes allerede"):
        write_report(sample_report(), fmt, target)
    assert old.read_bytes() == b"gammel"
    write_report(sample_report(), fmt, target, replace=True)
    assert old.read_bytes() != b"gammel"
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def _appears_meanwhile(report: Report, path: Path, _progress: object) -> None:
    """A writer during which another program creates the target."""
    path.write_text(report.title, encoding="utf-8")
    (path.parent / "rapport.md").write_text("den andres", encoding="utf-8")


def test_a_file_that_appears_while_writing_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module("oppfolging.reporting.export.markdown")
    monkeypatch.setattr(module, "write", _appears_meanwhile)
    with pytest.raises(DestinationExistsError):
        write_report(sample_report(), "md", tmp_path / "rapport.md")
    assert (tmp_path / "rapport.md").read_text(encoding="utf-8") == "den andres"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.md"]


# --- the command line -----------------------------------------------------------------


def _export(data: Path, output: Path, *extra: str) -> int:
    args = ["--data", str(data), "export", "--round", "2026-T1", "--as-of", "2026-06-01"]
    return main([*args, "--format", "md", "--output", str(output), *extra])


def test_cli_existing_file_needs_force(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "rapport.md"
    target.write_text("gammel", encoding="utf-8")
    assert _export(dataset, target) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "finnes allerede" in error
    assert "--force" in error
    assert target.read_text(encoding="utf-8") == "gammel"
    assert _export(dataset, target, "--force") == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert target.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("name", ["values.csv", "Values.CSV", "oppfolging.toml"])
def test_cli_refuses_the_dataset_s_own_file_even_with_force(
    dataset: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(dataset)
    assert _export(dataset, dataset / name, "--force") == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "datasettets egne filer" in error
    assert _snapshot(dataset) == before


def test_cli_refuses_a_device(
    dataset: Path, device_link: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _export(dataset, device_link, "--force") == 1
    assert "er ikke en vanlig fil (det er en enhet)" in capsys.readouterr().err
    assert device_link.is_symlink()
