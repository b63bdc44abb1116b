"""Time `oppfolging import` of 10 000 values into a copy of the sample dataset.

Target (issue 5): a clean import of 10 000 values in under 2 s.

Usage: python benchmarks/bench_import.py [--values 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

import polars as pl

SAMPLE = Path(__file__).resolve().parent.parent / "data"


def import_file(folder: Path, count: int, target: Path) -> None:
    """Write `count` new tertial values (periods in the 1900s, so none exist yet; whole
    numbers, which every unit takes)."""
    indicators = pl.read_csv(folder / "indicators.csv", infer_schema=False)
    ids = indicators.filter(pl.col("frequency") == "tertial")["indicator_id"].to_list()
    rows = []
    for n in range(count):
        year, rest = divmod(n, 3 * len(ids))
        tertial, index = divmod(rest, len(ids))
        rows.append((ids[index], f"{1900 + year}-T{tertial + 1}", str(n % 90)))
    frame = pl.DataFrame(rows, schema=["indicator_id", "period", "value"], orient="row")
    frame.write_csv(target, separator=";")


def once(count: int) -> float:
    """One import into a fresh copy; returns seconds for `import_rows`."""
    from oppfolging.registration import import_rows

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "data"
        shutil.copytree(SAMPLE, folder)
        source = Path(work) / "kostra.csv"
        import_file(folder, count, source)
        start = time.perf_counter()
        import_rows(folder, source, "benchmark", datetime(2026, 6, 1, 12, 0))
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--values", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = [once(args.values) for _ in range(args.repeat)]
    print(
        f"import of {args.values} values: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}; target < 2 s)"
    )


if __name__ == "__main__":
    main()
