"""`oppfolging import`: import indicator values from a CSV or XLSX file, all or none."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from oppfolging.commands.common import add_data_option
from oppfolging.commands.set_value import add_user_options, run_checked_save
from oppfolging.i18n import t


def register(subparsers: Any) -> None:
    """Add the `import` subcommand."""
    parser = subparsers.add_parser(
        "import",
        help=t("cli.import_help"),
        description=t("cli.import_description"),
    )
    add_data_option(parser)
    parser.add_argument("file", metavar=t("cli.file_metavar"), help=t("cli.import_file_help"))
    add_user_options(parser, comment=False)
    parser.add_argument(
        "--force",
        action="store_true",
        help=t("cli.import_force_help"),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Import the file; print the changes or every bad row."""
    from datetime import datetime

    from oppfolging.registration import import_rows

    def save(folder: Path, user: str, loaded: Any) -> Any:
        limit = loaded[1].plausibility_limit
        file = Path(args.file)
        return import_rows(
            folder, file, user, datetime.now(), limit=limit, force=args.force,
            dataset=loaded[0], describe=True,
        )  # fmt: skip

    return run_checked_save(args, save)
