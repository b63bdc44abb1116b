"""Several processes saving at once, and a save killed while it replaces a file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

from oppfolging.registration import register_value
from oppfolging.store.load import load_dataset, read_table

SAMPLE = Path(__file__).resolve().parents[2] / "data"

SAVER = textwrap.dedent(
    """
    import sys
    from datetime import datetime
    from pathlib import Path

    from oppfolging.registration import register_value

    folder, indicator, user = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    for n in range(50):
        period = f"{1900 + n}-T1"
        register_value(folder, indicator, period, str(n), None, user, datetime.now())
    """
)

KILLED = textwrap.dedent(
    """
    import os
    import sys
    import time
    from datetime import datetime
    from pathlib import Path

    from oppfolging.registration import register_value

    folder, marker = Path(sys.argv[1]), Path(sys.argv[2])
    real_replace = os.replace

    def slow_replace(src, dst):
        marker.write_text("inne")
        time.sleep(60)
        real_replace(src, dst)

    os.replace = slow_replace
    register_value(folder, "pg-i1.1.1", "2030-T1", "5", None, "Ola", datetime.now())
    """
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("README.md"))
    return target


def test_two_processes_saving_at_once_lose_nothing(folder: Path, tmp_path: Path) -> None:
    script = tmp_path / "saver.py"
    script.write_text(SAVER, encoding="utf-8")
    jobs = [
        subprocess.Popen([sys.executable, str(script), str(folder), indicator, user])
        for indicator, user in (("pg-i1.1.1", "Ola"), ("pg-i1.1.2", "Kari"))
    ]
    assert [job.wait(timeout=240) for job in jobs] == [0, 0]
    values = read_table(folder, "values")[0]
    new = values.filter(pl.col("period").str.starts_with("19"))
    assert new.height == 100
    changes = read_table(folder, "changes")[0]
    assert changes.filter(pl.col("column") == "value").height == 100
    assert changes.height == 300  # value, registered_by and registered_at per new value
    assert load_dataset(folder).problems == []


def test_killed_while_replacing_leaves_old_file_whole(folder: Path, tmp_path: Path) -> None:
    script = tmp_path / "killed.py"
    script.write_text(KILLED, encoding="utf-8")
    marker = tmp_path / "marker"
    before = (folder / "values.csv").read_bytes()
    job = subprocess.Popen([sys.executable, str(script), str(folder), str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline and job.poll() is None:
            time.sleep(0.05)
        assert marker.exists(), "the save never reached os.replace"
    finally:
        os.kill(job.pid, signal.SIGKILL)
        job.wait(timeout=30)
    assert (folder / "values.csv").read_bytes() == before
    assert load_dataset(folder).problems == []
    leftovers = list(folder.glob(".*oppfolging-tmp"))
    assert leftovers  # the killed save's temporary file; the next save removes it
    register_value(folder, "pg-i1.1.1", "2030-T1", "5", None, "Ola", datetime.now())
    assert not list(folder.glob(".*oppfolging-tmp"))
