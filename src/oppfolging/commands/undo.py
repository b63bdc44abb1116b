"""`oppfolging undo` and `oppfolging redo`: step back and forth through your own saves
(each undo and redo is saved and logged like any save)."""

from __future__ import annotations

import argparse
from typing import Any

from oppfolging.commands.common import add_data_option
from oppfolging.commands.set_value import add_user_options, run_checked_save
from oppfolging.i18n import t


def register(subparsers: Any) -> None:
    """Add the `undo` and `redo` subcommands."""
    parser = subparsers.add_parser(
        "undo",
        help=t("cli.undo_help"),
        description=t("cli.undo_description"),
    )
    add_data_option(parser)
    add_user_options(parser, comment=False)
    parser.set_defaults(run=run)
    redo = subparsers.add_parser(
        "redo",
        help=t("cli.redo_help"),
        description=t("cli.redo_description"),
    )
    add_data_option(redo)
    add_user_options(redo, comment=False)
    redo.set_defaults(run=run_redo)


def run(args: argparse.Namespace) -> int:
    """Undo; print the cells put back."""
    from datetime import datetime

    from oppfolging.registration import undo_save

    # described, so the validated cache holds the dataset as the undo left it
    return run_checked_save(
        args, lambda folder, user, _: undo_save(folder, user, datetime.now(), describe=True)
    )


def run_redo(args: argparse.Namespace) -> int:
    """Redo; print the cells put back."""
    from datetime import datetime

    from oppfolging.registration import undo_save

    return run_checked_save(
        args,
        lambda folder, user, _: undo_save(folder, user, datetime.now(), redo=True, describe=True),
    )
