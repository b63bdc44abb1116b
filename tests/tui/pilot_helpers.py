"""Shared constants and helpers of the Pilot tests."""

from __future__ import annotations

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
