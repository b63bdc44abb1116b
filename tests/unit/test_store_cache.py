"""The dataset fingerprint and the validated cache (issue 14.2): reused only while every data
file is unchanged, and then giving exactly what reading the files gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from oppfolging.domain.schema import TABLES
from oppfolging.fingerprint import TABLE_NAMES, dataset_fingerprint
from oppfolging.store import cache
from oppfolging.store.load import load_dataset
from oppfolging.store.model import LoadResult

SAMPLE = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(SAMPLE, copy)
    return copy


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_CACHE_DIR, str(root))
    monkeypatch.delenv(cache.ENV_CACHE, raising=False)
    return root


def _same_content_same_size(path: Path) -> None:
    """Change one letter, keep the size and set the modification time back."""
    before = path.stat()
    data = bytearray(path.read_bytes())
    index = data.index(b"Silje")
    data[index] = ord("T")
    path.write_bytes(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns


# --- the fingerprint --------------------------------------------------------------------


def test_the_fingerprint_knows_every_table() -> None:
    assert set(TABLE_NAMES) == set(TABLES)


def test_an_unchanged_folder_has_the_same_fingerprint(folder: Path) -> None:
    assert dataset_fingerprint(folder) == dataset_fingerprint(folder)


def test_same_size_and_restored_mtime_still_change_the_fingerprint(folder: Path) -> None:
    before = dataset_fingerprint(folder)
    _same_content_same_size(folder / "values.csv")
    assert dataset_fingerprint(folder) != before


def test_a_large_file_changed_in_place_changes_the_fingerprint(folder: Path) -> None:
    """Beyond 1 MiB only the ends are hashed; the status-change time still tells."""
    values = folder / "values.csv"
    values.write_bytes(values.read_bytes() + b"x" * (3 << 20))
    before = dataset_fingerprint(folder)
    data = bytearray(values.read_bytes())
    data[len(data) // 2] = ord("y")
    stat = values.stat()
    values.write_bytes(bytes(data))
    os.utime(values, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert dataset_fingerprint(folder) != before


@pytest.mark.parametrize(
    "change",
    [
        lambda f: (f / "plans.csv").write_text(
            (f / "plans.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8"
        ),
        lambda f: (f / "assessments.csv").write_text("x\n", encoding="utf-8"),
        lambda f: (f / "measure_updates.csv").unlink(),
        lambda f: (f / "oppfolging.toml").write_text('name = "Ny"\n', encoding="utf-8"),
        lambda f: (f / "values.csv").rename(f / "values.parquet"),
    ],
    ids=["size", "file added", "file removed", "settings", "format"],
)
def test_any_change_changes_the_fingerprint(folder: Path, change: object) -> None:
    before = dataset_fingerprint(folder)
    change(folder)  # type: ignore[operator]
    assert dataset_fingerprint(folder) != before


def test_an_unrelated_file_does_not_change_it(folder: Path) -> None:
    before = dataset_fingerprint(folder)
    (folder / "notater.txt").write_text("hei", encoding="utf-8")
    assert dataset_fingerprint(folder) == before


def test_the_fingerprint_imports_neither_polars_nor_textual() -> None:
    code = (
        "import sys, pathlib; import oppfolging.fingerprint as f; "
        "f.dataset_fingerprint(pathlib.Path('.')); "
        "print(sorted(m for m in ('polars', 'textual') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# --- the cache ------------------------------------------------------------------------------


def _assert_same(a: LoadResult, b: LoadResult) -> None:
    assert list(a.dataset.frames) == list(b.dataset.frames)
    for name, frame in a.dataset.frames.items():
        assert frame.schema == b.dataset.frames[name].schema, name
        assert frame.equals(b.dataset.frames[name]), name
    assert a.dataset.sources == b.dataset.sources
    assert a.problems == b.problems


def _uncached(folder: Path, monkeypatch: pytest.MonkeyPatch) -> LoadResult:
    with monkeypatch.context() as patch:
        patch.setenv(cache.ENV_CACHE, "0")
        return load_dataset(folder)


def test_a_second_load_comes_from_the_cache_and_equals_the_files(
    folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_dataset(folder)
    assert (cache.entry_folder(folder) / "meta.json").is_file()
    reads: list[object] = []
    original = pl.read_csv

    def counted(*args: object, **kwargs: object) -> pl.DataFrame:
        reads.append(args[0])
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pl, "read_csv", counted)
    second = load_dataset(folder)
    assert reads == []  # no CSV read
    _assert_same(first, second)
    _assert_same(second, _uncached(folder, monkeypatch))


def test_problems_come_back_from_the_cache_as_they_were(
    folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = folder / "values.csv"
    values.write_text(
        values.read_text(encoding="utf-8") + "pg-i1.1.1,2026-T9,abc,,X,2026-01-01T00:00:00\n",
        encoding="utf-8",
    )
    first = load_dataset(folder)
    assert first.problems
    _assert_same(first, load_dataset(folder))
    _assert_same(first, _uncached(folder, monkeypatch))


@pytest.mark.parametrize(
    "change",
    [
        lambda f: _same_content_same_size(f / "values.csv"),
        lambda f: (f / "plans.csv").write_text(
            (f / "plans.csv").read_text(encoding="utf-8").replace("Bystyret", "Bystyre"),
            encoding="utf-8",
        ),
        lambda f: (f / "measure_updates.csv").unlink(),
        lambda f: shutil.copy(f / "values.csv", f / "assessments.csv"),
    ],
    ids=["same size, same mtime", "content and size", "file removed", "file added"],
)
def test_any_change_to_a_data_file_is_read_from_the_files(
    folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch, change: object
) -> None:
    load_dataset(folder)
    change(folder)  # type: ignore[operator]
    after = load_dataset(folder)
    _assert_same(after, _uncached(folder, monkeypatch))


def test_a_damaged_cache_is_ignored_and_written_again(
    folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_dataset(folder)
    entry = cache.entry_folder(folder)
    (entry / "values.arrow").write_bytes(b"not arrow")
    _assert_same(first, load_dataset(folder))
    (entry / "meta.json").write_text("{", encoding="utf-8")
    _assert_same(first, load_dataset(folder))
    assert (entry / "values.arrow").read_bytes() != b"not arrow"


def test_a_cache_folder_that_cannot_be_written_is_no_error(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_CACHE_DIR, str(blocker / "cache"))
    _assert_same(load_dataset(folder), _uncached(folder, monkeypatch))


def test_switched_off_nothing_is_written(
    folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.ENV_CACHE, "0")
    load_dataset(folder)
    assert not own_cache.exists()


def test_a_save_through_the_service_is_seen(
    folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oppfolging.cli import main

    load_dataset(folder)
    argv = ["--data", str(folder), "set", "pg-i1.1.1", "2026-T2", "355", "--user", "T", "--force"]
    assert main(argv) == 0
    values = load_dataset(folder).dataset.values
    row = values.filter((pl.col("indicator_id") == "pg-i1.1.1") & (pl.col("period") == "2026-T2"))
    assert row["value"].to_list() == [355.0]
    _assert_same(load_dataset(folder), _uncached(folder, monkeypatch))


def test_a_fifo_in_place_of_a_table_does_not_block_the_fingerprint(folder: Path) -> None:
    (folder / "values.csv").unlink()
    os.mkfifo(folder / "values.csv")
    before = dataset_fingerprint(folder)  # returns: a FIFO is never opened
    (folder / "values.csv").unlink()
    (folder / "values.csv").mkdir()
    assert dataset_fingerprint(folder) != before


# --- after a save -----------------------------------------------------------------------


@pytest.mark.parametrize("value", ["12,5", "13"])
def test_set_leaves_the_cache_holding_the_state_after_its_save(
    folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    from oppfolging.cli import main
    from oppfolging.i18n import language

    command = ["set", "--data", str(folder), "pg-i3.1.2", "2026-T1", value, "--user", "K"]
    assert main([*command, "--force"]) == 0
    key = cache.cache_key(dataset_fingerprint(folder), language())
    kept = cache.read_cached(folder, key)
    assert kept is not None, "the state after the save is cached"
    fresh = _uncached(folder, monkeypatch)
    assert kept.problems == fresh.problems == []
    for name in TABLES:
        assert kept.dataset[name].equals(fresh.dataset[name]), name
    assert kept.dataset.sources == fresh.dataset.sources


def test_a_refused_set_caches_the_dataset_as_read(
    folder: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oppfolging.cli import main
    from oppfolging.i18n import language

    assert main(["set", "--data", str(folder), "pg-i3.1.2", "2026-T1", "abc", "--user", "K"]) == 1
    kept = cache.read_cached(folder, cache.cache_key(dataset_fingerprint(folder), language()))
    assert kept is not None
    fresh = _uncached(folder, monkeypatch)
    for name in TABLES:
        assert kept.dataset[name].equals(fresh.dataset[name]), name
