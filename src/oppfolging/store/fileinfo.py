"""Whether a file can be read, and why not, in Norwegian (never the system's English text).

A dataset's tables and settings are read only after `file_problem` says they are readable
regular files: opening a FIFO for reading blocks until someone writes to it, and a folder
or a dangling link (a share that is not mounted) is not "no file" — a save would replace it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from oppfolging.i18n import t

_REASONS = {
    errno.EACCES: "os.no_access",
    errno.EPERM: "os.no_access",
    errno.ENOENT: "os.not_found",
    errno.ENOTDIR: "os.not_a_folder",
    errno.EISDIR: "os.is_a_folder",
    errno.ELOOP: "os.link_loop",
    errno.ENOSPC: "os.disk_full",
    errno.EDQUOT: "os.quota",
    errno.EIO: "os.read_error",
    errno.EROFS: "os.read_only",
    errno.ENAMETOOLONG: "os.name_too_long",
    errno.ETIMEDOUT: "os.not_responding",
    errno.EHOSTDOWN: "os.not_responding",
    errno.ESTALE: "os.stale",
    errno.EMFILE: "os.too_many_files",
    errno.ENFILE: "os.too_many_files",
    errno.EBUSY: "os.busy",
    errno.ETXTBSY: "os.busy",
    errno.EFBIG: "os.too_big",
}
"""The one map from an OS error number to a short reason's catalogue key (store, settings,
export and the CLI all use `os_reason`, so no library's English text reaches a user)."""


def os_reason(error: OSError) -> str:
    """A short Norwegian reason for an OS error (`disken er full`), without the English
    text the system gives."""
    reason = _REASONS.get(error.errno or 0)
    if reason is not None:
        return t(reason)
    return t("os.unexpected", code=error.errno)


def file_problem(path: Path) -> str | None:
    """Why `path` is not a readable regular file; None when it is, or when nothing has
    that name. Never opens the file: `stat` first, so a FIFO cannot block the reader."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return t("file.dangling_link")
        return None
    except OSError as error:
        return t("file.cannot_read", reason=os_reason(error))
    if stat.S_ISDIR(info.st_mode):
        return t("file.is_folder")
    if not stat.S_ISREG(info.st_mode):
        return t("file.not_regular")
    if not os.access(path, os.R_OK):
        return t("file.no_read_access")
    return None


def exists(path: Path) -> bool:
    """True when anything has this name, a dangling link included."""
    return os.path.lexists(path)
