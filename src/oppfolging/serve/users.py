"""The users file of `oppfolging serve` (TOML): name, role, units and an argon2 hash.

    [users."Kari Nordmann"]
    role = "registrator"
    units = ["Hjemmetjenesten"]
    password = "$argon2id$v=19$..."

The password itself is never stored; the hash comes from argon2-cffi (argon2id with its
default cost). The file is written atomically and readable by its owner only.
"""

from __future__ import annotations

import functools
import os
import secrets
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from oppfolging.i18n import t
from oppfolging.roles import Role

USERS_FILE = "brukere.toml"
MIN_PASSWORD_LENGTH = 10
MAX_NAME_LENGTH = 80


class UsersFileError(Exception):
    """The users file cannot be read or written, or a name or password is not allowed."""


@dataclass(frozen=True)
class User:
    """One user who may log in."""

    name: str
    role: Role
    units: tuple[str, ...]
    password_hash: str


def default_users_path() -> Path:
    """`brukere.toml` beside the personal settings."""
    from oppfolging.settings import personal_settings_path

    return personal_settings_path().parent / USERS_FILE


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a user name (it is written as `registered_by`), or None."""
    if not name.strip():
        return t("serve.users.name_empty")
    if name != name.strip():
        return t("serve.users.name_spaces")
    if len(name) > MAX_NAME_LENGTH:
        return t("serve.users.name_too_long", limit=MAX_NAME_LENGTH)
    if any(not ch.isprintable() for ch in name):
        return t("serve.users.name_control")
    return None


def password_problem(password: str) -> str | None:
    """Why `password` is not accepted, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return t("serve.users.password_short", limit=MIN_PASSWORD_LENGTH)
    return None


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(password)


def verify_password(user: User, password: str) -> bool:
    """True when `password` is the user's (argon2 compares in constant time)."""
    return verify_hash(user.password_hash, password)


def verify_hash(password_hash: str, password: str) -> bool:
    """True when `password` matches `password_hash`."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@functools.cache
def dummy_hash() -> str:
    """A hash to verify against for an unknown name, so a wrong name costs as long as a
    wrong password (the time does not tell which names exist)."""
    return hash_password(secrets.token_hex(16))


def load_users(path: Path) -> dict[str, User]:
    """The users in `path`; a missing file is no users. `UsersFileError` when unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise UsersFileError(f"{path}: " + t("serve.users.unreadable", error=error)) from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsersFileError(f"{path}: " + t("serve.users.bad_toml", error=error)) from None
    table = raw.get("users", {})
    if not isinstance(table, dict):
        raise UsersFileError(f"{path}: " + t("serve.users.not_a_table"))
    return {name: _user(path, name, entry) for name, entry in table.items()}


def _user(path: Path, name: str, entry: Any) -> User:
    where = f"{path}: " + t("serve.users.user", name=name)
    if not isinstance(entry, dict):
        raise UsersFileError(f"{where}: " + t("serve.users.entry_not_a_table"))
    try:
        role = Role(str(entry.get("role")))
    except ValueError:
        raise UsersFileError(
            f"{where}: " + t("serve.users.unknown_role", role=entry.get("role"))
        ) from None
    units = entry.get("units", [])
    hashed = entry.get("password")
    if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
        raise UsersFileError(f"{where}: " + t("serve.users.bad_units"))
    if not isinstance(hashed, str) or not hashed.startswith("$argon2"):
        raise UsersFileError(f"{where}: " + t("serve.users.no_hash"))
    return User(name, role, tuple(units), hashed)


def save_users(path: Path, users: dict[str, User]) -> None:
    """Write the users file atomically, readable and writable by its owner only."""
    table = {
        user.name: {
            "role": user.role.value,
            "units": list(user.units),
            "password": user.password_hash,
        }
        for user in sorted(users.values(), key=lambda u: u.name)
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".brukere-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            tomli_w.dump({"users": table}, stream)
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, path)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise UsersFileError(f"{path}: " + t("serve.users.unwritable", error=error)) from None
