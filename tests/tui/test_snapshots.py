"""A few SVG snapshots of the key screens (fixed data, fixed date).

Update only after looking at the report: `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from pilot_helpers import settle
from textual.pilot import Pilot

from oppfolging.i18n import set_language
from oppfolging.tui.app import OppfolgingApp

SnapCompare = Callable[..., bool]


def _after(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize(
    ("name", "size", "keys"),
    [
        ("overview", (120, 40), ()),
        ("overview_small", (80, 24), ()),
        ("help_small", (80, 24), ("question_mark",)),
        ("revisions_small", (80, 24), ("v",)),
        ("goal", (120, 40), ("enter", "enter", "enter")),
        ("revisions", (120, 40), ("v",)),
    ],
)
def test_snapshot(
    snap_compare: SnapCompare,
    app: OppfolgingApp,
    name: str,
    size: tuple[int, int],
    keys: tuple[str, ...],
) -> None:
    assert snap_compare(app, terminal_size=size, run_before=_after(*keys)), name


@pytest.fixture
def nynorsk() -> Iterator[None]:
    """The app in nynorsk for one test (chosen before the app is built), bokmål afterwards."""
    set_language("nn")
    yield
    set_language("nb")


@pytest.mark.parametrize(
    ("name", "size"), [("overview_nynorsk", (120, 40)), ("overview_nynorsk_small", (80, 24))]
)
def test_snapshot_nynorsk(
    nynorsk: None,
    snap_compare: SnapCompare,
    app: OppfolgingApp,
    name: str,
    size: tuple[int, int],
) -> None:
    assert snap_compare(app, terminal_size=size, run_before=_after()), name
