"""The suggested goal status (issue 10): from a goal's indicators and measures in a round.

The rule, first match wins (documented in `data/README.md` and the README):
1. no indicator with a value and no measure reported → `not_assessed` (ikke vurdert)
2. an indicator `off_track`, or two or more measures overdue or `delayed`
   → `major_deviation` (vesentlig avvik)
3. an indicator `at_risk` or `missing`, or one measure overdue or `delayed`
   → `some_deviation` (noe avvik)
4. every indicator with a value `reached` → `reached` (nådd)
5. otherwise → `on_track` (på sporet)

A focus area's or a plan's suggestion is the worst of its goals' statuses (the registered
status where there is one, else the suggestion), leaving out `not_assessed`; with no goal
assessed it is `not_assessed`. Pure functions: no dataset, no date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from oppfolging.domain.schema import GOAL_STATUSES

VALUED_STATUSES = ("reached", "on_track", "at_risk", "off_track")
"""Indicator statuses that come from a registered value (`no_target` has one too, but no
target to measure it against, so it says nothing about the goal)."""

WORST_FIRST = ("major_deviation", "some_deviation", "on_track", "reached")
"""Goal statuses a roll-up compares, worst first (`not_assessed` is left out)."""


@dataclass(frozen=True)
class GoalEvidence:
    """What the rule looks at for one goal in one round."""

    indicators: Mapping[str, int]
    """Indicator status → how many of the goal's indicators have it in the round."""
    deviating_measures: int = 0
    """Measures that are overdue or `delayed` in the round."""
    reported_measures: int = 0
    """Measures with a status for the round (registered, or closed earlier)."""


def suggest_goal_status(evidence: GoalEvidence) -> str:
    """The suggested status of a goal (see the module for the rule)."""
    count = evidence.indicators.get
    valued = sum(count(status, 0) for status in VALUED_STATUSES)
    if valued == 0 and evidence.reported_measures == 0:
        return "not_assessed"
    if count("off_track", 0) or evidence.deviating_measures >= 2:
        return "major_deviation"
    if count("at_risk", 0) or count("missing", 0) or evidence.deviating_measures == 1:
        return "some_deviation"
    if valued and count("reached", 0) == valued:
        return "reached"
    return "on_track"


def worst_status(statuses: Iterable[str | None]) -> str:
    """The worst of goal statuses (`not_assessed` and None left out), else `not_assessed`."""
    given = {status for status in statuses if status in WORST_FIRST}
    return next((status for status in WORST_FIRST if status in given), "not_assessed")


assert set(WORST_FIRST) | {"not_assessed"} == set(GOAL_STATUSES)
