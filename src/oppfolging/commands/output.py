"""What the report commands share: loading a dataset strictly, and printing a frame.

`csv` and `json` are for machines (`.` decimals, ISO dates, English codes, contract column
names); a CSV text cell that a spreadsheet could take for a formula gets a leading `'`, as in
the CSV export; `table` is for a person (Norwegian headers and words, `12,5`, `30.04.2026`)
and fits the terminal's width (`table_width`), cutting the widest text columns with `…`
only when needed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from oppfolging.i18n import t

if TYPE_CHECKING:
    import polars as pl

    from oppfolging.settings import DatasetSettings
    from oppfolging.store.model import Dataset

FORMATS = ("table", "csv", "json")
PIPE_WIDTH = 240
"""The width of a human table written to a file or a pipe (no terminal to fit)."""
MIN_WIDTH = 8
"""A shrinking column keeps at least this many characters (or its header's width)."""
ISO_DATETIME = "%Y-%m-%dT%H:%M:%S"


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """`--format table|csv|json`."""
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help=t("cli.format_help"),
    )


def load_checked(folder: Path, *, keep: bool = True) -> tuple[Dataset, DatasetSettings] | None:
    """The dataset and its settings; None after printing every problem to stderr.
    `keep=False`: not written to the cache on a miss (see `store.load.load_dataset`)."""
    from oppfolging.settings import load_dataset_settings
    from oppfolging.store.load import load_dataset

    loaded = load_dataset(folder, keep=keep)
    for notice in loaded.notices:
        print(f"oppfolging: {t('cli.notice', notice=notice)}", file=sys.stderr)
    settings = load_dataset_settings(folder)
    problems = [*loaded.problems, *settings.problems]
    if not problems:
        return loaded.dataset, settings.settings
    for problem in problems:
        print(problem, file=sys.stderr)
    print(t("cli.problems_fix_first", count=len(problems), folder=folder), file=sys.stderr)
    return None


def print_machine(frame: pl.DataFrame, fmt: str) -> None:
    """Print `frame` as CSV or as a JSON list of records (ISO dates and times)."""
    import polars as pl

    if fmt == "csv":
        from oppfolging.reporting.export.formula import formula_safe_frame

        frame = formula_safe_frame(frame)
        sys.stdout.write(frame.write_csv(datetime_format=ISO_DATETIME, date_format="%Y-%m-%d"))
        return
    frame = frame.with_columns(pl.col(pl.Datetime).dt.to_string(ISO_DATETIME))
    sys.stdout.write(frame.write_json() + "\n")


