"""`oppfolging undo`: undo the user's most recent save (the undo is logged too)."""

from __future__ import annotations

import argparse
from typing import Any

from oppfolging.commands.common import add_data_option, data_folder
from oppfolging.commands.set_value import add_user_options, run_save


def register(subparsers: Any) -> None:
    """Add the `undo` subcommand."""
    parser = subparsers.add_parser(
        "undo",
        help="angre din siste lagring",
        description="Setter tilbake cellene din siste lagring endret. Angringen logges.",
    )
    add_data_option(parser)
    add_user_options(parser, comment=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Undo; print the cells put back."""
    from datetime import datetime

    from oppfolging.commands.output import load_checked
    from oppfolging.registration import resolve_user, undo_last_change

    folder = data_folder(args)
    if load_checked(folder) is None:
        return 1
    user = resolve_user(args.user)
    return run_save(lambda: undo_last_change(folder, user, datetime.now()))
