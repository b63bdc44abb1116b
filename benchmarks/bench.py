"""Time the engine at growing sizes: load+validate, round table, roll-ups, `status` end to end.

Each size runs in fresh subprocesses, so the peak memory (ru_maxrss from `os.wait4`) is that
size's own. tracemalloc cannot see polars' allocations, hence ru_maxrss.

Usage: python benchmarks/bench.py [--sizes 10000,100000,1000000] [--parquet] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROUND = "2026-T1"
AS_OF = "2026-06-01"
HERE = Path(__file__).resolve().parent
TARGETS = "mål: rundetabell < 2 s og status --format csv < 4 s ved 1M verdier, minne < 1 GB"


def worker(folder: Path) -> dict[str, float]:
    """In-process timings for one dataset folder (run in a subprocess of its own)."""
    from datetime import date

    from oppfolging.domain.periods import parse_round
    from oppfolging.reporting.rollup import (
        GROUPINGS,
        indicator_rollup,
        measure_rollup,
        missing_items,
    )
    from oppfolging.reporting.round import compute_round
    from oppfolging.settings import load_dataset_settings
    from oppfolging.store.load import load_dataset

    start = time.perf_counter()
    loaded = load_dataset(folder)
    settings = load_dataset_settings(folder).settings
    loaded_at = time.perf_counter()
    if loaded.problems:
        raise SystemExit(f"{len(loaded.problems)} problems, first: {loaded.problems[0]}")
    result = compute_round(loaded.dataset, parse_round(ROUND), date.fromisoformat(AS_OF), settings)
    round_at = time.perf_counter()
    for by in (*GROUPINGS, None):
        indicator_rollup(result, by)
        measure_rollup(result, by)
    missing_items(result)
    rollups_at = time.perf_counter()
    return {
        "load": loaded_at - start,
        "round": round_at - loaded_at,
        "rollups": rollups_at - round_at,
        "indicators": result.indicators.height,
        "values": loaded.dataset.values.height,
    }


def run_measured(argv: list[str], stdout: int | None = None) -> tuple[float, float, bytes]:
    """Run `argv`; its wall time, its peak RSS in MB and its stdout (when piped)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)
    out = process.stdout.read() if process.stdout else b""
    err = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): {err.decode()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, out


def measure_size(size: int, folder: Path, parquet: bool) -> dict[str, float]:
    """Generate `size` values into `folder`, then time the steps."""
    generate = [sys.executable, str(HERE / "generate.py"), str(folder), "--values", str(size)]
    subprocess.run(
        [*generate, *(["--parquet"] if parquet else [])], check=True, stdout=subprocess.DEVNULL
    )
    _, worker_mb, out = run_measured(
        [sys.executable, __file__, "--worker", str(folder)], stdout=subprocess.PIPE
    )
    row: dict[str, float] = json.loads(out)
    status = [sys.executable, "-m", "oppfolging", "status", "--data", str(folder)]
    status += ["--round", ROUND, "--as-of", AS_OF, "--format", "csv"]
    with open(os.devnull, "wb") as devnull:
        row["status"], row["status_mb"], _ = run_measured(status, stdout=devnull.fileno())
    row["worker_mb"] = worker_mb
    return row


def print_table(rows: list[dict[str, float]]) -> None:
    """The figures as a plain table."""
    header = ("verdier", "indikatorer", "last+valider s", "rundetabell s", "sammendrag s",
              "minne MB", "status csv s", "status MB")  # fmt: skip
    keys = ("values", "indicators", "load", "round", "rollups", "worker_mb", "status", "status_mb")
    print("  ".join(f"{h:>14}" for h in header))
    for row in rows:
        cells = [
            f"{row[k]:>14,.0f}" if k in ("values", "indicators") else f"{row[k]:>14.3f}"
            for k in keys
        ]
        print("  ".join(cells).replace(",", " "))
    print(TARGETS)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--parquet", action="store_true", help="generate Parquet files")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="oppfolging-bench-") as temp:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = (args.keep or Path(temp)) / f"values-{size}"
            rows.append(measure_size(size, folder, args.parquet))
            print(f"{size} ferdig", file=sys.stderr)
    print_table(rows)


if __name__ == "__main__":
    main()
