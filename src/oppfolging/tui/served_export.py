"""Export in a served session (issue 12): the report goes to the browser as a download.

The export dialog's folder is a folder on the server; a browser user must not write there.
In a served app process the report is written into a private temporary folder of the
process instead, and handed to the browser with `App.deliver_binary` (textual-serve's
download route, which needs the user's session). A CSV export (a folder) goes as a zip.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from pathlib import Path
from typing import Any

from textual.app import App

from oppfolging.tui.access import app_access


def is_served(app: App[Any]) -> bool:
    """True in an app process started by `oppfolging serve` for a logged-in user."""
    return app_access(app).served


@functools.cache
def _private_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="oppfolging-eksport-"))


def served_target(name: str) -> Path:
    """Where a served export is written: the chosen file name in a private temp folder."""
    return _private_folder() / Path(name).name


def deliver(app: App[Any], path: Path) -> None:
    """Send the written report to the browser (a folder as a zip of it)."""
    if path.is_dir():
        archive = shutil.make_archive(str(path), "zip", root_dir=path)
        path = Path(archive)
    app.deliver_binary(path, open_method="download")
