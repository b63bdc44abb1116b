"""The tables held in memory, brought up to date after one's own save without reading the
folder again (issue 14.3: the cost of showing a saved value must not grow with the dataset).

Only when it is exact: the dataset was read from exactly the files the save found under its
lock (same fingerprint), each edited table still has the rows the save started from, and the
edited rows' keys are where the save says. A table or log the save created gets its new
source. Then the updated rows replace theirs, removed
rows go and inserted rows come last — as `editplan.apply_cells` did to the file, so the
order is the file's — and the change log is the one the save read back under its lock.
Anything else gives None, and the caller reads the folder as before.
"""

from __future__ import annotations

import polars as pl

from oppfolging.domain.schema import TABLES
from oppfolging.store.model import Dataset
from oppfolging.store.splice import appended_rows, replace_rows
from oppfolging.store.write import AfterSave, SavedTable


def dataset_after_save(
    dataset: Dataset, after: AfterSave, with_tables: Dataset | None = None
) -> Dataset | None:
    """`dataset` with the save applied, or None when that cannot be done exactly.
    `with_tables`: `tables_after_save(dataset, after.tables)`, when already made."""
    if dataset.fingerprint is None or dataset.fingerprint != after.before:
        return None
    patched = with_tables if with_tables is not None else tables_after_save(dataset, after.tables)
    if patched is None or after.changes.schema != patched.frames["changes"].schema:
        return None
    frames, sources = dict(patched.frames), dict(patched.sources)
    frames["changes"], sources["changes"] = after.changes, after.changes_source
    return Dataset(dataset.folder, frames, sources, after.after)


def tables_after_save(dataset: Dataset, tables: tuple[SavedTable, ...]) -> Dataset | None:
    """`dataset` with the saved tables applied, its change log as it was and no fingerprint
    (what a round is computed from while the save writes its files: the log and the
    fingerprint do not enter a round); None when that cannot be done exactly."""
    frames, sources = dict(dataset.frames), dict(dataset.sources)
    for saved in tables:
        if saved.name not in frames:
            return None
        patched = patched_table(frames[saved.name], saved)
        if patched is None:
            return None
        frames[saved.name], sources[saved.name] = patched, saved.source
    return Dataset(dataset.folder, frames, sources, None)


def patched_table(frame: pl.DataFrame, saved: SavedTable) -> pl.DataFrame | None:
    """`frame` (the table before the save) with `saved` applied, or None when it does not
    hold the rows the save started from."""
    if frame.height != saved.height_before or saved.rows.schema != frame.schema:
        return None
    key = list(TABLES[saved.name].key)
    updated = [i for i, position in enumerate(saved.positions) if position is not None]
    inserted = [i for i, position in enumerate(saved.positions) if position is None]
    if updated:
        at = [int(saved.positions[i]) for i in updated]  # type: ignore[arg-type]
        if max(at) >= frame.height:
            return None
        new = saved.rows[updated]
        if not frame[at].select(key).equals(new.select(key)):
            return None
        frame = replace_rows(frame, at, new)
    if saved.deleted:
        keep = pl.Series(range(frame.height), dtype=pl.Int64)
        frame = frame.filter(~keep.is_in(pl.Series(saved.deleted, dtype=pl.Int64).implode()))
    if inserted:
        frame = appended_rows(frame, saved.rows[inserted])
    return frame
