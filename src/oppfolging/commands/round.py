"""`oppfolging round`: a reporting round's workflow — status, ready, lock, unlock."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oppfolging.commands.common import add_data_option, add_round_options

if TYPE_CHECKING:
    from oppfolging.reporting.round_state import RoundState


def register(subparsers: Any) -> None:
    """Add `round` with its four subcommands."""
    parser = subparsers.add_parser(
        "round",
        help="rapporteringens arbeidsflyt: status, klar, lås og lås opp",
        description="Hver ansvarlige enhet markerer sin del av en rapportering som klar; "
        "rapportskriveren låser rapporteringen (et øyeblikksbilde av datasettet lagres, og "
        "rapporten lages fra det). Etter låsing avvises registreringer for rapporteringens "
        "perioder, unntatt korrigeringer med begrunnelse (--correction på set og set-measure).",
    )
    actions = parser.add_subparsers(dest="round_action", metavar="HANDLING", required=True)
    status = actions.add_parser(
        "status",
        help="vis låsing, enheter som er klare og hvor mye som er registrert",
        description="Viser om rapporteringen er låst, hver enhet med klar-markering og "
        "registrerte verdier og tiltaksstatuser, og korrigeringer etter låsing. Avslutter med 0.",
    )
    _common(status)
    status.set_defaults(run=run_status)
    ready = actions.add_parser(
        "ready",
        help="marker en enhets del av rapporteringen som klar",
        description="Markerer enhetens del som klar (--undo: ikke klar likevel). Avslutter med "
        "1 når rapporteringen er låst; da er ingenting endret.",
    )
    _common(ready)
    ready.add_argument("--unit", required=True, metavar="ENHET", help="ansvarlig enhet")
    ready.add_argument("--undo", action="store_true", help="fjern klar-markeringen")
    ready.set_defaults(run=run_ready)
    lock = actions.add_parser(
        "lock",
        help="lås rapporteringen (lagrer et øyeblikksbilde)",
        description="Låser rapporteringen: et øyeblikksbilde av alle tabellene lagres i "
        ".oppfolging-snapshots/, og rapporten for rapporteringen lages fra det. Avslutter "
        "med 1 når den allerede er låst eller datasettet har problemer.",
    )
    _common(lock)
    lock.set_defaults(run=run_lock)
    unlock = actions.add_parser(
        "unlock",
        help="lås opp rapporteringen (krever begrunnelse)",
        description="Låser opp rapporteringen; begrunnelsen lagres. Avslutter med 1 uten "
        "begrunnelse eller når den ikke er låst.",
    )
    _common(unlock)
    unlock.add_argument("--reason", required=True, metavar="BEGRUNNELSE", help="hvorfor")
    unlock.set_defaults(run=run_unlock)


def _common(parser: argparse.ArgumentParser) -> None:
    from oppfolging.commands.set_value import add_user_options

    add_data_option(parser)
    add_round_options(parser)
    add_user_options(parser, comment=False)


def _round_text(args: argparse.Namespace) -> str:
    from oppfolging.commands.common import as_of_date, round_arg

    return str(round_arg(args, as_of_date(args)))


def run_ready(args: argparse.Namespace) -> int:
    """Mark (or unmark) the unit ready."""
    from oppfolging.registration.rounds import mark_ready

    word = "ikke klar" if args.undo else "klar"
    return _run_round_save(
        args,
        lambda folder, round_, user, now: mark_ready(
            folder, round_, args.unit, user, now, ready=not args.undo
        ),
        f"{args.unit.strip()} er {word} for {{round}}",
    )


def run_lock(args: argparse.Namespace) -> int:
    """Lock the round."""
    from oppfolging.registration.rounds import lock_round

    return _run_round_save(args, lock_round, "{round} er låst; rapporten lages fra øyeblikksbildet")


def run_unlock(args: argparse.Namespace) -> int:
    """Unlock the round with a reason."""
    from oppfolging.registration.rounds import unlock_round

    return _run_round_save(
        args,
        lambda folder, round_, user, now: unlock_round(folder, round_, args.reason, user, now),
        "{round} er låst opp",
    )


def _run_round_save(args: argparse.Namespace, save: Callable[..., Any], done: str) -> int:
    """Run one round save on a clean dataset; one line on success (exit 0), or why nothing
    was saved (exit 1)."""
    from datetime import datetime

    from oppfolging.commands.common import data_folder
    from oppfolging.commands.output import load_checked
    from oppfolging.domain.periods import round_text
    from oppfolging.registration import RegistrationError, resolve_user
    from oppfolging.store.errors import StoreError

    round_ = _round_text(args)
    folder = data_folder(args)
    if load_checked(folder) is None:
        return 1
    try:
        result = save(folder, round_, resolve_user(args.user), datetime.now())
    except (RegistrationError, StoreError) as error:
        print(f"Ingenting ble lagret: {error}", file=sys.stderr)
        return 1
    shown = done.format(round=round_text(round_))
    print(shown if result.changed else "Ingen endring: ingenting ble lagret")
    return 0


def run_status(args: argparse.Namespace) -> int:
    """Print the round's state."""
    from oppfolging.commands.common import as_of_date, data_folder, round_arg
    from oppfolging.commands.output import load_checked
    from oppfolging.reporting.round_state import round_state
    from oppfolging.textsafe import visible

    as_of = as_of_date(args)
    round_ = round_arg(args, as_of)
    folder = data_folder(args)
    loaded = load_checked(folder)
    if loaded is None:
        return 1
    dataset, settings = loaded
    state = round_state(dataset, round_, as_of, settings)
    for line in status_lines(state):
        print(visible(line))
    for line in correction_lines(folder, str(round_)):
        print(visible(line))
    return 0


