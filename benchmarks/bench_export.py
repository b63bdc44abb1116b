"""Time the report export on the synthetic 1M-value dataset.

Generates the dataset with `benchmarks/generate.py` (unless `--data` names one), then times,
in this process: loading, building the report of the largest plan (by number of values) and
writing it as XLSX; the same for the whole dataset; and `oppfolging export --plan` end to end.

Usage: python benchmarks/bench_export.py [--values 1000000] [--data FOLDER] [--keep FOLDER]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

ROUND = "2026-T1"
AS_OF = "2026-06-01"
HERE = Path(__file__).resolve().parent
T = TypeVar("T")


def timed(label: str, action: Callable[[], T], timings: dict[str, float]) -> T:
    """Run `action`, store its wall time under `label`, return its result."""
    start = time.perf_counter()
    result = action()
    timings[label] = time.perf_counter() - start
    return result


def largest_plan(values_per_plan: dict[str, int]) -> str:
    """The plan with the most values (ties: the first id in order)."""
    return max(sorted(values_per_plan), key=lambda plan: values_per_plan[plan])


def measure(folder: Path, out: Path) -> dict[str, float]:
    """Every timing for one dataset folder."""
    import polars as pl

    from oppfolging.domain.periods import parse_round
    from oppfolging.reporting.export import write_report
    from oppfolging.reporting.report import make_report
    from oppfolging.settings import load_dataset_settings
    from oppfolging.store.load import load_dataset

    timings: dict[str, float] = {}
    loaded = timed("load", lambda: load_dataset(folder), timings)
    dataset, settings = loaded.dataset, load_dataset_settings(folder).settings
    round_, as_of = parse_round(ROUND), date.fromisoformat(AS_OF)
    per_plan = (
        dataset.values.join(dataset.indicators.select("indicator_id", "goal_id"), on="indicator_id")
        .join(dataset.goals.select("goal_id", "focus_area_id"), on="goal_id")
        .join(dataset.focus_areas.select("focus_area_id", "plan_id"), on="focus_area_id")
        .group_by("plan_id")
        .agg(pl.len())
    )
    plan = largest_plan(dict(per_plan.iter_rows()))
    report = timed(
        "plan_report", lambda: make_report(dataset, round_, as_of, settings, plan_id=plan), timings
    )
    timed("plan_xlsx", lambda: write_report(report, "xlsx", out / "plan.xlsx"), timings)
    full = timed("full_report", lambda: make_report(dataset, round_, as_of, settings), timings)
    timed("full_xlsx", lambda: write_report(full, "xlsx", out / "full.xlsx"), timings)
    command = [sys.executable, "-m", "oppfolging", "--data", str(folder), "export"]
    command += ["--round", ROUND, "--as-of", AS_OF, "--format", "xlsx", "--plan", plan]
    command += ["--output", str(out / "cli.xlsx")]
    timed("cli_plan", lambda: subprocess.run(command, check=True, capture_output=True), timings)
    timings["values"] = dataset.values.height
    timings["plan_indicators"] = len(report.table("indikatorer").rows)
    timings["full_indicators"] = len(full.table("indikatorer").rows)
    print(f"største plan: {plan}", file=sys.stderr)
    return timings


def print_table(timings: dict[str, float]) -> None:
    """The figures, one per line."""
    labels = {
        "values": "verdier",
        "plan_indicators": "indikatorer i største plan",
        "full_indicators": "indikatorer i hele datasettet",
        "load": "last datasett s",
        "plan_report": "rapport, største plan s",
        "plan_xlsx": "skriv xlsx, største plan s",
        "full_report": "rapport, hele datasettet s",
        "full_xlsx": "skriv xlsx, hele datasettet s",
        "cli_plan": "oppfolging export --plan (ende til ende) s",
    }
    for key, label in labels.items():
        value = float(timings[key])
        text = f"{value:,.0f}".replace(",", " ") if value.is_integer() else f"{value:.3f}"
        print(f"{label:<45} {text:>12}")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, help="use this dataset instead of generating one")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="oppfolging-bench-export-") as temp:
        folder = args.data or args.keep or Path(temp) / "data"
        if args.data is None:
            generate = [sys.executable, str(HERE / "generate.py"), str(folder)]
            generate += ["--values", str(args.values)]
            subprocess.run(generate, check=True, stdout=subprocess.DEVNULL)
        out = Path(temp) / "out"
        out.mkdir()
        print_table(measure(folder, out))


if __name__ == "__main__":
    main()
