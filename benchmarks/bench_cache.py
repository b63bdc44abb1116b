"""Read-only commands at ~1M values with and without the validated cache (issue 14.2).

Every probe is a fresh process, repeated `--repeat` times and interleaved; for each the
wall time and the peak memory (max RSS, from `os.wait4`) are kept, and min / median are
printed side by side with the floor — polars reading the same CSV files as text (what any
tool must do) — and the ratio to it. The target: every read-only command ≤ 1,5× the floor
in time and memory, with output identical to the uncached run (checked here too).

Usage: python benchmarks/bench_cache.py [--values 1000000] [--data FOLDER] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROUND = ["--round", "2026-T1", "--as-of", "2026-06-01"]

FLOOR = (
    "import sys, pathlib, polars as pl\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.csv')):\n"
    "    pl.read_csv(p, infer_schema=False)\n"
)


def commands(folder: Path) -> dict[str, list[str]]:
    """The probes: the floor, then each read-only command."""
    tool = [sys.executable, "-m", "oppfolging", "--data", str(folder)]
    return {
        "floor: polars reads the files": [sys.executable, "-c", FLOOR, str(folder)],
        "status --format csv": [*tool, "status", *ROUND, "--format", "csv"],
        "status (text table)": [*tool, "status", *ROUND],
        "missing": [*tool, "missing", *ROUND],
        "missing --format csv": [*tool, "missing", *ROUND, "--format", "csv"],
        "validate": [*tool, "validate"],
        "revisions": [*tool, "revisions", "--as-of", "2026-06-01"],
    }


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, bytes]:
    """Wall seconds, peak RSS in MiB and stdout of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = process.stdout.read() if process.stdout else b""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss / 1024, output


def measure(folder: Path, cache_dir: Path, repeat: int) -> dict[str, list[tuple[float, float]]]:
    """Each probe cold (cache off) and warm (cache filled), `repeat` times, interleaved."""
    warm_env = {**os.environ, "OPPFOLGING_CACHE_DIR": str(cache_dir)}
    cold_env = {**warm_env, "OPPFOLGING_CACHE": "0"}
    probes = commands(folder)
    for command in probes.values():  # fill the cache, and check the outputs agree
        _, _, warm = run(command, warm_env)
        _, _, cold = run(command, cold_env)
        if warm != cold:
            raise SystemExit(f"ulik utskrift med og uten hurtiglager: {command}")
    samples: dict[str, list[tuple[float, float]]] = {}
    for _ in range(repeat):
        for name, command in probes.items():
            if name.startswith("floor"):
                samples.setdefault(name, []).append(run(command, warm_env)[:2])
                continue
            samples.setdefault(f"{name} (uncached)", []).append(run(command, cold_env)[:2])
            samples.setdefault(f"{name} (cached)", []).append(run(command, warm_env)[:2])
    return samples


def print_table(samples: dict[str, list[tuple[float, float]]]) -> None:
    """min / median time and memory per probe, and the medians' ratio to the floor."""
    floor_key = next(key for key in samples if key.startswith("floor"))
    floor_time = statistics.median(s[0] for s in samples[floor_key])
    floor_rss = statistics.median(s[1] for s in samples[floor_key])
    print(f"{'probe':<36} {'min s':>7} {'med s':>7} {'×floor':>7} {'med MiB':>8} {'×floor':>7}")
    for name, values in samples.items():
        times = [value[0] for value in values]
        memory = statistics.median(value[1] for value in values)
        median = statistics.median(times)
        print(
            f"{name:<36} {min(times):>7.3f} {median:>7.3f} {median / floor_time:>7.2f}"
            f" {memory:>8.0f} {memory / floor_rss:>7.2f}"
        )


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, help="use this dataset instead of generating one")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="oppfolging-bench-cache-") as temp:
        folder = args.data or Path(temp) / "data"
        if args.data is None:
            generate = [sys.executable, str(HERE / "generate.py"), str(folder)]
            subprocess.run([*generate, "--values", str(args.values)], check=True)
        print_table(measure(folder, Path(temp) / "cache", args.repeat))


if __name__ == "__main__":
    main()