def correction_lines(folder: Path, round_: str) -> list[str]:
    """The corrections after the lock in words: what (name, plan), the period, the locked
    → corrected value, who, when and why; never a change-log key."""
    from oppfolging.fmt import format_date
    from oppfolging.i18n import t
    from oppfolging.reporting.report.corrections import corrections_after_lock
    from oppfolging.reporting.round_state import open_round_dataset

    items = corrections_after_lock(open_round_dataset(folder, round_), round_)
    return ["  " + _correction_line(item, t, format_date) for item in items]


def _correction_line(item: Any, t: Any, format_date: Any) -> str:
    return str(
        t(
            "round.correction_line",
            what=item.what,
            plan=item.plan,
            period=item.period,
            locked=item.locked,
            corrected=item.corrected,
            by=item.by,
            date=format_date(item.at),
            reason=item.reason,
        )
    )


def status_lines(state: RoundState) -> list[str]:
    """The round's state as lines of text (Norwegian)."""
    from oppfolging.domain.periods import round_text

    lock = state.lock
    lines = [
        f"Rapportering {round_text(state.round)}: "
        + (f"låst av {lock.by} {lock.at:%d.%m.%Y %H:%M}" if lock else "åpen (ikke låst)"),
        f"Verdier: {state.values_registered} av {state.values_due} registrert",
        f"Tiltaksstatus: {state.updates_registered} av {state.updates_due} registrert",
    ]
    if state.assessments is not None:
        lines.append(f"Vurderinger: {state.assessments}")
    lines.append(f"Enheter klare: {state.ready_count} av {len(state.units)}")
    for unit in state.units:
        mark = f"klar ({unit.ready.by} {unit.ready.at:%d.%m.%Y})" if unit.ready else "ikke klar"
        lines.append(
            f"  {unit.unit}: {mark}; verdier {unit.values_registered}/{unit.values_due}, "
            f"tiltak {unit.updates_registered}/{unit.updates_due}"
        )
    lines.append(f"Korrigeringer etter låsing: {state.corrections}")
    return lines
