"""Creating a new, empty dataset folder."""

from __future__ import annotations

from pathlib import Path

from oppfolging.domain.schema import TABLES
from oppfolging.store.errors import StoreError

SETTINGS_NAME = "oppfolging.toml"

SETTINGS_TEXT = """\
# Innstillinger for dette datasettet. De gjelder alle som bruker mappen.

# Hvor langt bak målbanen en indikator kan være og likevel regnes som «litt bak»,
# som andel av avstanden mellom utgangsverdi og mål (0.10 = 10 %).
default_tolerance = 0.10

# Hvor mange måneder før en plan skal rulleres den varsles som «snart til rullering».
revision_warning_months = 12

# Datoen det nye kommunestyret ble konstituert (planstrategien skal vedtas senest ett år
# etter). Fjern # og skriv datoen for å bruke den.
# council_constituted = 2023-10-19

# En ny verdi som avviker mer enn denne andelen fra forrige verdi, må bekreftes (0.5 = 50 %).
plausibility_limit = 0.5

# Frister for registrering (måned-dag): 1. tertial, 2. tertial og årsrapporten
# (årsrapportens frist er i året etter).
[deadlines]
T1 = "05-15"
T2 = "09-15"
annual = "02-15"
"""


class DatasetExistsError(StoreError):
    """The folder already holds a dataset; nothing was written."""


def init_dataset(folder: Path) -> None:
    """Create `folder` with every table's header (CSV, `,`) and a commented settings file."""
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} finnes allerede og er ikke en mappe")
    existing = _dataset_files(folder)
    if existing:
        names = ", ".join(path.name for path in existing)
        raise DatasetExistsError(
            f"{folder} har allerede et datasett ({names}); ingenting ble laget"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, table in TABLES.items():
            header = ",".join(table.column_names) + "\n"
            (folder / f"{name}.csv").write_text(header, encoding="utf-8")
        (folder / SETTINGS_NAME).write_text(SETTINGS_TEXT, encoding="utf-8")
    except OSError as error:
        raise StoreError(f"Kunne ikke lage datasettet i {folder}: {error.strerror}") from error


def _dataset_files(folder: Path) -> list[Path]:
    """The table and settings files already in `folder`."""
    if not folder.is_dir():
        return []
    names = [f"{name}.{fmt}" for name in TABLES for fmt in ("csv", "parquet")]
    return [folder / name for name in [*names, SETTINGS_NAME] if (folder / name).exists()]
