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
from pathlib import Path
from typing import NoReturn

from oppfolging import __version__
from oppfolging.commands.common import ENV_DATA, UsageError, add_data_option
from oppfolging.i18n import languages, set_language, t

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

_ARGPARSE_KEYS = {
    "usage: ": "argparse.usage",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "argparse.unknown_parser",
    "can't open '%(filename)s': %(error)s": "argparse.cannot_open",
    "positional arguments": "argparse.positional",
    "options": "argparse.options",
    "show this help message and exit": "argparse.help",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "not allowed with argument %s": "argparse.not_allowed_with",
    "ignored explicit argument %r": "argparse.ignored_explicit",
    "the following arguments are required: %s": "argparse.required",
    "one of the arguments %s is required": "argparse.one_of_required",
    "expected one argument": "argparse.expected_one",
    "expected at most one argument": "argparse.expected_at_most_one",
    "expected at least one argument": "argparse.expected_at_least_one",
    "expected %s argument": "argparse.expected_count.one",
    "expected %s arguments": "argparse.expected_count.many",
    "ambiguous option: %(option)s could match %(matches)s": "argparse.ambiguous",
    "unexpected option string: %s": "argparse.unexpected_option",
    "invalid %(type)s value: %(value)r": "argparse.invalid_value",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "%(prog)s: error: %(message)s\n": "argparse.error",
    "subcommands": "argparse.subcommands",
}
"""argparse's own messages (its gettext msgids, Python 3.11–3.13) → our catalogue keys."""

_VALUE_OPTIONS = ("--data", "--round", "--as-of", "--lang")
"""The global options that take a value (so the command is the next bare word after it)."""


def _argparse_text(message: str | None) -> str | None:
    """argparse's `_`: its message in the chosen language (untouched when we have no key)."""
    key = _ARGPARSE_KEYS.get(message) if message else None
    return t(key) if key else message


def _argparse_ngettext(singular: str, plural: str, count: int) -> str | None:
    return _argparse_text(singular if count == 1 else plural)


def translate_argparse() -> None:
    """Route argparse's gettext calls (`usage:`, `options`, its errors) through `t`."""
    setattr(argparse, "_", _argparse_text)  # noqa: B010 (typeshed does not declare it)
    setattr(argparse, "ngettext", _argparse_ngettext)  # noqa: B010


def language_from_argv(argv: Sequence[str]) -> str | None:
    """The global `--lang` in `argv` (before the command), or None: it must be known before
    the parser, whose help and errors it translates, is built. A command's own `--lang`
    (`export --lang nn`, the document's language) is not it."""
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--lang":
            return argv[index + 1] if index + 1 < len(argv) else None
        if arg == "--" or not arg.startswith("-"):
            return None
        index += 2 if arg in _VALUE_OPTIONS else 1
    return None


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser: global options, the app's options and every subcommand."""
    parser = _Parser(
        prog="oppfolging",
        description=t("cli.description"),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"oppfolging {__version__}",
        help=t("cli.version_help"),
    )
    add_data_option(parser, top_level=True)
    parser.add_argument("--round", help=t("cli.round_help"))
    parser.add_argument("--as-of", help=t("cli.as_of_help"))
    parser.add_argument(
        "--lang",
        choices=languages(),
        help=t("cli.lang_help"),
    )
    subparsers = parser.add_subparsers(
        dest="command", parser_class=_Parser, metavar=t("cli.command_metavar")
    )
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
    arguments = sys.argv[1:] if argv is None else list(argv)
    chosen = language_from_argv(arguments)
    if chosen in languages():
        set_language(chosen)
    translate_argparse()
    with _visible_output():
        parser = build_parser()
        return _run(parser.parse_args(arguments))


def _run(args: argparse.Namespace) -> int:
    """Run the chosen command (the app without one)."""
    try:
        set_language(command_language(args))
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


def command_language(args: argparse.Namespace) -> str:
    """The language a command speaks: `--lang`, else the user's, else the dataset's.

    The dataset is the one `--data` or `$OPPFOLGING_DATA` names (the bundled sample
    declares none); a folder that does not exist is the command's to report, not this.
    """
    if args.lang:
        return str(args.lang)
    from oppfolging.language import app_language
    from oppfolging.settings import load_dataset_settings, load_personal_settings

    personal = load_personal_settings().settings.language
    given = getattr(args, "data", None) or os.environ.get(ENV_DATA)
    folder = Path(given).expanduser() if given else None
    if folder is None or not folder.is_dir():
        return app_language(None, personal, None)
    return app_language(None, personal, load_dataset_settings(folder).settings.language)


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
