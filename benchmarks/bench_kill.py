"""Kill `oppfolging set`, `set-measure` and `import` at random instants of their save, many
times, and check after each kill that the dataset is as before or as after the save. Half of
the commands run as the app saves (`store.write.completing_later`: a changed table is built
after the save has returned, from its second name).

After every kill a checker opens the dataset (which completes a killed save) and checks that
`validate` finds no problem, that no journal is left, and that every cell of `values` and
`measure_updates` is what the change log says: the dataset as it was at the start with the
last `new` of each logged (key, column) on top, nothing more and nothing less. Commands that
ran to the end are checked the same way, and a command that fails without being killed is a
failure too (a dataset left so that commands refuse).

Speed: this process imports everything once and never runs polars itself (a forked child of
a process whose polars thread pool is running deadlocks). Each command runs in a forked
child that tells, through a pipe, when it holds the dataset lock; the parent then sleeps a
random 0..W ms, W calibrated on unkilled runs to the time from the lock to the end, and
SIGKILLs it. The checker is a forked process of its own that keeps polars warm.

Usage: python benchmarks/bench_kill.py [--kills 2000] [--seed 1] [--seconds 0] [--parquet]
Prints: kills, kills after the commit point, completed runs, failures, seconds; exit 1 on failure.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib
import os
import pkgutil
import random
import select
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SAMPLE = Path(__file__).resolve().parent.parent / "data"
STATUSES = ("not_started", "in_progress", "completed")


def preimport() -> None:
    """Import every module a command may use, so a forked child starts warm (no polars)."""
    import oppfolging

    for module in pkgutil.walk_packages(oppfolging.__path__, "oppfolging."):
        if ".tui" not in module.name and not module.name.endswith("__main__"):
            importlib.import_module(module.name)


# --- the checker (its own process: it runs polars) --------------------------------------


def check(folder: Path, baseline: dict[tuple[str, str, str], str]) -> str:
    """'' when the dataset is consistent, else what is wrong."""
    from oppfolging.store.load import load_dataset

    loaded = load_dataset(folder)
    if loaded.problems:
        return "; ".join(str(problem) for problem in loaded.problems[:3])
    if (folder / ".oppfolging-journal.json").exists():
        return "the journal is still there after opening"
    expected = dict(baseline)
    changes = loaded.dataset.changes
    for row in changes.iter_rows(named=True):
        if row["table"] in ("values", "measure_updates"):
            expected[(row["table"], row["key"], row["column"])] = row["new"] or ""
    expected = {cell: text for cell, text in expected.items() if text}
    actual = cells(loaded.dataset)
    if actual != expected:
        wrong = sorted(set(actual.items()) ^ set(expected.items()))[:4]
        return f"tables and log disagree: {wrong}"
    return ""


def cells(dataset: object) -> dict[tuple[str, str, str], str]:
    """Every non-empty cell of `values` and `measure_updates`, as the change log writes it."""
    from oppfolging.domain.schema import TABLES
    from oppfolging.store.csvformat import format_value
    from oppfolging.store.validate import kind_of

    found: dict[tuple[str, str, str], str] = {}
    for name in ("values", "measure_updates"):
        table = TABLES[name]
        for row in dataset[name].iter_rows(named=True):  # type: ignore[index]
            key = ";".join(f"{column}={row[column]}" for column in table.key)
            for column, value in row.items():
                if column in table.key or value is None:
                    continue
                text = (
                    value if isinstance(value, str) else format_value(value, kind_of(name, column))
                )
                if text:
                    found[(name, key, column)] = text
    return found


def checker_loop(requests: int, answers: int) -> None:
    """Answer each folder path written to `requests` with a line: '' or the failure."""
    from oppfolging.store.load import load_dataset

    baselines: dict[str, dict[tuple[str, str, str], str]] = {}
    with os.fdopen(requests, "r") as inbox, os.fdopen(answers, "w") as outbox:
        for line in inbox:
            folder = line.rstrip("\n")
            if folder not in baselines:
                baselines[folder] = cells(load_dataset(Path(folder)).dataset)
                outbox.write("\n")
            else:
                try:
                    answer = check(Path(folder), baselines[folder])
                except Exception as error:  # report it as a failure, keep checking
                    answer = f"the check raised {error!r}"
                outbox.write(answer.replace("\n", " ") + "\n")
            outbox.flush()


@dataclass
class Checker:
    """The checker process and its two pipes."""

    pid: int
    inbox: object
    outbox: object

    @classmethod
    def start(cls) -> Checker:
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(from_parent)
            os.close(to_parent)
            code = 0
            try:
                checker_loop(to_child, from_child)
            except BaseException:
                code = 1
            os._exit(code)
        os.close(to_child)
        os.close(from_child)
        return cls(pid, os.fdopen(from_parent, "w"), os.fdopen(to_parent, "r"))

    def ask(self, folder: Path) -> str:
        self.inbox.write(f"{folder}\n")  # type: ignore[attr-defined]
        self.inbox.flush()  # type: ignore[attr-defined]
        answer: str = self.outbox.readline()  # type: ignore[attr-defined]
        return answer.rstrip("\n") if answer else "the checker died"

    def stop(self) -> None:
        self.inbox.close()  # type: ignore[attr-defined]
        os.waitpid(self.pid, 0)


# --- one command, killed or not ---------------------------------------------------------


def run_child(argv: list[str], errors: Path, later: bool = False) -> tuple[int, int]:
    """Fork a child running `oppfolging.cli.main(argv)` (stderr to `errors`); (pid, read end
    of the pipe on which it tells that it holds the lock). `later`: inside
    `store.write.completing_later`, as the app saves: a changed table is built after the
    command's save has returned, under the lock still held."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    os.close(read)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(os.open(errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
    import oppfolging.store.write as store_write
    from oppfolging.cli import main

    real_lock = store_write.dataset_lock

    @contextlib.contextmanager
    def telling_lock(folder: Path, timeout: float = 10.0) -> Iterator[None]:
        with real_lock(folder, timeout):
            os.write(write, b"L")
            yield

    real_commit: Any = getattr(store_write, "commit", None)  # None: a version without journal

    def telling_commit(folder: Path, journal: object) -> None:
        real_commit(folder, journal)
        os.write(write, b"C")

    store_write.dataset_lock = telling_lock
    if real_commit is not None:
        store_write.commit = telling_commit  # type: ignore[attr-defined]
    code = 1
    try:
        if later:
            with store_write.completing_later():
                code = main(argv)
        else:
            code = main(argv)
    finally:
        os._exit(code)


