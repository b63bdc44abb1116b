"""Helpers the writers share: progress counting, text colour on a status fill."""

from __future__ import annotations

from collections.abc import Callable

from oppfolging.domain.codes import COLOURS
from oppfolging.reporting.report import Cell

_EVERY = 500
"""Report progress every this many rows (a callback per row would slow big exports)."""


class ProgressCounter:
    """Turns rows written into fractions of the whole for a progress callback."""

    def __init__(self, progress: Callable[[float], None], total: int, share: float = 1.0):
        self._progress = progress
        self._total = max(total, 1)
        self._share = share
        self._done = 0

    def step(self) -> None:
        """One more row written."""
        self._done += 1
        if self._done % _EVERY == 0:
            self._progress(self._share * min(self._done / self._total, 1.0))

    def finish(self) -> None:
        """Every counted row is written."""
        self._progress(self._share)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on `background` (`#rrggbb`)."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#000000" if luminance > 150 else "#ffffff"


def fill_of(cell: Cell) -> str | None:
    """The status colour of a cell (`#rrggbb`), or None when it is not coloured."""
    return COLOURS.get(cell.status) if cell.status else None
