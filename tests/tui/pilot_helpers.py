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
    for _ in range(20):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        if not any(worker.is_running for worker in pilot.app.workers):
            await pilot.pause()
            return