@dataclass
class Outcome:
    killed: bool
    code: int
    locked_for: float  # seconds from taking the lock to the end (unkilled runs)
    commit_after: float  # seconds from taking the lock to the commit (unkilled runs)
    committed: bool  # the journal was written (a kill then tests the roll-forward)


def run_once(argv: list[str], delay: float | None, errors: Path, later: bool = False) -> Outcome:
    """Run a command; `delay` seconds after it takes the lock, kill it (None: let it end)."""
    pid, read = run_child(argv, errors, later)
    locked_at = commit_at = None
    with os.fdopen(read, "rb", buffering=0) as pipe:
        ready, _, _ = select.select([pipe], [], [], 60)
        if ready and pipe.read(1) == b"L":
            locked_at = time.perf_counter()
            if delay is not None:
                time.sleep(delay)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            elif pipe.read(1) == b"C":
                commit_at = time.perf_counter()
        _, status = os.waitpid(pid, 0)
        end = time.perf_counter()
        committed = commit_at is not None or b"C" in pipe.read()
    took = end - locked_at if locked_at is not None else 0.0
    commit = commit_at - locked_at if commit_at is not None and locked_at is not None else took
    if os.WIFSIGNALED(status):
        return Outcome(True, -os.WTERMSIG(status), took, commit, committed)
    return Outcome(False, os.WEXITSTATUS(status), took, commit, committed)


# --- the commands -----------------------------------------------------------------------


@dataclass
class Commands:
    """Random commands on the sample dataset (tertial indicators, periods in 2030–2032)."""

    folder: Path
    work: Path
    rng: random.Random
    indicators: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        with (SAMPLE / "indicators.csv").open(encoding="utf-8") as stream:
            rows = list(csv.DictReader(stream))
        self.indicators = [r["indicator_id"] for r in rows if r["frequency"] == "tertial"][:12]
        with (SAMPLE / "measures.csv").open(encoding="utf-8") as stream:
            self.measures = [r["measure_id"] for r in csv.DictReader(stream)][:8]

    def period(self) -> str:
        return f"{self.rng.randint(2030, 2032)}-T{self.rng.randint(1, 3)}"

    def next(self) -> list[str]:
        data = ["--data", str(self.folder), "--user", "Ola"]
        pick = self.rng.random()
        if pick < 0.45:
            value = "" if self.rng.random() < 0.1 else str(self.rng.randint(1, 100))
            return ["set", *data, "--force", self.rng.choice(self.indicators), self.period(), value]
        if pick < 0.6:
            measure, status = self.rng.choice(self.measures), self.rng.choice(STATUSES)
            return ["set-measure", *data, measure, self.period(), status]
        lines = {(self.rng.choice(self.indicators), self.period()) for _ in range(20)}
        path = self.work / "import.csv"
        text = "".join(f"{i},{p},{self.rng.randint(1, 100)}\n" for i, p in sorted(lines))
        path.write_text("indicator_id,period,value\n" + text, encoding="utf-8")
        return ["import", *data, "--force", str(path)]


