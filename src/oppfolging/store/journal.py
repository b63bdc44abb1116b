"""The save journal: after a kill at any instant a dataset is as it was before a save or as
it is after it, tables and change-log rows alike.

A save (`write.save_edits`, under the dataset lock) first writes every new table, and a new
Parquet log, to fsynced temporary files beside them. Then `commit` writes
`.oppfolging-journal.json` atomically (temporary file, fsync, rename, fsync of the folder):

    {"oppfolging_journal": 3,
     "replace": [{"temp": ".measures.csv.k3j9.oppfolging-tmp", "target": "measures.csv"}],
     "append": [{"file": "values.csv", "size": 57123390, "text": "pg-i1.1;2026-T2;…\\r\\n"},
                {"file": "changes.csv", "size": 18234, "text": "2026-…\\n"}],
     "patch": [{"file": "values.csv", "original": ".values.csv.x8q.oppfolging-tmp",
                "size": 57123390,
                "parts": [[0, 4410], "pg-i1.1;2026-T1;36\\r\\n", [4431, 57123390]]}]}

That rename is the commit point. A CSV table the save only adds rows to is appended to,
like the log, instead of written again (`rowpatch.appended_records`). A CSV table whose
records the save changes can, instead of a temporary file, be given as a patch: its new
bytes as ranges of the file as read and new records (`rowpatch.patch_recipe`), with a
second name (a hard link) of the file as read, `original`; then the 57 MB of a values file
at 1M values are written after the commit, not before it (`write.completing_later`).
Without a journal the
save never happened: its temporary files (and links) are stale and are removed. With one,
`roll_forward` completes it: it replaces every table whose temporary file is still there,
cuts each appended file back to the size it had and appends the save's text, builds each
patched file from its `original` while that is there (then removes it), so doing it again
gives the same files, fsyncs, and deletes the journal. Journals of versions 1 and 2 (no
patches; version 1 appends to the log only) are still completed. `recover` does this for a
journal left by a killed save, under the lock, whenever a dataset is saved;
`recover_for_reading` does it when a dataset is opened.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from oppfolging.domain.schema import TABLES
from oppfolging.i18n import t
from oppfolging.store.atomic import (
    TEMP_SUFFIX,
    Replacement,
    check_target,
    describe_os_error,
    fsync_folder,
    remove_stale_temp_files,
    write_temp_bytes,
)
from oppfolging.store.changelog import Append, apply_append, cut_line_start, repair_cut_line
from oppfolging.store.errors import StoreError
from oppfolging.store.lock import dataset_lock
from oppfolging.store.model import Problem

JOURNAL_NAME = ".oppfolging-journal.json"
_VERSION = 3
_APPENDABLE = {f"{name}.csv" for name in TABLES}
"""The files a journal may append to: the CSV tables of the folder and the CSV log."""


@dataclass(frozen=True)
class Patch:
    """A CSV table to build again from its own bytes as read, with some records changed.

    `original` is a second name (hard link) of the file as the save read it (`size` bytes),
    kept until the new file has replaced `file`: so completing again after a kill starts
    from the same bytes, and a missing `original` means the patch is done."""

    file: str
    original: str
    size: int
    parts: tuple[tuple[int, int] | str, ...]
    """Ranges of `original`'s bytes and new text, one after the other."""


@dataclass(frozen=True)
class Journal:
    """What a committed save still has to do: replace tables, append to CSV files, build
    patched CSV tables."""

    replacements: tuple[Replacement, ...]
    appends: tuple[Append, ...]
    patches: tuple[Patch, ...] = ()


# --- a save -----------------------------------------------------------------------------


