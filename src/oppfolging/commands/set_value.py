"""`oppfolging set`: register one indicator value from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oppfolging.commands.common import add_data_option, data_folder

if TYPE_CHECKING:
    from oppfolging.settings import DatasetSettings
    from oppfolging.store.model import Dataset

    Loaded = tuple[Dataset, DatasetSettings]


def register(subparsers: Any) -> None:
    """Add the `set` subcommand."""
    parser = subparsers.add_parser(
        "set",
        help="registrer en indikatorverdi",
        description="Lagrer verdien for én indikator og periode (en tom VERDI sletter den). "
        "Avslutter med 1 når verdien avvises; da er ingenting endret.",
    )
    add_data_option(parser)
    parser.add_argument("indicator_id", metavar="INDIKATOR", help="indicator_id, f.eks. pg-i1.1.1")
    parser.add_argument("period", metavar="PERIODE", help="ÅÅÅÅ-T1, ÅÅÅÅ-T2, ÅÅÅÅ-T3 eller ÅÅÅÅ")
    parser.add_argument("value", metavar="VERDI", help="tallet, f.eks. 12,5")
    add_user_options(parser, comment=True)
    add_correction_option(parser)
    parser.add_argument(
        "--force",
        action="store_true",
        help="lagre også når verdien er langt fra forrige verdi (over plausibilitetsgrensen)",
    )
    parser.set_defaults(run=run)


def add_user_options(parser: argparse.ArgumentParser, *, comment: bool) -> None:
    """`--comment TEXT` (when asked for) and `--user NAME`."""
    if comment:
        parser.add_argument(
            "--comment",
            default=None,
            metavar="TEKST",
            help="kommentar (uten --comment beholdes en kommentar som alt er registrert; "
            '--comment "" fjerner den)',
        )
    parser.add_argument(
        "--user",
        default=None,
        metavar="NAVN",
        help="navnet som lagres (ellers navnet i innstillingene, ellers brukernavnet)",
    )


def add_correction_option(parser: argparse.ArgumentParser) -> None:
    """`--correction REASON`: a registration for a locked round's period (issue 10)."""
    parser.add_argument(
        "--correction",
        default=None,
        metavar="BEGRUNNELSE",
        help="korrigering etter at rapporteringen er låst: begrunnelsen lagres og listes "
        "som «korrigert etter låsing» (uten den avvises en registrering for en låst periode)",
    )


def run(args: argparse.Namespace) -> int:
    """Save the value; print the changes."""
    from datetime import datetime

    from oppfolging.registration import register_value

    def save(folder: Path, user: str, loaded: Loaded) -> Any:
        _, settings = loaded
        return register_value(
            folder, args.indicator_id, args.period, args.value, args.comment, user,
            datetime.now(), limit=settings.plausibility_limit, force=args.force,
            correction=args.correction,
        )  # fmt: skip

    return run_checked_save(args, save)


def run_checked_save(args: argparse.Namespace, save: Callable[[Path, str, Loaded], Any]) -> int:
    """Refuse a dataset with problems (listed, exit 1); else `run_save` the save.

    Every writing command (`set`, `set-measure`, `import`, `undo`) goes through here, so
    none of them writes into a dataset that `validate` would reject.
    """
    from oppfolging.commands.output import load_checked
    from oppfolging.registration import resolve_user

    folder = data_folder(args)
    loaded = load_checked(folder)
    if loaded is None:
        return 1
    user = resolve_user(args.user)
    return run_save(lambda: save(folder, user, loaded))


def run_save(save: Callable[[], Any]) -> int:
    """Run a save; print what changed (exit 0) or why nothing was saved (exit 1)."""
    from oppfolging.registration import ImportRejected, RegistrationError, describe_changes
    from oppfolging.store.write import EditRejected, StoreError

    try:
        result = save()
    except (ImportRejected, EditRejected) as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"Ingenting ble lagret ({len(error.problems)} feil)", file=sys.stderr)
        return 1
    except (RegistrationError, StoreError) as error:
        print(f"Ingenting ble lagret: {error}", file=sys.stderr)
        return 1
    rows = list(getattr(result, "changes", result))
    for line in describe_changes(rows[:50]):
        print(line)
    if len(rows) > 50:
        print(f"… og {len(rows) - 50} endringer til")
    own = getattr(result, "summary_line", None)  # a result may say it better (a dry run)
    print(own or _summary(len(rows), getattr(result, "imported_rows", None)))
    return 0


def _summary(changed: int, imported_rows: int | None) -> str:
    """The last line after a save; an import says how many rows its file had."""
    from oppfolging.registration import NO_CHANGE

    if imported_rows == 0:
        return "Filen har ingen rader: 0 rader ble importert"
    if changed:
        return f"Lagret: {changed} endrede celler"
    if imported_rows is not None:
        return f"{NO_CHANGE} ({imported_rows} rader lest, alle verdiene var like)"
    return NO_CHANGE
