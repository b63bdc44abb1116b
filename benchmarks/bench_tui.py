"""Time the app: start to the first complete overview, and switching round.

Each probe is a fresh `python` process (so imports count), running the app headless with
Textual's test driver. The reference is a bare Textual app that shows one static line,
measured in the same run, interleaved with the app's probes so that a busy moment of the
machine hits both alike. Prints min and median of each, and the app's as a ratio to bare.
Targets (issue 14.1): first overview ≤ 1.5× bare on the sample, ≤ 2× at 100k, ≤ 0.8 s at
1M; switching round < 300 ms at 1M (issue 4).

Usage: python benchmarks/bench_tui.py [--sizes sample,100000,1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
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


def run_probe(kind: str, folder: Path | None, env: dict[str, str]) -> dict[str, float]:
    """Run one probe in a fresh interpreter and return its timings."""
    argv = [sys.executable, str(Path(__file__)), "--probe", kind]
    if folder is not None:
        argv += ["--folder", str(folder)]
    output = subprocess.run(argv, capture_output=True, text=True, check=True, env=env).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def dataset_for(size: str, workdir: Path) -> Path:
    """The sample dataset, or a synthetic one with about `size` values."""
    if size == "sample":
        return SAMPLE
    sys.path.insert(0, str(HERE))
    from generate import generate, scale_for

    folder = workdir / f"synthetic-{size}"
    generate(folder, scale_for(int(size)))
    return folder


def summary(label: str, times: list[float], bare: list[float] | None) -> str:
    """One line: min and median in seconds and, for the app, both as a ratio to bare."""
    low, mid = min(times), statistics.median(times)
    line = f"{label:>22}: min {low:.3f} s  median {mid:.3f} s"
    if bare is not None:
        line += f"  ({low / min(bare):.2f}× / {mid / statistics.median(bare):.2f}× bare)"
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="sample,100000", help="e.g. sample,100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--probe", choices=["bare", "app"])
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.probe == "bare":
        print(json.dumps(probe_bare()))
        return
    if args.probe == "app":
        print(json.dumps(probe_app(args.folder)))
        return
    sizes = args.sizes.split(",")
    with tempfile.TemporaryDirectory() as workdir:
        # The app's own cache goes to a folder of this run; one untimed start per dataset
        # warms it, as on a user's second start with unchanged files.
        env = {**os.environ, "OPPFOLGING_CACHE_DIR": str(Path(workdir) / "cache")}
        # An installed package has its bytecode; without it every start compiles the
        # project's ~75 modules again (~80 ms), which no user pays. The warm-up writes it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        folders = {size: dataset_for(size, Path(workdir)) for size in sizes}
        for folder in folders.values():
            run_probe("app", folder, env)
        bare: list[float] = []
        first: dict[str, list[float]] = {size: [] for size in sizes}
        switch: dict[str, list[float]] = {size: [] for size in sizes}
        for _ in range(args.repeat):  # interleaved, so a busy moment hits all alike
            bare.append(run_probe("bare", None, env)["first_screen"])
            for size, folder in folders.items():
                timings = run_probe("app", folder, env)
                first[size].append(timings["first_screen"])
                switch[size].append(timings["switch_round"])
    print(f"first screen, {args.repeat} fresh processes each, interleaved (warm cache)")
    print(summary("bare Textual app", bare, None))
    for size in sizes:
        print(summary(f"{size} first overview", first[size], bare))
        print(summary(f"{size} switch round", switch[size], None))


if __name__ == "__main__":
    main()
