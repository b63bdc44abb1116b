"""The dataset lock: saves (and the recovery of an interrupted save) take turns.

The lock is re-entrant within a thread: a step that must hold it across several saves (a
round's lock writes its snapshot and its lock event under one hold, `registration.rounds`)
takes it once, and the saves inside pass through without taking it again.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import filelock

from oppfolging.i18n import t
from oppfolging.store.errors import StoreError
from oppfolging.store.fileinfo import os_reason

LOCK_NAME = ".oppfolging.lock"

_held = threading.local()
"""Per thread: each folder's held lock and how many holds it has (`dataset_lock` is
re-entrant)."""


class LockTimeout(StoreError):  # noqa: N818 (the name the callers use)
    """Another user held the dataset lock for longer than the timeout."""


@dataclass
class _Hold:
    lock: filelock.FileLock
    count: int = 0


def _holds() -> dict[Path, _Hold]:
    holds: dict[Path, _Hold] = _held.__dict__.setdefault("holds", {})
    return holds


@contextlib.contextmanager
def dataset_lock(folder: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the dataset's lock file, so saves by several users on a shared drive queue up.
    A thread that already holds it holds it once more; the lock file is released when the
    thread's last hold ends."""
    key = folder.resolve()
    holds = _holds()
    if key not in holds:
        holds[key] = _Hold(_acquired(folder, timeout))
    holds[key].count += 1
    try:
        yield
    finally:
        _release(key)


def extra_hold(folder: Path) -> Callable[[], None]:
    """One more hold of the lock this thread holds now on `folder`, ended by calling the
    returned function (in this thread) — also after the `dataset_lock` block it was taken
    in has ended: a save that leaves work for later keeps the folder locked until it is
    done (`write.completing_later`)."""
    key = folder.resolve()
    _holds()[key].count += 1  # KeyError: the thread does not hold it
    return lambda: _release(key)


def _release(key: Path) -> None:
    holds = _holds()
    hold = holds[key]
    hold.count -= 1
    if hold.count == 0:
        del holds[key]
        hold.lock.release()


def _acquired(folder: Path, timeout: float) -> filelock.FileLock:
    """The lock file, acquired (not re-entrant: another process or thread waits)."""
    lock = filelock.FileLock(folder / LOCK_NAME, timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout as error:
        message = t("store.lock_busy", seconds=f"{timeout:g}")
        raise LockTimeout(message) from error
    except OSError as error:
        raise StoreError(t("store.lock_failed", folder=folder, reason=os_reason(error))) from error
    return lock
