"""``CpSatFallback``: when a time limit stopped the count proof, CP-SAT improves the plan at the count reached.

HiGHS's soft-aims MIPs need the count fixed at a proven maximum; without one,
CP-SAT (``model``/``rules``) minimises the soft aims over every arc with the
incumbent's count placed, hinted with the incumbent. Nothing about the soft
aims is proven then (the count is not), so the plan is at best "feasible".
"""

from __future__ import annotations

import numpy as np

from scheduler.solver.budget import MIN_SECONDS, Budget
from scheduler.solver.model import solve_cp
from scheduler.solver.state import State, placed_by


class CpSatFallback:
    def applies(self, state: State) -> bool:
        return not state.count_proven

    def run(self, state: State, budget: Budget) -> None:
        state.stats.variables = 0
        if state.stopped or state.time_left() <= MIN_SECONDS:
            return
        problem = state.problem
        every_arc = np.ones(len(problem.arc_unit), dtype=bool)
        state.say("improving the plan")
        out = solve_cp(problem, every_arc, hint=state.best.unit_arc, time_limit=state.time_left(),
                       workers=state.settings.workers, seed=state.settings.seed, task=state.task,
                       placed_exactly=state.best.placed, placed_bound=state.proven.placed_bound, count_proven=False)
        state.stats.add_seconds("seconds_cpsat", out.seconds)
        state.stats.variables = out.variables
        state.stopped = state.stopped or out.stopped
        if out.unit_arc is not None and placed_by(problem, out.unit_arc) == state.best.placed:
            state.offer(out.unit_arc)
        state.proven.lower = None
        state.stats.arcs_kept = int(every_arc.sum())
        state.stats.rounds = 1

