"""`oppfolging round`: a reporting round's workflow — status, ready, lock, unlock."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oppfolging.commands.common import add_data_option, add_round_options
from oppfolging.i18n import t

if TYPE_CHECKING:
    from oppfolging.reporting.round_state import RoundState


def register(subparsers: Any) -> None:
    """Add `round` with its four subcommands."""
    parser = subparsers.add_parser(
        "round",
        help=t("cli.round_command_help"),
        description=t("cli.round_description"),
    )
    actions = parser.add_subparsers(
        dest="round_action", metavar=t("cli.action_metavar"), required=True
    )
    status = actions.add_parser(
        "status",
        help=t("cli.round_status_help"),
        description=t("cli.round_status_description"),
    )
    _common(status)
    status.set_defaults(run=run_status)
    ready = actions.add_parser(
        "ready",
        help=t("cli.round_ready_help"),
        description=t("cli.round_ready_description"),
    )
    _common(ready)
    ready.add_argument(
        "--unit", required=True, metavar=t("cli.unit_metavar"), help=t("cli.responsible_unit_help")
    )
    ready.add_argument("--undo", action="store_true", help=t("cli.round_undo_help"))
    ready.set_defaults(run=run_ready)
    lock = actions.add_parser(
        "lock",
        help=t("cli.round_lock_help"),
        description=t("cli.round_lock_description"),
    )
    _common(lock)
    lock.set_defaults(run=run_lock)
    unlock = actions.add_parser(
        "unlock",
        help=t("cli.round_unlock_help"),
        description=t("cli.round_unlock_description"),
    )
    _common(unlock)
    unlock.add_argument(
        "--reason", required=True, metavar=t("cli.reason_metavar"), help=t("cli.why_help")
    )
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

    return _run_round_save(
        args,
        lambda folder, round_, user, now: mark_ready(
            folder, round_, args.unit, user, now, ready=not args.undo
        ),
        "registration.event.not_ready" if args.undo else "registration.event.ready",
    )


def run_lock(args: argparse.Namespace) -> int:
    """Lock the round."""
    from oppfolging.registration.rounds import lock_round

    return _run_round_save(args, lock_round, "cli.round_locked_done")


def run_unlock(args: argparse.Namespace) -> int:
    """Unlock the round with a reason."""
    from oppfolging.registration.rounds import unlock_round

    return _run_round_save(
        args,
        lambda folder, round_, user, now: unlock_round(folder, round_, args.reason, user, now),
        "cli.round_unlocked_done",
    )


def _run_round_save(args: argparse.Namespace, save: Callable[..., Any], done: str) -> int:
    """Run one round save on a clean dataset; one line on success (exit 0: `done`, a
    catalogue key with `{round}` and `{unit}`), or why nothing was saved (exit 1)."""
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
        print(t("cli.nothing_saved", error=error), file=sys.stderr)
        return 1
    unit = str(getattr(args, "unit", "") or "").strip()
    shown = t(done, round=round_text(round_), unit=unit)
    print(shown if result.changed else t("cli.no_change_nothing_saved"))
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
    shown_round = round_text(state.round)
    lines = [
        t("cli.round_state_locked", round=shown_round, by=lock.by, when=f"{lock.at:%d.%m.%Y %H:%M}")
        if lock
        else t("cli.round_state_open", round=shown_round),
        t("cli.round_state_values", registered=state.values_registered, due=state.values_due),
        t("cli.round_state_updates", registered=state.updates_registered, due=state.updates_due),
    ]
    if state.assessments is not None:
        lines.append(t("cli.round_state_assessments", assessments=state.assessments))
    lines.append(t("cli.round_state_units_ready", ready=state.ready_count, units=len(state.units)))
    for unit in state.units:
        mark = (
            t("cli.round_state_unit_ready", by=unit.ready.by, date=f"{unit.ready.at:%d.%m.%Y}")
            if unit.ready
            else t("cli.round_state_unit_not_ready")
        )
        lines.append(
            t(
                "cli.round_state_unit",
                unit=unit.unit,
                mark=mark,
                values=unit.values_registered,
                values_due=unit.values_due,
                updates=unit.updates_registered,
                updates_due=unit.updates_due,
            )
        )
    lines.append(t("cli.round_state_corrections", count=state.corrections))
    return lines
