"""`oppfolging user add|passwd|remove|list`: the users who may log in to `oppfolging serve`.

The password is read without echo from the terminal (asked twice), or as one line from
standard input when that is not a terminal (for scripts). Only an argon2 hash is stored.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oppfolging.commands.common import UsageError

if TYPE_CHECKING:
    from oppfolging.serve.users import User


def add_users_option(parser: argparse.ArgumentParser) -> None:
    """`--users FILE`, shared with `serve`."""
    parser.add_argument(
        "--users",
        metavar="FIL",
        default=None,
        help="brukerfilen (standard: brukere.toml ved siden av de personlige innstillingene)",
    )


def users_path(args: argparse.Namespace) -> Path:
    """`--users`, else the default users file."""
    from oppfolging.serve.users import default_users_path

    given: str | None = getattr(args, "users", None)
    if given is not None and not given.strip():
        raise UsageError("--users: filnavnet er tomt")
    return Path(given).expanduser() if given else default_users_path()


def register(subparsers: Any) -> None:
    """Add `user` with its four subcommands."""
    from oppfolging.roles import ROLE_NAMES

    parser = subparsers.add_parser(
        "user",
        help="brukere som kan logge inn på «oppfolging serve»",
        description="Legg til, endre passord for, fjern og list brukere av nettleserversjonen.",
    )
    actions = parser.add_subparsers(dest="user_command", metavar="HANDLING", required=True)
    add = actions.add_parser("add", help="legg til en bruker (spør om passord)")
    add.add_argument("name", metavar="NAVN", help="navnet som logges ved registreringer")
    add.add_argument("--role", required=True, choices=ROLE_NAMES, help="leder, registrator, admin")
    add.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar="ENHET",
        help="enhet registratoren registrerer for (kan gjentas; standard: alle)",
    )
    add.set_defaults(run=run_add)
    passwd = actions.add_parser("passwd", help="sett nytt passord for en bruker")
    passwd.add_argument("name", metavar="NAVN")
    passwd.set_defaults(run=run_passwd)
    remove = actions.add_parser("remove", help="fjern en bruker")
    remove.add_argument("name", metavar="NAVN")
    remove.set_defaults(run=run_remove)
    listing = actions.add_parser("list", help="list brukerne (navn, rolle, enheter)")
    listing.set_defaults(run=run_list)
    for sub in (add, passwd, remove, listing):
        add_users_option(sub)


def run_add(args: argparse.Namespace) -> int:
    """Add a user; a name already there is a usage error (use `passwd`)."""
    from oppfolging.roles import Role
    from oppfolging.serve.users import User, hash_password, name_problem

    name: str = args.name
    problem = name_problem(name)
    if problem is not None:
        raise UsageError(f"NAVN: {problem}")
    units = tuple(unit.strip() for unit in args.unit if unit.strip())
    if units and args.role != Role.REGISTRAR.value:
        raise UsageError("--unit gjelder bare rollen registrator")
    path = users_path(args)
    users = _load(path)
    if name in users:
        raise UsageError(f"brukeren «{name}» finnes; bytt passord med «oppfolging user passwd»")
    password = read_password()
    users[name] = User(name, Role(args.role), units, hash_password(password))
    _save(path, users)
    print(f"La til {name} ({args.role}) i {path}")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    """Set a new password for an existing user."""
    from dataclasses import replace

    from oppfolging.serve.users import hash_password

    path = users_path(args)
    users = _load(path)
    user = _existing(users, args.name)
    users[user.name] = replace(user, password_hash=hash_password(read_password()))
    _save(path, users)
    print(f"Nytt passord for {user.name}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove a user (sessions already open end when their cookie expires)."""
    path = users_path(args)
    users = _load(path)
    user = _existing(users, args.name)
    del users[user.name]
    _save(path, users)
    print(f"Fjernet {user.name}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    """One line per user: name, role, units."""
    users = _load(users_path(args))
    if not users:
        print("Ingen brukere")
    for user in sorted(users.values(), key=lambda u: u.name.casefold()):
        units = ", ".join(user.units) if user.units else "alle enheter"
        where = f" ({units})" if user.role.value == "registrator" else ""
        print(f"{user.name}\t{user.role.value}{where}")
    return 0


def read_password() -> str:
    """The new password: twice without echo from a terminal, else one line of stdin."""
    from oppfolging.serve.users import password_problem

    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("Passord: ")
        if getpass.getpass("Gjenta passordet: ") != password:
            raise UsageError("passordene er ulike")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    problem = password_problem(password)
    if problem is not None:
        raise UsageError(problem)
    return password


def _load(path: Path) -> dict[str, User]:
    from oppfolging.serve.users import UsersFileError, load_users

    try:
        return dict(load_users(path))
    except UsersFileError as error:
        raise UsageError(str(error)) from None


def _existing(users: dict[str, User], name: str) -> User:
    if name not in users:
        raise UsageError(f"ingen bruker heter «{name}» (se «oppfolging user list»)")
    return users[name]


def _save(path: Path, users: dict[str, User]) -> None:
    from oppfolging.serve.users import UsersFileError, save_users

    try:
        save_users(path, users)
    except UsersFileError as error:
        raise UsageError(str(error)) from None
