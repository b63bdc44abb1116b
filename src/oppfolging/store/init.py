"""Creating a new, empty dataset folder."""

from __future__ import annotations

from pathlib import Path

from oppfolging.domain.schema import TABLES
from oppfolging.i18n import t
from oppfolging.store.errors import StoreError
from oppfolging.store.fileinfo import exists, os_reason

SETTINGS_NAME = "oppfolging.toml"


class DatasetExistsError(StoreError):
    """The folder already holds a dataset; nothing was written."""


def init_dataset(folder: Path) -> None:
    """Create `folder` with every table's header (CSV, `,`) and a commented settings file."""
    if folder.exists() and not folder.is_dir():
        raise StoreError(t("store.init_not_a_folder", folder=folder))
    existing = _dataset_files(folder)
    if existing:
        names = ", ".join(path.name for path in existing)
        raise DatasetExistsError(t("store.init_has_dataset", folder=folder, files=names))
    # Imported here: `oppfolging.settings` imports `oppfolging.store`, which imports this module.
    from oppfolging.settings import default_settings_toml

    files = {f"{name}.csv": ",".join(table.column_names) + "\n" for name, table in TABLES.items()}
    files[SETTINGS_NAME] = default_settings_toml()
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            written.append(folder / name)
            written[-1].write_text(content, encoding="utf-8")
    except OSError as error:
        for path in written:  # no half dataset left behind: `init` can simply be run again
            path.unlink(missing_ok=True)
        reason = os_reason(error)
        raise StoreError(t("store.init_failed", folder=folder, reason=reason)) from error


def _dataset_files(folder: Path) -> list[Path]:
    """The table and settings files already in `folder`."""
    if not folder.is_dir():
        return []
    names = [f"{name}.{fmt}" for name in TABLES for fmt in ("csv", "parquet")]
    return [folder / name for name in [*names, SETTINGS_NAME] if exists(folder / name)]
