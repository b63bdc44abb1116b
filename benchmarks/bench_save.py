"""One value saved at scale, side by side with its floors (issue 14 item 3), in one run.

    python benchmarks/bench_save.py FOLDER [--repeats 3]

FOLDER is a dataset from `benchmarks/generate.py`. Measured in this process: the store's
save with row patches (`store.rowpatch`) and with the whole-table write it replaced, against
the floors: polars reading the values file, and appending one line to a copy of it. In fresh
processes: `oppfolging set` end to end (a value near the start of the file, `--force`)
against the floor of a fresh Python process importing polars and reading the values file.
Not yet measured here: the app's Enter → overview.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

from oppfolging.store import write
from oppfolging.store.write import RowEdit, save_edits


def _timed(run: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def _one_save(folder: Path, step: list[int]) -> None:
    first = pl.read_csv(folder / "values.csv", n_rows=1, infer_schema=False).row(0, named=True)
    key = {"indicator_id": first["indicator_id"], "period": first["period"]}
    step[0] += 1
    edit = RowEdit("values", key, {"value": 1000 + step[0]}, {"value": first["value"]})
    now = datetime(2026, 1, 1) + timedelta(seconds=step[0])
    save_edits(folder, [edit], "bench", now)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-save-"))
    try:
        data = work / "data"
        shutil.copytree(args.folder, data)
        values = data / "values.csv"
        step = [0]
        whole_patch = write._patched
        results = {
            "floor: polars read values": _timed(lambda: pl.read_csv(values), args.repeats),
            "floor: append one line": _timed(lambda: _append(values, work), args.repeats),
        }
        results["save_edits, row patches"] = _timed(lambda: _one_save(data, step), args.repeats)
        write._patched = lambda plan: None
        results["save_edits, whole table"] = _timed(lambda: _one_save(data, step), args.repeats)
        write._patched = whole_patch
        read = f"import polars as pl; pl.read_csv({str(values)!r})"
        fresh_read = [sys.executable, "-c", read]
        results["fresh process: polars read"] = _timed(lambda: _run(fresh_read), args.repeats)
        results["fresh process: oppfolging set"] = _timed(
            lambda: _run(_set_command(data, step)), args.repeats
        )
        for name, times in results.items():
            base = "fresh process: polars read" if "fresh" in name else "floor: polars read values"
            floor = min(results[base])
            low, mid = min(times), statistics.median(times)
            print(f"{name:32} min {low:7.3f} s  median {mid:7.3f} s  {low / floor:5.2f}x read")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True)


def _set_command(folder: Path, step: list[int]) -> list[str]:
    first = pl.read_csv(folder / "values.csv", n_rows=1, infer_schema=False).row(0, named=True)
    step[0] += 1
    value = str(2000 + step[0])  # a whole number fits every indicator's unit
    program = str(Path(sys.executable).with_name("oppfolging"))
    return [program, "set", "--data", str(folder), "--user", "bench", "--force",
            first["indicator_id"], first["period"], value]  # fmt: skip


def _append(_: Path, work: Path) -> None:
    with (work / "append.csv").open("ab") as stream:
        stream.write(b"x,2026,1\n")
        stream.flush()


if __name__ == "__main__":
    main()
