"""The dataset lock: saves (and the recovery of an interrupted save) take turns."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import filelock

from oppfolging.store.errors import StoreError
from oppfolging.store.fileinfo import os_reason

LOCK_NAME = ".oppfolging.lock"


class LockTimeout(StoreError):  # noqa: N818 (the name the callers use)
    """Another user held the dataset lock for longer than the timeout."""


@contextlib.contextmanager
def dataset_lock(folder: Path, timeout: float = 10.0) -> Iterator[None]:
    """Hold the dataset's lock file, so saves by several users on a shared drive queue up."""
    lock = filelock.FileLock(folder / LOCK_NAME, timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout as error:
        message = (
            f"Datasettet er låst av en annen som lagrer (ventet {timeout:g} sekunder); "
            "prøv igjen om litt"
        )
        raise LockTimeout(message) from error
    except OSError as error:
        raise StoreError(f"Kan ikke låse datasettet i {folder}: {os_reason(error)}") from error
    try:
        yield
    finally:
        lock.release()
