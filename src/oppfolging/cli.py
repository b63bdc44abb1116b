"""Command-line entry point: argument parsing only.

Each subcommand lives in `oppfolging.commands.<name>` with `register(subparsers)` and a
`run(args) -> int`. Command modules import their heavy dependencies inside `run`, so
`oppfolging status` never imports textual and starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import NoReturn

from oppfolging import __version__
from oppfolging.commands.common import UsageError, add_data_option
from oppfolging.i18n import languages, set_language

COMMAND_MODULES = (
    "validate",
    "init",
    "status",
    "revisions",
    "missing",
    "export",
    "set_value",
    "set_measure",
    "import_values",
    "import_ssb",
    "fetch_ssb",
    "undo",
    "assess",
    "round",
    "user",
    "serve",
)
"""Modules under `oppfolging.commands`; a module that does not exist yet is skipped."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser: global options, the app's options and every subcommand."""
    parser = _Parser(
        prog="oppfolging",
        description="Oppfølging av mål, indikatorer og tiltak i kommunale helse- og omsorgsplaner.",
    )
    parser.add_argument("--version", action="version", version=f"oppfolging {__version__}")
    add_data_option(parser, top_level=True)
    parser.add_argument("--round", help="rapportering som vises først, f.eks. 2026-T1 eller 2026")
    parser.add_argument("--as-of", help="dagens dato for beregningene (ÅÅÅÅ-MM-DD)")
    parser.add_argument(
        "--lang",
        choices=languages(),
        help="språk: nb (bokmål), nn (nynorsk) eller en (engelsk); "
        "appen bruker ellers språket i innstillingene dine",
    )
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="KOMMANDO")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"oppfolging.commands.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"oppfolging.commands.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code.

    Everything a command prints passes through `textsafe.visible` (a name in a dataset can
    hold terminal escape sequences). The app draws on `sys.__stderr__`, which stays as it is.
    """
    with _visible_output():
        parser = build_parser()
        return _run(parser.parse_args(argv))


def _run(args: argparse.Namespace) -> int:
    """Run the chosen command (the app without one)."""
    if args.lang:
        set_language(args.lang)
    try:
        if args.command is None:
            from oppfolging.commands.app import run_app

            return run_app(args)
        result: int = args.run(args)
        sys.stdout.flush()  # a closed pipe shows up here, not at interpreter exit
        return result
    except UsageError as error:
        print(f"oppfolging: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `oppfolging status | head`: the reader has gone; stop quietly, like a shell tool.
        _silence_stdout()
        return BROKEN_PIPE


@contextlib.contextmanager
def _visible_output() -> Iterator[None]:
    """sys.stdout and sys.stderr through `VisibleWriter` while the block runs."""
    from oppfolging.textsafe import VisibleWriter

    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleWriter(saved[0]), VisibleWriter(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


BROKEN_PIPE = 141
"""The exit code after the reader of stdout went away (128 + SIGPIPE, as shells report)."""


def _silence_stdout() -> None:
    """Point stdout at the null device so Python's flush at exit cannot fail again."""
    # Without a real stdout (captured in tests) there is nothing left to flush.
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


if __name__ == "__main__":
    raise SystemExit(main())
