"""`init_dataset`: a new, empty dataset folder."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from oppfolging.domain.schema import TABLES
from oppfolging.store import DatasetExistsError, StoreError, init_dataset, load_dataset


def test_init_writes_every_header_and_the_settings(tmp_path: Path) -> None:
    folder = tmp_path / "ny" / "mappe"
    init_dataset(folder)
    for name, table in TABLES.items():
        header = (folder / f"{name}.csv").read_text(encoding="utf-8")
        assert header == ",".join(table.column_names) + "\n"
    settings = tomllib.loads((folder / "oppfolging.toml").read_text(encoding="utf-8"))
    assert settings == {
        "default_tolerance": 0.10,
        "revision_warning_months": 12,
        "plausibility_limit": 0.5,
        "deadlines": {"T1": "05-15", "T2": "09-15", "annual": "02-15"},
    }
    assert "# council_constituted = 2023-10-19" in (folder / "oppfolging.toml").read_text()


def test_an_initialised_dataset_loads_empty_without_problems(tmp_path: Path) -> None:
    init_dataset(tmp_path)
    result = load_dataset(tmp_path)
    assert result.problems == []
    assert all(frame.height == 0 for frame in result.dataset.frames.values())


def test_init_refuses_an_existing_dataset(tmp_path: Path) -> None:
    init_dataset(tmp_path)
    (tmp_path / "plans.csv").write_text("x", encoding="utf-8")
    with pytest.raises(DatasetExistsError, match="har allerede et datasett"):
        init_dataset(tmp_path)
    assert (tmp_path / "plans.csv").read_text(encoding="utf-8") == "x"


def test_init_accepts_a_folder_with_other_files(tmp_path: Path) -> None:
    (tmp_path / "notater.txt").write_text("hei", encoding="utf-8")
    init_dataset(tmp_path)
    assert (tmp_path / "plans.csv").is_file()


def test_init_refuses_a_file(tmp_path: Path) -> None:
    path = tmp_path / "fil"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="ikke en mappe"):
        init_dataset(path)
