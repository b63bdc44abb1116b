"""Issue 9: options out of bounds are one-line usage errors; `init`, `--data`, Norwegian
date-times, bare-CR CSV files, and library messages that never reach the user raw."""

from __future__ import annotations

import errno
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import valid_rows, with_change, write_dataset

from oppfolging.cli import main
from oppfolging.settings import SETTINGS_FILE, load_dataset_settings
from oppfolging.store.load import load_dataset

ENGLISH = ("error", "Error", "No such", "No space", "denied", "Expected", "Invalid", "raise_if")


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    return lines[0]


# --- options -------------------------------------------------------------------------------

USAGE_ERRORS = [
    (["status", "--as-of", "0001-01-01"], "--as-of"),
    (["missing", "--as-of", "9999-12-31"], "--as-of"),
    (["revisions", "--as-of", "1899-12-31"], "--as-of"),
    (["--as-of", "2201-01-01"], "--as-of"),  # the app
    (["status", "--round", "0000"], "--round"),
    (["export", "--format", "md", "--round", "2201-T1"], "--round"),
    (["--round", "1899"], "--round"),  # the app
]


@pytest.mark.parametrize(("argv", "option"), USAGE_ERRORS)
def test_options_out_of_bounds_are_usage_errors(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    option: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # `export` would write here if it did not refuse
    folder = write_dataset(tmp_path / "data")
    assert main(["--data", str(folder), *argv]) == 2
    line = _one_line(capsys)
    assert option in line
    assert "1900 og 2200" in line or "1900–2200" in line


@pytest.mark.parametrize(
    "argv", [["--data", "", "status"], ["status", "--data", " "], ["--data", ""]]
)
def test_an_empty_data_option_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert "--data" in _one_line(capsys)


@pytest.mark.parametrize("command", [["validate"], ["status"], ["export", "--format", "md"], []])
def test_a_missing_data_folder_suggests_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    missing = tmp_path / "finnes-ikke"
    assert main(["--data", str(missing), *command]) == 2
    line = _one_line(capsys)
    assert "finnes ikke" in line
    assert f"oppfolging init {missing}" in line


def test_a_missing_folder_in_the_environment_suggests_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPPFOLGING_DATA", str(tmp_path / "borte"))
    assert main(["validate"]) == 2
    assert "$OPPFOLGING_DATA" in _one_line(capsys)


# --- init ----------------------------------------------------------------------------------


def test_init_onto_a_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "fil.csv"
    target.write_text("x", encoding="utf-8")
    assert main(["init", str(target)]) == 1
    assert "ikke en mappe" in _one_line(capsys)
    assert main(["init", str(target / "under")]) == 1
    assert "ikke en mappe" in _one_line(capsys)
    assert target.read_text(encoding="utf-8") == "x"


def test_init_into_a_read_only_folder_is_one_line_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "skrivebeskyttet"
    target.mkdir()
    real = Path.write_text
    calls: list[Path] = []

    def write_text(path: Path, *args: object, **kwargs: object) -> int:
        calls.append(path)
        if len(calls) > 2:  # root may write anywhere: fail like a read-only folder
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", write_text)
    assert main(["init", str(target)]) == 1
    line = _one_line(capsys)
    assert "mangler tilgang" in line
    assert not any(word in line for word in ENGLISH)
    assert list(target.iterdir()) == []


def test_init_with_an_empty_name_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # `Path("")` is the current folder
    assert main(["init", ""]) == 2
    assert list(tmp_path.iterdir()) == []
    assert "tomt" in _one_line(capsys)


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("02.05.2026 10:15", datetime(2026, 5, 2, 10, 15)),
        ("02.05.2026 10:15:30", datetime(2026, 5, 2, 10, 15, 30)),
        ("2.5.2026 9:05", datetime(2026, 5, 2, 9, 5)),
        ("2026-05-02 10:15", datetime(2026, 5, 2, 10, 15)),
    ],
)
def test_registered_at_as_excel_writes_it(tmp_path: Path, text: str, expected: datetime) -> None:
    folder = write_dataset(tmp_path, with_change("values", 0, registered_at=text))
    loaded = load_dataset(folder)
    assert loaded.problems == []
    assert loaded.dataset.frames["values"].item(0, "registered_at") == expected


