"""`oppfolging status`: the round table (indicators, or measures with `--measures`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from oppfolging.commands.common import add_data_option, add_round_options, as_of_date, round_arg
from oppfolging.commands.output import TextColumn, add_format_option
from oppfolging.i18n import t

if TYPE_CHECKING:
    from collections.abc import Callable

    import polars as pl

    from oppfolging.reporting.round import RoundResult

MEASURE_OUTPUT_COLUMNS = (
    "measure_id", "name", "goal_id", "responsible", "due", "period", "status", "overdue",
    "needs_funding", "comment",
)  # fmt: skip
"""The columns `status --measures` prints."""

INDICATOR_TEXT_COLUMNS = (
    TextColumn("cli.column.id"),
    TextColumn("cli.column.indicator", shrink=1),
    TextColumn("cli.column.period", drop=1),
    TextColumn("cli.column.value", right=True),
    TextColumn("cli.column.target", right=True),
    TextColumn("cli.column.expected", right=True, drop=2),
    TextColumn("cli.column.status"),
    TextColumn("cli.column.trend", drop=4),
    TextColumn("cli.column.progress", right=True, drop=3),
)
"""The period in words (`1. tertial 2026`) is never cut: in a narrow terminal it is left
out last, after trend, progress and expected value (the heading names the round)."""

MEASURE_TEXT_COLUMNS = (
    TextColumn("cli.column.id"),
    TextColumn("cli.column.measure", shrink=2),
    TextColumn("cli.column.goal", shrink=3),
    TextColumn("cli.column.responsible", shrink=4),
    TextColumn("cli.column.deadline", right=True),
    TextColumn("cli.column.status"),
    TextColumn("cli.column.overdue"),
    TextColumn("cli.column.funding", drop=1),
    TextColumn("cli.column.comment", shrink=5, drop=2),
)


def register(subparsers: Any) -> None:
    """Add the `status` subcommand."""
    parser = subparsers.add_parser(
        "status",
        help=t("cli.status_help"),
        description=t("cli.status_description"),
    )
    add_data_option(parser)
    add_round_options(parser)
    add_format_option(parser)
    parser.add_argument("--measures", action="store_true", help=t("cli.measures_help"))
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Compute the round and print it; exit 1 when the dataset has problems. A locked
    round is read from its snapshot (like `export`), with a line saying so above the table."""
    from oppfolging.commands.common import data_folder
    from oppfolging.commands.export import given_as_of
    from oppfolging.commands.output import load_checked, print_machine, with_period_words
    from oppfolging.reporting.report import round_figures
    from oppfolging.reporting.round import compute_round

    today = as_of_date(args)
    round_ = round_arg(args, today)
    folder = data_folder(args)
    loaded = load_checked(folder)
    if loaded is None:
        return 1
    # the same dataset and figures date as the report (a locked round: its snapshot)
    figures = round_figures(folder, round_, loaded, today=today, as_of=given_as_of(args))
    dataset = figures.dataset
    result = compute_round(dataset, round_, figures.as_of, figures.settings)
    if args.format == "table" and figures.lock is not None:
        from oppfolging.reporting.report.corrections import lock_summary
        from oppfolging.textsafe import visible

        print(visible(lock_summary(dataset, str(round_))))
    if args.format != "table":
        frame = result.measures.select(MEASURE_OUTPUT_COLUMNS) if args.measures else None
        print_machine(with_period_words(result.indicators if frame is None else frame), args.format)
    elif args.measures:
        print(measure_text(result, loaded[0].goals))
    else:
        print(indicator_text(result))
    return 0


def _heading(result: RoundResult) -> str:
    from oppfolging.fmt import format_date

    return t("cli.as_of_heading", round=result.round.round_label, date=format_date(result.as_of))


