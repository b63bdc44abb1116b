"""A dataset folder's fingerprint: equal only while every data file is unchanged.

Used by the validated cache (`store.cache`) and by anything else that may reuse what was
computed from the files (a display snapshot). Imports neither polars nor the rest of the
store, so it costs nothing to call before deciding whether to read the files at all.

Per file it takes the name, size, modification and status-change times (ns) and inode, and
a BLAKE2 hash of the content — the whole file up to `WHOLE_FILE_LIMIT`, else its first and
last `SAMPLE_BYTES` (a cheap hash: a 57 MB values file costs microseconds, not 80 ms). The
status-change time (`st_ctime_ns`) changes on every write and cannot be set back by a
program, so an edit that keeps the size and restores the modification time is still seen;
a file replaced by rename has a new inode. A file added or removed changes the list.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_module
from pathlib import Path

TABLE_NAMES = (
    "plans",
    "focus_areas",
    "goals",
    "indicators",
    "values",
    "measures",
    "measure_updates",
    "assessments",
    "round_events",
    "changes",
)
"""Every table the loader may read (`domain.schema.TABLES`; a test keeps them equal)."""
SETTINGS_FILE = "oppfolging.toml"
WHOLE_FILE_LIMIT = 1 << 20
SAMPLE_BYTES = 1 << 16


def data_files(folder: Path) -> list[str]:
    """The names of the data files present in `folder` (tables in either format, and the
    settings), sorted."""
    candidates = [f"{name}.{fmt}" for name in TABLE_NAMES for fmt in ("csv", "parquet")]
    candidates.append(SETTINGS_FILE)
    return sorted(name for name in candidates if os.path.lexists(folder / name))


def dataset_fingerprint(folder: Path) -> str:
    """A hex digest that changes when any data file of `folder` changes, appears or goes.

    A file that cannot be read (a folder in its place, no access) still counts, by what
    `stat` says and the error, so its repair changes the fingerprint too."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(str(folder.resolve()).encode("utf-8", "surrogateescape"))
    for name in data_files(folder):
        digest.update(b"\0" + name.encode("utf-8") + b"\0")
        digest.update(file_fingerprint(folder / name))
    return digest.hexdigest()


def file_fingerprint(path: Path) -> bytes:
    """What `dataset_fingerprint` takes of one file (see the module docstring)."""
    try:
        stat = path.stat()
    except OSError as error:
        return f"stat:{type(error).__name__}:{error.errno}".encode()
    parts = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_mode)
    head = " ".join(str(part) for part in parts).encode()
    if not stat_module.S_ISREG(stat.st_mode):  # a FIFO would block, a folder cannot be read
        return head
    try:
        return head + b"|" + _content_hash(path, stat.st_size)
    except OSError as error:
        return head + f"|read:{type(error).__name__}:{error.errno}".encode()


def _content_hash(path: Path, size: int) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as stream:
        if size <= WHOLE_FILE_LIMIT:
            digest.update(stream.read())
        else:
            digest.update(stream.read(SAMPLE_BYTES))
            stream.seek(size - SAMPLE_BYTES)
            digest.update(stream.read(SAMPLE_BYTES))
    return digest.digest()
