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
from oppfolging.i18n import t

if TYPE_CHECKING:
    from oppfolging.serve.users import User


def add_users_option(parser: argparse.ArgumentParser) -> None:
    """`--users FILE`, shared with `serve`."""
    parser.add_argument(
        "--users",
        metavar=t("cli.file_metavar"),
        default=None,
        help=t("cli.users_help"),
    )


def users_path(args: argparse.Namespace) -> Path:
    """`--users`, else the default users file."""
    from oppfolging.serve.users import default_users_path

    given: str | None = getattr(args, "users", None)
    if given is not None and not given.strip():
        raise UsageError(t("cli.users_empty"))
    return Path(given).expanduser() if given else default_users_path()


def register(subparsers: Any) -> None:
    """Add `user` with its four subcommands."""
    from oppfolging.roles import ROLE_NAMES

    parser = subparsers.add_parser(
        "user",
        help=t("cli.user_command_help"),
        description=t("cli.user_description"),
    )
    actions = parser.add_subparsers(
        dest="user_command", metavar=t("cli.action_metavar"), required=True
    )
    add = actions.add_parser("add", help=t("cli.user_add_help"))
    add.add_argument("name", metavar=t("cli.name_metavar"), help=t("cli.user_name_help"))
    add.add_argument("--role", required=True, choices=ROLE_NAMES, help=t("cli.user_role_help"))
    add.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar=t("cli.unit_metavar"),
        help=t("cli.user_unit_help"),
    )
    add.set_defaults(run=run_add)
    passwd = actions.add_parser("passwd", help=t("cli.user_passwd_help"))
    passwd.add_argument("name", metavar=t("cli.name_metavar"))
    passwd.set_defaults(run=run_passwd)
    remove = actions.add_parser("remove", help=t("cli.user_remove_help"))
    remove.add_argument("name", metavar=t("cli.name_metavar"))
    remove.set_defaults(run=run_remove)
    listing = actions.add_parser("list", help=t("cli.user_list_help"))
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
        raise UsageError(t("cli.user_name_problem", problem=problem))
    units = tuple(unit.strip() for unit in args.unit if unit.strip())
    if units and args.role != Role.REGISTRAR.value:
        raise UsageError(t("cli.user_unit_only_registrar"))
    path = users_path(args)
    users = _load(path)
    if name in users:
        raise UsageError(t("cli.user_exists", name=name))
    password = read_password()
    users[name] = User(name, Role(args.role), units, hash_password(password))
    _save(path, users)
    print(t("cli.user_added", name=name, role=args.role, path=path))
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
    print(t("cli.user_new_password", name=user.name))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove a user (sessions already open end when their cookie expires)."""
    path = users_path(args)
    users = _load(path)
    user = _existing(users, args.name)
    del users[user.name]
    _save(path, users)
    print(t("cli.user_removed", name=user.name))
    return 0


def run_list(args: argparse.Namespace) -> int:
    """One line per user: name, role, units."""
    users = _load(users_path(args))
    if not users:
        print(t("cli.no_users"))
    for user in sorted(users.values(), key=lambda u: u.name.casefold()):
        units = ", ".join(user.units) if user.units else t("cli.all_units")
        where = f" ({units})" if user.role.value == "registrator" else ""
        print(f"{user.name}\t{user.role.value}{where}")
    return 0


def read_password() -> str:
    """The new password: twice without echo from a terminal, else one line of stdin."""
    from oppfolging.serve.users import password_problem

    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass(t("cli.password_prompt"))
        if getpass.getpass(t("cli.password_again")) != password:
            raise UsageError(t("cli.passwords_differ"))
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
        raise UsageError(t("cli.no_such_user", name=name))
    return users[name]


def _save(path: Path, users: dict[str, User]) -> None:
    from oppfolging.serve.users import UsersFileError, save_users

    try:
        save_users(path, users)
    except UsersFileError as error:
        raise UsageError(str(error)) from None