# --- the run ----------------------------------------------------------------------------


@dataclass
class Tally:
    kills: int = 0
    committed: int = 0  # kills after the commit point (the open must complete the save)
    completed: int = 0
    later: int = 0  # kills of a command run as the app saves (`completing_later`)
    failures: list[str] = field(default_factory=list)


@dataclass
class Window:
    """When to kill, in seconds after the lock is taken: up to `end` (1.5 times the median
    save), and `commit` (the shortest time to the commit point)."""

    end: float
    commit: float

    def delay(self, rng: random.Random) -> float:
        """Half of the kills anywhere in the save, half from just before the commit on."""
        start = 0.0 if rng.random() < 0.5 else self.commit * 0.8
        return rng.uniform(start, self.end)


def calibrate(commands: Commands, checker: Checker, runs: int = 6) -> Window:
    """Time a few unkilled saves."""
    ends, commits = [], []
    for _ in range(runs):
        outcome = run_once(commands.next(), None, commands.work / "stderr.txt")
        if outcome.code == 0:
            ends.append(outcome.locked_for)
        if outcome.code == 0 and outcome.committed:  # a save that changed nothing has none
            commits.append(outcome.commit_after)
        checker.ask(commands.folder)
    if not ends:
        raise SystemExit("no command succeeded; see the dataset copy")
    return Window(sorted(ends)[len(ends) // 2] * 1.5, min(commits, default=0.0))


def run(kills: int, seed: int, seconds: float, parquet: bool) -> tuple[Tally, Window, float]:
    """(tally, window, seconds taken)."""
    preimport()
    start = time.perf_counter()
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="bench-kill-") as work_name:
        work = Path(work_name)
        folder = work / "data"
        shutil.copytree(SAMPLE, folder, ignore=shutil.ignore_patterns("README.md"))
        if parquet:
            to_parquet(folder)
        checker = Checker.start()
        try:
            checker.ask(folder)  # the baseline
            commands = Commands(folder, work, random.Random(seed))
            window = calibrate(commands, checker)
            while tally.kills < kills and not (seconds and time.perf_counter() - start > seconds):
                step(commands, checker, window, tally)
        finally:
            checker.stop()
    return tally, window, time.perf_counter() - start


def step(commands: Commands, checker: Checker, window: Window, tally: Tally) -> None:
    argv = commands.next()
    delay = window.delay(commands.rng)
    errors = commands.work / "stderr.txt"
    later = commands.rng.random() < 0.5
    outcome = run_once(argv, delay, errors, later)
    if outcome.killed:
        tally.kills += 1
        tally.committed += outcome.committed
        tally.later += later
    elif outcome.code == 0:
        tally.completed += 1
        window.end = 0.8 * window.end + 0.2 * 1.2 * outcome.locked_for  # follow the load
    else:
        said = errors.read_text(encoding="utf-8", errors="replace").strip()[-300:]
        tally.failures.append(f"{argv[0]} ended with {outcome.code}, not killed: {said}")
    problem = checker.ask(commands.folder)
    if problem:
        tally.failures.append(f"after {argv[0]} (delay {delay * 1000:.1f} ms): {problem}")


def to_parquet(folder: Path) -> None:
    """Turn the copied sample into a Parquet dataset (in a child: no polars here)."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            from oppfolging.store.load import read_table

            for path in folder.glob("*.csv"):
                frame, _, _ = read_table(folder, path.stem)
                frame.write_parquet(path.with_suffix(".parquet"))
                path.unlink()
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("could not make the Parquet copy")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (0: no)")
    parser.add_argument("--parquet", action="store_true", help="a Parquet dataset")
    args = parser.parse_args(argv)
    tally, window, took = run(args.kills, args.seed, args.seconds, args.parquet)
    print(
        f"kills={tally.kills} after_commit={tally.committed} completed={tally.completed} "
        f"failures={len(tally.failures)} later={tally.later} window_ms={window.end * 1000:.1f} "
        f"commit_ms={window.commit * 1000:.1f} seconds={took:.1f}"
    )
    for failure in tally.failures[:20]:
        print(f"FAIL {failure}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
