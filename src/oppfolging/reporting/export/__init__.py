"""Writers that render a `Report` to a file: XLSX, DOCX, HTML, Markdown and CSV.

`write_report(report, fmt, path)` is the one entry point, shared by the CLI and the app's
export dialog. Where it may write is decided, and the writing done, by `destination`: never
a dataset's own files nor anything but a regular file, an existing file only when asked to
replace it, and never a half-written file: a writer renders into a temporary file (or
folder, for CSV) beside the target, which then replaces the target.
It holds no global state, so it may run in a worker thread; `progress` is called with
fractions from 0 to 1.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from oppfolging.domain.periods import Period
from oppfolging.i18n import language_scope, t
from oppfolging.reporting.report import Report

Progress = Callable[[float], None]
Writer = Callable[[Report, Path, Progress], None]

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportFormat",
    "Progress",
    "default_export_name",
    "format_spec",
    "write_report",
]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its key (`--format`), a label for menus and its file suffix."""

    key: str
    label_key: str
    """The catalogue key of the label (resolved when shown: `label`)."""
    suffix: str
    """The file suffix (`.xlsx`); empty for CSV, which writes a folder of files."""
    module: str
    """The writer module under `oppfolging.reporting.export` (imported on use)."""

    @property
    def label(self) -> str:
        """The label for menus, in the current language ("Excel (.xlsx)")."""
        return t(self.label_key)

    @property
    def is_folder(self) -> bool:
        """True when the output is a folder (CSV: one file per table)."""
        return not self.suffix


FORMATS: dict[str, ExportFormat] = {
    "xlsx": ExportFormat("xlsx", "export.format.xlsx", ".xlsx", "xlsx"),
    "docx": ExportFormat("docx", "export.format.docx", ".docx", "docx"),
    "html": ExportFormat("html", "export.format.html", ".html", "html"),
    "md": ExportFormat("md", "export.format.md", ".md", "markdown"),
    "csv": ExportFormat("csv", "export.format.csv", "", "csv"),
}


class ExportError(Exception):
    """The report could not be written; the message is one Norwegian line."""


def default_export_name(round_: Period, fmt: str, plan_id: str | None = None) -> str:
    """`oppfolging-2026-T1.xlsx`; `oppfolging-2026-T1-csv` (a folder) for CSV."""
    spec = format_spec(fmt)
    stem = f"oppfolging-{round_}" + (f"-{_safe(plan_id)}" if plan_id else "")
    return stem + (spec.suffix or f"-{spec.key}")


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in text)


def format_spec(fmt: str) -> ExportFormat:
    """The format called `fmt`; `ExportError` for an unknown one."""
    try:
        return FORMATS[fmt]
    except KeyError:
        formats = ", ".join(FORMATS)
        raise ExportError(t("report.error.format", fmt=fmt, formats=formats)) from None


def write_report(
    report: Report,
    fmt: str,
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    *,
    replace: bool = False,
    dataset_folder: Path | None = None,
) -> Path:
    """Write `report` as `fmt` to `path` (a folder for CSV); return the absolute path.

    `destination.check_destination` decides first: a dataset's own files (those of
    `dataset_folder` and of any folder that looks like a dataset) and anything that is not
    a regular file are refused; an existing file is replaced only when `replace` is True.
    Raises `ExportError` (`DestinationExistsError` when the file exists) with a one-line
    Norwegian message when it cannot be written.
    """
    from oppfolging.reporting.export.destination import check_destination, place
    from oppfolging.store.fileinfo import os_reason

    spec = format_spec(fmt)
    destination = check_destination(report, fmt, path, dataset_folder)
    module = importlib.import_module(f"oppfolging.reporting.export.{spec.module}")
    writer: Writer = module.write
    report_progress = progress or _no_progress
    try:
        with language_scope(report.language):
            place(
                destination,
                lambda temporary: writer(report, temporary, report_progress),
                replace=replace,
            )
    except OSError as error:
        message = t("report.error.write", path=destination.path, reason=os_reason(error))
        raise ExportError(message) from error
    report_progress(1.0)
    return destination.path


def _no_progress(_fraction: float) -> None:
    """The default progress callback."""
