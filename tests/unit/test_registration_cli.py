"""`oppfolging set`, `set-measure` and `import` from the command line."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from oppfolging.cli import main
from oppfolging.store.load import read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"
LOCK = ".oppfolging.lock"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != LOCK)
    return {p.name: p.read_bytes() for p in files}


def test_set_writes_value_and_one_change_row_per_cell(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["set", "--data", str(folder), "pg-i2.2.1", "2024-T1", "320,5", "--user", "Ola"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "Lagret" in out
    assert "pg-i2.2.1 1. tertial 2024: verdi 21 → 320,5" in out
    values = read_table(folder, "values")[0]
    row = values.filter((values["period"] == "2024-T1") & (values["indicator_id"] == "pg-i2.2.1"))
    assert row.item(0, "value") == 320.5
    assert row.item(0, "registered_by") == "Ola"
    changes = read_table(folder, "changes")[0]
    assert sorted(changes["column"].to_list()) == ["registered_at", "registered_by", "value"]
    assert set(changes["user"].to_list()) == {"Ola"}


def test_set_measure_writes_update(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["set-measure", "--data", str(folder), "pg-t1.1.1", "2030-T1", "delayed"]
    assert main([*argv, "--comment", "Venter på midler", "--user", "Ola"]) == 0
    assert "status (tom) → forsinket" in capsys.readouterr().out
    updates = read_table(folder, "measure_updates")[0]
    assert updates.filter(updates["period"] == "2030-T1")["status"].to_list() == ["delayed"]
    changes = read_table(folder, "changes")[0]
    assert changes.height == 4  # status, comment, registered_by, registered_at


@pytest.mark.parametrize(
    "argv",
    [
        ["set", "pg-i1.1.1", "2030-T1", "mange"],
        ["set", "pg-i1.1.1", "2030-T1", "−3"],
        ["set", "pg-i1.1.1", "2030", "3"],
        ["set", "pg-i1.1.1", "30-T1", "3"],
        ["set", "ukjent", "2030-T1", "3"],
        ["set-measure", "pg-t1.1.1", "2030-T1", "delayed"],
        ["set-measure", "pg-t1.1.1", "2030-T1", "ferdig"],
        ["set-measure", "ukjent", "2030-T1", "completed"],
    ],
)
def test_rejected_input_exits_1_and_changes_nothing(
    folder: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(folder)
    assert main([*argv, "--data", str(folder), "--user", "Ola"]) == 1
    assert "Ingenting ble lagret" in capsys.readouterr().err
    assert snapshot(folder) == before


def test_percent_over_100_is_rejected(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    indicators = read_table(folder, "indicators")[0]
    percent = indicators.filter(
        (indicators["unit"] == "%") & (indicators["frequency"] == "tertial")
    )["indicator_id"][0]
    before = snapshot(folder)
    assert main(["set", "--data", str(folder), percent, "2030-T1", "120 %"]) == 1
    assert "mellom 0 og 100" in capsys.readouterr().err
    assert snapshot(folder) == before


def test_import_reports_file_row_column(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "inn.csv"
    file.write_text("indicator_id;period;value\npg-i1.1.1;2030-T1;1,5\npg-i1.1.1;2030-T2;x\n")
    before = snapshot(folder)
    assert main(["import", "--data", str(folder), str(file), "--user", "Ola"]) == 1
    assert "inn.csv:3:value: «x» er ikke et tall" in capsys.readouterr().err
    assert snapshot(folder) == before


def test_import_clean(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "inn.csv"
    file.write_text("indicator_id;period;value\npg-i2.2.1;2030-T1;1,5\npg-i1.1.1;2030-T2;2\n")
    assert main(["import", "--data", str(folder), str(file), "--user", "Ola"]) == 0
    assert "Lagret: 6 endrede celler" in capsys.readouterr().out


def test_import_missing_file_exits_1(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--data", str(folder), str(folder / "nei.csv")]) == 1
    assert "finnes ikke" in capsys.readouterr().err


def test_missing_arguments_exit_2(folder: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["set", "--data", str(folder), "pg-i1.1.1"])
    assert caught.value.code == 2


def test_user_from_personal_settings(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "innstillinger.toml"
    config.write_text('name = "Kari Nordmann"\n', encoding="utf-8")
    monkeypatch.setenv("OPPFOLGING_CONFIG", str(config))
    assert main(["set", "--data", str(folder), "pg-i1.1.1", "2030-T1", "350"]) == 0
    changes = read_table(folder, "changes")[0]
    assert set(changes["user"].to_list()) == {"Kari Nordmann"}


def test_undo_command(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from oppfolging.commands import undo

    assert main(["set", "--data", str(folder), "pg-i1.1.1", "2024-T1", "5", "--user", "Ola"]) == 0
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    undo.register(sub)
    args = parser.parse_args(["undo", "--data", str(folder), "--user", "Ola"])
    assert undo.run(args) == 0
    values = read_table(folder, "values")[0]
    old = values.filter((values["indicator_id"] == "pg-i1.1.1") & (values["period"] == "2024-T1"))
    assert old.item(0, "value") == 311.0


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("forsinket", "delayed"),
        ("Fullført", "completed"),
        ("IKKE STARTET", "not_started"),
        ("ikke  startet", "not_started"),
        ("pågår", "in_progress"),
        ("avlyst", "cancelled"),
        ("in progress", "in_progress"),
        ("Not_Started", "not_started"),
        ("completed", "completed"),
    ],
)
def test_set_measure_takes_the_status_words(
    folder: Path, capsys: pytest.CaptureFixture[str], typed: str, code: str
) -> None:
    argv = ["set-measure", "--data", str(folder), "pg-t1.1.1", "2030-T1", typed]
    assert main([*argv, "--comment", "Grunn", "--user", "Ola"]) == 0
    updates = read_table(folder, "measure_updates")[0]
    assert updates.filter(updates["period"] == "2030-T1")["status"].to_list() == [code]


def test_set_measure_unknown_word_lists_the_choices(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(folder)
    argv = ["set-measure", "--data", str(folder), "pg-t1.1.1", "2030-T1", "ferdig"]
    assert main([*argv, "--user", "Ola"]) == 1
    error = capsys.readouterr().err
    assert "ukjent status «ferdig»" in error
    for word in ("«ikke startet»", "«pågår»", "«fullført»", "«forsinket»", "«avlyst»"):
        assert word in error
    assert "not_started" in error
    assert snapshot(folder) == before


def test_set_measure_word_needing_a_comment_says_so_in_words(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["set-measure", "--data", str(folder), "pg-t1.1.1", "2030-T1", "Forsinket"]
    assert main([*argv, "--user", "Ola"]) == 1
    assert "status «forsinket» krever en kommentar" in capsys.readouterr().err


def test_set_measure_help_lists_the_words(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["set-measure", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for word in ("«ikke startet»", "«pågår»", "«fullført»", "«forsinket»", "«avlyst»"):
        assert word in out


def test_set_measure_without_comment_keeps_the_comment(folder: Path) -> None:
    """A new status without --comment keeps what was written (as `set` does for a value);
    --comment "" clears it."""
    argv = ["set-measure", "--data", str(folder), "pg-t1.1.1", "2030-T1"]

    def comment() -> object:
        updates = read_table(folder, "measure_updates")[0]
        return updates.filter(updates["period"] == "2030-T1")["comment"].item()

    assert main([*argv, "pågår", "--comment", "Oppstart i mars", "--user", "Ola"]) == 0
    assert main([*argv, "fullført", "--user", "Kari"]) == 0
    assert comment() == "Oppstart i mars"
    assert main([*argv, "pågår", "--comment", "", "--user", "Kari"]) == 0
    assert comment() is None


BAD_NAMES = ["Ola\x1b[31m", "Ola\nNordmann", "Ola\tN", "Ola\x9b2J", "Ola\u2028N", "Ola\x7f"]
"""Names a save would write into the tables and the log as they are."""


@pytest.mark.parametrize("name", BAD_NAMES)
@pytest.mark.parametrize(
    "command",
    [
        ["set", "pg-i1.1.1", "2030-T1", "350"],
        ["set-measure", "pg-t1.1.1", "2030-T1", "ikke startet"],
        ["undo"],
    ],
)
def test_a_name_with_control_characters_or_line_breaks_signs_no_save(
    folder: Path, name: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["set", "--data", str(folder), "pg-i1.1.1", "2024-T1", "5", "--user", name]) == 1
    assert main(["set", "--data", str(folder), "pg-i1.1.1", "2024-T1", "5", "--user", "Ola"]) == 0
    before = snapshot(folder)
    capsys.readouterr()
    assert main([command[0], "--data", str(folder), *command[1:], "--user", name]) == 1
    said = capsys.readouterr().err
    assert "én linje uten kontrolltegn" in said
    assert not any(control in said for control in ("\x1b", "\x9b", "\x7f"))
    assert snapshot(folder) == before


def test_a_personal_name_with_control_characters_is_a_problem_and_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oppfolging.settings import load_personal_settings

    config = tmp_path / "innstillinger.toml"
    config.write_text('name = "Kari\\u001b[2J"\nunit = "Enhet 1"\n', encoding="utf-8")
    result = load_personal_settings(config)
    assert result.settings.name == ""
    assert result.settings.unit == "Enhet 1"
    assert [problem.column for problem in result.problems] == ["name"]