def indicator_text(result: RoundResult) -> str:
    """The indicator table for a person, with a heading and a summary."""
    from oppfolging.commands.output import render_table

    rows = _indicator_rows(result.indicators)
    parts = [_heading(result), "", render_table(INDICATOR_TEXT_COLUMNS, rows), ""]
    parts.append(_indicator_summary(result))
    return "\n".join(parts)


def _indicator_rows(indicators: pl.DataFrame) -> list[tuple[str, ...]]:
    """Each indicator's cells, built a column at a time (14 400 rows at 1M values): the
    words of a period, a status or a trend are looked up once per distinct code."""
    from oppfolging.commands.output import words_of
    from oppfolging.domain.codes import SYMBOLS
    from oppfolging.domain.periods import period_words
    from oppfolging.fmt import format_number, format_percent
    from oppfolging.i18n import status_label

    def column(name: str) -> list[Any]:
        return indicators.get_column(name).to_list()

    def words(name: str, say: Callable[[Any], str]) -> list[str]:
        return words_of(column(name), say)

    cells = [
        column("indicator_id"),
        column("indicator"),
        words("period", period_words),
        [format_number(v) for v in column("value")],
        [format_number(v) for v in column("target")],
        [format_number(v, 1 if v is not None else None) for v in column("expected")],
        words("status", status_label),
        words("trend", lambda code: SYMBOLS.get(code or "", "")),
        [format_percent(v) for v in column("progress")],
    ]
    return list(zip(*cells, strict=True))


def _indicator_summary(result: RoundResult) -> str:
    """Counts per status and completeness, read from the roll-up the screen uses."""
    import textwrap

    from oppfolging.commands.output import table_width
    from oppfolging.domain.codes import INDICATOR_STATUSES
    from oppfolging.fmt import format_percent
    from oppfolging.i18n import status_label
    from oppfolging.reporting.rollup import indicator_rollup

    total = indicator_rollup(result, None).row(0, named=True)
    # No-break spaces keep each "10 ✖ bak" together when the line is wrapped.
    shown = [
        f"{total[c]} {status_label(c)}".replace(" ", "\u00a0")
        for c in INDICATOR_STATUSES
        if total[c]
    ]
    count = total["indicators"]
    counted = (
        t("cli.indicators_counted", count=count, statuses=", ".join(shown))
        if shown
        else t("cli.no_indicators")
    )
    lines = [textwrap.fill(counted, table_width())]
    if total["due"]:
        share = format_percent(total["completeness"])
        registered, due = total["registered"], total["due"]
        lines.append(t("cli.registered_share", registered=registered, due=due, share=share))
    lines.append(t("cli.trend_legend"))
    return "\n".join(lines)


def measure_text(result: RoundResult, goals: pl.DataFrame) -> str:
    """The measure table for a person, with a heading and the roll-up's counts.

    The goal is shown by its text (`goals`: the dataset's goals table), not its id.
    """
    import polars as pl

    from oppfolging.commands.output import render_table
    from oppfolging.reporting.rollup import measure_rollup

    texts = goals.select("goal_id", pl.col("text").alias("goal_text"))
    measures = result.measures.join(texts, on="goal_id", how="left", maintain_order="left")
    rows = [_measure_cells(row) for row in measures.iter_rows(named=True)]
    table = render_table(MEASURE_TEXT_COLUMNS, rows)
    total = measure_rollup(result, None).row(0, named=True)
    summary = t("cli.measures_summary", count=total["measures"], overdue=total["overdue"])
    return "\n".join([_heading(result), "", table, "", summary])


def _measure_cells(row: dict[str, Any]) -> list[str]:
    from oppfolging.commands.output import yes_no
    from oppfolging.fmt import format_date
    from oppfolging.i18n import status_label, t

    return [
        row["measure_id"],
        row["name"],
        row["goal_text"] or row["goal_id"],
        row["responsible"] or "",
        format_date(row["due"]),
        status_label(row["status"]),
        t("overdue") if row["overdue"] else "",
        yes_no(row["needs_funding"]),
        row["comment"] or "",
    ]
