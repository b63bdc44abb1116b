"""The validated cache: a dataset's typed frames and its problems, kept as Arrow IPC files
in the user's cache folder and reused while every data file is unchanged (issue 14.2).

Reading and validating the CSV files of a 1M-value dataset costs 0,6–0,7 s on every start
and every command; reading the same frames back from uncompressed IPC files, memory-mapped,
costs a few tens of milliseconds. The cache is only ever a copy: it is keyed by the
dataset's fingerprint (`oppfolging.fingerprint`, taken before the files are read and
checked again after), by the code that reads and checks (the package's store, domain and
catalogue files) and by the language of the problem messages. Anything that does not match,
cannot be read or is damaged is ignored and written anew; a cache that cannot be written is
no error. `OPPFOLGING_CACHE=0` turns it off; `OPPFOLGING_CACHE_DIR` moves it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from oppfolging.cachedir import ENV_CACHE as ENV_CACHE
from oppfolging.cachedir import ENV_CACHE_DIR as ENV_CACHE_DIR
from oppfolging.cachedir import cache_root as cache_root
from oppfolging.cachedir import enabled as enabled
from oppfolging.cachedir import entry_folder as entry_folder
from oppfolging.store.model import CsvDialect, Dataset, LoadResult, Problem, TableSource

if TYPE_CHECKING:
    from oppfolging.store.write import AfterSave

FORMAT_VERSION = 1
"""Raised when what the cache holds, or how, changes."""
_META = "meta.json"


def cache_key(fingerprint: str, language: str) -> str:
    """The fingerprint, the code that reads the files and the language, as one key."""
    return f"{FORMAT_VERSION}:{fingerprint}:{code_fingerprint()}:{language}"


@cache
def code_fingerprint() -> str:
    """The files that decide what a load gives: the store, the domain and the catalogues
    (by name, size and modification time), so a changed installation never reuses a cache
    written by another."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=12)
    for part in ("store", "domain", "locale"):
        for path in sorted((package / part).rglob("*")):
            if path.suffix in {".py", ".po"}:
                stat = path.stat()
                digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def read_cached(folder: Path, key: str) -> LoadResult | None:
    """The cached load of `folder` under `key`; None when there is none that matches."""
    entry = entry_folder(folder)
    try:
        meta = json.loads((entry / _META).read_text(encoding="utf-8"))
        if meta.get("key") != key:
            return None
        frames = {name: pl.read_ipc(entry / f"{name}.arrow") for name in meta["tables"]}
        sources = {name: _source(value) for name, value in meta["sources"].items()}
        problems = [Problem(**value) for value in meta["problems"]]
    except (OSError, ValueError, KeyError, TypeError, pl.exceptions.PolarsError):
        return None
    return LoadResult(Dataset(folder, frames, sources), problems)


def write_cached(folder: Path, key: str, result: LoadResult) -> None:
    """Keep `result` under `key`, replacing the entry as a whole (never half-written)."""
    entry = entry_folder(folder)
    with contextlib.suppress(OSError, pl.exceptions.PolarsError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".ny-", dir=entry.parent))
        try:
            for name, frame in result.dataset.frames.items():
                frame.write_ipc(staging / f"{name}.arrow", compression="uncompressed")
            meta = {
                "key": key,
                "tables": list(result.dataset.frames),
                "sources": {n: _source_json(s) for n, s in result.dataset.sources.items()},
                "problems": [asdict(problem) for problem in result.problems],
            }
            (staging / _META).write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
            _replace_folder(staging, entry)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _replace_folder(staging: Path, entry: Path) -> None:
    """Move `staging` to `entry`: the old entry aside first, then removed."""
    old = None
    if entry.exists():
        old = entry.with_name(f".gammel-{entry.name}-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        entry.rename(old)
    staging.rename(entry)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _source_json(source: TableSource) -> dict[str, Any]:
    return {
        "path": str(source.path),
        "fmt": source.fmt,
        "dialect": asdict(source.dialect),
        "extra_columns": list(source.extra_columns),
    }


def _source(value: dict[str, Any]) -> TableSource:
    return TableSource(
        Path(value["path"]),
        value["fmt"],
        CsvDialect(**value["dialect"]),
        tuple(value["extra_columns"]),
    )


def keep_after_save(dataset: Dataset, after: AfterSave | None) -> None:
    """Cache the dataset as one's own save left it — `dataset` (read without problems) with
    the save applied in memory (`aftersave`) under the fingerprint the save took under its
    lock — so the next command does not read the files again. Nothing saved: `dataset`
    itself is cached. Not exact (`dataset_after_save` gives None): nothing is written."""
    from oppfolging.i18n import language
    from oppfolging.store.aftersave import dataset_after_save

    if not enabled():
        return
    if after is None:
        if dataset.fingerprint is not None:
            key = cache_key(dataset.fingerprint, language())
            write_cached(dataset.folder, key, LoadResult(dataset, []))
        return
    updated = dataset_after_save(dataset, after)
    if updated is not None and updated.fingerprint is not None:
        key = cache_key(updated.fingerprint, language())
        write_cached(dataset.folder, key, LoadResult(updated, []))
