"""Where an unexpected error's details go when it ends the app: a file beside the personal
settings, so the terminal shows one Norwegian line (and where to find the details for a
bug report) instead of a screenful of traceback with local variables in it."""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

from oppfolging.settings import personal_settings_path


def write_crash_report(error: BaseException, now: datetime | None = None) -> Path | None:
    """Write `error`'s traceback to `krasj-<time>.txt` in the personal settings folder;
    None when even that cannot be written (the one line is still shown)."""
    moment = (now or datetime.now()).strftime("%Y%m%dT%H%M%S")
    try:
        folder = personal_settings_path().parent
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"krasj-{moment}.txt"
        path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    except OSError:
        return None
    return path
