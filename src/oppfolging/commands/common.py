"""What several commands share: the dataset folder, the as-of date, the round."""

from __future__ import annotations

import argparse
import os
import shutil
from datetime import date
from pathlib import Path

from oppfolging.domain.bounds import year_problem
from oppfolging.domain.periods import (
    Period,
    PeriodError,
    PeriodYearError,
    default_round,
    parse_round,
)
from oppfolging.i18n import t

ENV_DATA = "OPPFOLGING_DATA"


class UsageError(Exception):
    """A usage error: printed as one line, exit code 2."""


def add_data_option(parser: argparse.ArgumentParser, *, top_level: bool = False) -> None:
    """`--data DIR`; on a subcommand it does not override a value given before it."""
    parser.add_argument(
        "--data",
        metavar=t("cli.data_metavar"),
        default=None if top_level else argparse.SUPPRESS,
        help=t("cli.data_help", env=ENV_DATA),
    )


def add_round_options(parser: argparse.ArgumentParser) -> None:
    """`--round R` and `--as-of DATE`, shared by every command that reads a round."""
    parser.add_argument(
        "--round",
        default=argparse.SUPPRESS,
        help=t("cli.round_option_help"),
    )
    add_as_of_option(parser)


def add_as_of_option(parser: argparse.ArgumentParser) -> None:
    """`--as-of DATE`: the date that counts as today, for reproducible results."""
    parser.add_argument(
        "--as-of",
        default=argparse.SUPPRESS,
        metavar=t("cli.date_metavar"),
        help=t("cli.as_of_option_help"),
    )


def as_of_date(args: argparse.Namespace) -> date:
    """The `--as-of` date, or today."""
    text: str | None = getattr(args, "as_of", None)
    if not text:
        return date.today()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise UsageError(t("cli.as_of_not_a_date", text=text)) from None
    problem = year_problem(day.year)
    if problem is not None:
        raise UsageError(f"--as-of: «{text}»: {problem}")
    return day


def round_arg(args: argparse.Namespace, as_of: date) -> Period:
    """The `--round` round, or the latest one that has ended by `as_of`."""
    text: str | None = getattr(args, "round", None)
    if not text:
        return default_round(as_of)
    try:
        return parse_round(text)
    except PeriodYearError as error:
        raise UsageError(f"--round: {error}") from None
    except PeriodError:
        # parse_round's message for a text that is no period at all names ÅÅÅÅ-T3, which is
        # no round: say the same thing whatever was wrong.
        raise UsageError(t("cli.round_not_a_round", text=text)) from None


def user_sample_copy() -> Path:
    """The user's own copy of the bundled sample, made on first use."""
    from platformdirs import user_data_path

    from oppfolging.resources import sample_data_dir

    target = user_data_path("oppfolging", appauthor=False) / "eksempeldata"
    if not target.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(sample_data_dir(), target, ignore=shutil.ignore_patterns("README.md"))
    return target


def data_folder(args: argparse.Namespace) -> Path:
    """`--data`, else `$OPPFOLGING_DATA`, else the user's copy of the sample.

    `UsageError` for an empty `--data` and for a folder that does not exist (or is no
    folder), suggesting `oppfolging init`.
    """
    option: str | None = getattr(args, "data", None)
    if option is not None and not option.strip():
        raise UsageError(t("cli.data_empty"))
    where = "--data" if option else f"${ENV_DATA}"
    given = option or os.environ.get(ENV_DATA)
    if not given:
        return user_sample_copy()
    folder = Path(given).expanduser()
    if not folder.exists():
        raise UsageError(t("cli.data_missing", where=where, folder=folder))
    if not folder.is_dir():
        raise UsageError(t("cli.data_not_a_folder", where=where, folder=folder))
    return folder
