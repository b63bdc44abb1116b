"""`import`, `import-ssb`, `undo` and `redo` cost what they change, not what the dataset
holds (issue 14.3): with the validated cache warm they parse the values file once, look only
at the rows they change, and leave the cache holding the dataset as saved."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from ssb_helpers import folder, jsonstat, write_json
from test_store_cache import own_cache

from oppfolging.cli import main
from oppfolging.domain.previous import PreviousValues
from oppfolging.fingerprint import dataset_fingerprint
from oppfolging.i18n import language
from oppfolging.store import cache, csvio, load, sharedread
from oppfolging.store.load import load_dataset, read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"
TERTIAL = "pg-i3.1.2"

__all__ = ["folder", "own_cache"]  # the fixtures, used by name


def _import_file(tmp_path: Path) -> Path:
    file = tmp_path / "v.csv"
    file.write_text(f"indicator_id;period;value\n{TERTIAL};2026-T1;3720\n", encoding="utf-8")
    return file


def _ssb_file(tmp_path: Path) -> Path:
    return write_json(tmp_path / "12345.json", jsonstat())


def _counting_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every CSV data file parsed from now on, by the loader or by a save."""
    reads: list[str] = []

    def counted(path: Path, data: bytes | None = None) -> Any:
        reads.append(path.name)
        return csvio.read_raw(path, data)

    monkeypatch.setattr(sharedread, "read_raw", counted)
    monkeypatch.setattr(load, "read_raw", counted)
    return reads


def _argv(kind: str, folder: Path, tmp_path: Path) -> list[str]:
    """The command; for `undo` and `redo`, what they take back is saved first."""
    data = ["--data", str(folder), "--user", "Ola"]
    if kind in ("undo", "redo"):
        assert main(["import", *data, "--force", str(_import_file(tmp_path))]) == 0
        if kind == "redo":
            assert main(["undo", *data]) == 0
        return [kind, *data]
    if kind == "set":
        return [kind, *data, TERTIAL, "2026-T1", "3720", "--force"]
    if kind == "set-measure":
        return [kind, *data, "pg-t1.1.1", "2026-T1", "completed"]
    if kind == "assess":
        return [kind, *data, "--round", "2026-T1", "--goal", "pg-m1.1", "--text", "Godt i gang"]
    file = _import_file(tmp_path) if kind == "import" else _ssb_file(tmp_path)
    return [kind, *data, str(file), "--force"]


COMMANDS = ["import", "import-ssb", "undo", "redo"]


@pytest.mark.parametrize("kind", COMMANDS)
def test_a_command_parses_the_values_file_once(
    kind: str,
    folder: Path,
    tmp_path: Path,
    own_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(The change log is read before and after the save: it changed.)"""
    argv = _argv(kind, folder, tmp_path)
    assert main(["validate", "--data", str(folder)]) == 0  # warms the cache
    reads = _counting_parses(monkeypatch)
    assert main(argv) == 0
    counted = Counter(reads)
    assert counted["values.csv"] == 1, reads
    assert counted["indicators.csv"] <= 1, reads
    assert set(reads) <= {"values.csv", "indicators.csv", "changes.csv"}, reads


@pytest.mark.parametrize("kind", [*COMMANDS, "set", "set-measure", "assess"])
def test_a_writing_command_leaves_the_cache_holding_the_dataset_as_saved(
    kind: str, folder: Path, tmp_path: Path, own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So the next command (and the app's next start) reads no file (before, `import`,
    `undo`, `redo` and `assess` kept the dataset as read, which the save made stale)."""
    argv = _argv(kind, folder, tmp_path)
    assert main(["validate", "--data", str(folder)]) == 0
    assert main(argv) == 0
    key = cache.cache_key(dataset_fingerprint(folder), language())
    kept = cache.read_cached(folder, key)
    assert kept is not None, "the next command would read and validate every file again"
    monkeypatch.setenv(cache.ENV_CACHE, "0")
    fresh = load_dataset(folder)
    for name, frame in fresh.dataset.frames.items():
        assert kept.dataset[name].equals(frame), name


@pytest.mark.parametrize("kind", COMMANDS)
def test_a_command_turns_only_the_rows_it_changes_into_python_objects(
    kind: str,
    folder: Path,
    tmp_path: Path,
    own_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(Before, every value of the dataset was turned into a dict twice: 4,6 s and 1,5 GB
    for ten rows into a million values.)"""
    ident = "pg-i1.2.2" if kind == "import-ssb" else TERTIAL
    values = read_table(folder, "values")[0]
    own_rows = values.filter(pl.col("indicator_id") == ident).height
    assert own_rows < values.height // 4
    argv = _argv(kind, folder, tmp_path)
    assert main(["validate", "--data", str(folder)]) == 0  # warms the cache
    heights: list[int] = []
    for method in ("to_dicts", "iter_rows", "rows"):
        real = getattr(pl.DataFrame, method)

        def spied(self: pl.DataFrame, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            heights.append(self.height)
            return _real(self, *args, **kwargs)

        monkeypatch.setattr(pl.DataFrame, method, spied)
    assert main(argv) == 0
    assert heights
    assert max(heights) <= own_rows, heights


def test_previous_values_of_some_indicators_equal_those_of_all() -> None:
    values = read_table(SAMPLE, "values")[0]
    everyone = PreviousValues(values)
    ids = [TERTIAL, "pg-i1.2.2", "nothing-like-it"]
    some = PreviousValues(values, ids)
    periods = [*values.get_column("period").unique().to_list(), "2031-T1", "2031", "x"]
    for ident in ids:
        for period in periods:
            assert some(ident, period) == everyone(ident, period)