def commit(folder: Path, journal: Journal) -> None:
    """Write the journal atomically; once this returns, the save will be completed."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=f"{JOURNAL_NAME}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(json.dumps(_to_json(journal), ensure_ascii=False).encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(name, folder / JOURNAL_NAME)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    fsync_folder(folder)


def is_committed(folder: Path) -> bool:
    """Whether a journal is there (a save committed and not yet completed)."""
    return os.path.lexists(folder / JOURNAL_NAME)


def roll_forward(folder: Path, journal: Journal) -> None:
    """Complete a committed save; safe to repeat after a kill at any point."""
    replace_and_append(folder, journal)
    build_patches(folder, journal)


def replace_and_append(folder: Path, journal: Journal) -> None:
    """The quick part of completing a save: its renames and appends (the log's rows)."""
    for replacement in journal.replacements:
        if os.path.lexists(replacement.temp):
            check_target(replacement.target)
            os.replace(replacement.temp, replacement.target)
    for append in journal.appends:
        apply_append(folder, append)


def build_patches(
    folder: Path, journal: Journal, originals: dict[str, bytes] | None = None
) -> None:
    """The rest of completing a save: build each patched file (from `originals[file]`, the
    bytes the save read, when given: they are `original`'s), then delete the journal."""
    for patch in journal.patches:
        _build_patch(folder, patch, (originals or {}).get(patch.file))
    fsync_folder(folder)
    os.unlink(folder / JOURNAL_NAME)
    fsync_folder(folder)


def _build_patch(folder: Path, patch: Patch, data: bytes | None) -> None:
    """Write `patch.file` from its original's bytes and the new text, then remove the
    original's name (done: the original is gone)."""
    original = folder / patch.original
    if not os.path.lexists(original):
        if not _is_built(folder / patch.file, patch):
            raise StoreError(t("store.journal_unreadable", name=JOURNAL_NAME))
        return
    if data is None:
        data = original.read_bytes()
    if len(data) != patch.size:
        raise StoreError(t("store.file_shorter", file=patch.file))
    view = memoryview(data)
    pieces = [
        view[part[0] : part[1]] if isinstance(part, tuple) else part.encode("utf-8")
        for part in patch.parts
    ]
    target = folder / patch.file
    check_target(target)
    temp = write_temp_bytes(target, pieces)
    os.replace(temp, target)
    fsync_folder(folder)
    os.unlink(original)


def _is_built(target: Path, patch: Patch) -> bool:
    """Whether `target` is the file `patch` builds: its size, and each new text at its place.

    With the original's second name gone the patch is done, unless someone else (a sync
    client, a clean-up) removed that name before the file was built: then the table does
    not hold the save's records and completing the rest (the log) would make them disagree.
    """
    try:
        with target.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size != _built_size(patch):
                return False
            offset = 0
            for part in patch.parts:
                if isinstance(part, tuple):
                    offset += part[1] - part[0]
                    continue
                text = part.encode("utf-8")
                stream.seek(offset)
                if stream.read(len(text)) != text:
                    return False
                offset += len(text)
    except OSError:
        return False
    return True


def _built_size(patch: Patch) -> int:
    return sum(
        part[1] - part[0] if isinstance(part, tuple) else len(part.encode("utf-8"))
        for part in patch.parts
    )


def complete(folder: Path, journal: Journal, originals: dict[str, bytes] | None = None) -> None:
    """`roll_forward` right after `commit`; a failure leaves the journal for the next open."""
    with save_pending_on_error():
        replace_and_append(folder, journal)
        build_patches(folder, journal, originals)


@contextlib.contextmanager
def save_pending_on_error() -> Iterator[None]:
    """A failed step of completing a committed save as `StoreError`: the save is pending
    (the journal is left for the next open or save)."""
    try:
        yield
    except (OSError, StoreError) as error:
        reason = describe_os_error(error) if isinstance(error, OSError) else str(error)
        raise StoreError(t("store.save_pending", reason=reason)) from error


# --- recovery ---------------------------------------------------------------------------

_own = threading.local()
"""The folders (resolved) whose journal this thread committed and completes later."""


def mark_own_pending(folder: Path, pending: bool) -> None:
    """Say that the journal in `folder` is this thread's own save, left to complete later
    (`write.completing_later`): a read in the meantime completes it without a notice, as
    no save was interrupted."""
    own: set[Path] = _own.__dict__.setdefault("folders", set())
    if pending:
        own.add(folder.resolve())
    else:
        own.discard(folder.resolve())


def _is_own_pending(folder: Path) -> bool:
    return folder.resolve() in _own.__dict__.get("folders", set())


def recover(folder: Path, now: datetime) -> list[Problem]:
    """Under the lock: complete a committed save, remove stale temporary files and repair a
    cut-off last log line. Returns notices to show once (never problems)."""
    notices: list[Problem] = []
    if is_committed(folder):
        own = _is_own_pending(folder)
        roll_forward(folder, read_journal(folder))
        if not own:
            notices.append(Problem(JOURNAL_NAME, 0, "", t("store.save_completed")))
    remove_stale_temp_files(folder)
    return notices + repair_cut_line(folder, now)


def recover_for_reading(folder: Path) -> tuple[list[Problem], list[Problem]]:
    """`recover` for a reader, only when there is something to recover: (notices, problems).

    When the lock cannot be taken or the folder cannot be written, nothing is changed and
    a problem says that a save is pending."""
    if not is_committed(folder) and cut_line_start(folder) is None:
        return [], []
    try:
        with dataset_lock(folder):
            return recover(folder, datetime.now()), []
    except (OSError, StoreError) as error:
        reason = describe_os_error(error) if isinstance(error, OSError) else str(error)
        if not is_committed(folder):
            message = t("store.cut_line_pending", reason=reason)
            return [], [Problem("changes.csv", 0, "", message)]
        message = t("store.save_interrupted", reason=reason)
        return [], [Problem(JOURNAL_NAME, 0, "", message)]


# --- the file ---------------------------------------------------------------------------


def read_journal(folder: Path) -> Journal:
    """The journal in `folder`; `StoreError` when it is not one this version wrote."""
    if not (folder / JOURNAL_NAME).is_file():  # a FIFO would block the reader
        raise StoreError(t("store.journal_unreadable", name=JOURNAL_NAME))
    try:
        data = json.loads((folder / JOURNAL_NAME).read_bytes().decode("utf-8"))
        return _from_json(folder, data)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise StoreError(t("store.journal_unreadable", name=JOURNAL_NAME)) from error


def _to_json(journal: Journal) -> dict[str, Any]:
    replace = [{"temp": r.temp.name, "target": r.target.name} for r in journal.replacements]
    append = [{"file": a.file, "size": a.size, "text": a.text} for a in journal.appends]
    patch = [
        {"file": p.file, "original": p.original, "size": p.size, "parts": list(p.parts)}
        for p in journal.patches
    ]
    return {"oppfolging_journal": _VERSION, "replace": replace, "append": append, "patch": patch}


def _from_json(folder: Path, data: dict[str, Any]) -> Journal:
    """The journal, with every name checked: only a table of this folder is replaced or
    appended to."""
    version = data["oppfolging_journal"]
    if version not in (1, 2, _VERSION):
        raise ValueError("unknown journal version")
    replacements = []
    for item in data["replace"]:
        temp, target = _plain_name(item["temp"]), _plain_name(item["target"])
        stem, _, fmt = target.rpartition(".")
        if not temp.endswith(TEMP_SUFFIX) or stem not in TABLES or fmt not in ("csv", "parquet"):
            raise ValueError(f"not a table: {target}")
        replacements.append(Replacement(folder / temp, folder / target))
    items = data["append"]
    if version == 1:  # one append, to the log, or none
        items = [] if items is None else [items]
        if any(item["file"] != "changes.csv" for item in items):
            raise ValueError("not the change log")
    appends = [_append(item) for item in items]
    patches = [_patch(item) for item in data["patch"]] if version >= 3 else []
    return Journal(tuple(replacements), tuple(appends), tuple(patches))


def _append(item: dict[str, Any]) -> Append:
    if item["file"] not in _APPENDABLE or not isinstance(item["size"], int):
        raise ValueError(f"not a CSV table: {item['file']!r}")
    return Append(item["file"], item["size"], str(item["text"]))


def _patch(item: dict[str, Any]) -> Patch:
    """A patch of a CSV table of the folder, from its own original (a temporary name), with
    every range within it."""
    file, original, size = item["file"], _plain_name(item["original"]), item["size"]
    if file not in _APPENDABLE or not original.endswith(TEMP_SUFFIX) or type(size) is not int:
        raise ValueError(f"not a CSV table: {file!r}")
    parts: list[tuple[int, int] | str] = []
    for part in item["parts"]:
        if isinstance(part, str):
            parts.append(part)
            continue
        start, end = part
        if type(start) is not int or type(end) is not int or not 0 <= start <= end <= size:
            raise ValueError(f"not a CSV table: {file!r}")
        parts.append((start, end))
    return Patch(file, original, size, tuple(parts))


def _plain_name(name: object) -> str:
    """`name` when it is a file name in the folder itself (no path, no `..`)."""
    if not isinstance(name, str) or Path(name).name != name or name in ("", ".", ".."):
        raise ValueError(f"not a file name: {name!r}")
    return name
