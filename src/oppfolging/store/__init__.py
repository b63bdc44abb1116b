"""Reading, validating and saving a dataset folder (never imports textual)."""

from oppfolging.store.init import DatasetExistsError, init_dataset
from oppfolging.store.load import load_dataset, read_table
from oppfolging.store.model import CsvDialect, Dataset, LoadResult, Problem, TableSource
from oppfolging.store.write import (
    ChangeRow,
    Conflict,
    ConflictError,
    EditRejected,
    LockTimeout,
    RowEdit,
    SaveResult,
    StoreError,
    append_changes,
    atomic_write_table,
    dataset_lock,
    save_edits,
)

__all__ = [
    "ChangeRow",
    "Conflict",
    "ConflictError",
    "CsvDialect",
    "Dataset",
    "DatasetExistsError",
    "EditRejected",
    "LoadResult",
    "LockTimeout",
    "Problem",
    "RowEdit",
    "SaveResult",
    "StoreError",
    "TableSource",
    "append_changes",
    "atomic_write_table",
    "dataset_lock",
    "init_dataset",
    "load_dataset",
    "read_table",
    "save_edits",
]
