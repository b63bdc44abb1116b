"""`oppfolging validate`: list every problem in a dataset, one per line."""

from __future__ import annotations

import argparse
from typing import Any

from oppfolging.commands.common import add_data_option, data_folder


def register(subparsers: Any) -> None:
    """Add the `validate` subcommand."""
    parser = subparsers.add_parser(
        "validate",
        help="kontroller datasettet",
        description="Skriver hvert problem som fil:rad:kolonne: melding. "
        "Avslutter med 1 når det finnes problemer, ellers 0.",
    )
    add_data_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the problems; exit 1 when there are any."""
    from oppfolging.store.load import load_dataset

    folder = data_folder(args)
    result = load_dataset(folder)
    for notice in result.notices:
        print(f"merk: {notice}")
    problems = list(result.problems)
    problems.extend(_settings_problems(folder))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(er) i {folder}")
        return 1
    print(f"Ingen problemer i {folder}")
    return 0


def _settings_problems(folder: Any) -> list[Any]:
    """Problems in oppfolging.toml, when the settings module is there."""
    try:
        from oppfolging.settings import load_dataset_settings
    except ImportError:
        return []
    return list(load_dataset_settings(folder).problems)
