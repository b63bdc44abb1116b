"""`oppfolging serve`: the app in the browser, with login and roles (issue 12)."""

from __future__ import annotations

import argparse
import ipaddress
import socket
from typing import Any

from oppfolging.commands.common import (
    UsageError,
    add_as_of_option,
    add_data_option,
    as_of_date,
    data_folder,
)
from oppfolging.commands.user import add_users_option, users_path
from oppfolging.i18n import t


def register(subparsers: Any) -> None:
    """Add the `serve` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help=t("cli.serve_help"),
        description=t("cli.serve_description"),
    )
    add_data_option(parser)
    parser.add_argument("--host", default="127.0.0.1", help=t("cli.host_help"))
    parser.add_argument("--port", type=int, default=8000, help=t("cli.port_help"))
    parser.add_argument(
        "--public-url",
        metavar="URL",
        default=None,
        help=t("cli.public_url_help"),
    )
    add_users_option(parser)
    add_as_of_option(parser)
    parser.set_defaults(run=run)


def is_loopback(host: str) -> bool:
    """True when `host` is only reachable from this machine."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        try:
            return all(
                ipaddress.ip_address(info[4][0]).is_loopback
                for info in socket.getaddrinfo(host, None)
            )
        except (OSError, ValueError):
            return False


def run(args: argparse.Namespace) -> int:
    """Check the options, then serve until Ctrl+C."""
    folder = data_folder(args)
    as_of = as_of_date(args).isoformat() if getattr(args, "as_of", None) else None
    if not 0 < args.port < 65536:
        raise UsageError(t("cli.port_range"))
    path = users_path(args)
    explicit_users = getattr(args, "users", None) is not None
    if explicit_users and not path.is_file():
        raise UsageError(t("cli.users_file_missing", path=path))
    from oppfolging.serve.users import UsersFileError, load_users

    try:
        users = load_users(path)
    except UsersFileError as error:
        raise UsageError(str(error)) from None
    if not users and not is_loopback(args.host):
        raise UsageError(t("cli.host_needs_users", host=args.host))
    from oppfolging.serve.auth import SECRET_FILE, SessionSigner, load_or_make_secret
    from oppfolging.serve.web import OppfolgingServer, ServeConfig

    config = ServeConfig(
        folder=folder.resolve(),
        host=args.host,
        port=args.port,
        users_file=path if users else None,
        state_dir=path.parent / "serve-brukere" if users else None,
        public_url=args.public_url,
        as_of=as_of,
    )
    signer = SessionSigner(load_or_make_secret(path.parent / SECRET_FILE)) if users else None
    if not users:
        print(t("cli.serve_no_users", host=args.host))
    OppfolgingServer(config, signer=signer).serve()
    return 0
