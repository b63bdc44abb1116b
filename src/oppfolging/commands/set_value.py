"""`oppfolging set`: register one indicator value from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oppfolging.commands.common import add_data_option, data_folder
from oppfolging.i18n import t

if TYPE_CHECKING:
    from oppfolging.settings import DatasetSettings
    from oppfolging.store.model import Dataset

    Loaded = tuple[Dataset, DatasetSettings]


def register(subparsers: Any) -> None:
    """Add the `set` subcommand."""
    parser = subparsers.add_parser(
        "set",
        help=t("cli.set_help"),
        description=t("cli.set_description"),
    )
    add_data_option(parser)
    parser.add_argument(
        "indicator_id", metavar=t("cli.indicator_metavar"), help=t("cli.indicator_id_help")
    )
    parser.add_argument("period", metavar=t("cli.period_metavar"), help=t("cli.period_help"))
    parser.add_argument("value", metavar=t("cli.value_metavar"), help=t("cli.value_help"))
    add_user_options(parser, comment=True)
    add_correction_option(parser)
    parser.add_argument(
        "--force",
        action="store_true",
        help=t("cli.set_force_help"),
    )
    parser.set_defaults(run=run)


def add_user_options(parser: argparse.ArgumentParser, *, comment: bool) -> None:
    """`--comment TEXT` (when asked for) and `--user NAME`."""
    if comment:
        parser.add_argument(
            "--comment",
            default=None,
            metavar=t("cli.text_metavar"),
            help=t("cli.comment_help"),
        )
    parser.add_argument(
        "--user",
        default=None,
        metavar=t("cli.name_metavar"),
        help=t("cli.user_help"),
    )


def add_correction_option(parser: argparse.ArgumentParser) -> None:
    """`--correction REASON`: a registration for a locked round's period (issue 10)."""
    parser.add_argument(
        "--correction",
        default=None,
        metavar=t("cli.reason_metavar"),
        help=t("cli.correction_help"),
    )


def run(args: argparse.Namespace) -> int:
    """Save the value; print the changes."""
    from datetime import datetime

    from oppfolging.registration import register_value

    def save(folder: Path, user: str, loaded: Loaded) -> Any:
        dataset, settings = loaded
        return register_value(
            folder, args.indicator_id, args.period, args.value, args.comment, user,
            datetime.now(), limit=settings.plausibility_limit, force=args.force,
            correction=args.correction, values=dataset["values"],
            indicators=dataset["indicators"], describe=True,
        )  # fmt: skip

    return run_checked_save(args, save)


def run_checked_save(args: argparse.Namespace, save: Callable[[Path, str, Loaded], Any]) -> int:
    """Refuse a dataset with problems (listed, exit 1); else `run_save` the save.

    Every writing command (`set`, `set-measure`, `import`, `undo`) goes through here, so
    none of them writes into a dataset that `validate` would reject. The validated cache
    then holds the dataset as the save left it, when the save described itself exactly
    (`set`), else as it was read.
    """
    from oppfolging.commands.output import load_checked
    from oppfolging.registration import resolve_user
    from oppfolging.store.cache import keep_after_save

    folder = data_folder(args)
    loaded = load_checked(folder, keep=False)  # the state after the save is cached instead
    if loaded is None:
        return 1
    user = resolve_user(args.user)

    def saving() -> Any:
        result = None
        try:
            result = save(folder, user, loaded)
            return result
        finally:
            keep_after_save(loaded[0], getattr(result, "after", None))

    return run_save(saving)


def run_save(save: Callable[[], Any]) -> int:
    """Run a save; print what changed (exit 0) or why nothing was saved (exit 1)."""
    from oppfolging.registration import ImportRejected, RegistrationError, describe_changes
    from oppfolging.store.write import EditRejected, StoreError

    try:
        result = save()
    except (ImportRejected, EditRejected) as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(t("cli.nothing_saved_count", count=len(error.problems)), file=sys.stderr)
        return 1
    except (RegistrationError, StoreError) as error:
        print(t("cli.nothing_saved", error=error), file=sys.stderr)
        return 1
    rows = list(getattr(result, "changes", result))
    for line in describe_changes(rows[:50]):
        print(line)
    if len(rows) > 50:
        print(t("cli.more_changes", count=len(rows) - 50))
    own = getattr(result, "summary_line", None)  # a result may say it better (a dry run)
    print(own or _summary(len(rows), getattr(result, "imported_rows", None)))
    return 0


def _summary(changed: int, imported_rows: int | None) -> str:
    """The last line after a save; an import says how many rows its file had."""
    from oppfolging.registration import no_change_text

    if imported_rows == 0:
        return t("cli.no_rows")
    if changed:
        return t("cli.saved_cells", count=changed)
    if imported_rows is not None:
        return t("cli.rows_read_unchanged", no_change=no_change_text(), count=imported_rows)
    return no_change_text()
