"""Writers that render a `Report` to a file: XLSX, DOCX, HTML, Markdown and CSV.

`write_report(report, fmt, path)` is the one entry point, shared by the CLI and the app's
export dialog. It never leaves a half-written file behind: a writer renders into a
temporary file (or folder, for CSV) beside the target, which then replaces the target.
It holds no global state, so it may run in a worker thread; `progress` is called with
fractions from 0 to 1.
"""

from __future__ import annotations

import errno
import importlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from oppfolging.domain.periods import Period
from oppfolging.i18n import t
from oppfolging.reporting.report import Report
from oppfolging.store.atomic import new_file_mode, new_folder_mode

Progress = Callable[[float], None]
Writer = Callable[[Report, Path, Progress], None]

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportFormat",
    "Progress",
    "default_export_name",
    "write_report",
]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its key (`--format`), a label for menus and its file suffix."""

    key: str
    label: str
    suffix: str
    """The file suffix (`.xlsx`); empty for CSV, which writes a folder of files."""
    module: str
    """The writer module under `oppfolging.reporting.export` (imported on use)."""

    @property
    def is_folder(self) -> bool:
        """True when the output is a folder (CSV: one file per table)."""
        return not self.suffix


FORMATS: dict[str, ExportFormat] = {
    "xlsx": ExportFormat("xlsx", "Excel (.xlsx)", ".xlsx", "xlsx"),
    "docx": ExportFormat("docx", "Word (.docx)", ".docx", "docx"),
    "html": ExportFormat("html", "Nettside (.html)", ".html", "html"),
    "md": ExportFormat("md", "Markdown (.md)", ".md", "markdown"),
    "csv": ExportFormat("csv", "CSV for Excel (mappe med én fil per tabell)", "", "csv"),
}


class ExportError(Exception):
    """The report could not be written; the message is one Norwegian line."""


def default_export_name(round_: Period, fmt: str, plan_id: str | None = None) -> str:
    """`oppfolging-2026-T1.xlsx`; `oppfolging-2026-T1-csv` (a folder) for CSV."""
    spec = _format(fmt)
    stem = f"oppfolging-{round_}" + (f"-{_safe(plan_id)}" if plan_id else "")
    return stem + (spec.suffix or f"-{spec.key}")


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)


def _format(fmt: str) -> ExportFormat:
    try:
        return FORMATS[fmt]
    except KeyError:
        formats = ", ".join(FORMATS)
        raise ExportError(t("report.error.format", fmt=fmt, formats=formats)) from None


def write_report(
    report: Report, fmt: str, path: str | os.PathLike[str], progress: Progress | None = None
) -> Path:
    """Write `report` as `fmt` to `path` (a folder for CSV); return the absolute path.

    Raises `ExportError` with a one-line Norwegian message when it cannot be written.
    """
    spec = _format(fmt)
    target = Path(os.path.abspath(Path(path).expanduser()))
    module = importlib.import_module(f"oppfolging.reporting.export.{spec.module}")
    writer: Writer = module.write
    report_progress = progress or _no_progress
    try:
        if spec.is_folder:
            _write_folder(writer, report, target, report_progress)
        else:
            _write_file(writer, report, target, report_progress)
    except OSError as error:
        raise ExportError(t("report.error.write", path=target, reason=_reason(error))) from error
    report_progress(1.0)
    return target


def _no_progress(_fraction: float) -> None:
    """The default progress callback."""


def _write_file(writer: Writer, report: Report, target: Path, progress: Progress) -> None:
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        writer(report, temporary, progress)
        _fsync(temporary)
        os.chmod(temporary, _target_mode(target, new_file_mode()))
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _write_folder(writer: Writer, report: Report, target: Path, progress: Progress) -> None:
    """Write into a temporary folder, then move it (or its files) into place."""
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target))
    temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        writer(report, temporary, progress)
        file_mode = new_file_mode()
        for file in temporary.iterdir():
            _fsync(file)
            os.chmod(file, _target_mode(target / file.name, file_mode))
        if not target.exists():
            os.chmod(temporary, new_folder_mode())
            os.replace(temporary, target)
            return
        for file in sorted(temporary.iterdir()):
            os.replace(file, target / file.name)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


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


_REASONS = {
    errno.ENOENT: "mappen finnes ikke",
    errno.EACCES: "ingen skrivetilgang",
    errno.EPERM: "ingen skrivetilgang",
    errno.EROFS: "skrivebeskyttet filsystem",
    errno.ENOSPC: "disken er full",
    errno.EISDIR: "det er en mappe",
    errno.ENOTDIR: "det er ikke en mappe",
}


def _reason(error: OSError) -> str:
    """A short Norwegian reason for an OS error."""
    return _REASONS.get(error.errno or 0) or error.strerror or str(error)
