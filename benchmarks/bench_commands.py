"""The writing commands at scale, side by side with their floor, in one run (issue 14.3:
no cost that grows with the dataset where none must).

    python benchmarks/bench_commands.py FOLDER [--repeats 5]

FOLDER is a dataset from `benchmarks/generate.py` (it is copied; the copy is changed). Each
command is a fresh process, as a user runs it, with the validated cache warm (every writing
command leaves it holding the dataset as saved). Per round, interleaved so that a busy
moment hits all alike: the floor (a fresh Python importing polars and reading the values
file, which every save must read and compare), then `set`, `set-measure`, `import` of ten
values, `undo` and `redo` of that import, and `assess`. Prints min and median of each and
the ratio of each to the floor's.

The 57 MB values file at 1M is read, compared and written by `set`, `import`, `undo` and
`redo` (each writes the file before returning: outside the app nothing is deferred);
`set-measure` and `assess` change smaller tables. Before this benchmark existed, at 1M,
`import` of ten values took 4,6 s and 1,5 GB and `undo` 4,4-5,1 s (both read and validated
the whole values table once per row or twice per file).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

PROGRAM = str(Path(sys.executable).with_name("oppfolging"))
USER = ["--user", "bench"]


def _first_row(folder: Path, table: str) -> dict[str, str]:
    frame = pl.read_csv(folder / f"{table}.csv", n_rows=1, infer_schema=False)
    return {str(k): str(v) for k, v in frame.row(0, named=True).items()}


def _ten_values(folder: Path, target: Path, step: int) -> None:
    """Ten existing values of the first indicators, as whole numbers (every unit takes them)
    that change at every step."""
    values = pl.read_csv(folder / "values.csv", n_rows=200_000, infer_schema=False)
    firsts = values.group_by("indicator_id", maintain_order=True).first().head(10)
    rows = [
        f"{row[0]};{row[1]};{1000 + step}" for row in firsts.select("indicator_id", "period").rows()
    ]
    target.write_text("indicator_id;period;value\n" + "\n".join(rows) + "\n", encoding="utf-8")


class Commands:
    """The commands of one round, each changing something (so no save is a no-op)."""

    def __init__(self, data: Path, work: Path) -> None:
        self.data, self.work, self.step = data, work, 0
        self.value = _first_row(data, "values")
        self.update = _first_row(data, "measure_updates")
        self.goal = _first_row(data, "goals")["goal_id"]
        self.file = work / "ten.csv"

    def base(self, name: str) -> list[str]:
        return [PROGRAM, "--data", str(self.data), name, *USER]

    def all(self) -> dict[str, list[str]]:
        self.step += 1
        _ten_values(self.data, self.file, self.step)
        status = ("in_progress", "completed")[self.step % 2]
        return {
            "set": [*self.base("set"), self.value["indicator_id"], self.value["period"],
                    str(3000 + self.step), "--force"],
            "set-measure": [*self.base("set-measure"), self.update["measure_id"],
                            self.update["period"], status],
            "import (10 values)": [*self.base("import"), str(self.file), "--force"],
            "undo": self.base("undo"),
            "redo": self.base("redo"),
            "assess": [*self.base("assess"), "--goal", self.goal, "--text", f"runde {self.step}"],
        }  # fmt: skip


def _timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-commands-"))
    try:
        data = work / "data"
        shutil.copytree(args.folder, data)
        env = {**os.environ, "OPPFOLGING_CACHE_DIR": str(work / "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([PROGRAM, "--data", str(data), "validate"], env=env, capture_output=True)
        floor = [
            sys.executable,
            "-c",
            f"import polars as pl; pl.read_csv({str(data / 'values.csv')!r})",
        ]
        commands = Commands(data, work)
        times: dict[str, list[float]] = {"floor: polars read values": []}
        for _ in range(args.repeats):
            times["floor: polars read values"].append(_timed(floor, env))
            for name, command in commands.all().items():
                times.setdefault(name, []).append(_timed(command, env))
        low_floor = min(times["floor: polars read values"])
        mid_floor = statistics.median(times["floor: polars read values"])
        for name, spent in times.items():
            low, mid = min(spent), statistics.median(spent)
            print(
                f"{name:28} min {low:6.3f} s  median {mid:6.3f} s  "
                f"({low / low_floor:4.2f}× / {mid / mid_floor:4.2f}× floor)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
