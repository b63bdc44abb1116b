"""The dataset lock: saves (and the recovery of an interrupted save) take turns.

The lock is re-entrant within a thread: a step that must hold it across several saves (a
round's lock writes its snapshot and its lock event under one hold, `registration.rounds`)
takes it once, and the saves inside pass through without taking it again.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import filelock

from oppfolging.i18n import t
from oppfolging.store.errors import StoreError
from oppfolging.store.fileinfo import os_reason

LOCK_NAME = ".oppfolging.lock"

_held = threading.local()
"""Per thread: how many times each folder's lock is held (`dataset_lock` is re-entrant)."""


class LockTimeout(StoreError):  # noqa: N818 (the name the callers use)
    """Another user held the dataset lock for longer than the timeout."""


@contextlib.contextmanager
def dataset_lock(folder: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the dataset's lock file, so saves by several users on a shared drive queue up.
    A thread that already holds it holds it once more (released with the outermost)."""
    counts: dict[Path, int] = _held.__dict__.setdefault("counts", {})
    key = folder.resolve()
    if counts.get(key):
        counts[key] += 1
        try:
            yield
        finally:
            counts[key] -= 1
        return
    with _file_lock(folder, timeout):
        counts[key] = 1
        try:
            yield
        finally:
            del counts[key]


@contextlib.contextmanager
def _file_lock(folder: Path, timeout: float) -> Iterator[None]:
    """The lock file itself (not re-entrant: another process or thread waits)."""
    lock = filelock.FileLock(folder / LOCK_NAME, timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout as error:
        message = t("store.lock_busy", seconds=f"{timeout:g}")
        raise LockTimeout(message) from error
    except OSError as error:
        raise StoreError(t("store.lock_failed", folder=folder, reason=os_reason(error))) from error
    try:
        yield
    finally:
        lock.release()
