"""One read of a file per save: the service checks which edits change anything and the save
plans them against the same file, under one hold of the dataset lock, so the file is read
and parsed once (a 57 MB values file: 0,2 s each time).

Only inside `shared_reads()` (the registration service's save), and only while the file's
size, modification and status-change times and inode are those it had when it was read:
a file written meanwhile — by this save or by hand — is read again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from oppfolging.store.csvio import read_raw
from oppfolging.store.model import Problem, TableSource

Stamp = tuple[int, int, int, int]
Read = tuple[pl.DataFrame | None, TableSource, list[Problem]]

_state = threading.local()


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
    read = read_raw(path, data)
    if files is not None and stamp is not None and _stamp(path) == stamp:
        files[path] = (stamp, read, data)
    return read, data


def _stamp(path: Path) -> Stamp | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
