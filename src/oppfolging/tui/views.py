"""Display frames for the app's tables: the round's numbers turned into Norwegian text.

Pure polars + formatting (no textual import), so the screens stay thin and these are
tested without an app. Every status cell carries its symbol and word, coloured with Rich
markup — never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import polars as pl
from rich.markup import escape

from oppfolging.domain.codes import COLOURS, INDICATOR_STATUSES, MEASURE_ROUND_STATUSES, SYMBOLS
from oppfolging.domain.periods import period_words, period_words_series
from oppfolging.fmt import format_date, format_number, format_percent, format_value
from oppfolging.i18n import status_label, t
from oppfolging.textsafe import visible, visible_expr
from oppfolging.tui.cells import _BRACKET, _MARK, _TAG, COLON
from oppfolging.tui.cells import LEGEND_GAP as LEGEND_GAP
from oppfolging.tui.cells import cell_escape as cell_escape
from oppfolging.tui.cells import one_line as one_line
from oppfolging.tui.cells import text as text
from oppfolging.tui.cells import wrap_items as wrap_items
from oppfolging.tui.status_colours import status_colour

DisplayColumn = tuple[str, str, Callable[[Any], str]]
"""(header, source column, renderer) of one display column."""


def status_markup(code: str | None) -> str:
    """`[#hex]● på sporet[/]`: symbol and word, in the status colour."""
    if not code:
        return ""
    colour = status_colour(code)
    label = escape(status_label(code))
    return f"[{colour}]{label}[/]" if colour else label


def plain(value: Any) -> str:
    """A formatted cell (a number with its unit) as escaped text, its spacing kept."""
    return "" if value is None else cell_escape(visible(str(value)))


def bar(share: float | None, width: int = 10) -> str:
    """A completeness bar with its percentage: `███████░░░ 70 %`."""
    if share is None:
        return "–"
    filled = round(max(0.0, min(1.0, share)) * width)
    return f"{'█' * filled}{'░' * (width - filled)} {format_percent(share)}"


def _text_expr(column: pl.Expr) -> pl.Expr:
    """`text` over a whole column: one line, escaped as `cell_escape` does it."""
    line = visible_expr(column.cast(pl.String)).str.replace_all(r"\s+", " ").str.strip_chars()
    return _escaped_expr(line)


def _plain_expr(column: pl.Expr) -> pl.Expr:
    """`plain` over a whole text column: escaped as `cell_escape` does it, spacing kept."""
    return _escaped_expr(visible_expr(column))


def _escaped_expr(line: pl.Expr) -> pl.Expr:
    """`cell_escape` over a whole column of visible text; blank for a missing cell."""
    marked = line.str.replace_all(_TAG.pattern, "${1}${1}\\" + _MARK + "${2}")
    escaped = marked.str.replace_all(_BRACKET.pattern, r"${1}\[")
    escaped = escaped.str.replace_all(_MARK, "[", literal=True)
    colons = escaped.str.count_matches(":", literal=True) >= 2
    no_emoji = escaped.str.replace_all(":", COLON, literal=True)
    return pl.when(colons).then(no_emoji).otherwise(escaped).fill_null("")


def _status_expr(column: pl.Expr) -> pl.Expr:
    """`status_markup` over a whole column (codes mapped once, not per cell)."""
    mapping = {code: status_markup(code) for code in COLOURS}
    return column.cast(pl.String).replace_strict(mapping, default="", return_dtype=pl.String)


def _day_expr(column: pl.Expr) -> pl.Expr:
    """`day` over a whole date column."""
    return column.dt.strftime("%d.%m.%Y").fill_null("")


def period(value: Any) -> str:
    """A period code in words for a table cell: `2026-T1` → `1. tertial 2026`
    (`domain.periods.period_words`); blank for None."""
    return "" if value is None else text(period_words(str(value)))


def _period_expr(column: pl.Expr) -> pl.Expr:
    """`period` over a whole column (each distinct code worded once)."""
    words = column.map_batches(period_words_series, return_dtype=pl.String)
    return _text_expr(words)


def _render_column(frame: pl.DataFrame, key: str, render: Callable[[Any], str]) -> pl.Series:
    """One display column: vectorised for the common renderers, else cell by cell."""
    vectorised = _VECTORISED.get(render)
    dtype = frame.schema[key]
    if vectorised is not None and _fits(render, dtype):
        return frame.select(vectorised(pl.col(key))).to_series()
    return pl.Series([render(value) for value in frame.get_column(key).to_list()], dtype=pl.String)


def _fits(render: Callable[[Any], str], dtype: pl.DataType) -> bool:
    """Whether the whole-column renderer gives `render`'s text for a column of `dtype`
    (`day` needs dates, `plain` text: `str(1.5)` is not what a cast to text gives)."""
    if render is day:
        return dtype.is_temporal()
    return render is not plain or dtype == pl.String


def display_frame(frame: pl.DataFrame, columns: Iterable[DisplayColumn]) -> pl.DataFrame:
    """A frame of display strings: one (header, source column, renderer) per column."""
    columns = list(columns)
    return pl.DataFrame(
        [_render_column(frame, key, render).alias(header) for header, key, render in columns],
        schema={header: pl.String for header, _, _ in columns},
    )


def counts_cell(code: str) -> Callable[[Any], str]:
    """A renderer for a count of one status: `3 ✖`, blank when zero."""

    def render(value: Any) -> str:
        if not value:
            return ""
        return f"[{status_colour(code)}]{value} {SYMBOLS[code]}[/]"

    return render


def status_count_columns() -> list[DisplayColumn]:
    """One column per indicator status, headed by symbol and word."""
    return [(status_label(code), code, counts_cell(code)) for code in INDICATOR_STATUSES]


CHANGED_MARK = "Δ"
"""Marks a row whose live figures differ from the locked round's (issue 10)."""


