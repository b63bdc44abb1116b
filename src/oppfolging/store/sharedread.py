"""One read of a file per save: the service checks which edits change anything and the save
plans them against the same file, under one hold of the dataset lock, so the file is read
and parsed once (a 57 MB values file: 0,2 s each time).

Only inside `shared_reads()` (the registration service's save), and only while the file's
size, modification and status-change times and inode are those it had when it was read:
a file written meanwhile — by this save or by hand — is read again.

Across saves, a process that saves again and again (the app) can also keep its reads
(`keep_reads`): a CSV file's parsed cells and what is worked out from its bytes (`derived`:
the record spans of a row patch, the dialect) are reused while the file holds exactly the
same bytes — the file is read and compared byte for byte, never trusted by its times — so
a save at 1M values does not parse the 57 MB values file again (0,1 s), only reads it
(0,02 s). Held: each kept file's bytes and cells (about 150 MB at 1M values).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

import polars as pl

from oppfolging.store.csvio import read_raw
from oppfolging.store.model import Problem, TableSource

Stamp = tuple[int, int, int, int]
Read = tuple[pl.DataFrame | None, TableSource, list[Problem]]

_state = threading.local()

T = TypeVar("T")


@dataclass
class _Kept:
    """A CSV file's bytes as last read, their cells, and what was worked out from them."""

    data: bytes
    read: Read
    derived: dict[str, object] = field(default_factory=dict)


_kept: dict[Path, _Kept] = {}
_kept_lock = threading.Lock()
_keeping = False


def keep_reads(enabled: bool = True) -> None:
    """Keep (or stop keeping, and forget) each CSV file's last read across saves."""
    global _keeping
    with _kept_lock:
        _keeping = enabled
        if not enabled:
            _kept.clear()


def kept_data(path: Path) -> bytes | None:
    """The bytes of `path` as last read and kept (None: nothing kept)."""
    with _kept_lock:
        kept = _kept.get(path)
    return None if kept is None else kept.data


def derived(data: bytes, name: str, compute: Callable[[], T]) -> T:
    """`compute()`, kept with `data` when those are the kept bytes of a file (the very
    object `read_once` returned), so it is worked out once per content of the file."""
    with _kept_lock:
        kept = next((k for k in _kept.values() if k.data is data), None)
        if kept is not None and name in kept.derived:
            return cast("T", kept.derived[name])
    value = compute()
    if kept is not None:
        with _kept_lock:
            kept.derived[name] = value
    return value


@contextmanager
def shared_reads() -> Iterator[None]:
    """Within this block (per thread), `read_once` reads an unchanged file only once."""
    if getattr(_state, "files", None) is not None:
        yield
        return
    _state.files = {}
    try:
        yield
    finally:
        _state.files = None


def read_once(path: Path) -> tuple[Read, bytes | None]:
    """`csvio.read_raw(path)` and the CSV file's bytes (None for Parquet), shared within
    `shared_reads` while the file is unchanged."""
    files: dict[Path, tuple[Stamp, Read, bytes | None]] | None = getattr(_state, "files", None)
    stamp = _stamp(path)
    if files is not None and stamp is not None:
        kept = files.get(path)
        if kept is not None and kept[0] == stamp:
            return kept[1], kept[2]
    data = path.read_bytes() if path.suffix == ".csv" and path.is_file() else None
    read, data = _kept_or_read(path, data)
    if files is not None and stamp is not None and _stamp(path) == stamp:
        files[path] = (stamp, read, data)
    return read, data


def _kept_or_read(path: Path, data: bytes | None) -> tuple[Read, bytes | None]:
    """The kept read of `path` when it was of exactly `data` (and those kept bytes), else
    `read_raw`, kept when keeping and the file read without problems."""
    if data is None or not _keeping:
        return read_raw(path, data), data
    with _kept_lock:
        kept = _kept.get(path)
    if kept is not None and kept.data == data:
        return kept.read, kept.data
    read = read_raw(path, data)
    with _kept_lock:
        if _keeping and read[0] is not None and not read[2]:
            _kept[path] = _Kept(data, read)
        else:
            _kept.pop(path, None)
    return read, data


def _stamp(path: Path) -> Stamp | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
