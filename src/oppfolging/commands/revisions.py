"""`oppfolging revisions`: which plans are due for revision (rullering)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from oppfolging.commands.common import add_as_of_option, add_data_option, as_of_date
from oppfolging.commands.output import TextColumn, add_format_option
from oppfolging.i18n import t

if TYPE_CHECKING:
    from datetime import date

    import polars as pl

OUTPUT_COLUMNS = (
    "plan_id", "name", "municipality", "status", "base_date", "revision_due", "flag",
)  # fmt: skip
"""The columns `revisions` prints."""

TEXT_COLUMNS = (
    TextColumn("cli.column.plan_id"),
    TextColumn("cli.column.name", shrink=1),
    TextColumn("cli.column.municipality", shrink=2, drop=1),
    TextColumn("cli.column.status", drop=2),
    TextColumn("cli.column.basis", right=True, drop=3),
    TextColumn("cli.column.revise_by", right=True),
    TextColumn("cli.column.flag"),
    TextColumn("cli.column.period"),
)


def register(subparsers: Any) -> None:
    """Add the `revisions` subcommand."""
    parser = subparsers.add_parser(
        "revisions",
        help=t("cli.revisions_help"),
        description=t("cli.revisions_description"),
    )
    add_data_option(parser)
    add_as_of_option(parser)
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the revision table; exit 1 when the dataset has problems."""
    from oppfolging.commands.common import data_folder
    from oppfolging.commands.output import load_checked, print_machine
    from oppfolging.domain.revision import revision_table

    as_of = as_of_date(args)
    loaded = load_checked(data_folder(args))
    if loaded is None:
        return 1
    dataset, settings = loaded
    table = revision_table(dataset.plans, as_of, settings.revision_warning_months)
    if args.format != "table":
        print_machine(table.select(OUTPUT_COLUMNS), args.format)
        return 0
    print(revision_text(table, as_of, settings.council_constituted))
    return 0


def revision_text(table: pl.DataFrame, as_of: date, council: date | None) -> str:
    """The revision table for a person, with the planstrategi deadline when known."""
    from oppfolging.commands.output import render_table
    from oppfolging.fmt import format_date

    rows = [_cells(row) for row in table.iter_rows(named=True)]
    parts = [
        t("cli.revisions_heading", date=format_date(as_of)),
        "",
        render_table(TEXT_COLUMNS, rows) if rows else t("cli.no_plans"),
    ]
    if council is not None:
        import textwrap

        from oppfolging.commands.output import table_width

        parts += ["", textwrap.fill(planstrategy_line(council), max(table_width(), 20))]
    return "\n".join(parts)


def planstrategy_line(council: date) -> str:
    """`Planstrategien skal vedtas innen …` for a council constituted on `council`."""
    from oppfolging.domain.revision import planstrategy_deadline
    from oppfolging.fmt import format_date

    deadline = format_date(planstrategy_deadline(council))
    return t("cli.planstrategy_deadline", deadline=deadline, council=format_date(council))


def _cells(row: dict[str, Any]) -> list[str]:
    from oppfolging.fmt import format_date
    from oppfolging.i18n import status_label, t

    ended = row["period_ended"] and row["flag"] not in ("replaced", "not_adopted")
    return [
        row["plan_id"],
        row["name"] or "",
        row["municipality"] or "",
        t(f"plan_status.{row['status']}") if row["status"] else "",
        format_date(row["base_date"]),
        format_date(row["revision_due"]),
        status_label(row["flag"]),
        t("cli.period_expired") if ended else "",
    ]