def status_summary(counts: dict[str, Any], changed: bool = False) -> str:
    """Every indicator status of a row in one compact cell, worst first, zero counts left
    out: `✖2 ?1 ▲3 ●5` (symbols and colours; the legend gives the words). A row whose live
    figures differ from the locked round starts with `Δ`."""
    parts = [
        f"[{status_colour(code)}]{SYMBOLS[code]}{counts[code]}[/]"
        for code in INDICATOR_STATUSES
        if counts.get(code)
    ]
    if changed:
        parts.insert(0, f"[b]{CHANGED_MARK}[/b]")
    return " ".join(parts)


def statuses_present(frame: pl.DataFrame) -> list[str]:
    """The indicator statuses with a count in any row of `frame`, worst first."""
    return [
        code
        for code in INDICATOR_STATUSES
        if code in frame.columns and (frame.get_column(code).fill_null(0) > 0).any()
    ]


def status_legend(codes: Iterable[str], changed: bool = False) -> list[str]:
    """The words of the symbols in the status cells, one markup item each: `✖ bak`,
    `? mangler`, … and `Δ endret etter låsing` when a row is marked."""
    parts = [f"[{status_colour(code)}]{escape(status_label(code))}[/]" for code in codes]
    if changed:
        parts.append(f"[b]{CHANGED_MARK}[/b] {escape(t('overview.changed_after_lock'))}")
    return parts


def summary_column(frame: pl.DataFrame, changed: pl.Series | None = None) -> pl.Series:
    """`status_summary` of every row of a frame with one count column per status."""
    present = [code for code in INDICATOR_STATUSES if code in frame.columns]
    rows = frame.select(present).to_dicts()
    marks = [False] * len(rows) if changed is None else changed.to_list()
    cells = [status_summary(row, bool(mark)) for row, mark in zip(rows, marks, strict=True)]
    return pl.Series("status_summary", cells, dtype=pl.String)


def markup(value: Any) -> str:
    """A cell that is markup built by this module (never dataset text)."""
    return "" if value is None else str(value)


def measure_count_columns() -> list[DisplayColumn]:
    """One column per measure status in a round."""
    return [(status_label(code), code, counts_cell(code)) for code in MEASURE_ROUND_STATUSES]


def number(value: Any) -> str:
    """A Norwegian number, blank for None."""
    return format_number(value) if value is not None else ""


def percent(value: Any) -> str:
    """A share as a Norwegian percentage, `–` for None."""
    return format_percent(value) if value is not None else "–"


def day(value: Any) -> str:
    """A Norwegian date."""
    return format_date(value)


def yes_no(value: Any) -> str:
    """`ja` / `nei` / blank."""
    if value is None:
        return ""
    return t("yes") if value else t("no")


def trend_markup(code: str | None) -> str:
    """Trend arrow and word."""
    return status_markup(code)


def with_unit(frame: pl.DataFrame, column: str, unit: str = "unit") -> pl.DataFrame:
    """Add `<column>_text`: the number formatted with the row's unit."""
    rows = frame.select(column, unit).to_dicts()
    texts = [format_value(r[column], r[unit] or "") for r in rows]
    return frame.with_columns(pl.Series(f"{column}_text", texts, dtype=pl.String))


_VECTORISED: dict[Callable[[Any], str], Callable[[pl.Expr], pl.Expr]] = {
    text: _text_expr,
    plain: _plain_expr,
    status_markup: _status_expr,
    day: _day_expr,
    period: _period_expr,
}
"""Renderers with a whole-column equivalent (same output, no Python loop per cell)."""


def logged_cell(column: object, value: object) -> str:
    """`logged_text` escaped for a table cell."""
    return cell_escape(logged_text(column, value))


def logged_text(column: object, value: object) -> str:
    """A logged cell (a change-log or conflict value, often the CSV text) the Norwegian way:
    numbers `5 534`, times `22.11.2026 16:43`, dates `22.11.2026`, status codes as symbol and
    word. Anything else as one line of text; empty for a blank cell."""
    from datetime import date, datetime

    from oppfolging.fmt import format_datetime

    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    if isinstance(value, bool):
        return one_line(value)
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    raw = str(value).strip()
    if str(column) == "status" and raw in SYMBOLS:
        return one_line(status_label(raw))
    if str(column) == "value":
        try:
            return format_number(float(raw))
        except ValueError:
            return one_line(raw)
    if len(raw) >= 10 and raw[4:5] == "-" and raw[7:8] == "-":
        try:
            moment = datetime.fromisoformat(raw)
        except ValueError:
            return one_line(raw)
        return format_datetime(moment) if len(raw) > 10 else format_date(moment)
    return one_line(raw)
