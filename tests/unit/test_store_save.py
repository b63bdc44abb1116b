"""`save_edits`: the one code path for every change to a dataset."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from store_helpers import valid_rows, write_dataset, write_table

from oppfolging.domain.schema import TABLES
from oppfolging.store import (
    ConflictError,
    EditRejected,
    RowEdit,
    load_dataset,
    read_table,
    save_edits,
)

NOW = datetime(2026, 5, 10, 12, 30, 15, 999)
I1_T1 = {"indicator_id": "i1", "period": "2026-T1"}
SEEN = {"value": 82.5, "comment": "Økt bemanning; «bra»"}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes (the lock file is left behind by design)."""
    files = [path for path in sorted(folder.iterdir()) if path.name != ".oppfolging.lock"]
    return {path.name: path.read_bytes() for path in files}


def changes(folder: Path) -> list[tuple[object, ...]]:
    return (
        load_dataset(folder).dataset.changes.select("table", "key", "column", "old", "new").rows()
    )


def test_update_changes_only_the_edited_cells(tmp_path: Path) -> None:
    write_dataset(tmp_path, norwegian=True)
    before = (tmp_path / "values.csv").read_text(encoding="utf-8").splitlines()
    edit = RowEdit("values", I1_T1, {"value": "83,25", "comment": "ny"}, SEEN)
    result = save_edits(tmp_path, [edit], "kari", NOW)
    after = (tmp_path / "values.csv").read_text(encoding="utf-8").splitlines()
    assert after[0] == before[0]  # header with BOM and `;`
    assert after[1] == "i1;2026-T1;83,25;ny;kari;2026-05-02T10:15:00"
    assert after[2:] == before[2:]  # the other row exactly as it was
    assert [(c.column, c.old, c.new) for c in result.changes] == [
        ("value", "82.5", "83.25"),
        ("comment", "Økt bemanning; «bra»", "ny"),
    ]
    assert result.changes[0].at == NOW  # to the microsecond: each save its own `at`
    key = "indicator_id=i1;period=2026-T1"
    assert changes(tmp_path) == [
        ("values", key, "value", "82.5", "83.25"),
        ("values", key, "comment", "Økt bemanning; «bra»", "ny"),
    ]
    assert load_dataset(tmp_path).problems == []


