"""`oppfolging set-measure`: register one measure's status from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from oppfolging.commands.common import add_data_option
from oppfolging.commands.set_value import (
    add_correction_option,
    add_user_options,
    run_checked_save,
)
from oppfolging.domain.schema import MEASURE_STATUSES


def register(subparsers: Any) -> None:
    """Add the `set-measure` subcommand."""
    parser = subparsers.add_parser(
        "set-measure",
        help="registrer status for et tiltak",
        description="Lagrer status for ett tiltak og én tertial. STATUS er ordet appen og "
        f"rapporten viser ({_words()}; store og små bokstaver likt) eller koden "
        f"({', '.join(MEASURE_STATUSES)}). «forsinket» og «avlyst» krever --comment. "
        "Avslutter med 1 når statusen avvises; da er ingenting endret.",
    )
    add_data_option(parser)
    parser.add_argument("measure_id", metavar="TILTAK", help="measure_id, f.eks. pg-t1.1.1")
    parser.add_argument("period", metavar="PERIODE", help="ÅÅÅÅ-T1, ÅÅÅÅ-T2 eller ÅÅÅÅ-T3")
    parser.add_argument(
        "status",
        metavar="STATUS",
        help=f"{_words()} (eller {', '.join(MEASURE_STATUSES)})",
    )
    add_user_options(parser, comment=True)
    add_correction_option(parser)
    parser.set_defaults(run=run)


def _words() -> str:
    """The status words, quoted: «ikke startet», «pågår», …

    Read from the catalogue here, not through `oppfolging.registration` (whose package
    imports polars): building the parser for `--help` must not import polars.
    """
    from oppfolging.i18n import catalogue

    words = catalogue("nb")
    return ", ".join(f"«{words[f'status.{code}']}»" for code in MEASURE_STATUSES)


def run(args: argparse.Namespace) -> int:
    """Save the update; print the changes."""
    from datetime import datetime

    from oppfolging.registration import register_measure

    def save(folder: Path, user: str, _: object) -> Any:
        return register_measure(
            folder, args.measure_id, args.period, args.status, args.comment, user,
            datetime.now(), correction=args.correction,
        )  # fmt: skip

    return run_checked_save(args, save)
