"""One value saved at scale, side by side with its floors (issue 14 item 3), in one run.

    python benchmarks/bench_save.py FOLDER [--repeats 3]

FOLDER is a dataset from `benchmarks/generate.py`. Measured in this process: the store's
save with row patches (`store.rowpatch`) and with the whole-table write it replaced, against
the floors: polars reading the values file, and appending one line to a copy of it. In fresh
processes: `oppfolging set` end to end (a value near the start of the file, `--force`)
against the floor of a fresh Python process importing polars and reading the values file.
In the app (`--app`, fresh processes, Textual's test driver): one value typed in the value
form, Enter → the first paint of the overview showing it (timed inside the app), with the
tables updated in memory after the save (`Session.after_save`), the files' reads kept
between saves (`sharedread.keep_reads`) and the changed values file written after the
overview is shown (`write.completing_later`); then a value registered where the round had none
(a row added: the values file is appended to); and, interleaved, without kept reads and
with the folder read again as before.
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
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from oppfolging.store import write
from oppfolging.store.write import RowEdit, save_edits


def _timed(run: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def _one_save(folder: Path, step: list[int]) -> None:
    first = pl.read_csv(folder / "values.csv", n_rows=1, infer_schema=False).row(0, named=True)
    key = {"indicator_id": first["indicator_id"], "period": first["period"]}
    step[0] += 1
    edit = RowEdit("values", key, {"value": 1000 + step[0]}, {"value": first["value"]})
    now = datetime(2026, 1, 1) + timedelta(seconds=step[0])
    save_edits(folder, [edit], "bench", now)


def _one_new_row(folder: Path, step: list[int]) -> None:
    """A value for a period the file does not have yet: the row is appended."""
    first = pl.read_csv(folder / "values.csv", n_rows=1, infer_schema=False).row(0, named=True)
    step[0] += 1
    key = {"indicator_id": first["indicator_id"], "period": f"{2040 + step[0]}-T1"}
    now = datetime(2026, 1, 1) + timedelta(seconds=step[0])
    save_edits(folder, [RowEdit("values", key, {"value": 1.0})], "bench", now)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--app", action="store_true", help="time the app's Enter → overview")
    ways = ["memory", "new", "unkept", "reread"]
    parser.add_argument("--probe", choices=ways, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(probe_app(args.folder, args.probe))
        return
    if args.app:
        time_app(args.folder, args.repeats)
        return
    work = Path(tempfile.mkdtemp(prefix="bench-save-"))
    try:
        data = work / "data"
        shutil.copytree(args.folder, data)
        values = data / "values.csv"
        step = [0]
        whole_patch = write._patched
        results = {
            "floor: polars read values": _timed(lambda: pl.read_csv(values), args.repeats),
            "floor: append one line": _timed(lambda: _append(values, work), args.repeats),
        }
        results["save_edits, row patches"] = _timed(lambda: _one_save(data, step), args.repeats)
        write._patched = lambda plan: None
        results["save_edits, whole table"] = _timed(lambda: _one_save(data, step), args.repeats)
        write._patched = whole_patch
        results["save_edits, a row added"] = _timed(lambda: _one_new_row(data, step), args.repeats)
        read = f"import polars as pl; pl.read_csv({str(values)!r})"
        fresh_read = [sys.executable, "-c", read]
        results["fresh process: polars read"] = _timed(lambda: _run(fresh_read), args.repeats)
        results["fresh process: oppfolging set"] = _timed(
            lambda: _run(_set_command(data, step)), args.repeats
        )
        for name, times in results.items():
            base = "fresh process: polars read" if "fresh" in name else "floor: polars read values"
            floor = min(results[base])
            low, mid = min(times), statistics.median(times)
            print(f"{name:32} min {low:7.3f} s  median {mid:7.3f} s  {low / floor:5.2f}x read")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def time_app(folder: Path, repeats: int) -> None:
    """Enter → overview in fresh processes on a copy of `folder`, both ways interleaved."""
    work = Path(tempfile.mkdtemp(prefix="bench-save-app-"))
    try:
        data = work / "data"
        shutil.copytree(folder, data)
        times: dict[str, list[float]] = {"memory": [], "new": [], "unkept": [], "reread": []}
        command = [sys.executable, str(Path(__file__)), str(data), "--probe"]
        subprocess.run([*command, "memory"], check=True, capture_output=True)  # warm cache
        for _ in range(repeats):
            for way in times:
                done = subprocess.run([*command, way], check=True, capture_output=True, text=True)
                times[way].append(float(done.stdout.strip().splitlines()[-1]))
        floor = min(times["memory"])
        for way, label in (
            ("memory", "updated in memory"),
            ("new", "a new value"),
            ("unkept", "no reads kept"),
            ("reread", "folder read again"),
        ):
            low, mid = min(times[way]), statistics.median(times[way])
            line = f"app Enter → overview, {label:18} min {low:7.3f} s  median {mid:7.3f} s"
            print(line + f"  {low / floor:5.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def probe_app(folder: Path, way: str) -> float:
    """One process: open the app, type a value into the first value's form, press Enter and
    wait until the overview shows the round computed with it; seconds from Enter."""
    import asyncio
    from datetime import date

    from oppfolging.session import Session
    from oppfolging.settings import PersonalSettings, save_personal_settings
    from oppfolging.tui.screens.dialogs import ConfirmScreen
    from oppfolging.tui.screens.forms import open_form
    from oppfolging.tui.screens.overview import OverviewScreen

    os.environ["OPPFOLGING_CONFIG"] = str(folder.parent / f"personal-{way}.toml")
    save_personal_settings(PersonalSettings(name="bench"))
    from oppfolging.tui.app import OppfolgingApp, make_app

    if way == "reread":
        Session.after_save = lambda self, result, early=None: None  # type: ignore[method-assign]
    if way == "unkept":  # updated in memory, but the files are parsed again by the save
        OppfolgingApp.read_for_saves = lambda self: None  # type: ignore[method-assign]

    app = make_app(folder, date(2026, 6, 1))

    async def run() -> float:
        async with app.run_test(size=(120, 40)) as pilot:
            while not (isinstance(app.screen, OverviewScreen) and app.screen.result is not None):
                await asyncio.sleep(0.01)
            await app.workers.wait_for_complete()
            overview = app.screen
            result = overview.result
            assert result is not None
            pick = _a_missing_value if way == "new" else _a_value_to_change
            ident, typed = pick(result.indicators)
            open_form(app, f"i:{ident}", result.round)
            while type(app.screen).__name__ != "ValueFormScreen":
                await asyncio.sleep(0.01)
            while way != "unkept" and not app.saves_prepared:  # as a person takes a moment
                await asyncio.sleep(0.01)
            await app.workers.wait_for_complete()
            await pilot.pause()
            field = app.screen.query_one("#value")
            field.value = typed  # type: ignore[attr-defined]
            field.focus()
            await pilot.pause()
            painted = _time_first_paint_showing(app, overview, ident, typed)
            start = time.perf_counter()
            await pilot.press("enter")
            while not painted:
                if isinstance(app.screen, ConfirmScreen):
                    await pilot.click("#yes")
                await asyncio.sleep(0.002)
            return painted[0] - start

    return asyncio.run(run())


def _time_first_paint_showing(app: Any, overview: Any, indicator_id: str, typed: str
                              ) -> list[float]:  # fmt: skip
    """A list that gets the moment the screen is first written to the terminal after the
    overview took a round holding `typed` (timed inside the app: polling from the test
    driver would add its own wait to the figure)."""
    painted: list[float] = []
    applied: list[bool] = []
    real_apply, real_display = overview._apply_state, app._display

    def apply_state(frames: Any) -> None:
        real_apply(frames)
        applied.append(_shows(overview, indicator_id, typed))

    def display(screen: Any, renderable: Any) -> None:
        real_display(screen, renderable)
        if any(applied) and screen is overview and not painted:
            painted.append(time.perf_counter())

    overview._apply_state, app._display = apply_state, display
    return painted


def _a_value_to_change(indicators: pl.DataFrame) -> tuple[str, str]:
    """An indicator of the round with a whole-number value of 10 or more (not a share), and
    that value plus one: plausible for every unit."""
    ident, value = _whole_number(indicators.filter(pl.col("value").is_not_null()), "value")
    return ident, str(value + 1)


def _a_missing_value(indicators: pl.DataFrame) -> tuple[str, str]:
    """An indicator of the round with no value yet and a whole-number target of 10 or more
    (not a share), and that target: registering it adds a row (the file is appended to)."""
    ident, target = _whole_number(indicators.filter(pl.col("value").is_null()), "target")
    return ident, str(target)


def _whole_number(indicators: pl.DataFrame, column: str) -> tuple[str, int]:
    """The first indicator whose `column` is a whole number of 10 or more, not a share."""
    rows = indicators.filter(
        pl.col(column) >= 10,
        pl.col(column) == pl.col(column).round(0),
        ~pl.col("unit").fill_null("").str.contains("%"),
    )
    row = rows.row(0, named=True)
    return str(row["indicator_id"]), int(row[column])


def _shows(overview: object, indicator_id: str, typed: str) -> bool:
    """The overview's round holds the typed value for the indicator."""
    result = getattr(overview, "result", None)
    if result is None:
        return False
    rows = result.indicators.filter(pl.col("indicator_id") == indicator_id)
    return bool(rows.height) and rows.get_column("value")[0] == float(typed)


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True)


def _set_command(folder: Path, step: list[int]) -> list[str]:
    first = pl.read_csv(folder / "values.csv", n_rows=1, infer_schema=False).row(0, named=True)
    step[0] += 1
    value = str(2000 + step[0])  # a whole number fits every indicator's unit
    program = str(Path(sys.executable).with_name("oppfolging"))
    return [program, "set", "--data", str(folder), "--user", "bench", "--force",
            first["indicator_id"], first["period"], value]  # fmt: skip


def _append(_: Path, work: Path) -> None:
    with (work / "append.csv").open("ab") as stream:
        stream.write(b"x,2026,1\n")
        stream.flush()


if __name__ == "__main__":
    main()
