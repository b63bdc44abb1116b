"""Text from a dataset or a user, made safe to show: control characters made visible.

A name or a comment may hold anything a CSV file can: ESC sequences that clear the screen
or write the clipboard (OSC 52), other C0/C1 controls, DEL, the non-characters U+FFFE and
U+FFFF (which XML, and so DOCX and XLSX, forbids). `visible` replaces each with a printable
stand-in — C0 controls with their Unicode Control Picture (ESC → `␛`), DEL with `␡`, the
rest with `�` — so the text still shows that something was there, and no terminal, Markdown
or CSV reader ever receives the control itself. Tab and newline are kept (a lone CR is not:
it moves a terminal's cursor; CRLF becomes a newline).

Headless: no textual, no polars at import (`visible_expr` imports polars when called).
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import polars as pl

REPLACEMENT = "\ufffd"
"""What a control without a picture of its own becomes (C1, U+FFFE/U+FFFF, surrogates)."""

_KEPT = {"\t", "\n"}


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟: the Control Pictures block
    if code == 0x7F:
        return "\u2421"  # ␡
    return REPLACEMENT


def _controls() -> list[str]:
    c0 = [chr(c) for c in range(0x20) if chr(c) not in _KEPT]
    c1 = [chr(c) for c in range(0x80, 0xA0)]
    return [*c0, "\x7f", *c1, "\ufffe", "\uffff"]


CONTROLS: tuple[str, ...] = tuple(_controls())
"""Every character `visible` replaces (lone surrogates too, which polars cannot hold)."""

_SURROGATES = dict.fromkeys(range(0xD800, 0xE000), REPLACEMENT)
_TABLE = {ord(c): _stand_in(c) for c in CONTROLS} | _SURROGATES
_PATTERN = re.compile("[" + re.escape("".join(CONTROLS)) + "\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` with every control character replaced by a visible stand-in (see module)."""
    if not _PATTERN.search(text):
        return text
    return text.replace("\r\n", "\n").translate(_TABLE)


def has_control(text: str) -> bool:
    """True when `visible` would change `text` (other than a CRLF line ending)."""
    return _PATTERN.search(text.replace("\r\n", "\n")) is not None


def is_one_plain_line(text: str) -> bool:
    """No control character, tab or line break: text such as the name a save is signed
    with, which is written into the dataset as it is."""
    return not has_control(text) and "\t" not in text and len(text.splitlines()) <= 1


def visible_expr(column: pl.Expr) -> pl.Expr:
    """`visible` over a whole string column (same output, no Python loop per cell)."""
    return column.str.replace_all("\r\n", "\n", literal=True).str.replace_many(
        list(CONTROLS), [_stand_in(c) for c in CONTROLS]
    )


def visible_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with `visible` applied to every string column."""
    import polars as pl

    return frame.with_columns(visible_expr(pl.col(pl.String)))


def control_expr(column: pl.Expr) -> pl.Expr:
    """True for the cells of a string column that hold a control character."""
    return column.str.replace_all("\r\n", "\n", literal=True).str.contains(
        "[" + "".join(f"\\x{{{ord(c):x}}}" for c in CONTROLS) + "]"
    )


class VisibleWriter(io.TextIOBase):
    """A text stream that passes everything through `visible` to another stream.

    The CLI puts one in front of stdout and stderr, so no command (nor an error message
    quoting a cell) can send a control character to the terminal.
    """

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream
        """The stream written to."""

    def write(self, text: str) -> int:
        self.stream.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        return self.stream.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self.stream, "encoding", "utf-8"))
