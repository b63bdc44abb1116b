"""The start picture's key and file (`oppfolging.display_snapshot`, issue 14.1).

A picture may only be shown while nothing that decides the overview changed: any change to
any data file (content with size and time restored, size, a file added or removed), a
locked round's snapshot, the day, round, language, palette or access gives another key. A
damaged file is never shown.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from oppfolging import display_snapshot as ds

SAMPLE = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(autouse=True)
def _picture_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPPFOLGING_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv(ds.ENV_PICTURE, "1")
    monkeypatch.delenv("OPPFOLGING_CACHE", raising=False)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target)
    return target


def key_of(folder: Path, **changes: object) -> str:
    arguments: dict[str, object] = {
        "as_of": "2026-06-01",
        "round_": "",
        "language": "nb",
        "dark": True,
        "access": "Access()",
    }
    arguments.update(changes)
    return ds.picture_key(folder, **arguments)  # type: ignore[arg-type]


def a_picture() -> ds.OverviewPicture:
    rows: list[tuple[object, ...]] = [("Tid [b]x[/b]", "✖1"), ("B", None)]
    table = ds.picture_table(["Plan", "Status"], rows, ["p1", "p2"])
    return ds.OverviewPicture(
        title="Eksempel",
        sub_title="1. tertial 2026",
        round_previous="◀ \\[",
        round_label="1. tertial 2026",
        round_next="] ▶",
        round_extra="",
        completeness_bar="██░ 70 %",
        lock_text="",
        legend=("[red]✖ bak[/]",),
        filter_line="",
        plan_name="Tid",
        attention_count=3,
        attention_filters="",
        plans=table,
        focus_areas=table,
        attention=table,
    )


def same_size_edit(folder: Path) -> None:
    """One digit of a value changed; size and modification time put back."""
    path = folder / "values.csv"
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    index = next(i for i, c in enumerate(text) if c.isdigit() and i > text.index("\n"))
    digit = "1" if text[index] != "1" else "2"
    path.write_text(text[:index] + digit + text[index + 1 :], encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size


def appended_row(folder: Path) -> None:
    with (folder / "measures.csv").open("a", encoding="utf-8") as stream:
        stream.write("\n")


def added_file(folder: Path) -> None:
    if (folder / "assessments.csv").exists():
        (folder / "assessments.csv").unlink()
    else:
        (folder / "assessments.csv").write_text("x\n", encoding="utf-8")


def removed_file(folder: Path) -> None:
    (folder / "oppfolging.toml").unlink()


def replaced_by_rename(folder: Path) -> None:
    path = folder / "plans.csv"
    copy = folder / "plans.tmp"
    shutil.copy2(path, copy)
    os.replace(copy, path)


def format_switched(folder: Path) -> None:
    import polars as pl

    pl.read_csv(folder / "goals.csv").write_parquet(folder / "goals.parquet")
    (folder / "goals.csv").unlink()


def lock_snapshot_written(folder: Path) -> None:
    target = folder / ds.LOCK_SNAPSHOTS / "2026-T1" / "1"
    target.mkdir(parents=True)
    (target / "manifest.json").write_text("{}", encoding="utf-8")


CHANGES: dict[str, Callable[[Path], None]] = {
    "same size, time put back": same_size_edit,
    "size": appended_row,
    "file added or removed": added_file,
    "settings file removed": removed_file,
    "replaced by rename": replaced_by_rename,
    "format switched": format_switched,
    "locked round snapshot": lock_snapshot_written,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_any_change_to_a_data_file_gives_another_key(
    folder: Path, change: Callable[[Path], None]
) -> None:
    before = key_of(folder)
    ds.write_picture(folder, before, a_picture())
    assert ds.read_picture(folder, key_of(folder)) == a_picture()
    change(folder)
    after = key_of(folder)
    assert after != before
    assert ds.read_picture(folder, after) is None


@pytest.mark.parametrize(
    "change",
    [
        {"as_of": "2026-06-02"},
        {"round_": "2025"},
        {"language": "nn"},
        {"dark": False},
        {"access": "Access(role='leder')"},
    ],
)
def test_another_day_round_language_palette_or_access_gives_another_key(
    folder: Path, change: dict[str, object]
) -> None:
    ds.write_picture(folder, key_of(folder), a_picture())
    assert ds.read_picture(folder, key_of(folder, **change)) is None


def test_unchanged_files_keep_the_key_and_the_picture_round_trips(folder: Path) -> None:
    key = key_of(folder)
    picture = a_picture()
    ds.write_picture(folder, key, picture)
    assert key_of(folder) == key
    assert ds.read_picture(folder, key) == picture
    assert picture.plans.rows[1] == ("B", "")


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],
        lambda text: "[]",
        lambda text: text.replace('"attention_count": 3', '"attention_count": "3"'),
        lambda text: text.replace('"attention_count": 3', '"attention_count": true'),
        lambda text: text.replace('"keys": ["p1", "p2"]', '"keys": ["p1"]', 1),
        lambda text: text.replace('"Status"]', '"Status", 4]', 1),
        lambda text: text.replace('"title": "Eksempel", ', "", 1),
        lambda text: "\x00\xff",
    ],
)
def test_a_damaged_picture_is_never_shown(folder: Path, damage: Callable[[str], str]) -> None:
    key = key_of(folder)
    ds.write_picture(folder, key, a_picture())
    path = ds.picture_path(folder)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert ds.read_picture(folder, key) is None


def test_off_switches_and_an_unwritable_folder(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = key_of(folder)
    ds.write_picture(folder, key, a_picture())
    monkeypatch.setenv(ds.ENV_PICTURE, "0")
    assert ds.read_picture(folder, key) is None
    monkeypatch.setenv(ds.ENV_PICTURE, "1")
    monkeypatch.setenv("OPPFOLGING_CACHE", "0")
    assert ds.read_picture(folder, key) is None
    monkeypatch.delenv("OPPFOLGING_CACHE")
    blocker = tmp_path / "blocker"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("OPPFOLGING_CACHE_DIR", str(blocker / "cache"))
    ds.write_picture(folder, key, a_picture())  # ignored, no error
    assert ds.read_picture(folder, key) is None


def test_rows_are_capped_and_cells_are_text() -> None:
    rows = [(str(i), None) for i in range(ds.MAX_ROWS + 50)]
    table = ds.picture_table(["a", "b"], rows, [f"k{i}" for i in range(len(rows))])
    assert len(table.rows) == len(table.keys) == ds.MAX_ROWS
    assert table.rows[0] == ("0", "")


def test_the_file_is_replaced_whole(folder: Path) -> None:
    key = key_of(folder)
    ds.write_picture(folder, key, a_picture())
    ds.write_picture(folder, key, replace(a_picture(), title="Ny"))
    stored = json.loads(ds.picture_path(folder).read_text(encoding="utf-8"))
    assert stored["picture"]["title"] == "Ny"
    entry = ds.picture_path(folder).parent
    assert [p.name for p in entry.iterdir() if p.name.startswith(".tmp-")] == []
