"""Time the XLSX export of a whole round on the synthetic 1M-value dataset (issue 14.4).

Every probe runs in a fresh Python process, `--repeat` times, interleaved so that a busy
moment of the machine hits all of them alike; min and median are printed side by side with
two floors, and the ratios:

- floor «read»: polars reading the dataset's files (what any tool must do first);
- floor «xlsxwriter»: xlsxwriter writing the very same cells with `write_row` in
  `constant_memory` mode (its fastest way) — the least a workbook of these cells costs;
- «write»: our `write_report(report, "xlsx")` of the round (target ≤ 1,5 s);
- «build»: `round_report` (the round computed and its tables made);
- «export»: `oppfolging export --format xlsx` end to end (imports, load, build, write).

Usage: python benchmarks/bench_export.py [--values 1000000] [--data FOLDER] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROUND = "2026-T1"
AS_OF = "2026-06-01"
HERE = Path(__file__).resolve().parent

_PROBE = r"""
import json, sys, time
from datetime import date
from pathlib import Path

probe, folder, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
ROUND, AS_OF = "{round}", "{as_of}"
result = {{}}
if probe == "read":
    import polars as pl
    start = time.perf_counter()
    for path in sorted(folder.glob("*.csv")):
        pl.read_csv(path, infer_schema=False)
    result["read"] = time.perf_counter() - start
else:
    from oppfolging.domain.periods import parse_round
    from oppfolging.reporting.export import write_report
    from oppfolging.reporting.export.xlsx import file_tables
    from oppfolging.reporting.report import round_report
    from oppfolging.settings import load_dataset_settings
    from oppfolging.store.load import load_dataset

    live = (load_dataset(folder).dataset, load_dataset_settings(folder).settings)
    start = time.perf_counter()
    report = round_report(folder, parse_round(ROUND), live, today=date.fromisoformat(AS_OF))
    result["build"] = time.perf_counter() - start
    if probe == "write":
        start = time.perf_counter()
        write_report(report, "xlsx", out / "ours.xlsx", replace=True)
        result["write"] = time.perf_counter() - start
    else:  # the xlsxwriter floor: the same cells, write_row, constant_memory
        import xlsxwriter
        rows = [
            (table.title[:31], [[c.value if c.value is not None else "" for c in row]
                                for row in table.rows])
            for table in file_tables(report)
        ]
        start = time.perf_counter()
        book = xlsxwriter.Workbook(str(out / "floor.xlsx"), {{"constant_memory": True}})
        for title, body in rows:
            sheet = book.add_worksheet(title)
            for number, values in enumerate(body):
                sheet.write_row(number, 0, values)
        book.close()
        result["xlsxwriter"] = time.perf_counter() - start
print(json.dumps(result))
"""


def probe(name: str, folder: Path, out: Path) -> dict[str, float]:
    """One fresh process running probe `name`; its timings."""
    code = _PROBE.format(round=ROUND, as_of=AS_OF)
    done = subprocess.run(
        [sys.executable, "-c", code, name, str(folder), str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    timings: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return timings


def export_end_to_end(folder: Path, out: Path) -> float:
    """`oppfolging export --format xlsx` of the whole round, wall time of the process."""
    command = [sys.executable, "-m", "oppfolging", "--data", str(folder), "export"]
    command += ["--round", ROUND, "--as-of", AS_OF, "--format", "xlsx", "--force"]
    command += ["--output", str(out / "cli.xlsx")]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def measure(folder: Path, out: Path, repeat: int) -> dict[str, list[float]]:
    """Every probe `repeat` times, interleaved."""
    samples: dict[str, list[float]] = {}
    for _ in range(repeat):
        for name in ("read", "floor", "write"):
            for key, value in probe(name, folder, out).items():
                samples.setdefault(key, []).append(value)
        samples.setdefault("export", []).append(export_end_to_end(folder, out))
    return samples


LABELS = {
    "read": "floor: polars reads the files",
    "xlsxwriter": "floor: xlsxwriter write_row, constant_memory",
    "write": "write_report xlsx (the round)",
    "build": "round_report (compute + tables)",
    "export": "oppfolging export --format xlsx (end to end)",
}


def print_table(samples: dict[str, list[float]]) -> None:
    """min / median per probe, and the ratios the issue asks for."""
    medians = {key: statistics.median(values) for key, values in samples.items()}
    print(f"{'probe':<46} {'min s':>7} {'median s':>9}")
    for key, label in LABELS.items():
        values = samples[key]
        print(f"{label:<46} {min(values):>7.3f} {medians[key]:>9.3f}")
    print()
    print(f"write / xlsxwriter floor (median): {medians['write'] / medians['xlsxwriter']:.2f}×")
    print(f"write / target 1,5 s (median):     {medians['write'] / 1.5:.2f}×")
    print(f"export / read floor (median):      {medians['export'] / medians['read']:.2f}×")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, help="use this dataset instead of generating one")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="oppfolging-bench-export-") as temp:
        folder = args.data or Path(temp) / "data"
        if args.data is None:
            generate = [sys.executable, str(HERE / "generate.py"), str(folder)]
            generate += ["--values", str(args.values)]
            subprocess.run(generate, check=True, stdout=subprocess.DEVNULL)
        out = Path(temp) / "out"
        out.mkdir()
        print_table(measure(folder, out, args.repeat))


if __name__ == "__main__":
    main()
