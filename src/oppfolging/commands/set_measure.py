"""`oppfolging set-measure`: register one measure's status from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oppfolging.commands.common import add_data_option
from oppfolging.commands.set_value import (
    add_correction_option,
    add_user_options,
    run_checked_save,
)
from oppfolging.domain.schema import MEASURE_STATUSES
from oppfolging.i18n import t

if TYPE_CHECKING:
    from oppfolging.commands.set_value import Loaded


def register(subparsers: Any) -> None:
    """Add the `set-measure` subcommand."""
    parser = subparsers.add_parser(
        "set-measure",
        help=t("cli.set_measure_help"),
        description=t(
            "cli.set_measure_description", words=_words(), codes=", ".join(MEASURE_STATUSES)
        ),
    )
    add_data_option(parser)
    parser.add_argument(
        "measure_id", metavar=t("cli.measure_metavar"), help=t("cli.measure_id_help")
    )
    parser.add_argument("period", metavar=t("cli.period_metavar"), help=t("cli.tertial_help"))
    parser.add_argument(
        "status",
        metavar="STATUS",
        help=t("cli.status_choices_help", words=_words(), codes=", ".join(MEASURE_STATUSES)),
    )
    add_user_options(parser, comment=True)
    add_correction_option(parser)
    parser.set_defaults(run=run)


def _words() -> str:
    """The status words in the language in use, quoted: «ikke startet», «pågår», …

    Read from the catalogue here, not through `oppfolging.registration` (whose package
    imports polars): building the parser for `--help` must not import polars.
    """
    from oppfolging.i18n import catalogue, language

    words = catalogue(language())
    return ", ".join(f"«{words[f'status.{code}']}»" for code in MEASURE_STATUSES)


def run(args: argparse.Namespace) -> int:
    """Save the update; print the changes."""
    from datetime import datetime

    from oppfolging.registration import register_measure

    def save(folder: Path, user: str, loaded: Loaded) -> Any:
        dataset = loaded[0]
        return register_measure(
            folder, args.measure_id, args.period, args.status, args.comment, user,
            datetime.now(), correction=args.correction, measures=dataset["measures"],
            updates=dataset["measure_updates"], describe=True,
        )  # fmt: skip

    return run_checked_save(args, save)
