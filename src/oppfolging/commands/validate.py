"""`oppfolging validate`: list every problem in a dataset, one per line."""

from __future__ import annotations

import argparse
from typing import Any

from oppfolging.commands.common import add_data_option, data_folder
from oppfolging.i18n import t


def register(subparsers: Any) -> None:
    """Add the `validate` subcommand."""
    parser = subparsers.add_parser(
        "validate",
        help=t("cli.validate_help"),
        description=t("cli.validate_description"),
    )
    add_data_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the problems, then the warnings; exit 1 when there is an error."""
    from oppfolging.store.load import load_dataset
    from oppfolging.store.textcheck import control_character_warnings

    folder = data_folder(args)
    result = load_dataset(folder)
    for notice in result.notices:
        print(t("cli.notice", notice=notice))
    problems = list(result.problems)
    problems.extend(_settings_problems(folder))
    warnings = control_character_warnings(result.dataset)
    for problem in [*problems, *warnings]:
        print(problem)
    if problems:
        print(t("cli.problems_in", count=len(problems), folder=folder))
        return 1
    if warnings:
        print(t("cli.only_warnings", count=len(warnings), folder=folder))
        return 0
    print(t("cli.no_problems", folder=folder))
    return 0


def _settings_problems(folder: Any) -> list[Any]:
    """Problems in oppfolging.toml, when the settings module is there."""
    try:
        from oppfolging.settings import load_dataset_settings
    except ImportError:
        return []
    return list(load_dataset_settings(folder).problems)
