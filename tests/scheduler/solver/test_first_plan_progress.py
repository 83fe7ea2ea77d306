"""The first plan's progress says which part runs: the flow relaxation, then its repair (minutes at a region's scale)."""

from __future__ import annotations

from scarce_data import scarce, settings

from scheduler.progress import TaskState
from scheduler.solver import solve


def test_the_repair_of_the_flows_plan_is_reported_between_the_flow_and_the_first_plan():
    task = TaskState()
    solve(scarce(n_students=90, n_practices=24, seed=0), settings(5.0), task=task, name="p")
    messages = [p.message for p in task.history]
    flow = messages.index("solving the flow relaxation")
    repairing = messages.index("repairing the flow's plan to keep every rule")
    assert flow < repairing < messages.index("first plan")
