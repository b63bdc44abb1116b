"""The first overview as it was last shown, to paint before the tables are read.

The app keeps what its start overview showed — every text and the table cells, already
formatted — in a small JSON file in the user's cache folder. On the next start it paints
that at once and reads the dataset behind it; the real overview replaces the picture as
soon as it is built. A picture is used only under the same key: the dataset's fingerprint
(every data file by size, times, inode and a hash: `oppfolging.fingerprint`), the locked
rounds' snapshots, the code, the date that counts as today, the round asked for, the
language, the colour palette and what the user may see. Anything else — a changed byte in
any file, a file added or removed, another day — and the picture is not shown. A damaged
or unreadable file is ignored, and a failed write only costs the next start its speed.

No polars, no store, no textual: deciding whether to paint must cost next to nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from oppfolging import __version__
from oppfolging.cachedir import enabled, entry_folder
from oppfolging.fingerprint import dataset_fingerprint

FORMAT_VERSION = 2
"""Raised when what a picture holds, or how, changes."""
ENV_PICTURE = "OPPFOLGING_PICTURE"
"""`0` turns the picture off (the cache stays on); the test suite does, except in the
picture's own tests, so that the other tests see the overview built from the files."""
PICTURE_FILE = "overview-picture.json"
MAX_ROWS = 200
"""Rows kept per table: more than any terminal shows before the real table replaces it."""
LOCK_SNAPSHOTS = ".oppfolging-snapshots"
"""Locked rounds' snapshots (`store.snapshot.SNAPSHOT_DIR`): a Δ mark depends on them."""


@dataclass(frozen=True)
class TablePicture:
    """One table as shown: its column headers, its first rows' cells (markup built by
    `tui.views`, dataset text escaped) and their row keys."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    keys: tuple[str, ...]
    widths: tuple[int, ...] = ()
    """Each column's widest cell over all the table's rows, not only the kept ones, as the
    overview's table measures it (so the picture's columns are as wide as the real ones);
    empty: measure the kept rows."""


@dataclass(frozen=True)
class OverviewPicture:
    """Everything the overview shows for its first round, as text."""

    title: str
    sub_title: str
    round_previous: str
    """Markup of the `◀ [` before the round (dimmed when there is no earlier round)."""
    round_label: str
    round_next: str
    round_extra: str
    completeness_bar: str
    lock_text: str
    legend: tuple[str, ...]
    """Markup items of the status legend."""
    filter_line: str
    plan_name: str
    """The name of the plan whose focus areas are shown."""
    attention_count: int
    attention_filters: str
    plans: TablePicture
    focus_areas: TablePicture
    attention: TablePicture


def picture_key(
    folder: Path,
    *,
    as_of: str,
    round_: str,
    language: str,
    dark: bool,
    access: str,
) -> str:
    """The key a picture is kept under: equal only while nothing that decides what the
    overview shows has changed (see the module docstring)."""
    parts = (
        str(FORMAT_VERSION),
        __version__,
        code_fingerprint(),
        dataset_fingerprint(folder),
        lock_snapshots_fingerprint(folder),
        as_of,
        round_,
        language,
        "dark" if dark else "light",
        access,
    )
    return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


@cache
def code_fingerprint() -> str:
    """Every module, catalogue and style sheet of the installed package (path, size and
    modification time): a picture made by other code is never shown."""
    package = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.blake2b(digest_size=12)
    for directory, subfolders, files in os.walk(package):
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".po", ".tcss")):
                stat = os.stat(os.path.join(directory, name))
                where = os.path.relpath(os.path.join(directory, name), package)
                digest.update(f"{where}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def lock_snapshots_fingerprint(folder: Path) -> str:
    """The locked rounds' snapshot files (path, size, times): a snapshot written, removed
    or replaced changes it."""
    digest = hashlib.blake2b(digest_size=12)
    root = folder / LOCK_SNAPSHOTS
    for directory, subfolders, files in sorted(os.walk(root)):
        subfolders.sort()
        for name in sorted(files):
            path = Path(directory) / name
            try:
                stat = path.stat()
            except OSError:
                continue
            parts = (path.relative_to(root), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
            digest.update(":".join(str(part) for part in parts).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def picture_enabled() -> bool:
    """False when caching is off (`OPPFOLGING_CACHE=0`) or `$OPPFOLGING_PICTURE` is `0`."""
    off = os.environ.get(ENV_PICTURE, "").strip().lower() in {"0", "off", "no", "false"}
    return enabled() and not off


def picture_path(folder: Path) -> Path:
    """Where the picture of dataset `folder` is kept (beside its validated cache)."""
    return entry_folder(folder) / PICTURE_FILE


def read_picture(folder: Path, key: str) -> OverviewPicture | None:
    """The picture kept under `key`, or None (none, another key, damaged, caching off)."""
    if not picture_enabled():
        return None
    try:
        stored = json.loads(picture_path(folder).read_text(encoding="utf-8"))
        if not isinstance(stored, dict) or stored.get("key") != key:
            return None
        return _picture_from(stored["picture"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_picture(folder: Path, key: str, picture: OverviewPicture) -> None:
    """Keep `picture` under `key`, replacing the file as a whole (never half-written); a
    write that fails is ignored."""
    if not picture_enabled():
        return
    path = picture_path(folder)
    text = json.dumps({"key": key, "picture": asdict(picture)}, ensure_ascii=False)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def picture_table(
    columns: list[str],
    rows: list[tuple[Any, ...]],
    keys: list[str],
    widths: list[int] | None = None,
) -> TablePicture:
    """A table's picture: at most `MAX_ROWS` rows, every cell as text."""
    kept = rows[:MAX_ROWS]
    cells = tuple(tuple("" if cell is None else str(cell) for cell in row) for row in kept)
    kept_keys = tuple(str(key) for key in keys[: len(kept)])
    return TablePicture(tuple(columns), cells, kept_keys, tuple(widths or ()))


def _picture_from(raw: Any) -> OverviewPicture:
    """An `OverviewPicture` from its JSON, every field checked (`TypeError` otherwise)."""
    if not isinstance(raw, dict):
        raise TypeError("picture")
    values: dict[str, Any] = {}
    for field in fields(OverviewPicture):
        value = raw[field.name]
        if field.name in {"plans", "focus_areas", "attention"}:
            values[field.name] = _table_from(value)
        elif field.name == "legend":
            values[field.name] = _strings(value)
        elif field.name == "attention_count":
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(field.name)
            values[field.name] = value
        elif isinstance(value, str):
            values[field.name] = value
        else:
            raise TypeError(field.name)
    return OverviewPicture(**values)


def _table_from(raw: Any) -> TablePicture:
    if not isinstance(raw, dict):
        raise TypeError("table")
    columns = _strings(raw["columns"])
    rows = tuple(_strings(row) for row in _list(raw["rows"]))
    keys = _strings(raw["keys"])
    widths = tuple(_list(raw["widths"]))
    if len(keys) != len(rows) or any(len(row) != len(columns) for row in rows):
        raise TypeError("table shape")
    if widths and (len(widths) != len(columns) or not all(_is_count(w) for w in widths)):
        raise TypeError("widths")
    return TablePicture(columns, rows, keys, widths)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _list(raw: Any) -> list[Any]:
    if not isinstance(raw, list):
        raise TypeError("list")
    return raw


def _strings(raw: Any) -> tuple[str, ...]:
    items = _list(raw)
    if not all(isinstance(item, str) for item in items):
        raise TypeError("strings")
    return tuple(items)
