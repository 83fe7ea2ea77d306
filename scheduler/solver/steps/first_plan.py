"""``FirstPlan``: the per-year flow relaxation, and a plan from it that keeps every rule.

The flow bounds the count (no plan places more than each year's flow), and at
that count the soft aims; its reduced costs rank arcs for the later models. Its
solution, decoded and repaired, is the first incumbent: often already optimal
for travel alone when the rules tying units together do not bind.
"""

from __future__ import annotations

import time

from scheduler.solver import bound as bound_mod
from scheduler.solver import repair as repair_mod
from scheduler.solver.budget import Budget
from scheduler.solver.state import State, keeps_every_rule


class FirstPlan:
    def applies(self, state: State) -> bool:
        return True

    def run(self, state: State, budget: Budget) -> None:
        problem = state.problem
        clock = time.perf_counter()
        state.say("solving the flow relaxation")
        relaxation = state.evidence.relaxation = bound_mod.relax(problem)
        state.stats.seconds_flow = time.perf_counter() - clock
        clock = time.perf_counter()
        unit_arc, split = repair_mod.decode(problem, relaxation.unit_arc_flow)
        if split or not keeps_every_rule(problem, unit_arc):
            state.say("repairing the flow's plan to keep every rule")
            unit_arc = repair_mod.repair(problem, relaxation)
        state.offer(unit_arc)
        state.stats.seconds_repair = time.perf_counter() - clock
        state.proven.placed_bound = relaxation.placed
        if state.count_proven:
            state.proven.lower = relaxation.bound
        state.say("first plan")
