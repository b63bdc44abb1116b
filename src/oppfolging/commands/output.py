"""What the report commands share: loading a dataset strictly, and printing a frame.

`csv` and `json` are for machines (`.` decimals, ISO dates, English codes, contract column
names); a CSV text cell that a spreadsheet could take for a formula gets a leading `'`, as in
the CSV export; `table` is for a person (Norwegian headers and words, `12,5`, `30.04.2026`) and fits
about 120 columns by truncating the long text columns with `…`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

    from oppfolging.settings import DatasetSettings
    from oppfolging.store.model import Dataset

FORMATS = ("table", "csv", "json")
TABLE_WIDTH = 120
ISO_DATETIME = "%Y-%m-%dT%H:%M:%S"


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """`--format table|csv|json`."""
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (for lesing, standard), csv eller json (for maskiner)",
    )


def load_checked(folder: Path) -> tuple[Dataset, DatasetSettings] | None:
    """The dataset and its settings; None after printing every problem to stderr."""
    from oppfolging.settings import load_dataset_settings
    from oppfolging.store.load import load_dataset

    loaded = load_dataset(folder)
    for notice in loaded.notices:
        print(f"oppfolging: merk: {notice}", file=sys.stderr)
    settings = load_dataset_settings(folder)
    problems = [*loaded.problems, *settings.problems]
    if not problems:
        return loaded.dataset, settings.settings
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"oppfolging: {len(problems)} problem(er) i {folder}; rett dem først", file=sys.stderr)
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


@dataclass(frozen=True)
class TextColumn:
    """One column of a human table."""

    header: str
    right: bool = False
    """Right-aligned (numbers, dates)."""
    shrink: int = 0
    """May be truncated with … when the table is too wide: 0 never, higher numbers first."""
    max_width: int = 40


def truncate(text: str, width: int) -> str:
    """`text` cut to `width` characters, the last one `…` when cut."""
    if len(text) <= width:
        return text
    return text[: max(width - 1, 0)] + "…"


def fit_widths(columns: Sequence[TextColumn], natural: list[int], budget: int) -> list[int]:
    """Column widths within `budget` (separators included).

    Shrinkable columns give up width in order of `shrink` (highest first), each down to
    its header's width (at least 8); what still does not fit is left wider than `budget`.
    """
    widths = [min(n, c.max_width) for c, n in zip(columns, natural, strict=True)]
    excess = sum(widths) + 2 * (len(widths) - 1) - budget
    order = sorted((i for i, c in enumerate(columns) if c.shrink), key=lambda i: -columns[i].shrink)
    for i in order:
        floor = min(widths[i], max(len(columns[i].header), 8))
        cut = min(max(excess, 0), widths[i] - floor)
        widths[i] -= cut
        excess -= cut
    return widths


def render_table(
    columns: Sequence[TextColumn], rows: Sequence[Sequence[str]], budget: int = TABLE_WIDTH
) -> str:
    """A plain-text table: header, a rule, then the rows; two spaces between columns."""
    natural = [len(c.header) for c in columns]
    for row in rows:
        natural = [max(n, len(cell)) for n, cell in zip(natural, row, strict=True)]
    widths = fit_widths(columns, natural, budget)
    header = [c.header for c in columns]
    lines = [_line(columns, widths, header), "  ".join("─" * w for w in widths)]
    lines.extend(_line(columns, widths, row) for row in rows)
    return "\n".join(line.rstrip() for line in lines)


def _line(columns: Sequence[TextColumn], widths: list[int], cells: Sequence[str]) -> str:
    parts = []
    for column, width, cell in zip(columns, widths, cells, strict=True):
        text = truncate(cell.replace("\n", " "), width)
        parts.append(text.rjust(width) if column.right else text.ljust(width))
    return "  ".join(parts)


def yes_no(flag: bool | None) -> str:
    """`ja` / `nei`; empty for unknown."""
    from oppfolging.i18n import t

    if flag is None:
        return ""
    return t("yes") if flag else t("no")
