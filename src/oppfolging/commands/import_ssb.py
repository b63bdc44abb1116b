"""`oppfolging import-ssb`: import mapped indicators' figures from SSB JSON-stat files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from oppfolging.commands.common import add_data_option
from oppfolging.commands.set_value import add_user_options, run_checked_save
from oppfolging.i18n import t


def register(subparsers: Any) -> None:
    """Add the `import-ssb` subcommand."""
    parser = subparsers.add_parser(
        "import-ssb", help=t("ssb.cli.import_help"), description=t("ssb.cli.import_description")
    )
    add_data_option(parser)
    parser.add_argument("files", nargs="+", metavar="FIL", help=t("ssb.cli.files_help"))
    add_user_options(parser, comment=False)
    parser.add_argument("--dry-run", action="store_true", help=t("ssb.cli.dry_run_help"))
    parser.add_argument("--force", action="store_true", help=t("ssb.cli.force_help"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Import the files; print the changes (or, with --dry-run, what would change)."""
    from datetime import datetime

    def save(folder: Path, user: str, loaded: Any) -> Any:
        files = [Path(name) for name in args.files]
        return import_and_print(args, folder, files, user, datetime.now(), loaded)

    return run_checked_save(args, save)


def import_and_print(
    args: argparse.Namespace, folder: Path, files: list[Path], user: str, now: Any, loaded: Any
) -> Any:
    """Import `files` with the dataset's SSB settings and print the plan (`import-ssb`, and
    `hent-ssb` after its fetch); `loaded`: the dataset and its settings as just loaded."""
    from oppfolging.registration.ssb.importing import import_ssb_files

    dataset, settings = loaded
    result = import_ssb_files(
        folder,
        files,
        user,
        now,
        region=settings.ssb_region,
        limit=settings.plausibility_limit,
        force=args.force,
        dry_run=args.dry_run,
        dataset=dataset,
        describe=True,
    )
    print_plan(result, dry_run=args.dry_run)
    return result


def print_plan(result: Any, *, dry_run: bool) -> None:
    """Say how many indicators were mapped, what was not yet available and (dry run) what
    would change."""
    from oppfolging.fmt import format_number
    from oppfolging.textsafe import visible

    def number(row: Any) -> str:
        value = None if row is None else row.get("value")
        return "–" if value is None else format_number(float(value))

    print(t("ssb.import.summary", mapped=result.mapped, missing=result.not_available))
    if not dry_run:
        return
    for edit in result.planned:
        print(
            t(
                "ssb.import.would_change",
                indicator=visible(str(edit.key["indicator_id"])),
                period=str(edit.key["period"]),
                old=number(edit.expected),
                new=number(edit.new),
            )
        )
