"""Build small `Dataset`s from dicts for the engine's tests (no files, no store)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from oppfolging.domain.schema import TABLES
from oppfolging.store.model import Dataset

Rows = Sequence[Mapping[str, Any]]


def frame(table: str, rows: Rows) -> pl.DataFrame:
    """A typed frame of `table` from row dicts; absent columns are null."""
    schema = TABLES[table].polars_schema
    records = [{name: row.get(name) for name in schema} for row in rows]
    return (
        pl.DataFrame(records, schema=schema, orient="row")
        if records
        else pl.DataFrame(schema=schema)
    )


def make_dataset(folder: Path | None = None, **tables: Rows) -> Dataset:
    """A Dataset whose tables are given as lists of row dicts; the others are empty."""
    dataset = Dataset.empty(folder or Path("."))
    for name, rows in tables.items():
        dataset.frames[name] = frame(name, rows)
    return dataset


def one_plan(
    *,
    indicators: Rows = (),
    values: Rows = (),
    measures: Rows = (),
    measure_updates: Rows = (),
    plan: Mapping[str, Any] | None = None,
) -> Dataset:
    """A dataset with one adopted plan P1 (2022–2030), focus area F1 and goal G1."""
    plan_row: dict[str, Any] = {
        "plan_id": "P1",
        "name": "Plan",
        "municipality": "Lier",
        "plan_type": "temaplan",
        "period_start": 2022,
        "period_end": 2030,
        "status": "adopted",
        "adopted": date(2022, 6, 1),
    }
    plan_row.update(plan or {})
    return make_dataset(
        plans=[plan_row],
        focus_areas=[{"focus_area_id": "F1", "plan_id": "P1", "number": 1, "name": "Område"}],
        goals=[{"goal_id": "G1", "focus_area_id": "F1", "text": "Mål"}],
        indicators=[_indicator(row) for row in indicators],
        values=list(values),
        measures=[{"goal_id": "G1", "name": "Tiltak", **row} for row in measures],
        measure_updates=list(measure_updates),
    )


def _indicator(row: Mapping[str, Any]) -> dict[str, Any]:
    base: dict[str, Any] = {
        "goal_id": "G1",
        "name": f"Indikator {row.get('indicator_id', '')}",
        "unit": "%",
        "direction": "higher",
        "frequency": "tertial",
    }
    base.update(row)
    return base


def write_dataset(dataset: Dataset, folder: Path) -> Path:
    """Write every table of `dataset` as CSV into `folder` (for the command tests)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in dataset.frames.items():
        if name == "changes":
            continue
        table.write_csv(folder / f"{name}.csv", datetime_format="%Y-%m-%dT%H:%M:%S")
    return folder
