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
from typing import Any

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
    """The real app: start → overview filled; then `[` → previous round's tables shown.

    "Shown" is when the last of the overview's three tables has its new rows (timed inside
    the app), not when the test driver gets round to noticing.
    """
    start = time.perf_counter()
    from datetime import date

    from oppfolging.tui.app import make_app
    from oppfolging.tui.screens.overview import OverviewScreen
    from oppfolging.tui.widgets.keyed_table import KeyedTable

    shown_at: dict[str, float] = {}
    original_show = KeyedTable.show

    async def timed_show(self: KeyedTable, frame: Any, keys: list[str]) -> None:
        await original_show(self, frame, keys)
        shown_at[str(self.id)] = time.perf_counter()

    KeyedTable.show = timed_show  # type: ignore[method-assign]
    app = make_app(folder, date.fromisoformat(AS_OF))

    async def round_shown(screen: OverviewScreen, round_text: str) -> float:
        while screen.result is None or str(screen.result.round) != round_text:
            await asyncio.sleep(0.001)
        await app.workers.wait_for_complete()
        return shown_at["attention"]

    async def run() -> dict[str, float]:
        async with app.run_test(size=(120, 40)) as pilot:
            while not isinstance(app.screen, OverviewScreen):
                await asyncio.sleep(0.002)
            screen = app.screen
            while screen.result is None:
                await asyncio.sleep(0.001)
            await pilot.pause()  # the first overview is composed with its rows: one paint
            first = time.perf_counter() - start
            await app.workers.wait_for_complete()
            pressed = time.perf_counter()
            await pilot.press("left_square_bracket")
            switched = await round_shown(screen, "2025") - pressed
            return {"first_screen": first, "switch_round": switched}

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
