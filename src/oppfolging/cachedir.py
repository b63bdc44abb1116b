"""Where oppfolging keeps what it may compute again: the user's cache folder.

No polars and no store: the app looks here (for a display snapshot) before it has decided
to read any table. `OPPFOLGING_CACHE=0` turns every cache off; `OPPFOLGING_CACHE_DIR`
moves the folder.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ENV_CACHE = "OPPFOLGING_CACHE"
ENV_CACHE_DIR = "OPPFOLGING_CACHE_DIR"


def enabled() -> bool:
    """False when `$OPPFOLGING_CACHE` is `0`, `off`, `no` or `false`."""
    return os.environ.get(ENV_CACHE, "").strip().lower() not in {"0", "off", "no", "false"}


def cache_root() -> Path:
    """`$OPPFOLGING_CACHE_DIR`, else the user's cache folder."""
    override = os.environ.get(ENV_CACHE_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("oppfolging", appauthor=False) / "datasett"


def entry_folder(folder: Path) -> Path:
    """Where the cache of dataset `folder` lives (one entry per dataset folder)."""
    key = hashlib.blake2b(str(folder.resolve()).encode("utf-8", "surrogateescape"), digest_size=12)
    return cache_root() / key.hexdigest()
