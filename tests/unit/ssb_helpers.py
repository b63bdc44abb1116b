"""Shared by the SSB tests: a JSON-stat 2.0 table built to the specification, a mapped dataset."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from oppfolging.store.load import read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"
LOCK = ".oppfolging.lock"

# Dimensions in `id` order; the time dimension is deliberately not last.
DIMENSIONS: dict[str, list[str]] = {
    "ContentsCode": ["KOSAndel80", "KOSAndel67"],
    "Tid": ["2024", "2025", "2026"],
    "KOKkommuneregion0000": ["4001", "EAK"],
    "Alder": ["F80", "F67"],
}


def figure(codes: dict[str, str]) -> float:
    """An invented, distinct figure for every cell."""
    content = DIMENSIONS["ContentsCode"].index(codes["ContentsCode"])
    year = int(codes["Tid"]) - 2000
    region = DIMENSIONS["KOKkommuneregion0000"].index(codes["KOKkommuneregion0000"])
    age = DIMENSIONS["Alder"].index(codes["Alder"])
    return 80 + content * 10 + year / 10 + region * 3 + age * 0.01


def all_cells() -> list[dict[str, str]]:
    """Every cell's codes in row-major order of DIMENSIONS (last dimension fastest)."""
    cells: list[dict[str, str]] = [{}]
    for name, codes in DIMENSIONS.items():
        cells = [{**cell, name: code} for cell in cells for code in codes]
    return cells


def jsonstat(
    *, sparse: bool = False, dict_index: bool = False, missing_2026: bool = True
) -> dict[str, Any]:
    """A JSON-stat 2.0 dataset built to the specification, table 12345."""
    values: list[float | None] = []
    status: dict[str, str] = {}
    for position, codes in enumerate(all_cells()):
        if missing_2026 and codes["Tid"] == "2026":
            values.append(None)
            status[str(position)] = ".."
        else:
            values.append(round(figure(codes), 2))
    dimension = {
        name: {
            "label": name,
            "category": {
                "index": {c: i for i, c in enumerate(codes)} if dict_index else codes,
                "label": {c: f"label {c}" for c in codes},
            },
        }
        for name, codes in DIMENSIONS.items()
    }
    value: Any = values
    if sparse:
        value = {str(p): v for p, v in enumerate(values) if v is not None}
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "12345: Eksempeltabell (oppdiktede tall)",
        "id": list(DIMENSIONS),
        "size": [len(c) for c in DIMENSIONS.values()],
        "dimension": dimension,
        "value": value,
        "status": status,
        "role": {"time": ["Tid"], "geo": ["KOKkommuneregion0000"], "metric": ["ContentsCode"]},
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The sample dataset with pg-i1.2.2 mapped to table 12345 and the region 4001."""
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md", "ssb"))
    for ident in ("pg-i1.2.2", "pg-i2.1.2", "pg-i5.2.5"):  # the sample's own mappings
        map_indicator(target, ident, "", "", "")
    map_indicator(target, "pg-i1.2.2", "12345", "KOSAndel80", "Alder=F80")
    settings = target / "oppfolging.toml"
    text = settings.read_text(encoding="utf-8").replace('[ssb]\nregion = "4001"\n', "")
    settings.write_text(text + '\n[ssb]\nregion = "4001"\n', encoding="utf-8")
    return target


def map_indicator(folder: Path, ident: str, table: str, contents: str, filter_: str) -> None:
    path = folder / "indicators.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = list(rows[0])
    for name in ("ssb_table", "ssb_contents_code", "ssb_filter"):
        if name not in columns:
            columns.append(name)
    for row in rows:
        if row["indicator_id"] == ident:
            row.update(ssb_table=table, ssb_contents_code=contents, ssb_filter=filter_)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, restval="")
        writer.writeheader()
        writer.writerows(rows)


def snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != LOCK)
    return {p.name: p.read_bytes() for p in files}


def value_of(folder: Path, ident: str, period: str) -> float | None:
    values, _, _ = read_table(folder, "values")
    rows = values.filter(
        (values["indicator_id"] == ident) & (values["period"] == period)
    ).to_dicts()
    return rows[0]["value"] if rows else None


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path