def with_period_words(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with `period_text` after its `period` column: the period in words
    (`1. tertial 2026`) beside the code a machine reads (a frame without `period` as it is)."""
    from oppfolging.domain.periods import period_words_series

    if "period" not in frame.columns:
        return frame
    words = period_words_series(frame["period"]).alias("period_text")
    return frame.insert_column(frame.columns.index("period") + 1, words)


@dataclass(frozen=True)
class TextColumn:
    """One column of a human table."""

    header: str
    """A catalogue key (`cli.column.name`), looked up when the table is drawn (`title`)."""
    right: bool = False
    """Right-aligned (numbers, dates)."""
    shrink: int = 0
    """May be cut with … when the table is wider than the terminal (0: never). The widest
    shrinkable column gives up width first; among equally wide ones the higher number."""
    drop: int = 0
    """May be left out when the table does not fit even with every column shrunk (0: never;
    the highest number goes first). The table then says which columns it left out."""

    @property
    def title(self) -> str:
        """The header in the language in use."""
        return t(self.header)


def table_width() -> int:
    """The width human tables fit: `$COLUMNS` when set, else the terminal's width when
    stdout is a terminal, else `PIPE_WIDTH` (a file or a pipe: keep the text whole)."""
    import os
    import shutil

    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        is_terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):
        is_terminal = False
    if not is_terminal:
        return PIPE_WIDTH
    return shutil.get_terminal_size((PIPE_WIDTH, 24)).columns


def truncate(text: str, width: int) -> str:
    """`text` cut to `width` characters, the last one `…` when cut."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def fit_widths(columns: Sequence[TextColumn], natural: list[int], budget: int) -> list[int]:
    """Column widths within `budget` (two spaces between columns).

    Every column gets its natural width when the table fits. Otherwise the widest
    shrinkable column gives up one character at a time (so the long texts shrink before
    the short ones, and evenly once they are equally wide), each down to its header's width
    (at least 8); what still does not fit is left wider than `budget`.
    """
    widths = list(natural)
    floors = [min(n, max(len(c.title), MIN_WIDTH)) for c, n in zip(columns, natural, strict=True)]
    excess = sum(widths) + 2 * (len(widths) - 1) - budget
    shrinkable = [i for i, c in enumerate(columns) if c.shrink]
    while excess > 0:
        candidates = [i for i in shrinkable if widths[i] > floors[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: (widths[i], columns[i].shrink))
        widths[widest] -= 1
        excess -= 1
    return widths


def render_table(
    columns: Sequence[TextColumn], rows: Sequence[Sequence[str]], budget: int | None = None
) -> str:
    """A plain-text table: header, a rule, then the rows; two spaces between columns.

    `budget` is the width to fit (default: `table_width()`); line breaks in a cell are
    shown as spaces. When even the shrunk columns are too wide, the droppable columns are
    left out (see `TextColumn.drop`) and a last line names them.
    """
    width = table_width() if budget is None else budget
    cells = [[_one_line(cell) for cell in row] for row in rows]
    natural = [len(c.title) for c in columns]
    for index, column in enumerate(zip(*cells, strict=True)):
        natural[index] = max(natural[index], *map(len, column))
    kept = _kept_columns(columns, natural, width)
    shown = [columns[i] for i in kept]
    widths = fit_widths(shown, [natural[i] for i in kept], width)
    lines = [_line(shown, widths, [c.title for c in shown])]
    lines.append("  ".join("─" * w for w in widths))
    if widths == [natural[i] for i in kept]:  # nothing is cut: one format string a row
        template = "  ".join(
            f"{{{i}:{'>' if c.right else '<'}{w}}}"
            for c, w, i in zip(shown, widths, kept, strict=True)
        )
        lines.extend(template.format(*row) for row in cells)
    else:
        lines.extend(_line(shown, widths, [row[i] for i in kept]) for row in cells)
    if len(kept) < len(columns):
        import textwrap

        left_out = ", ".join(c.title for i, c in enumerate(columns) if i not in kept)
        note = t("cli.columns_left_out", width=width, columns=left_out)
        lines += ["", *textwrap.wrap(note, max(width, 20))]
    return "\n".join(line.rstrip() for line in lines)


def words_of(codes: list[Any], say: Callable[[Any], str]) -> list[str]:
    """`say(code)` for each code, each distinct code said once (the periods, statuses and
    dates of a table of thousands of rows are a handful)."""
    known: dict[Any, str] = {}
    return [known[code] if code in known else known.setdefault(code, say(code)) for code in codes]


def _one_line(cell: str) -> str:
    """The cell with its line breaks as spaces (`isprintable` is false for every one)."""
    return cell if cell.isprintable() else " ".join(cell.splitlines())


def _kept_columns(columns: Sequence[TextColumn], natural: list[int], budget: int) -> list[int]:
    """The indexes of the columns to show: all, or without the droppable ones (highest
    `drop` first) until the shrunk table fits `budget`."""
    kept = list(range(len(columns)))
    droppable = sorted((i for i, c in enumerate(columns) if c.drop), key=lambda i: -columns[i].drop)
    for index in [None, *droppable]:
        if index is not None:
            kept.remove(index)
        shown = [columns[i] for i in kept]
        widths = fit_widths(shown, [natural[i] for i in kept], budget)
        if sum(widths) + 2 * (len(widths) - 1) <= budget:
            break
    return kept


def _line(columns: Sequence[TextColumn], widths: list[int], cells: Sequence[str]) -> str:
    parts = []
    for column, width, cell in zip(columns, widths, cells, strict=True):
        text = truncate(cell, width)
        parts.append(text.rjust(width) if column.right else text.ljust(width))
    return "  ".join(parts)


def yes_no(flag: bool | None) -> str:
    """`ja` / `nei`; empty for unknown."""
    from oppfolging.i18n import t

    if flag is None:
        return ""
    return t("yes") if flag else t("no")
