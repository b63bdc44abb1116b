"""`oppfolging serve`: time from pressing Enter on the login page to the app's first paint
in headless Chromium, and the memory (RSS) of one served session's app process.

Needs Debian's chromium and chromium-driver. Usage: python benchmarks/bench_serve.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from argon2 import PasswordHasher

from oppfolging.roles import Role
from oppfolging.serve.users import User, save_users

SAMPLE = Path(__file__).resolve().parents[1] / "data"
PASSWORD = "riktig-hest-batteri"


def child_rss_mib(server_pid: int) -> float:
    """The summed RSS of the server's `oppfolging.serve.child` descendants, in MiB."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            status = (entry / "status").read_text()
        except OSError:
            continue
        if b"oppfolging.serve.child" in cmdline and b"python" in cmdline:
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "data"
        shutil.copytree(SAMPLE, folder)
        users = Path(temp) / "brukere.toml"
        hashed = PasswordHasher().hash(PASSWORD)  # the real cost: it is part of the login
        save_users(users, {"Leif": User("Leif", Role.LEADER, (), hashed)})
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {**os.environ, "OPPFOLGING_CONFIG": str(Path(temp) / "innstillinger.toml")}
        server = subprocess.Popen(
            [sys.executable, "-m", "oppfolging", "serve", "--data", str(folder), "--users",
             str(users), "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(3)
        options = webdriver.ChromeOptions()
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
        timings, memory = [], []
        try:
            for _ in range(runs):
                driver.delete_all_cookies()
                driver.get(f"http://127.0.0.1:{port}/login")
                driver.find_element(By.ID, "name").send_keys("Leif")
                started = time.monotonic()
                driver.find_element(By.ID, "password").send_keys(PASSWORD + Keys.ENTER)
                while "-first-byte" not in (
                    driver.find_element(By.TAG_NAME, "body").get_attribute("class") or ""
                ):
                    time.sleep(0.02)
                timings.append(time.monotonic() - started)
                time.sleep(2)  # the session settles
                memory.append(child_rss_mib(server.pid))
                driver.get("about:blank")  # closes the websocket: the app process ends
                time.sleep(2)
        finally:
            driver.quit()
            server.terminate()
            server.wait()
    print(f"login (Enter) → first paint: median {statistics.median(timings):.2f} s, "
          f"runs {', '.join(f'{t:.2f}' for t in timings)}")  # fmt: skip
    print(f"one served session (app process RSS): median {statistics.median(memory):.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
