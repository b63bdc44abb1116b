"""Where an export may write, and writing there all or nothing.

`check_destination` decides, without writing: it refuses a dataset's own files (its tables,
`oppfolging.toml`, the lock and the tool's other hidden files, also when reached through a
symbolic link, another letter case or a second name for the same file), refuses anything that
is not a regular file (a folder, a device, a FIFO, a socket), and lists the files the export
would replace. `place` writes: into a temporary file (or folder, for CSV) beside the target,
fsynced, then moved into place with `os.replace`, so a failed export never leaves half a
report nor destroys the previous one. Without `replace` an existing file is never replaced,
not even one that appears while the report is written.

`write_report` (the CLI and the export dialog both call it) runs the two in turn; the dialog
calls `check_destination` first to ask before replacing.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from oppfolging.domain.schema import TABLES
from oppfolging.i18n import t
from oppfolging.reporting.export import ExportError, format_spec
from oppfolging.reporting.export._common import file_tables
from oppfolging.reporting.report import Report
from oppfolging.settings import SETTINGS_FILE
from oppfolging.store.atomic import TEMP_SUFFIX, fsync_folder, new_file_mode, new_folder_mode
from oppfolging.store.fileinfo import os_reason

__all__ = [
    "Destination",
    "DestinationError",
    "DestinationExistsError",
    "check_destination",
    "is_dataset_file_name",
    "place",
]

Render = Callable[[Path], None]
"""Writes the report into the temporary file or folder it is given."""

_DATASET_FILES = frozenset(
    [f"{name}.{suffix}" for name in TABLES for suffix in ("csv", "parquet")] + [SETTINGS_FILE]
)
_DATASET_MARKERS = ("plans.csv", "plans.parquet", SETTINGS_FILE)
"""A folder holding one of these is a dataset folder."""
_TOOL_PREFIXES = (".oppfolging", "oppfolging.")
"""The tool's own files in a dataset folder: the lock, the settings, temporary files."""


class DestinationError(ExportError):
    """The export may not write there; the message is one Norwegian line."""


class DestinationExistsError(DestinationError):
    """The target exists and replacing it was not allowed."""

    def __init__(self, path: Path) -> None:
        super().__init__(t("export.exists", path=path))
        self.path = path


@dataclass(frozen=True)
class Destination:
    """Where a report would be written, once checked."""

    path: Path
    """The absolute target: a file, or the folder of CSV files."""
    is_folder: bool
    """True for CSV (a folder with one file per table)."""
    files: tuple[Path, ...]
    """Every file the export writes (the target itself, or the CSV files in it)."""
    existing: tuple[Path, ...]
    """Those of `files` that exist already and would be replaced."""


def check_destination(
    report: Report, fmt: str, path: str | os.PathLike[str], dataset_folder: Path | None = None
) -> Destination:
    """Decide whether `report` as `fmt` may be written to `path`; nothing is written.

    Raises `DestinationError` when it may not (a dataset's own file, not a regular file)
    and `ExportError` when the place cannot be examined.
    """
    spec = format_spec(fmt)
    target = Path(os.path.abspath(Path(path).expanduser()))
    try:
        if spec.is_folder:
            _check_folder(target, dataset_folder)
            files = tuple(target / f"{table.key}.csv" for table in file_tables(report))
        else:
            files = (target,)
        for file in files:
            _check_file(file, dataset_folder)
        existing = tuple(file for file in files if os.path.lexists(file))
    except OSError as error:
        raise ExportError(t("report.error.write", path=target, reason=os_reason(error))) from error
    except ValueError as error:  # a NUL character in the name
        message = t("report.error.write", path=target, reason=t("export.invalid_name"))
        raise ExportError(message) from error
    return Destination(target, spec.is_folder, files, existing)


def is_dataset_file_name(name: str) -> bool:
    """True for a name a dataset folder uses for itself (`values.csv`, `VALUES.CSV`, …)."""
    folded = name.rstrip(". ").casefold()  # Windows drops trailing dots and spaces
    return (
        folded in _DATASET_FILES
        or folded.startswith(_TOOL_PREFIXES)
        or (folded.endswith(TEMP_SUFFIX))
    )


