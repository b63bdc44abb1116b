"""`oppfolging user add|passwd|remove|list` and the users file (issue 12)."""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pytest

from oppfolging.cli import main
from oppfolging.roles import Role
from oppfolging.serve.users import load_users, verify_password

PASSWORD = "riktig-hest-batteri"


@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    return tmp_path / "brukere.toml"


def run(monkeypatch: pytest.MonkeyPatch, argv: list[str], stdin: str = f"{PASSWORD}\n") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(argv)


def add(monkeypatch: pytest.MonkeyPatch, users_file: Path, name: str, *options: str) -> int:
    return run(monkeypatch, ["user", "add", name, *options, "--users", str(users_file)])


def test_add_stores_role_units_and_an_argon2_hash_only(
    monkeypatch: pytest.MonkeyPatch, users_file: Path
) -> None:
    argv = ["--role", "registrator", "--unit", "Hjemmetjenesten", "--unit", "NAV"]
    assert add(monkeypatch, users_file, "Kari Nordmann", *argv) == 0
    text = users_file.read_text(encoding="utf-8")
    assert PASSWORD not in text
    user = load_users(users_file)["Kari Nordmann"]
    assert user.role is Role.REGISTRAR
    assert user.units == ("Hjemmetjenesten", "NAV")
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user, PASSWORD)
    assert not verify_password(user, PASSWORD + "x")


def test_users_file_is_readable_by_its_owner_only(
    monkeypatch: pytest.MonkeyPatch, users_file: Path
) -> None:
    assert add(monkeypatch, users_file, "Ola", "--role", "leder") == 0
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600


def test_short_password_is_a_usage_error_and_nothing_is_written(
    monkeypatch: pytest.MonkeyPatch, users_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        monkeypatch, ["user", "add", "Ola", "--role", "leder", "--users", str(users_file)], "kort\n"
    )
    assert code == 2
    assert "minst" in capsys.readouterr().err
    assert not users_file.exists()


def test_adding_an_existing_name_is_refused(
    monkeypatch: pytest.MonkeyPatch, users_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(monkeypatch, users_file, "Ola", "--role", "leder") == 0
    assert add(monkeypatch, users_file, "Ola", "--role", "admin") == 2
    assert "finnes" in capsys.readouterr().err
    assert load_users(users_file)["Ola"].role is Role.LEADER


@pytest.mark.parametrize("name", ["", " Ola", "Ola\x1b[31m", "x" * 81])
def test_bad_names_are_refused(
    monkeypatch: pytest.MonkeyPatch, users_file: Path, name: str
) -> None:
    assert add(monkeypatch, users_file, name, "--role", "leder") == 2
    assert not users_file.exists()


def test_unit_only_for_registrators(monkeypatch: pytest.MonkeyPatch, users_file: Path) -> None:
    assert add(monkeypatch, users_file, "Ola", "--role", "leder", "--unit", "NAV") == 2


def test_unknown_role_is_a_usage_error(monkeypatch: pytest.MonkeyPatch, users_file: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        add(monkeypatch, users_file, "Ola", "--role", "sjef")
    assert exit_info.value.code == 2


def test_passwd_replaces_the_hash(monkeypatch: pytest.MonkeyPatch, users_file: Path) -> None:
    assert add(monkeypatch, users_file, "Ola", "--role", "leder") == 0
    argv = ["user", "passwd", "Ola", "--users", str(users_file)]
    assert run(monkeypatch, argv, "et-helt-nytt-passord\n") == 0
    user = load_users(users_file)["Ola"]
    assert verify_password(user, "et-helt-nytt-passord")
    assert not verify_password(user, PASSWORD)


def test_passwd_and_remove_of_unknown_user_are_usage_errors(
    monkeypatch: pytest.MonkeyPatch, users_file: Path
) -> None:
    assert run(monkeypatch, ["user", "passwd", "Per", "--users", str(users_file)]) == 2
    assert run(monkeypatch, ["user", "remove", "Per", "--users", str(users_file)]) == 2


def test_remove_and_list(
    monkeypatch: pytest.MonkeyPatch, users_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(monkeypatch, users_file, "Ola", "--role", "leder") == 0
    assert add(monkeypatch, users_file, "Kari", "--role", "registrator") == 0
    assert run(monkeypatch, ["user", "remove", "Ola", "--users", str(users_file)]) == 0
    capsys.readouterr()
    assert run(monkeypatch, ["user", "list", "--users", str(users_file)]) == 0
    out = capsys.readouterr().out
    assert "Kari\tregistrator (alle enheter)" in out
    assert "Ola" not in out


def test_broken_users_file_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, users_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    users_file.write_text('[users.Ola]\nrole = "sjef"\n', encoding="utf-8")
    assert run(monkeypatch, ["user", "list", "--users", str(users_file)]) == 2
    assert "ukjent rolle" in capsys.readouterr().err
