"""`oppfolging export`: write a round's report as XLSX, DOCX, HTML, Markdown or CSV."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from oppfolging.commands.common import add_data_option, add_round_options, as_of_date, round_arg
from oppfolging.i18n import t
from oppfolging.language import LANGUAGES

FORMAT_KEYS = ("xlsx", "docx", "html", "md", "csv")
"""The `--format` choices (the same keys as `reporting.export.FORMATS`, kept here so that
building the parser imports nothing heavy)."""


def register(subparsers: Any) -> None:
    """Add the `export` subcommand."""
    parser = subparsers.add_parser(
        "export",
        help=t("cli.export.help"),
        description=t("cli.export.description"),
    )
    add_data_option(parser)
    add_round_options(parser)
    parser.add_argument(
        "--format",
        required=True,
        choices=FORMAT_KEYS,
        help=t("cli.export.format_help"),
    )
    parser.add_argument(
        "--output",
        metavar="FIL",
        help=t("cli.export.output_help"),
    )
    parser.add_argument("--plan", metavar="PLAN_ID", help=t("cli.export.plan_help"))
    parser.add_argument(
        "--lang",
        dest="report_lang",
        choices=LANGUAGES,
        help=t("cli.export.lang_help"),
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=t("cli.export.force_help"),
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build the report (`reporting.report.round_report`, as the app's export dialog does)
    and write it; print the path written."""
    from oppfolging.commands.common import data_folder
    from oppfolging.i18n import t
    from oppfolging.reporting.export import ExportError, default_export_name, write_report
    from oppfolging.reporting.export.destination import DestinationExistsError
    from oppfolging.reporting.report import ReportError, round_report
    from oppfolging.settings import load_personal_settings
    from oppfolging.store.errors import StoreError

    today = as_of_date(args)
    round_ = round_arg(args, today)
    folder = data_folder(args)
    loaded = _load(folder)
    if loaded is None:
        return 1
    plan_id: str | None = args.plan
    output = args.output or default_export_name(round_, args.format, plan_id)
    try:
        report = round_report(
            folder,
            round_,
            loaded,
            today=today,
            as_of=given_as_of(args),
            plan_id=plan_id,
            author=load_personal_settings().settings.name,
            language=getattr(args, "report_lang", None) or getattr(args, "lang", None),
        )
        path = write_report(report, args.format, output, replace=args.force, dataset_folder=folder)
    except DestinationExistsError as error:
        print(f"oppfolging: {t('export.exists.force', path=error.path)}", file=sys.stderr)
        return 1
    except (ExportError, ReportError, StoreError) as error:
        print(f"oppfolging: {error}", file=sys.stderr)
        return 1
    print(path)
    return 0


def given_as_of(args: argparse.Namespace) -> date | None:
    """The `--as-of` date when one was given (None: the default for the round)."""
    return as_of_date(args) if getattr(args, "as_of", None) else None


def _load(folder: Path) -> tuple[Any, Any] | None:
    """The dataset and its settings; None (after printing every problem) when not clean."""
    from oppfolging.settings import load_dataset_settings
    from oppfolging.store.load import load_dataset

    loaded = load_dataset(folder)
    settings = load_dataset_settings(folder)
    problems = [*loaded.problems, *settings.problems]
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(
            "oppfolging: " + t("cli.export.problems", count=len(problems), folder=folder),
            file=sys.stderr,
        )
        return None
    return loaded.dataset, settings.settings
