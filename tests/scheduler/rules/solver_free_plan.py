"""A solved plan of the rulebook tests' world, for the round trip through export and import-plan."""

from __future__ import annotations

import dataclasses

from test_rulebook import world

from scheduler.domain import CapacityOverride
from scheduler.settings import Settings
from scheduler.solver import solve


def clean_world_plan():
    data = world({"capacity": 1}, {"max_travel_minutes": 45.0}, capacities=[CapacityOverride("Q", "B1", 0)])
    result = solve(data, Settings(time_limit_seconds=10, workers=1))
    return data, dataclasses.replace(result.plan, name="Plan 1", is_current=True)