def test_insert_a_new_row(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    key = {"indicator_id": "i1", "period": "2026-T2"}
    new = {"value": -3.5, "registered_at": datetime(2026, 9, 1, 8, 0)}
    result = save_edits(tmp_path, [RowEdit("values", key, new, None)], "kari", NOW)
    values = load_dataset(tmp_path).dataset.values
    assert values.filter(pl.col("period") == "2026-T2").row(0) == (
        "i1",
        "2026-T2",
        -3.5,
        None,
        None,
        datetime(2026, 9, 1, 8, 0),
    )
    assert [(c.column, c.old, c.new) for c in result.changes] == [
        ("value", "", "-3.5"),
        ("registered_at", "", "2026-09-01T08:00:00"),
    ]


def test_delete_logs_every_old_cell(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    result = save_edits(tmp_path, [RowEdit("values", I1_T1, None, SEEN)], "kari", NOW)
    assert load_dataset(tmp_path).dataset.values["indicator_id"].to_list() == ["i2"]
    assert [(c.column, c.new) for c in result.changes] == [
        ("value", ""),
        ("comment", ""),
        ("registered_by", ""),
        ("registered_at", ""),
    ]


def test_a_conflict_writes_nothing(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    save_edits(tmp_path, [RowEdit("values", I1_T1, {"value": 90}, {"value": 82.5})], "ola", NOW)
    before = snapshot(tmp_path)
    with pytest.raises(ConflictError) as raised:
        save_edits(
            tmp_path, [RowEdit("values", I1_T1, {"value": 85}, {"value": 82.5})], "kari", NOW
        )
    [conflict] = raised.value.conflicts
    assert (conflict.column, conflict.expected, conflict.current, conflict.new) == (
        "value",
        82.5,
        90.0,
        85.0,
    )
    assert "Noen andre har endret" in str(raised.value)
    assert snapshot(tmp_path) == before


def test_a_row_inserted_by_someone_else_is_a_conflict(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    key = {"indicator_id": "i1", "period": "2026-T2"}
    save_edits(tmp_path, [RowEdit("values", key, {"value": 1}, None)], "ola", NOW)
    with pytest.raises(ConflictError):
        save_edits(tmp_path, [RowEdit("values", key, {"value": 2}, None)], "kari", NOW)


def test_the_same_change_by_someone_else_is_no_conflict(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    edit = RowEdit("values", I1_T1, {"value": 90}, {"value": 82.5})
    save_edits(tmp_path, [edit], "ola", NOW)
    assert not save_edits(tmp_path, [edit], "kari", NOW).changed


def test_extra_columns_and_other_rows_are_kept(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    rows = [{**row, "merknad": f"«m{i}», ok"} for i, row in enumerate(valid_rows()["values"])]
    header = ["merknad", *TABLES["values"].column_names]
    write_table(tmp_path, "values", rows, header=header)
    save_edits(tmp_path, [RowEdit("values", I1_T1, {"value": 1}, {"value": 82.5})], "kari", NOW)
    frame, source, _ = read_table(tmp_path, "values")
    assert source is not None
    assert source.extra_columns == ("merknad",)
    assert frame["merknad"].to_list() == ["«m0», ok", "«m1», ok"]
    first_line = (tmp_path / "values.csv").read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("merknad,indicator_id")


@pytest.mark.parametrize(
    ("edit", "column"),
    [
        (RowEdit("values", I1_T1, {"value": "abc"}, SEEN), "value"),
        (
            RowEdit("values", {"indicator_id": "i9", "period": "2026-T1"}, {"value": 1}, None),
            "indicator_id",
        ),
        (RowEdit("values", {"indicator_id": "i1", "period": "2026"}, {"value": 1}, None), "period"),
        (
            RowEdit("values", {"indicator_id": "i1", "period": "26-T1"}, {"value": 1}, None),
            "period",
        ),
        (
            RowEdit("values", {"indicator_id": "i1", "period": "2026-T3"}, {"comment": "x"}, None),
            "value",
        ),
        (
            RowEdit("plans", {"plan_id": "p1"}, {"status": "vedtatt"}, {"status": "adopted"}),
            "status",
        ),
        (
            RowEdit("plans", {"plan_id": "p1"}, {"adopted": None}, {"adopted": date(2025, 12, 11)}),
            "adopted",
        ),
        (
            RowEdit("measures", {"measure_id": "m1"}, {"due": "snart"}, {"due": date(2027, 6, 30)}),
            "due",
        ),
        (RowEdit("values", I1_T1, {"nonsense": 1}, None), "nonsense"),
        (RowEdit("changes", {}, {"user": "x"}, None), ""),
    ],
)
def test_a_rejected_edit_writes_nothing(tmp_path: Path, edit: RowEdit, column: str) -> None:
    write_dataset(tmp_path)
    before = snapshot(tmp_path)
    seen = {"text": "Flere bor hjemme\nlenger"}
    good = RowEdit("goals", {"goal_id": "g1"}, {"text": "ny tekst"}, seen)
    with pytest.raises(EditRejected) as raised:
        save_edits(tmp_path, [good, edit], "kari", NOW)
    assert column in [p.column for p in raised.value.problems], raised.value.problems
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("level", "known", "unknown"),
    [("plan", "p1", "p9"), ("focus_area", "fa1", "fa9"), ("goal", "g1", "g9")],
)
def test_a_saved_assessment_must_have_its_target_as_validate_requires(
    tmp_path: Path, level: str, known: str, unknown: str
) -> None:
    """A save runs validate's own cross-table checks on its rows (`validate.check_across`):
    an assessment of a plan, focus area or goal that does not exist is refused. Before, a
    `redo` of an assessment whose goal was removed by hand wrote it, and the cache it kept
    said the dataset had no problems while `validate` on the files said it had."""
    write_dataset(tmp_path)
    before = snapshot(tmp_path)
    new = {"status": "on_track", "text": "Bra", "registered_by": "kari"}
    key = {"round": "2026-T1", "level": level}
    with pytest.raises(EditRejected) as raised:
        save_edits(
            tmp_path, [RowEdit("assessments", key | {"target_id": unknown}, new)], "kari", NOW
        )
    assert [p.column for p in raised.value.problems] == ["target_id"]
    assert snapshot(tmp_path) == before
    save_edits(tmp_path, [RowEdit("assessments", key | {"target_id": known}, new)], "kari", NOW)
    assert load_dataset(tmp_path).problems == []


def test_a_missing_table_is_created_in_the_dataset_dialect(tmp_path: Path) -> None:
    write_dataset(tmp_path, norwegian=True)
    (tmp_path / "measure_updates.csv").unlink()
    (tmp_path / "changes.csv").unlink()
    key = {"measure_id": "m1", "period": "2026-T2"}
    save_edits(tmp_path, [RowEdit("measure_updates", key, {"status": "delayed"}, None)], "ola", NOW)
    text = (tmp_path / "measure_updates.csv").read_text(encoding="utf-8")
    assert text.startswith("\ufeffmeasure_id;period;status;")
    assert (tmp_path / "changes.csv").read_text(encoding="utf-8").startswith("\ufeffat;user;")
    assert load_dataset(tmp_path).problems == []


def test_edits_to_several_tables_see_each_other(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    edits = [
        RowEdit("measures", {"measure_id": "m2"}, {"goal_id": "g1", "name": "Nytt tiltak"}, None),
        RowEdit(
            "measure_updates",
            {"measure_id": "m2", "period": "2026-T1"},
            {"status": "not_started"},
            None,
        ),
    ]
    result = save_edits(tmp_path, edits, "kari", NOW)
    assert {c.table for c in result.changes} == {"measures", "measure_updates"}
    assert load_dataset(tmp_path).problems == []


def test_a_parquet_dataset_stays_parquet(tmp_path: Path) -> None:
    dataset = load_dataset(write_dataset(tmp_path / "csv")).dataset
    folder = tmp_path / "parquet"
    folder.mkdir()
    for name in TABLES:
        if name not in ("values", "changes"):
            dataset[name].write_parquet(folder / f"{name}.parquet")
    edit = RowEdit("values", I1_T1, {"value": 1.25, "comment": "første"}, None)
    save_edits(folder, [edit], "kari", NOW)
    assert sorted(p.name for p in folder.glob("*.csv")) == []
    result = load_dataset(folder)
    assert result.problems == []
    assert result.dataset.values["value"].to_list() == [1.25]
    assert result.dataset.changes["new"].to_list() == ["1.25", "første"]


def test_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    before = snapshot(tmp_path)
    result = save_edits(tmp_path, [RowEdit("values", I1_T1, SEEN, SEEN)], "kari", NOW)
    assert not result.changed
    assert snapshot(tmp_path) == before


def test_extra_columns_with_expression_like_names_survive_a_save(tmp_path: Path) -> None:
    write_dataset(tmp_path)
    rows = [{**row, "*": "stjerne", "^a.*$": "regex"} for row in valid_rows()["values"]]
    write_table(tmp_path, "values", rows, header=[*TABLES["values"].column_names, "*", "^a.*$"])
    save_edits(tmp_path, [RowEdit("values", I1_T1, {"value": 1}, {"value": 82.5})], "kari", NOW)
    frame, _, problems = read_table(tmp_path, "values")
    assert problems == []
    assert frame.columns[-2:] == ["*", "^a.*$"]
    assert frame["*"].to_list() == ["stjerne", "stjerne"]
