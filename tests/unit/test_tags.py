"""Tags on indicators and measures (issue 11): the `;` encoding, its validation in the
store, and datasets written before the column (no `tags`) loading unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import valid_rows, with_change, write_dataset, write_table

from oppfolging.domain.schema import TABLES
from oppfolging.domain.tags import split_tags, tag_problem
from oppfolging.store import load_dataset


@pytest.mark.parametrize(
    ("cell", "tags"),
    [
        (None, ()),
        ("", ()),
        ("  ", ()),
        ("Bustadtrappa trinn 5", ("Bustadtrappa trinn 5",)),
        (
            " Bustadtrappa trinn 5 ;Meistringstrappa trinn 9",
            ("Bustadtrappa trinn 5", "Meistringstrappa trinn 9"),
        ),
    ],
)
def test_split_tags(cell: str | None, tags: tuple[str, ...]) -> None:
    assert split_tags(cell) == tags
    assert tag_problem(cell) is None


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("a;;b", "tom merkelapp"),
        ("a;", "tom merkelapp"),
        ("Trinn 1; trinn 1", "to ganger"),
        ("x" * 81, "lengre enn 80"),
    ],
)
def test_bad_tags_are_named(cell: str, words: str) -> None:
    problem = tag_problem(cell)
    assert problem is not None
    assert words in problem


@pytest.mark.parametrize("table", ["indicators", "measures"])
def test_validate_reports_a_bad_tag_with_file_row_and_column(tmp_path: Path, table: str) -> None:
    folder = write_dataset(tmp_path, with_change(table, 0, tags="Trinn 1;;Trinn 2"))
    [problem] = load_dataset(folder).problems
    assert (problem.file, problem.row, problem.column) == (f"{table}.csv", 2, "tags")
    assert "tom merkelapp" in problem.message


def test_good_tags_load_as_text(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path, with_change("indicators", 0, tags="Trinn 1; Trinn 2"))
    loaded = load_dataset(folder)
    assert loaded.problems == []
    assert loaded.dataset.indicators["tags"][0] == "Trinn 1; Trinn 2"


def test_a_dataset_without_tags_or_perspective_columns_loads_unchanged(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path)
    for name in ("indicators", "measures", "focus_areas"):
        old = [c for c in TABLES[name].column_names if c not in ("tags", "perspective")]
        write_table(folder, name, valid_rows()[name], header=old)
    assert "tags" not in (folder / "indicators.csv").read_text(encoding="utf-8")
    loaded = load_dataset(folder)
    assert loaded.problems == []
    assert loaded.dataset.indicators["tags"].null_count() == loaded.dataset.indicators.height
    assert (
        loaded.dataset.focus_areas["perspective"].null_count() == loaded.dataset.focus_areas.height
    )
