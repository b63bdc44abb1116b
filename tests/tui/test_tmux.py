"""The real `oppfolging` command in a real terminal (tmux), as a person would start it."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def _tmux(*args: str) -> str:
    result = subprocess.run(["tmux", *args], capture_output=True, text=True, check=False)
    return result.stdout


def _wait_for(session: str, text: str, timeout: float = 90.0) -> str:
    """Wait until `text` is on the screen (`-text`: until it is gone)."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", session)
        if (text[1:] not in screen) if text.startswith("-") else (text in screen):
            return screen
        time.sleep(0.3)
    raise AssertionError(f"«{text}» did not appear; the screen was:\n{screen}")


def test_real_command_opens_overview_and_quits_cleanly(sample_copy: Path, tmp_path: Path) -> None:
    session = f"oppf-{uuid.uuid4().hex[:8]}"
    command = " ".join(
        [
            f"OPPFOLGING_CONFIG={shlex.quote(str(tmp_path / 'p.toml'))}",
            shlex.quote(sys.executable),
            "-m oppfolging --data",
            shlex.quote(str(sample_copy)),
            "--as-of 2026-06-01; echo EXIT=$?; sleep 30",
        ]
    )
    _tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command)
    try:
        screen = _wait_for(session, "Krever oppmerksomhet")
        assert "1. tertial 2026" in screen
        # Each key waits for the screen it opens, so a slow machine cannot reorder them.
        steps = [
            ("v", "lanstrategi"),
            ("Escape", "Krever oppmerksomhet"),
            ("?", "Overalt"),
            ("Escape", "Krever oppmerksomhet"),
            ("Enter", "-Krever oppmerksomhet"),
            ("Escape", "Krever oppmerksomhet"),
            ("x", "Krever oppmerksomhet"),
            ("F5", "Krever oppmerksomhet"),
        ]
        for key, expected in steps:
            _tmux("send-keys", "-t", session, key)
            _wait_for(session, expected)
        _tmux("send-keys", "-t", session, "q")
        after = _wait_for(session, "EXIT=")
        printed = [line for line in after.splitlines() if line.strip()]
        assert printed == ["EXIT=0"], f"the command printed something:\n{after}"
    finally:
        _tmux("kill-session", "-t", session)
