"""The overview's keys, shared by the overview and its picture (`screens.picture`).

The picture shows the same footer as the overview it stands in for; a key pressed on it is
kept and run on the overview as soon as the dataset is read, so nothing typed is lost.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding, BindingType


class OverviewKey(NamedTuple):
    """One key of the overview: key, action, catalogue key of its description."""

    key: str
    action: str
    description: str
    show: bool = True
    key_display: str | None = None


OVERVIEW_KEYS: tuple[OverviewKey, ...] = (
    OverviewKey("left_square_bracket", "previous_round", "binding.previous_round", True, "["),
    OverviewKey("right_square_bracket", "next_round", "binding.next_round", True, "]"),
    OverviewKey("f", "filter", "binding.filter"),
    OverviewKey("d", "why", "binding.why"),
    # v, e and s are in help (?) and the palette; the footer keeps the round's keys
    OverviewKey("v", "revisions", "binding.revisions", False),
    OverviewKey("e", "export", "binding.export", False),
    # registration (see tui/screens/worklist.py, settings.py, forms.py)
    OverviewKey("r", "worklist", "binding.register"),
    OverviewKey("s", "settings", "binding.settings", False),
    OverviewKey("R", "round", "binding.round", False),  # in ? and the palette
    OverviewKey("g", "group", "binding.grouping", False),  # in ? (issue 11)
    OverviewKey("ctrl+z", "undo", "binding.undo", False),
)


def overview_bindings(*, deferred: bool = False) -> list[BindingType]:
    """The overview's bindings; `deferred` ones run `defer('<action>')` instead (the
    picture keeps the key for the overview)."""
    return [
        Binding(
            key.key,
            f"defer('{key.action}')" if deferred else key.action,
            key.description,
            show=key.show,
            key_display=key.key_display,
        )
        for key in OVERVIEW_KEYS
    ]
