"""A real browser against `oppfolging serve` (issue 12): headless Chromium driven by
Selenium (Debian's `chromium` and `chromium-driver`; nothing is downloaded at run time).

Skipped, with the reason, when no browser or driver is installed; `.ci/run` installs both.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from argon2 import PasswordHasher

from oppfolging.roles import Role
from oppfolging.serve.users import User, save_users

SAMPLE = Path(__file__).resolve().parents[2] / "data"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
PASSWORD = "riktig-hest-batteri"
MISSING = "pg-i3.1.2"
"""Without a value in 1. tertial 2026; the only row of the worklist (unit below)."""
ITS_UNIT = "Helse og mestring stab"
SETTLE = 4.0
"""Seconds between keys that change the screen (the page cannot be watched for it)."""
CTRL = "\ue009"
"""Selenium's Control key (`Keys.CONTROL`); `CTRL + "z"` presses ctrl+z."""

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None or DRIVER is None,
        reason="ingen nettleser: installer Debian-pakkene chromium og chromium-driver",
    ),
]


def wait_until(condition: Callable[[], Any], what: str, limit: float = 60.0) -> Any:
    """Poll `condition` until it is truthy (a bounded wait; no timing is asserted)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`oppfolging serve` on 127.0.0.1 on a copy of the sample, with three users."""
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    users_file = tmp_path / "brukere.toml"
    hashed = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    save_users(
        users_file,
        {
            "Rita Registrator": User("Rita Registrator", Role.REGISTRAR, (ITS_UNIT,), hashed),
            "Leif Leder": User("Leif Leder", Role.LEADER, (), hashed),
        },
    )
    port = free_port()
    env = {**os.environ, "OPPFOLGING_CONFIG": str(tmp_path / "innstillinger.toml")}
    command = [sys.executable, "-m", "oppfolging", "serve", "--data", str(folder)]
    command += ["--users", str(users_file), "--port", str(port), "--as-of", "2026-06-01"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_until(lambda: _accepts(port), "the server to listen")
        yield f"http://127.0.0.1:{port}", folder
    finally:
        process.terminate()
        process.wait(timeout=30)


def _accepts(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    """The browser's download folder."""
    folder = tmp_path / "nedlastinger"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(downloads: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,900")
    # textual-serve opens the download in a new window from a websocket message (no click).
    options.add_argument("--disable-popup-blocking")
    prefs = {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    try:
        yield driver
    finally:
        driver.quit()


def log_in(browser: Any, url: str, name: str, password: str) -> float:
    """Fill in the login page and press Enter; the seconds until the app's first paint
    (0 when the login was refused)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{url}/login")
    browser.find_element(By.ID, "name").send_keys(name)
    started = time.monotonic()
    browser.find_element(By.ID, "password").send_keys(password + Keys.ENTER)
    if "/login" in browser.current_url or "Feil" in browser.page_source:
        wait_until(lambda: browser.find_elements(By.ID, "login"), "the login page")
        return 0.0
    wait_until(
        lambda: (
            "-first-byte"
            in (browser.find_element(By.TAG_NAME, "body").get_attribute("class") or "")
        ),
        "the app's first paint",
    )
    return time.monotonic() - started


def press(browser: Any, *keys: str) -> None:
    """Type into the terminal, as a person does: focus it, then press keys (xterm.js reads
    them from its hidden, focused textarea)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    browser.execute_script(
        "arguments[0].focus()", browser.find_element(By.CSS_SELECTOR, ".xterm-helper-textarea")
    )
    for key in keys:
        if key.startswith(CTRL):
            ActionChains(browser).key_down(CTRL).send_keys(key[1:]).key_up(CTRL).perform()
        else:
            ActionChains(browser).send_keys(key).perform()
        time.sleep(0.3)  # one key at a time, as a person types (not asserted)


def test_wrong_password_is_refused(served: tuple[str, Path], browser: Any) -> None:
    from selenium.webdriver.common.by import By

    url, _ = served
    assert log_in(browser, url, "Leif Leder", "feil-passord-her") == 0.0
    assert "Feil navn eller passord" in browser.page_source
    assert not [c for c in browser.get_cookies() if c["name"] == "oppfolging_okt"]
    browser.get(url)
    assert browser.find_elements(By.ID, "password"), "without a session / shows the login"


# The page cannot be read (WebGL), so keys follow fixed pauses; on a loaded machine a key
# can still land before its screen. Each run starts its own server on a fresh copy of the
# sample, so a rerun is a clean second try, not a retry of half-done work.
@pytest.mark.flaky(reruns=2)
def test_registrator_registers_with_the_keyboard_under_their_name(
    served: tuple[str, Path], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    url, folder = served
    seconds = log_in(browser, url, "Rita Registrator", PASSWORD)
    assert seconds > 0
    print(f"login → first paint: {seconds:.2f} s")
    # The page cannot be read (xterm.js draws with WebGL), so give each screen change a
    # generous pause on a loaded machine before the next key (nothing here is asserted on
    # time; the check is the file on disk).
    time.sleep(SETTLE)
    press(browser, "r")
    time.sleep(SETTLE)
    press(browser, Keys.ENTER)
    time.sleep(SETTLE)
    press(browser, "3", "8", "0", "0", Keys.ENTER)

    def registered() -> list[str]:
        values = pl.read_csv(folder / "values.csv", infer_schema=False)
        row = values.filter(pl.col("indicator_id") == MISSING, pl.col("period") == "2026-T1")
        return [str(v) for v in row["registered_by"].to_list()]

    assert wait_until(registered, "the value on disk") == ["Rita Registrator"]
    changes = pl.read_csv(folder / "changes.csv", infer_schema=False)
    assert set(changes["user"]) == {"Rita Registrator"}


# The page cannot be read (WebGL), so keys follow fixed pauses; on a loaded machine a key
# can still land before its screen. Each run starts its own server on a fresh copy of the
# sample, so a rerun is a clean second try, not a retry of half-done work.
@pytest.mark.flaky(reruns=2)
def test_leder_presses_registration_keys_and_nothing_changes(
    served: tuple[str, Path], browser: Any
) -> None:
    from selenium.webdriver.common.keys import Keys

    url, folder = served
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert log_in(browser, url, "Leif Leder", PASSWORD) > 0
    time.sleep(SETTLE)
    press(browser, "r", Keys.ENTER, "3", "8", Keys.ENTER, CTRL + "z", "R", "l", Keys.ENTER)
    time.sleep(3)  # give any save time to land (there must be none)
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert after == before


# The page cannot be read (WebGL), so keys follow fixed pauses; on a loaded machine a key
# can still land before its screen. Each run starts its own server on a fresh copy of the
# sample, so a rerun is a clean second try, not a retry of half-done work.
@pytest.mark.flaky(reruns=2)
def test_export_from_the_browser_arrives_as_a_download(
    served: tuple[str, Path], browser: Any, downloads: Path
) -> None:
    from selenium.webdriver.common.keys import Keys

    url, folder = served
    before = {p.name for p in folder.iterdir()}
    assert log_in(browser, url, "Leif Leder", PASSWORD) > 0
    time.sleep(SETTLE)
    # The export dialog: Tab to the file name (format, plan, folder, name), Enter exports.
    press(browser, "e")
    time.sleep(SETTLE)
    press(browser, Keys.TAB, Keys.TAB, Keys.TAB, Keys.ENTER)
    arrived = wait_until(
        lambda: [p for p in downloads.iterdir() if p.suffix == ".xlsx"], "the download"
    )
    assert arrived[0].read_bytes()[:2] == b"PK"  # an XLSX is a zip
    assert {p.name for p in folder.iterdir()} == before
