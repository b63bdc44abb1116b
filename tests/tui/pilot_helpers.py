"""Shared constants and helpers of the Pilot tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.pilot import Pilot

SAMPLE = Path(__file__).resolve().parents[2] / "data"
AS_OF = date(2026, 6, 1)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker has finished and the screen has caught up.

    Workers start other workers (loading → overview → tables), so wait in rounds until a
    round finds nothing running.
    """
    quiet = 0
    for _ in range(40):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        # Pending workers count too: a screen may have created one that has not started yet
        # (a loaded machine showed the goal screen's tables still empty), so two quiet
        # rounds in a row end the wait.
        quiet = quiet + 1 if all(worker.is_finished for worker in pilot.app.workers) else 0
        if quiet == 2:
            return


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 15
) -> None:
    """Pause until ``condition()`` holds, or fail after ``seconds``.

    For what Textual does on its own timers (the palette searches in a background task), where
    a fixed pause is too short on a loaded machine.
    """
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s")
        await pilot.pause(0.05)
