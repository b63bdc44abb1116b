"""Time the app: start to the first complete overview, and switching round.

Each probe is a fresh `python` process (so imports count), running the app headless with
Textual's test driver. The reference is a bare Textual app that shows one static line,
measured in the same run, interleaved with the app's probes so that a busy moment of the
machine hits both alike. Prints min and median of each, and the app's as a ratio to bare.
Targets (issue 14.1): first overview ≤ 1.5× bare on the sample, ≤ 2× at 100k, ≤ 0.8 s at
1M; switching round < 300 ms at 1M (issue 4). The first overview is painted from the picture
kept at the last start while no file changed (`oppfolging.display_snapshot`); the line
"overview built" is when the overview computed from the files replaced it, and "no picture"
the first overview of a start without a picture (the first of a day: the picture's key holds
the day), built from the cached tables before its first paint.

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
    """A bare Textual app with one static line, to first paint: the first callback after
    the screen was refreshed (`call_after_refresh` runs once nothing is left to paint), the
    same moment the app's picture is timed at."""
    start = time.perf_counter()
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    painted: list[float] = []

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("oppfolging")

        def on_mount(self) -> None:
            self.call_after_refresh(lambda: painted.append(time.perf_counter() - start))

    async def run() -> float:
        async with Bare().run_test(size=(120, 40)) as pilot:
            while not painted:
                await pilot.pause()
            return painted[0]

    return {"first_screen": asyncio.run(run())}


def probe_app(folder: Path) -> dict[str, float]:
    """The real app: start → the first complete overview on screen (the picture kept at
    the last start, or the overview itself), → the overview built from the files, then
    `[` → previous round's tables shown.

    Nothing of the screens is imported before the first paint (importing the overview
    would import polars, which the picture is there to avoid). "Shown" for a round switch
    is when the last of the overview's three tables has its new rows (timed inside the
    app), not when the test driver gets round to noticing.
    """
    start = time.perf_counter()
    from datetime import date

    from oppfolging.tui.app import make_app

    app = make_app(folder, date.fromisoformat(AS_OF))
    # The picture's screen starts reading the files once it has been painted (its first
    # `call_after_refresh`): that moment is its first paint.
    painted: list[float] = []
    load = app.load_session

    def timed_load() -> None:
        painted.append(time.perf_counter() - start)
        load()

    app.load_session = timed_load  # type: ignore[method-assign, assignment]

    def overview_built() -> bool:
        screen = app.screen
        return type(screen).__name__ == "OverviewScreen" and screen.result is not None  # type: ignore[attr-defined]

    async def run() -> dict[str, float]:
        async with app.run_test(size=(120, 40)) as pilot:
            while not (type(app.screen).__name__ == "PictureScreen" or overview_built()):
                await asyncio.sleep(0.001)
            picture = type(app.screen).__name__ == "PictureScreen"
            if picture:
                while not painted:
                    await asyncio.sleep(0.001)
                first = painted[0]
            else:
                await pilot.pause()  # the overview is composed with its rows: one paint
                first = time.perf_counter() - start
            while not overview_built():
                await asyncio.sleep(0.001)
            await pilot.pause()
            built = time.perf_counter() - start
            await app.workers.wait_for_complete()
            switched = await time_round_switch(app, pilot)
            return {
                "first_screen": first,
                "overview_built": built,
                "picture": float(picture),
                "switch_round": switched,
            }

    return asyncio.run(run())


async def time_round_switch(app: Any, pilot: Any) -> float:
    """`[` on the overview → the previous round's attention list has its rows."""
    from oppfolging.tui.widgets.keyed_table import KeyedTable

    shown_at: dict[str, float] = {}
    original_show = KeyedTable.show

    async def timed_show(self: KeyedTable, frame: Any, keys: list[str]) -> None:
        await original_show(self, frame, keys)
        shown_at[str(self.id)] = time.perf_counter()

    KeyedTable.show = timed_show  # type: ignore[method-assign]
    screen = app.screen
    pressed = time.perf_counter()
    await pilot.press("left_square_bracket")
    while screen.result is None or str(screen.result.round) != "2025":
        await asyncio.sleep(0.001)
    await app.workers.wait_for_complete()
    return shown_at["attention"] - pressed


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
        built: dict[str, list[float]] = {size: [] for size in sizes}
        pictures: dict[str, int] = dict.fromkeys(sizes, 0)
        switch: dict[str, list[float]] = {size: [] for size in sizes}
        # The first start of a day (or after a change): the picture's key holds the day,
        # so the overview is built from the (cached) tables before the first paint.
        no_picture = {**env, "OPPFOLGING_PICTURE": "0"}
        unpictured: dict[str, list[float]] = {size: [] for size in sizes}
        for _ in range(args.repeat):  # interleaved, so a busy moment hits all alike
            bare.append(run_probe("bare", None, env)["first_screen"])
            for size, folder in folders.items():
                timings = run_probe("app", folder, env)
                first[size].append(timings["first_screen"])
                built[size].append(timings["overview_built"])
                pictures[size] += int(timings["picture"])
                switch[size].append(timings["switch_round"])
                unpictured[size].append(run_probe("app", folder, no_picture)["first_screen"])
    print(f"first screen, {args.repeat} fresh processes each, interleaved (warm cache)")
    print(summary("bare Textual app", bare, None))
    for size in sizes:
        shown = f"{pictures[size]}/{args.repeat} from the kept picture"
        print(summary(f"{size} first overview", first[size], bare) + f"  [{shown}]")
        print(summary(f"{size} overview built", built[size], bare))
        print(summary(f"{size} no picture", unpictured[size], bare))
        print(summary(f"{size} switch round", switch[size], None))


if __name__ == "__main__":
    main()
