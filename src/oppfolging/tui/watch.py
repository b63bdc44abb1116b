"""Noticing another user's save: the modification times of the tables registration writes.

Headless (no textual): the app polls `DiskWatcher.changed()` on a timer.
"""

from __future__ import annotations

from pathlib import Path

WATCHED_TABLES = ("values", "measure_updates", "assessments", "changes")
"""The tables a registration writes to."""

Stamps = dict[str, int]


def stamps(folder: Path) -> Stamps:
    """file name → modification time (ns) of each watched table file that exists."""
    found: Stamps = {}
    for table in WATCHED_TABLES:
        for suffix in (".csv", ".parquet"):
            path = folder / f"{table}{suffix}"
            try:
                found[path.name] = path.stat().st_mtime_ns
            except OSError:
                continue
    return found


class DiskWatcher:
    """Remembers the files' times; `changed()` says whether they moved since last asked."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._seen = stamps(folder)

    def changed(self) -> bool:
        """True (once) when a watched file was written, created or removed since last time."""
        now = stamps(self.folder)
        if now == self._seen:
            return False
        self._seen = now
        return True

    def accept(self) -> None:
        """Take the files as they are now (after this user's own save)."""
        self._seen = stamps(self.folder)
