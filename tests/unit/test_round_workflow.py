"""The round workflow (issue 10): ready per unit, lock with a snapshot, corrections with a
reason, unlock with a reason; through the registration service and the command line."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from oppfolging.cli import main
from oppfolging.domain.periods import Period
from oppfolging.domain.roundlock import lock_info, ready_units, round_of_text
from oppfolging.registration import RegistrationError, register_measure, register_value
from oppfolging.registration.roundguard import RoundLocked
from oppfolging.registration.rounds import lock_round, mark_ready, unlock_round
from oppfolging.reporting.round_state import (
    corrections_after_lock,
    locked_differences,
    open_round_dataset,
    round_state,
)
from oppfolging.settings import DatasetSettings
from oppfolging.store import snapshot as snapshot_module
from oppfolging.store.load import load_dataset, read_table
from oppfolging.store.snapshot import SNAPSHOT_DIR, SnapshotError, snapshot_path

SAMPLE = Path(__file__).resolve().parents[2] / "data"
NOW = datetime(2026, 5, 16, 9, 30)
AS_OF = "2026-06-01"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def events(folder: Path) -> pl.DataFrame:
    return read_table(folder, "round_events")[0]


def logged_tables(folder: Path) -> set[str]:
    return set(read_table(folder, "changes")[0]["table"].to_list())


@pytest.mark.parametrize(
    ("period", "round_"),
    [("2026-T1", "2026-T1"), ("2026-T2", "2026-T2"), ("2026-T3", "2026"), ("2026", "2026")],
)
def test_round_of_period(period: str, round_: str) -> None:
    assert round_of_text(period) == round_


def test_ready_and_undo_are_logged_events(folder: Path) -> None:
    mark_ready(folder, "2026-T1", "Hjemmetjenesten", "Ola", NOW)
    assert set(ready_units(events(folder), "2026-T1")) == {"Hjemmetjenesten"}
    assert "round_events" in logged_tables(folder)
    assert not mark_ready(folder, "2026-T1", "Hjemmetjenesten", "Ola", NOW).changed
    mark_ready(folder, "2026-T1", "Hjemmetjenesten", "Ola", NOW, ready=False)
    assert ready_units(events(folder), "2026-T1") == {}
    assert events(folder)["kind"].to_list() == ["ready", "unready"]


def test_lock_refuses_registration_without_reason(folder: Path) -> None:
    lock_round(folder, "2026-T1", "Kari", NOW)
    lock = lock_info(events(folder), "2026-T1")
    assert lock is not None
    assert lock.by == "Kari"
    before = (folder / "values.csv").read_bytes()
    with pytest.raises(RoundLocked, match="låst"):
        register_value(folder, "pg-i1.1.1", "2026-T1", "350", None, "Ola", NOW)
    with pytest.raises(RoundLocked):
        register_measure(folder, "pg-t1.1.1", "2026-T1", "completed", None, "Ola", NOW)
    assert (folder / "values.csv").read_bytes() == before
    # another round's period is not guarded
    register_value(folder, "pg-i1.1.1", "2026-T2", "350", None, "Ola", NOW)


def test_correction_is_saved_with_its_reason(folder: Path) -> None:
    lock_round(folder, "2026-T1", "Kari", NOW)
    register_value(folder, "pg-i1.1.1", "2026-T1", "350", None, "Ola", NOW, correction="Tastefeil")
    listed = corrections_after_lock(folder, "2026-T1")
    assert listed["reason"].to_list() == ["Tastefeil"]
    assert listed["key"].to_list() == ["indicator_id=pg-i1.1.1;period=2026-T1"]
    differs = locked_differences(folder, Period(2026, 1), date(2026, 6, 1), DatasetSettings())
    assert differs.filter(pl.col("id") == "pg-i1.1.1")["live"].to_list() == ["350.0"]


def test_ready_refused_when_locked_and_lock_twice_refused(folder: Path) -> None:
    lock_round(folder, "2026-T1", "Kari", NOW)
    with pytest.raises(RegistrationError, match="låst"):
        mark_ready(folder, "2026-T1", "Hjemmetjenesten", "Ola", NOW)
    with pytest.raises(RegistrationError, match="allerede"):
        lock_round(folder, "2026-T1", "Kari", NOW)


def test_unlock_needs_a_reason_and_reopens(folder: Path) -> None:
    lock_round(folder, "2026-T1", "Kari", NOW)
    with pytest.raises(RegistrationError, match="begrunnelse"):
        unlock_round(folder, "2026-T1", "  ", "Kari", NOW)
    unlock_round(folder, "2026-T1", "Ny KOSTRA-rettelse", "Kari", NOW)
    assert lock_info(events(folder), "2026-T1") is None
    assert events(folder)["reason"].to_list()[-1] == "Ny KOSTRA-rettelse"
    register_value(folder, "pg-i1.1.1", "2026-T1", "350", None, "Ola", NOW)


def test_open_round_dataset_is_the_snapshot_when_locked(folder: Path) -> None:
    lock_round(folder, "2026-T1", "Kari", NOW)
    register_value(folder, "pg-i1.1.1", "2026-T1", "350", None, "Ola", NOW, correction="x")
    locked = open_round_dataset(folder, "2026-T1")
    live = load_dataset(folder).dataset
    key = (pl.col("indicator_id") == "pg-i1.1.1") & (pl.col("period") == "2026-T1")
    assert locked.values.filter(key)["value"].to_list() == [351.0]
    assert live.values.filter(key)["value"].to_list() == [350.0]
    assert open_round_dataset(folder, "2026-T2").values.equals(live.values)


def test_snapshot_is_atomic(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = snapshot_module._digest

    def failing(path: Path) -> str:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise OSError("killed")
        return real(path)

    monkeypatch.setattr(snapshot_module, "_digest", failing)
    with pytest.raises(OSError, match="killed"):
        lock_round(folder, "2026-T1", "Kari", NOW)
    assert list((folder / SNAPSHOT_DIR / "2026-T1").iterdir()) == []
    assert lock_info(events(folder), "2026-T1") is None
    monkeypatch.setattr(snapshot_module, "_digest", real)
    lock_round(folder, "2026-T1", "Kari", NOW)
    assert (snapshot_path(folder, "2026-T1", 1) / "manifest.json").is_file()


def test_tampered_snapshot_is_refused(folder: Path) -> None:
    lock_round(folder, "2026-T1", "Kari", NOW)
    (snapshot_path(folder, "2026-T1", 1) / "values.parquet").write_bytes(b"x")
    with pytest.raises(SnapshotError):
        open_round_dataset(folder, "2026-T1")


def test_round_state_counts_units(folder: Path) -> None:
    mark_ready(folder, "2026-T1", "Hjemmetjenesten", "Ola", NOW)
    dataset = load_dataset(folder).dataset
    state = round_state(dataset, Period(2026, 1), date(2026, 6, 1), DatasetSettings())
    assert state.lock is None
    assert state.ready_count == 1
    unit = next(u for u in state.units if u.unit == "Hjemmetjenesten")
    assert unit.ready is not None
    assert unit.values_due >= unit.values_registered > 0
    assert state.assessments == 0  # the assessments table exists, with no rows yet


def test_undo_of_a_lock_is_refused(folder: Path) -> None:
    from oppfolging.registration import undo_last_change

    lock_round(folder, "2026-T1", "Kari", NOW)
    with pytest.raises(RegistrationError, match="angres ikke"):
        undo_last_change(folder, "Kari", NOW)


# --- the command line ----------------------------------------------------------------


def run(folder: Path, *argv: str) -> int:
    return main([argv[0], *argv[1:], "--data", str(folder)])


def test_cli_ready_lock_unlock(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--round", "2026-T1", "--user", "Kari"]
    assert run(folder, "round", "ready", *base, "--unit", "Hjemmetjenesten") == 0
    assert run(folder, "round", "lock", *base) == 0
    assert "låst" in capsys.readouterr().out
    assert run(folder, "round", "lock", *base) == 1
    assert run(folder, "round", "unlock", *base, "--reason", "") == 1
    assert "begrunnelse" in capsys.readouterr().err
    assert run(folder, "round", "status", "--round", "2026-T1", "--as-of", AS_OF) == 0
    out = capsys.readouterr().out
    assert "låst av Kari" in out
    assert "Hjemmetjenesten: klar" in out
    assert run(folder, "round", "unlock", *base, "--reason", "Feil i grunnlaget") == 0
    assert events(folder)["kind"].to_list() == ["ready", "lock", "unlock"]


def test_cli_set_refused_without_correction(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(folder, "round", "lock", "--round", "2026-T1") == 0
    assert run(folder, "set", "pg-i1.1.1", "2026-T1", "350") == 1
    assert "låst" in capsys.readouterr().err
    assert run(folder, "set", "pg-i1.1.1", "2026-T1", "350", "--correction", "Tastefeil") == 0
    args = ["set-measure", "pg-t1.1.1", "2026-T1", "completed"]
    assert run(folder, *args) == 1
    assert run(folder, *args, "--correction", "Meldt feil") == 0
    assert corrections_after_lock(folder, "2026-T1")["reason"].to_list() == [
        "Tastefeil",
        "Meldt feil",
    ]


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_locked_report_keeps_its_numbers_and_unlock_reopens(
    folder: Path, tmp_path: Path, fmt: str
) -> None:
    """Locked, the report is made from the snapshot (the correction shows only in its list,
    see test_round_corrections.py); unlocked, it is the live one again."""

    def export(name: str) -> dict[str, bytes]:
        out = tmp_path / name
        argv = ["export", "--round", "2026-T1", "--as-of", AS_OF, "--format", fmt]
        assert run(folder, *argv, "--output", str(out)) == 0
        files = sorted(out.iterdir()) if out.is_dir() else [out]
        return {path.name: path.read_bytes() for path in files}

    before = export(f"before.{fmt}" if fmt != "csv" else "before")
    assert run(folder, "round", "lock", "--round", "2026-T1") == 0
    assert run(folder, "set", "pg-i1.1.1", "2026-T1", "350", "--correction", "Tastefeil") == 0
    after = export(f"after.{fmt}" if fmt != "csv" else "after")
    if fmt == "csv":
        after.pop("korrigeringer.csv")
        assert after == before
    else:
        text = after["after.md"].decode()
        locked = text[: text.index("## Korrigert etter låsing")]
        assert locked.rstrip("\n") == before["before.md"].decode().rstrip("\n")
    assert run(folder, "round", "unlock", "--round", "2026-T1", "--reason", "Ny versjon") == 0
    reopened = export(f"open.{fmt}" if fmt != "csv" else "open")
    assert list(reopened.values()) != list(before.values())


# --- the lock race: snapshot and lock event under one hold of the dataset lock ----------


def test_lock_holds_the_dataset_lock_between_snapshot_and_event(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the snapshot and the lock event, another thread cannot take the dataset
    lock, and a registration started then is refused once the lock event is written."""
    import threading

    import filelock

    from oppfolging.store.lock import LOCK_NAME

    probes: list[bool] = []
    outcome: list[BaseException | None] = []
    real = snapshot_module.write_snapshot

    def register_in_other_thread() -> None:
        try:
            register_value(folder, "pg-i1.1.1", "2026-T1", "350", None, "Ola", NOW)
            outcome.append(None)
        except BaseException as error:
            outcome.append(error)

    def probe() -> None:
        other = filelock.FileLock(folder / LOCK_NAME)
        try:
            other.acquire(blocking=False)
        except filelock.Timeout:
            probes.append(True)
        else:
            other.release()
            probes.append(False)

    def snapshot_then_probe(*args: object, **kwargs: object) -> Path:
        written = real(*args, **kwargs)  # type: ignore[arg-type]
        checker = threading.Thread(target=probe)
        checker.start()
        checker.join()
        registrar.start()
        return written

    registrar = threading.Thread(target=register_in_other_thread)
    monkeypatch.setattr("oppfolging.registration.rounds.write_snapshot", snapshot_then_probe)
    lock_round(folder, "2026-T1", "Kari", NOW)
    registrar.join()
    assert probes == [True], "the dataset lock was free between snapshot and lock event"
    assert len(outcome) == 1
    assert isinstance(outcome[0], RoundLocked)
    locked = open_round_dataset(folder, "2026-T1")
    key = (pl.col("indicator_id") == "pg-i1.1.1") & (pl.col("period") == "2026-T1")
    assert locked.values.filter(key)["value"].to_list() == [351.0]
    assert load_dataset(folder).dataset.values.filter(key)["value"].to_list() == [351.0]


def test_dataset_lock_is_reentrant_in_one_thread(tmp_path: Path) -> None:
    import filelock

    from oppfolging.store.lock import LOCK_NAME, dataset_lock

    with dataset_lock(tmp_path), dataset_lock(tmp_path):
        pass
    free = filelock.FileLock(tmp_path / LOCK_NAME)
    free.acquire(blocking=False)  # released by the outermost hold
    free.release()
