"""One's own save applied in memory (`store.aftersave`, `Session.after_save`, issue 14.3)
equals reading the folder again — frame for frame, and the overview built from it — and is
refused whenever it could not be exact (another write meanwhile, problems, a new file)."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from oppfolging.domain.schema import TABLES
from oppfolging.registration import save as save_registration
from oppfolging.session import Session, open_session
from oppfolging.store.model import Problem
from oppfolging.store.write import RowEdit, save_edits

PROBLEM = Problem("values.csv", 2, "value", "advarsel", "warning")
SAMPLE = Path(__file__).resolve().parents[2] / "data"
AS_OF = date(2026, 6, 1)
NOW = datetime(2026, 6, 1, 12, 0)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target)
    return target


def assert_same_as_fresh(updated: Session, folder: Path) -> None:
    fresh = open_session(folder, AS_OF)
    assert fresh.problems == []
    for name in TABLES:
        assert_frame_equal(updated.dataset[name], fresh.dataset[name], check_exact=True)
    assert updated.dataset.fingerprint == fresh.dataset.fingerprint
    round_ = updated.clamp_round(None)
    mine, theirs = updated.round_result(round_), fresh.round_result(round_)
    assert_frame_equal(mine.indicators, theirs.indicators)
    assert_frame_equal(mine.measures, theirs.measures)


def edit_of(
    session: Session, table: str, key: dict[str, str], new: dict[str, object] | None
) -> RowEdit:
    """An edit of `table`'s row `key`, expecting what `session` holds (as a form does)."""
    frame = session.dataset[table]
    for name, value in key.items():
        frame = frame.filter(pl.col(name) == value)
    if frame.height == 0:
        return RowEdit(table, key, new)
    current = frame.row(0, named=True)
    columns = new if new is not None else {c: None for c in current if c not in key}
    return RowEdit(table, key, new, {c: current[c] for c in columns})


def first_value_key(session: Session) -> dict[str, str]:
    row = session.dataset.values.row(0, named=True)
    return {"indicator_id": row["indicator_id"], "period": row["period"]}


def saved(folder: Path, edits: list[RowEdit], at: datetime = NOW) -> Session:
    session = open_session(folder, AS_OF)
    assert session.dataset.fingerprint is not None
    result = save_registration(folder, edits, "Kari", at, describe=True)
    updated = session.after_save(result)
    assert updated is not None
    return updated


def test_an_updated_value_equals_a_fresh_read(folder: Path) -> None:
    session = open_session(folder, AS_OF)
    key = first_value_key(session)
    edit = edit_of(session, "values", key, {"value": 12.5, "comment": "Ny [b]kommentar[/b]\\"})
    assert_same_as_fresh(saved(folder, [edit]), folder)


def test_an_inserted_value_and_measure_update_equal_a_fresh_read(folder: Path) -> None:
    session = open_session(folder, AS_OF)
    indicator = session.dataset.indicators.row(0, named=True)["indicator_id"]
    measure = session.dataset.measures.row(0, named=True)["measure_id"]
    new_value = {"indicator_id": indicator, "period": "2019-T1"}
    new_update = {"measure_id": measure, "period": "2025-T1"}
    assert session.dataset.values.filter(pl.col("indicator_id") == indicator).height
    edits = [
        edit_of(session, "values", new_value, {"value": 3.0}),
        edit_of(session, "measure_updates", new_update, {"status": "in_progress", "comment": "x"}),
    ]
    assert [edit.expected for edit in edits] == [None, None]  # both rows are new
    assert_same_as_fresh(saved(folder, edits), folder)


def test_a_deleted_row_equals_a_fresh_read(folder: Path) -> None:
    session = open_session(folder, AS_OF)
    key = first_value_key(session)
    result = save_edits(folder, [edit_of(session, "values", key, None)], "Kari", NOW, describe=True)
    updated = session.after_save(result)
    assert updated is not None
    assert_same_as_fresh(updated, folder)


def test_saves_in_a_row_each_build_on_the_last(folder: Path) -> None:
    session = open_session(folder, AS_OF)
    key = first_value_key(session)
    for step in range(3):
        edit = edit_of(session, "values", key, {"value": 100.0 + step})
        result = save_registration(
            folder, [edit], "Kari", NOW + timedelta(minutes=step), describe=True
        )
        updated = session.after_save(result)
        assert updated is not None
        session = updated
    assert_same_as_fresh(session, folder)


def test_another_write_before_the_save_means_reading_again(folder: Path) -> None:
    session = open_session(folder, AS_OF)
    with (folder / "measures.csv").open("a", encoding="utf-8") as stream:
        stream.write("\n")  # another user's (harmless) write
    edit = edit_of(session, "values", first_value_key(session), {"value": 7.0})
    result = save_registration(folder, [edit], "Kari", NOW, describe=True)
    assert result.after is not None
    assert session.after_save(result) is None


def test_without_describe_or_with_problems_there_is_no_update(folder: Path) -> None:
    session = open_session(folder, AS_OF)
    edit = edit_of(session, "values", first_value_key(session), {"value": 8.0})
    result = save_registration(folder, [edit], "Kari", NOW)
    assert result.after is None
    assert session.after_save(result) is None
    session = open_session(folder, AS_OF)
    edit = edit_of(session, "values", first_value_key(session), {"value": 9.0})
    later = NOW + timedelta(minutes=1)
    second = save_registration(folder, [edit], "Kari", later, describe=True)
    warned = Session(folder, session.dataset, session.settings, AS_OF, problems=[PROBLEM])
    assert warned.after_save(second) is None
    repaired = Session(folder, session.dataset, session.settings, AS_OF, notices=[PROBLEM])
    assert repaired.after_save(second) is None
    assert session.after_save(second) is not None


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 3))),
    comment=st.one_of(st.none(), st.text(max_size=20)),
    row=st.integers(0, 30),
)
def test_any_value_edit_equals_a_fresh_read(
    tmp_path_factory: pytest.TempPathFactory, value: float | None, comment: str | None, row: int
) -> None:
    folder = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(SAMPLE, folder)
    session = open_session(folder, AS_OF)
    values = session.dataset.values
    picked = values.row(row % values.height, named=True)
    key = {"indicator_id": picked["indicator_id"], "period": picked["period"]}
    edit = edit_of(session, "values", key, {"value": value, "comment": comment})
    try:
        result = save_registration(folder, [edit], "Kari", NOW, describe=True)
    except Exception:  # a value the service refuses (e.g. a control character): no save
        return
    if not result.changed:
        return
    updated = session.after_save(result)
    assert updated is not None
    assert_same_as_fresh(updated, folder)
