"""Atomic table writes: a temporary file in the same folder, fsynced, then `os.replace`;
the checks a save makes on the files it replaces, and its errors told in Norwegian."""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from oppfolging.i18n import t
from oppfolging.store.csvformat import format_frame
from oppfolging.store.csvio import ROW
from oppfolging.store.errors import StoreError
from oppfolging.store.fileinfo import os_reason
from oppfolging.store.model import TableSource

TEMP_SUFFIX = ".oppfolging-tmp"


@dataclass(frozen=True)
class Replacement:
    """A fsynced temporary file that is to replace `target` (in the same folder)."""

    temp: Path
    target: Path


def atomic_write_table(path: Path, frame: pl.DataFrame, source: TableSource) -> None:
    """Write `frame` to `path` as `source` says (CSV dialect or Parquet), all or nothing.

    The data goes to a temporary file in the same folder (`write_temp`), and then
    replaces the original with `os.replace`; on any error the temporary file is removed and
    the original is untouched. (polars writes in place, so a killed write would break it.)
    A save uses `write_temp` and lets its journal do the replacing (see `journal`).
    """
    check_target(path)
    temp = write_temp(path, frame, source)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(path.parent)


def write_temp(path: Path, frame: pl.DataFrame, source: TableSource) -> Path:
    """`frame` in `source`'s format in a new temporary file beside `path` (`_write_temp`)."""
    frame = frame.drop(ROW, strict=False)
    return _write_temp(path, lambda stream: _write_frame(frame, stream, source))


def write_temp_bytes(path: Path, parts: Sequence[bytes | memoryview]) -> Path:
    """`parts`, one after the other, in a new temporary file beside `path` (`_write_temp`)."""
    return _write_temp(path, lambda stream: stream.writelines(parts))


def _write_temp(path: Path, write: Callable[[io.BufferedWriter], object]) -> Path:
    """What `write` writes, flushed and fsynced to a new temporary file beside `path`, with
    `path`'s permissions; the temporary file is removed again when anything fails.

    An `OSError` names `path` (not the temporary file) so the message says which table."""
    mode = _file_mode(path)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError) and not isinstance(error, FileNotFoundError):
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise
    return temp


def check_target(path: Path) -> None:
    """`StoreError` unless `path` is missing or a regular file this user may write.

    `os.replace` would replace a folder entry of any kind (a symlink, a FIFO) and ignores
    the file's own write permission, so a save checks every file it replaces first. The
    mode bits are checked too, because `os.access` says yes to everything for root."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(describe_os_error(error, path)) from error
    if not stat.S_ISREG(found.st_mode):
        kind = t("store.a_link") if stat.S_ISLNK(found.st_mode) else t("store.not_regular")
        raise StoreError(t("store.would_replace", name=path.name, kind=kind))
    if not found.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise StoreError(t("store.read_only_file", name=path.name))


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


def fsync_folder(folder: Path) -> None:
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


# --- errors in Norwegian ----------------------------------------------------------------


def describe_os_error(error: OSError, path: Path | None = None) -> str:
    """A Norwegian sentence for a failed file operation, naming the file (never the
    library's English text; a temporary file is named by the table it was for)."""
    reason = os_reason(error)
    name = _shown_name(str(error.filename)) if error.filename else None
    if name is None and path is not None:
        name = path.name
    if name:
        return t("store.could_not_write", name=name, reason=reason)
    return t("store.could_not_save", reason=reason)


def _shown_name(filename: str) -> str:
    """`values.csv` for `/x/values.csv` and for its temporary `.values.csv.k3j.oppfolging-tmp`."""
    name = Path(filename).name
    if name.endswith(TEMP_SUFFIX) and name.startswith("."):
        return name[1:].removesuffix(TEMP_SUFFIX).rsplit(".", 1)[0]
    return name
