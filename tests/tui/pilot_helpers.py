"""Shared constants and helpers of the Pilot tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot

SAMPLE = Path(__file__).resolve().parents[2] / "data"
AS_OF = date(2026, 6, 1)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker has finished and the screen has caught up."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
