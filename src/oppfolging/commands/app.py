"""`oppfolging [--data DIR]`: open the app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from oppfolging.commands.common import UsageError, as_of_date, data_folder
from oppfolging.domain.periods import PeriodError, parse_round
from oppfolging.i18n import t


def run_app(args: argparse.Namespace) -> int:
    """Start the Textual app on the dataset folder."""
    as_of = as_of_date(args)
    initial_round = None
    if args.round:
        try:
            initial_round = parse_round(args.round)
        except PeriodError as error:
            raise UsageError(f"--round: {error}") from None
    folder = data_folder(args)
    if not sys.stdout.isatty() or not sys.stdin.isatty():
        raise UsageError(t("app.needs_terminal"))
    from oppfolging.settings import load_personal_settings

    personal = load_personal_settings()
    if personal.unreadable:  # e.g. the file is a FIFO: say so rather than start without it
        for problem in personal.problems:
            print(f"oppfolging: {problem}", file=sys.stderr)
        return 1
    # The language is chosen already (cli.command_language: --lang, personal, dataset).
    from oppfolging.tui.app import make_app

    as_of_given = bool(getattr(args, "as_of", None))
    app = make_app(
        folder, as_of, initial_round, theme=personal.settings.theme, as_of_given=as_of_given
    )
    app.run()
    return exit_code(app.return_code, app.crash_report)


def crashed_text() -> str:
    """The one line on stderr after the app ended with an unhandled exception."""
    return t("app.crashed")


def exit_code(return_code: int | None, crash_report: Path | None = None) -> int:
    """The process exit code after the app ended: 0, or 1 with `crashed_text()` on stderr (and
    where the details were written)."""
    if not return_code:
        return 0
    where = t("app.crash_details", path=crash_report) if crash_report is not None else ""
    print(f"{crashed_text()}{where}", file=sys.stderr)
    return 1