def test_bare_cr_line_ends_read_like_lf(tmp_path: Path) -> None:
    expected = load_dataset(write_dataset(tmp_path / "lf")).dataset
    folder = write_dataset(tmp_path / "cr")
    for path in folder.glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    loaded = load_dataset(folder)
    assert loaded.problems == []
    for name, frame in expected.frames.items():
        assert loaded.dataset.frames[name].equals(frame), name


def test_a_file_mixing_line_ends_is_rejected_with_its_name(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path)
    (folder / "goals.csv").write_bytes(b"goal_id,focus_area_id,text\ng1,fa1,a\rg2,fa1,b\r")
    problems = load_dataset(folder).problems
    assert [(p.file, p.row) for p in problems] == [("goals.csv", 0)]
    assert "linjeskift" in problems[0].message


# --- library messages ------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n \n", b"\xef\xbb\xbf\r\n"])
def test_an_empty_csv_is_named_in_norwegian(tmp_path: Path, content: bytes) -> None:
    folder = write_dataset(tmp_path)
    (folder / "goals.csv").write_bytes(content)
    problems = [p for p in load_dataset(folder).problems if p.file == "goals.csv"]
    assert [p.message for p in problems] == ["filen er tom"]


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
@pytest.mark.parametrize(
    ("code", "reason"), [(errno.ENOSPC, "disken er full"), (errno.EIO, "lesefeil på disken")]
)
def test_a_read_error_is_named_in_norwegian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, code: int, reason: str
) -> None:
    folder = write_dataset(tmp_path)
    if suffix == "parquet":
        load_dataset(folder).dataset.frames["goals"].write_parquet(folder / "goals.parquet")
        (folder / "goals.csv").unlink()
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == f"goals.{suffix}":
            raise OSError(code, "No space left on device (os error 28)")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    problems = load_dataset(folder).problems
    assert [(p.file, p.message) for p in problems] == [
        (f"goals.{suffix}", f"filen kan ikke leses ({reason})")
    ]


def test_a_corrupt_parquet_file_is_named_in_norwegian(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path)
    (folder / "goals.csv").unlink()
    (folder / "goals.parquet").write_bytes(b"PAR1 not really")
    problems = load_dataset(folder).problems
    assert [(p.file, p.message) for p in problems] == [
        ("goals.parquet", "er ikke en gyldig Parquet-fil")
    ]


@pytest.mark.parametrize("content", ["a = \n", "[deadlines\n", "x = 1\nx = 2\n"])
def test_a_toml_error_is_in_norwegian(tmp_path: Path, content: str) -> None:
    (tmp_path / SETTINGS_FILE).write_text(content, encoding="utf-8")
    problems = load_dataset_settings(tmp_path).problems
    assert len(problems) == 1
    assert problems[0].message.startswith("ugyldig TOML (linje ")
    assert not any(word in problems[0].message for word in ENGLISH)


def test_a_settings_file_that_is_not_utf8_is_in_norwegian(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_bytes(b"default_tolerance = 0.1 # \xe6\xf8\xe5\n")
    problems = load_dataset_settings(tmp_path).problems
    assert [p.message for p in problems] == ["er ikke UTF-8; lagre den som UTF-8"]


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 broken"])
def test_a_corrupt_xlsx_import_is_in_norwegian(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_dataset(tmp_path / "data", valid_rows())
    file = tmp_path / "verdier.xlsx"
    file.write_bytes(content)
    assert main(["import", "--data", str(folder), str(file), "--user", "kari"]) == 1
    err = capsys.readouterr().err
    assert "verdier.xlsx kan ikke leses som XLSX (ødelagt fil" in err
    assert "Traceback" not in err
    assert not any(word in err for word in [*ENGLISH, "zip", "File"])


def test_a_settings_date_out_of_bounds_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / SETTINGS_FILE).write_text("council_constituted = 0001-01-01\n", encoding="utf-8")
    problems = load_dataset_settings(tmp_path).problems
    assert [(p.file, p.row, p.column) for p in problems] == [
        (SETTINGS_FILE, 1, "council_constituted")
    ]
    assert "1900–2200" in problems[0].message


def test_the_first_day_of_the_first_year_is_a_date_every_command_takes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_dataset(tmp_path / "data")
    for command in ("status", "missing", "revisions"):
        assert main([command, "--data", str(folder), "--as-of", "1900-01-01"]) in (0, 1)
        assert "Traceback" not in capsys.readouterr().err
