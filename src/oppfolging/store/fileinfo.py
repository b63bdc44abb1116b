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

_REASONS = {
    errno.EACCES: "mangler tilgang",
    errno.EPERM: "mangler tilgang",
    errno.ENOENT: "filen eller mappen finnes ikke",
    errno.ENOTDIR: "en del av stien er ikke en mappe",
    errno.EISDIR: "er en mappe",
    errno.ELOOP: "lenken peker i ring",
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "lagringskvoten er brukt opp",
    errno.EIO: "lesefeil på disken",
    errno.EROFS: "disken er skrivebeskyttet",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.ETIMEDOUT: "disken svarer ikke (nettverksdisk?)",
    errno.EHOSTDOWN: "disken svarer ikke (nettverksdisk?)",
    errno.ESTALE: "nettverksdisken er ikke lenger tilgjengelig",
    errno.EMFILE: "for mange åpne filer",
    errno.ENFILE: "for mange åpne filer",
    errno.EBUSY: "filen er i bruk av et annet program",
    errno.ETXTBSY: "filen er i bruk av et annet program",
    errno.EFBIG: "filen er blitt for stor for disken",
}
"""The one map from an OS error number to a short Norwegian reason (store, settings,
export and the CLI all use `os_reason`, so no library's English text reaches a user)."""


def os_reason(error: OSError) -> str:
    """A short Norwegian reason for an OS error (`disken er full`), without the English
    text the system gives."""
    reason = _REASONS.get(error.errno or 0)
    if reason is not None:
        return reason
    return f"uventet feil fra operativsystemet (feilkode {error.errno})"


def file_problem(path: Path) -> str | None:
    """Why `path` is not a readable regular file; None when it is, or when nothing has
    that name. Never opens the file: `stat` first, so a FIFO cannot block the reader."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return "er en lenke til noe som ikke finnes (er disken eller mappen koblet til?)"
        return None
    except OSError as error:
        return f"kan ikke leses ({os_reason(error)})"
    if stat.S_ISDIR(info.st_mode):
        return "er en mappe, ikke en fil"
    if not stat.S_ISREG(info.st_mode):
        return "er ikke en vanlig fil (men f.eks. en pipe eller en enhet) og leses ikke"
    if not os.access(path, os.R_OK):
        return "kan ikke leses (mangler tilgang)"
    return None


def exists(path: Path) -> bool:
    """True when anything has this name, a dangling link included."""
    return os.path.lexists(path)