def _check_file(file: Path, dataset_folder: Path | None) -> None:
    if _is_dataset_file(file, dataset_folder):
        raise DestinationError(t("export.refused.dataset_file", path=file))
    try:
        mode = file.stat().st_mode  # follows a symbolic link to what it points at
    except FileNotFoundError:
        return  # nothing there (or a dangling link, which is replaced, not followed)
    if not stat.S_ISREG(mode):
        raise DestinationError(t("export.refused.not_file", path=file, kind=_kind(mode)))


def _check_folder(folder: Path, dataset_folder: Path | None) -> None:
    if os.path.lexists(folder) and not folder.is_dir():
        raise DestinationError(t("export.refused.not_folder", path=folder))
    if folder.is_dir() and _is_dataset_folder(folder, dataset_folder):
        raise DestinationError(t("export.refused.dataset_folder", path=folder))


def _is_dataset_file(file: Path, dataset_folder: Path | None) -> bool:
    """`file` is (or leads to) a dataset's own file, under any of its names."""
    places = {file, Path(os.path.realpath(file.parent)) / file.name, Path(os.path.realpath(file))}
    if any(
        is_dataset_file_name(place.name) and _is_dataset_folder(place.parent, dataset_folder)
        for place in places
    ):
        return True
    return dataset_folder is not None and _is_same_as_any(file, _own_files(dataset_folder))


def _is_dataset_folder(folder: Path, dataset_folder: Path | None) -> bool:
    if dataset_folder is not None and _same_file(folder, dataset_folder):
        return True
    return any(os.path.lexists(folder / marker) for marker in _DATASET_MARKERS)


def _own_files(folder: Path) -> list[Path]:
    try:
        return [entry for entry in folder.iterdir() if is_dataset_file_name(entry.name)]
    except OSError:
        return []


def _is_same_as_any(file: Path, others: Iterable[Path]) -> bool:
    """True when `file` exists and is one of `others` (a hard link, another spelling)."""
    return any(_same_file(file, other) for other in others)


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def _kind(mode: int) -> str:
    """A Norwegian word for what a non-regular file is."""
    if stat.S_ISDIR(mode):
        return t("export.kind.folder")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return t("export.kind.device")
    if stat.S_ISFIFO(mode):
        return t("export.kind.fifo")
    if stat.S_ISSOCK(mode):
        return t("export.kind.socket")
    return t("export.kind.other")


# --- writing -----------------------------------------------------------------------------


def place(destination: Destination, render: Render, *, replace: bool = False) -> None:
    """Write through `render` into a temporary file or folder, then move it into place.

    Raises `DestinationExistsError` when a file exists (or appears meanwhile) and `replace` is
    False, and `OSError` when writing fails; the old output is then left as it was.
    """
    if destination.existing and not replace:
        raise DestinationExistsError(destination.existing[0])
    if destination.is_folder:
        _place_folder(destination.path, render, replace=replace)
    else:
        _place_file(destination.path, render, replace=replace)


def _place_file(target: Path, render: Render, *, replace: bool) -> None:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        render(temporary)
        _fsync(temporary)
        os.chmod(temporary, _target_mode(target, new_file_mode()))
        _move(temporary, target, replace=replace)
    finally:
        temporary.unlink(missing_ok=True)
    fsync_folder(target.parent)


def _place_folder(target: Path, render: Render, *, replace: bool) -> None:
    """Write into a temporary folder, then move it (or its files) into place."""
    temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        render(temporary)
        file_mode = new_file_mode()
        for file in temporary.iterdir():
            _fsync(file)
            os.chmod(file, _target_mode(target / file.name, file_mode))
        if not target.exists():
            os.chmod(temporary, new_folder_mode())
            os.replace(temporary, target)
        else:
            for file in sorted(temporary.iterdir()):
                _move(file, target / file.name, replace=replace)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    fsync_folder(target)


def _move(source: Path, target: Path, *, replace: bool) -> None:
    """`os.replace`; without `replace`, a hard link that fails if `target` exists.

    Where hard links are not supported (some network drives), it checks, then renames.
    """
    if replace:
        os.replace(source, target)
        return
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise DestinationExistsError(target) from None
    except OSError:
        if os.path.lexists(target):
            raise DestinationExistsError(target) from None
        os.replace(source, target)
        return
    source.unlink()


def _target_mode(target: Path, default: int) -> int:
    """The mode the written file gets: an existing target's, else the usual new-file mode
    (the temporary file was made private by mkstemp/mkdtemp)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return default


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
