"""`oppfolging undo`: undo the user's most recent save (the undo is logged too)."""

from __future__ import annotations

import argparse
from typing import Any

from oppfolging.commands.common import add_data_option
from oppfolging.commands.set_value import add_user_options, run_checked_save


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

    from oppfolging.registration import undo_last_change

    return run_checked_save(
        args, lambda folder, user, _: undo_last_change(folder, user, datetime.now())
    )
