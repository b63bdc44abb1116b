"""Atomic table writes: a temporary file in the same folder, fsynced, then `os.replace`."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from pathlib import Path

import polars as pl

from oppfolging.store.csvformat import format_frame
from oppfolging.store.csvio import ROW
from oppfolging.store.model import TableSource

TEMP_SUFFIX = ".oppfolging-tmp"


def atomic_write_table(path: Path, frame: pl.DataFrame, source: TableSource) -> None:
    """Write `frame` to `path` as `source` says (CSV dialect or Parquet), all or nothing.

    The data goes to a temporary file in the same folder, is flushed and fsynced, and then
    replaces the original with `os.replace`; on any error the temporary file is removed and
    the original is untouched. (polars writes in place, so a killed write would break it.)
    """
    frame = frame.drop(ROW, strict=False)
    mode = _file_mode(path)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            _write_frame(frame, stream, source)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(path.parent)


def check_folder_writable(folder: Path) -> None:
    """Raise `OSError` when a temporary file cannot be made in `folder` (as a write would)."""
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".oppfolging-probe.", suffix=TEMP_SUFFIX)
    os.close(handle)
    os.unlink(temp)


def _write_frame(frame: pl.DataFrame, stream: io.BufferedWriter, source: TableSource) -> None:
    if source.fmt == "parquet":
        frame.write_parquet(stream)
        return
    dialect = source.dialect
    format_frame(frame, dialect).write_csv(
        stream, separator=dialect.separator, include_bom=dialect.bom
    )


def _file_mode(path: Path) -> int:
    """Keep the original file's permissions; a new file gets the usual ones."""
    with contextlib.suppress(OSError):
        return path.stat().st_mode & 0o777
    return new_file_mode()


def current_umask() -> int:
    """The process umask, read without changing it where the platform allows.

    `os.umask` can only read the mask by setting it, which for a moment changes it for
    every thread; Linux shows it in /proc/self/status, so that is tried first.
    """
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split(":", 1)[1].strip(), 8)
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def new_file_mode() -> int:
    """The mode `open()` gives a new file: 0o666 less the umask (mkstemp gives 0o600)."""
    return 0o666 & ~current_umask()


def new_folder_mode() -> int:
    """The mode `mkdir()` gives a new folder: 0o777 less the umask (mkdtemp gives 0o700)."""
    return 0o777 & ~current_umask()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (not possible on every platform)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def remove_stale_temp_files(folder: Path) -> None:
    """Remove temporary files left by a save that was killed (call it under the lock)."""
    for path in folder.glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            path.unlink()
