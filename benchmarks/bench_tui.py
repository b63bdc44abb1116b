"""Time the app: start to the first complete overview, and switching round.

Each probe is a fresh `python` process (so imports count), running the app headless with
Textual's test driver. The reference is a bare Textual app that shows one static line,
measured in the same run. Targets (issue 4): first overview on the sample within 2× the
bare app; on 1M values first overview < 3 s and switching round < 300 ms.

Usage: python benchmarks/bench_tui.py [--sizes sample,1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "data"
AS_OF = "2026-06-01"


def probe_bare() -> dict[str, float]:
    """A bare Textual app with one static line, to first paint."""
    start = time.perf_counter()
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("oppfolging")

    async def run() -> float:
        async with Bare().run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            return time.perf_counter() - start

    return {"first_screen": asyncio.run(run())}


def probe_app(folder: Path) -> dict[str, float]:
    """The real app: start → overview filled; then `[` → previous round shown."""
    start = time.perf_counter()
    from datetime import date

    from oppfolging.tui.app import make_app
    from oppfolging.tui.screens.overview import OverviewScreen

    app = make_app(folder, date.fromisoformat(AS_OF))

    async def shown(screen: OverviewScreen, round_text: str) -> None:
        while screen.result is None or str(screen.result.round) != round_text:
            await asyncio.sleep(0.002)
        await app.workers.wait_for_complete()

    async def run() -> dict[str, float]:
        async with app.run_test(size=(120, 40)) as pilot:
            while not isinstance(app.screen, OverviewScreen):
                await asyncio.sleep(0.002)
            screen = app.screen
            await shown(screen, "2026-T1")
            await pilot.pause()
            first = time.perf_counter() - start
            switch_start = time.perf_counter()
            await pilot.press("left_square_bracket")
            await shown(screen, "2025")
            await pilot.pause()
            return {"first_screen": first, "switch_round": time.perf_counter() - switch_start}

    return asyncio.run(run())


def run_probe(kind: str, folder: Path | None) -> dict[str, float]:
    """Run one probe in a fresh interpreter and return its timings."""
    argv = [sys.executable, str(Path(__file__)), "--probe", kind]
    if folder is not None:
        argv += ["--folder", str(folder)]
    output = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def median_of(kind: str, folder: Path | None, repeat: int) -> dict[str, float]:
    """The median of each timing over `repeat` fresh processes."""
    runs = [run_probe(kind, folder) for _ in range(repeat)]
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def dataset_for(size: str, workdir: Path) -> Path:
    """The sample dataset, or a synthetic one with about `size` values."""
    if size == "sample":
        return SAMPLE
    sys.path.insert(0, str(HERE))
    from generate import generate, scale_for

    folder = workdir / f"synthetic-{size}"
    generate(folder, scale_for(int(size)))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="sample,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--probe", choices=["bare", "app"])
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.probe == "bare":
        print(json.dumps(probe_bare()))
        return
    if args.probe == "app":
        print(json.dumps(probe_app(args.folder)))
        return
    bare = median_of("bare", None, args.repeat)["first_screen"]
    print(f"bare Textual app, first screen: {bare:.2f} s (median of {args.repeat})")
    with tempfile.TemporaryDirectory() as workdir:
        for size in args.sizes.split(","):
            timings = median_of("app", dataset_for(size, Path(workdir)), args.repeat)
            print(
                f"{size:>9}: first overview {timings['first_screen']:.2f} s "
                f"({timings['first_screen'] / bare:.1f}× bare), "
                f"switch round {timings['switch_round'] * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
