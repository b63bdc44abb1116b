"""`oppfolging assess`: register a round's assessment of a goal, focus area or plan, or
list the round's suggested and registered statuses (`--list`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oppfolging.commands.common import (
    UsageError,
    add_data_option,
    add_round_options,
    as_of_date,
    round_arg,
)
from oppfolging.commands.output import TextColumn, add_format_option
from oppfolging.commands.set_value import (
    add_correction_option,
    add_user_options,
    run_checked_save,
)
from oppfolging.domain.schema import GOAL_STATUSES
from oppfolging.i18n import t

if TYPE_CHECKING:
    import polars as pl

LIST_COLUMNS = (
    TextColumn("cli.column.level"),
    TextColumn("cli.column.id"),
    TextColumn("cli.column.name", shrink=1),
    TextColumn("cli.column.suggested"),
    TextColumn("cli.column.registered"),
    TextColumn("cli.column.assessment", shrink=2, drop=1),
)
_TARGETS = (
    ("goal", "--goal", "cli.goal_metavar"),
    ("focus_area", "--focus-area", "cli.column.id"),
    ("plan", "--plan", "cli.column.id"),
)


def register(subparsers: Any) -> None:
    """Add the `assess` subcommand."""
    parser = subparsers.add_parser(
        "assess",
        help=t("cli.assess_help"),
        description=t("cli.assess_description"),
    )
    add_data_option(parser)
    add_round_options(parser)
    target = parser.add_mutually_exclusive_group()
    for level, option, metavar in _TARGETS:
        target.add_argument(
            option, dest=level, metavar=t(metavar), help=t("cli.assess_target_help", level=level)
        )
    target.add_argument("--list", action="store_true", help=t("cli.assess_list_help"))
    parser.add_argument("--status", default=None, help=", ".join(GOAL_STATUSES))
    parser.add_argument(
        "--text",
        default=None,
        metavar=t("cli.text_metavar"),
        help=t("cli.assess_text_help"),
    )
    parser.add_argument(
        "--reason",
        default=None,
        metavar=t("cli.text_metavar"),
        help=t("cli.assess_reason_help"),
    )
    add_format_option(parser)
    add_user_options(parser, comment=False)
    add_correction_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """List the round's assessments, or save one; usage error without a target."""
    if args.list:
        return run_list(args)
    level, target_id = _target(args)
    as_of = as_of_date(args)
    round_ = round_arg(args, as_of)
    text = sys.stdin.read() if args.text == "-" else args.text

    def save(folder: Path, user: str, loaded: Any) -> Any:
        from datetime import datetime

        from oppfolging.registration import register_assessment

        row = _current(loaded, round_, as_of, level, target_id)
        return register_assessment(
            folder, str(round_), level, target_id,
            _given(args.status, row.get("status")), _given(text, row.get("text")),
            _given(args.reason, row.get("reason")), user, datetime.now(),
            suggested=row.get("suggested"), describe=True, correction=args.correction,
        )  # fmt: skip

    return run_checked_save(args, save)


def _target(args: argparse.Namespace) -> tuple[str, str]:
    for level, option, _ in _TARGETS:
        given = getattr(args, level)
        if given is not None:
            if not given.strip():
                raise UsageError(t("cli.id_empty", option=option))
            return level, given.strip()
    raise UsageError(t("cli.assess_target_missing"))


def _given(option: str | None, registered: object) -> str | None:
    """An option as given, else what is registered (so omitting it keeps it)."""
    return option if option is not None else (None if registered is None else str(registered))


def _current(loaded: Any, round_: Any, as_of: Any, level: str, target_id: str) -> dict[str, Any]:
    """The target's row of `round_assessments` (empty when it is in no adopted plan)."""
    import polars as pl

    rows = _assessments(loaded, round_, as_of).filter(
        (pl.col("level") == level) & (pl.col("target_id") == target_id)
    )
    return rows.row(0, named=True) if rows.height else {}


def _assessments(loaded: Any, round_: Any, as_of: Any) -> pl.DataFrame:
    from oppfolging.reporting.assessments import round_assessments
    from oppfolging.reporting.round import compute_round

    dataset, settings = loaded
    return round_assessments(dataset, compute_round(dataset, round_, as_of, settings))


def run_list(args: argparse.Namespace) -> int:
    """Print every plan, focus area and goal with its suggested and registered status."""
    from oppfolging.commands.common import data_folder
    from oppfolging.commands.output import load_checked, print_machine, render_table
    from oppfolging.i18n import status_label, t

    as_of = as_of_date(args)
    round_ = round_arg(args, as_of)
    loaded = load_checked(data_folder(args))
    if loaded is None:
        return 1
    frame = _assessments(loaded, round_, as_of)
    if args.format != "table":
        print_machine(frame, args.format)
        return 0
    rows = [
        [
            t(f"level.{row['level']}"), row["target_id"], " ".join(str(row["name"]).split()),
            status_label(row["suggested"]), status_label(row["status"]),
            row["text"] or "",
        ]
        for row in frame.iter_rows(named=True)
    ]  # fmt: skip
    print(f"{round_.round_label} – vurderinger")
    print()
    print(render_table(LIST_COLUMNS, rows))
    return 0
