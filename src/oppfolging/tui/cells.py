"""Table-cell text and legend layout without polars: the first paint from a display
snapshot (`tui.screens.picture`) uses these before any table is read; `tui.views`
re-exports them for the display frames."""

from __future__ import annotations

import re
from typing import Any

from oppfolging.textsafe import visible


def text(value: Any) -> str:
    """Any value as escaped one-line text (newlines become spaces) for a table cell: Rich
    markup that renders exactly `one_line(value)` — never a tag, never a control character."""
    if value is None:
        return ""
    return cell_escape(one_line(value))


_TAG = re.compile(r"(\\*)\[([a-z#/@][^\[]*?\])")
"""What Rich's markup parser takes for a tag (`rich.markup.RE_TAGS`), with its backslashes."""
_BRACKET = re.compile(r"(\\*)\[")
_MARK = "\x00"
"""Stands for an escaped tag's `[` between the passes (`visible` leaves no NUL in text)."""


def cell_escape(line: str) -> str:
    """`line` as Rich markup that renders exactly `line` (Rich 15: `rich.markup.escape`
    misses `\\[` before a non-tag, which Rich's parser then unescapes to `[`).

    A tag-like `[` after n backslashes gets 2n+1 of them (Rich halves an odd run and drops
    the escaping one); any other `[` gets one more (Rich turns `\\[` in plain text into `[`).
    """
    marked = _TAG.sub(lambda m: m[1] * 2 + "\\" + _MARK + m[2], line)
    escaped = _BRACKET.sub(lambda m: m[1] + "\\[", marked).replace(_MARK, "[")
    return escaped.replace(":", COLON) if escaped.count(":") >= 2 else escaped


COLON = ":[not i][/not i]"
"""A colon of a cell with two or more, followed by a tag pair that styles nothing: Rich turns
`:name:` into an emoji within each run of text between tags (`:a:` → 🅰, `:smile:`), and
no run then holds two colons. (Textual's own markup has no emoji codes.)"""


def one_line(value: Any) -> str:
    """`value` as the one line a table cell shows: control characters made visible
    (`textsafe.visible`), runs of whitespace one space."""
    return " ".join(visible(str(value)).split())


LEGEND_GAP = "  "
"""Between two legend items."""


def wrap_items(widths: list[int], width: int) -> list[list[int]]:
    """Indexes of the items on each line: as many as fit in `width` (a too-wide item gets
    a line of its own; 0 means no wrapping)."""
    lines: list[list[int]] = []
    used = 0
    for index, item in enumerate(widths):
        if lines and (width <= 0 or used + len(LEGEND_GAP) + item <= width):
            lines[-1].append(index)
            used += len(LEGEND_GAP) + item
        else:
            lines.append([index])
            used = item
    return lines


WIDE_CELL = 60
"""Widest a text cell gets (characters) on a normal terminal."""
NARROW_CELL = 30
"""Widest a text cell gets on a narrow terminal."""


def fitted_widths(
    natural: list[int],
    available: int,
    *,
    flex: int | None = None,
    shares: dict[int, float] | None = None,
    fill_rest: bool = False,
    padding: int = 2,
) -> list[int]:
    """Column text widths that fill `available` cells the way the overview's tables do:
    columns in `shares` get at most that share of the width, and the `flex` column takes
    what the others leave (at least `FLEX_MIN`); with `fill_rest` it takes what the columns
    before it leave, up to its widest cell, and pushes the later ones out of view (the
    attention list's comment, `widgets.fill.fill_column`)."""
    widths = list(natural)
    for index, share in (shares or {}).items():
        widths[index] = min(widths[index], max(MIN_FILL, int(available * share)))
    if flex is not None and 0 <= flex < len(widths):
        counted = widths[:flex] if fill_rest else widths[:flex] + widths[flex + 1 :]
        room = available - sum(width + padding for width in counted) - padding
        if fill_rest:
            widths[flex] = max(MIN_FILL, min(natural[flex], room))
        else:
            widths[flex] = max(FLEX_MIN, room)
    return widths


FLEX_MIN = 16
"""Narrowest the flex (name) column gets; past that the table scrolls sideways."""
MIN_FILL = 8
"""The narrowest a filling or a shared column gets (`widgets.fill`); the table scrolls
beyond that."""
