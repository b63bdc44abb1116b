"""A locked round's snapshot: every table as it was when the round was locked.

`.oppfolging-snapshots/<round>/<seq>/` beside the tables (`seq` is the lock event's number)
holds each table as Parquet, a copy of `oppfolging.toml`, and `manifest.json` with the
SHA-256 of each file. It is written in a temporary folder and renamed into place, so a
kill at any instant leaves either the whole snapshot or none (a temporary folder left
behind is removed by the next snapshot). `open_round` gives the live dataset for a round
that is not locked and the snapshot for one that is.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from oppfolging.domain.roundlock import LockInfo, lock_info
from oppfolging.domain.schema import TABLES, Table
from oppfolging.i18n import t
from oppfolging.store.atomic import fsync_folder
from oppfolging.store.errors import StoreError
from oppfolging.store.load import load_dataset, read_table
from oppfolging.store.model import Dataset

SNAPSHOT_DIR = ".oppfolging-snapshots"
MANIFEST = "manifest.json"
SETTINGS_COPY = "oppfolging.toml"
NOT_SNAPSHOTTED = ("changes", "round_events")
"""The log and the workflow itself are not part of what a round reports."""
_TEMP_PREFIX = ".tmp-"


class SnapshotError(StoreError):
    """A snapshot that is missing or does not match its manifest."""


@dataclass(frozen=True)
class RoundSource:
    """Where a round's report comes from: the dataset, the folder of its settings file,
    and the lock (None when the round is open and the dataset is the live one)."""

    dataset: Dataset
    settings_folder: Path
    lock: LockInfo | None


def snapshot_path(folder: Path, round_: str, seq: int) -> Path:
    """The folder of a lock's snapshot."""
    return folder / SNAPSHOT_DIR / round_ / str(seq)


def write_snapshot(
    folder: Path, dataset: Dataset, round_: str, seq: int, meta: dict[str, str]
) -> Path:
    """Write the snapshot of `dataset` for lock `seq` of `round_`: all of it or nothing."""
    final = snapshot_path(folder, round_, seq)
    parent = final.parent
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(f"{_TEMP_PREFIX}*"):
        shutil.rmtree(stale, ignore_errors=True)
    if final.exists():  # left by a lock whose event was never saved
        shutil.rmtree(final)
    temp = parent / f"{_TEMP_PREFIX}{seq}-{os.getpid()}"
    try:
        temp.mkdir()
        files = _write_tables(temp, dataset)
        files.update(_copy_settings(folder, temp))
        manifest = {"round": round_, "seq": seq, **meta, "files": files}
        _write_synced(temp / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
        fsync_folder(temp)
        os.rename(temp, final)
        fsync_folder(parent)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return final


def remove_snapshot(folder: Path, round_: str, seq: int) -> None:
    """Remove a snapshot whose lock was not saved."""
    shutil.rmtree(snapshot_path(folder, round_, seq), ignore_errors=True)


def _write_tables(temp: Path, dataset: Dataset) -> dict[str, str]:
    files: dict[str, str] = {}
    for name, frame in dataset.frames.items():
        if name in NOT_SNAPSHOTTED:
            continue
        path = temp / f"{name}.parquet"
        with path.open("wb") as stream:
            frame.write_parquet(stream)
            stream.flush()
            os.fsync(stream.fileno())
        files[path.name] = _digest(path)
    return files


def _copy_settings(folder: Path, temp: Path) -> dict[str, str]:
    source = folder / SETTINGS_COPY
    if not source.is_file():
        return {}
    _write_synced(temp / SETTINGS_COPY, source.read_bytes())
    return {SETTINGS_COPY: _digest(temp / SETTINGS_COPY)}


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_snapshot(folder: Path, round_: str, seq: int) -> Dataset:
    """The snapshot as a dataset (of `folder`); `SnapshotError` when it is missing or a file
    does not match the manifest."""
    where = snapshot_path(folder, round_, seq)
    manifest = _manifest(where)
    for name, digest in manifest.get("files", {}).items():
        if not (where / name).is_file() or _digest(where / name) != digest:
            raise SnapshotError(t("store.snapshot_changed", round=round_, path=where / name))
    frames: dict[str, pl.DataFrame] = {}
    for name, table in TABLES.items():
        path = where / f"{name}.parquet"
        frames[name] = (
            _with_contract(pl.read_parquet(path), table) if path.is_file() else table.empty_frame()
        )
    return Dataset(folder, frames)


def _with_contract(frame: pl.DataFrame, table: Table) -> pl.DataFrame:
    """A snapshot table with the contract columns it lacks, empty: a snapshot written by
    an older version has none of the optional columns added since (`tags`, `ssb_*`,
    `language`), and a round locked then must still be reported."""
    missing = [column for column in table.columns if column.name not in frame.columns]
    return frame.with_columns(pl.lit(None, dtype=c.dtype).alias(c.name) for c in missing)


def _manifest(where: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((where / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SnapshotError(t("store.snapshot_missing", path=where)) from error
    if not isinstance(data, dict):
        raise SnapshotError(t("store.snapshot_broken", path=where))
    return data


def open_round(folder: Path, round_: str) -> RoundSource:
    """The dataset a round's report is made from: the snapshot when the round is locked,
    else the live dataset (loaded; problems are the caller's to check with `load_dataset`)."""
    events, _, _ = read_table(folder, "round_events")
    lock = lock_info(events, round_)
    if lock is None:
        return RoundSource(load_dataset(folder).dataset, folder, None)
    dataset = read_snapshot(folder, round_, lock.seq)
    for name in NOT_SNAPSHOTTED:
        frame = events if name == "round_events" else read_table(folder, name)[0]
        dataset.frames[name] = frame.select(TABLES[name].column_names)
    return RoundSource(dataset, snapshot_path(folder, round_, lock.seq), lock)


def open_round_dataset(folder: Path, round_: str) -> Dataset:
    """The live dataset when `round_` is not locked, its lock's snapshot when it is."""
    return open_round(folder, round_).dataset


def lock_meta(by: str, at: datetime) -> dict[str, str]:
    """The manifest's record of who locked and when."""
    return {"locked_by": by, "locked_at": at.isoformat()}
