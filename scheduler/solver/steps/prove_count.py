"""``ProveCount``: the first aim, the most student-blocks any plan places, found and proven.

Runs only when the first plan places fewer than the flow's count (places are
scarce). The count's LP (``count.py``, GLOP) bounds it; its solution rounded
often reaches that bound. If not, small count MIPs over the LP's support (then
with each unit's nearest practices) look for such a plan, keeping as much of
the first plan as they can, and last the count MIP over all arcs proves it.
"""

from __future__ import annotations

import math

import numpy as np

from scheduler.solver import count as count_mod
from scheduler.solver import mip as mip_mod
from scheduler.solver import repair as repair_mod
from scheduler.solver.budget import MIN_COUNT_MIP_SECONDS, MIN_SECONDS, SHARES, Budget
from scheduler.solver.state import State
from scheduler.solver.steps.arcs import cheapest_mask

NEAR_ARCS = 8
"""Each unit's nearest practices added to the count LP's support for the second small count MIP."""
SUPPORT_SHARE = 0.5
"""A small count MIP runs only over fewer than this share of all arcs."""


class ProveCount:
    def applies(self, state: State) -> bool:
        return not state.count_proven and not state.stopped and state.time_left() >= MIN_SECONDS

    def run(self, state: State, budget: Budget) -> None:
        state.say("proving how many can be placed")
        lp = count_mod.count(state.problem)
        state.stats.seconds_count_lp = lp.seconds
        state.cap_count(lp.bound)
        if state.count_proven:
            return
        first, primal = state.best.unit_arc, lp.primal
        assert primal is not None, "the count's LP always returns its solution"
        state.offer(repair_mod.round_lp(state.problem, primal))
        if not state.count_proven:
            state.say("placing as many as possible")
            self._near_the_lp(state, budget, primal, first)
        if state.count_proven or state.stopped:
            state.say("placed as many as possible")
            return
        self._over_all_arcs(state, budget)

    def _near_the_lp(self, state: State, budget: Budget, primal: np.ndarray, first: np.ndarray) -> None:
        """Small count MIPs over the LP's support, then with each unit's nearest practices: the support holds a
        plan of the LP's floor more often than rounding finds one."""
        problem = state.problem
        n_arcs = len(problem.arc_unit)
        support = state.with_plan_arcs(primal > count_mod.EPS)
        support[first[first >= 0]] = True
        near = cheapest_mask(problem, problem.arc_cost.astype(float), NEAR_ARCS)
        for arcs in (support, support | near):
            if arcs.sum() >= SUPPORT_SHARE * n_arcs or state.count_proven or state.stopped:
                break
            # close to the first plan, which was made for the soft aims (the rounded one was not)
            small = mip_mod.solve_mip(
                problem, np.nonzero(arcs)[0], soft=False, hint=first, close_to_hint=True,
                time_limit=max(MIN_COUNT_MIP_SECONDS, budget.seconds(state, SHARES.count_support_mip)),
                task=state.task, worker=budget.worker)
            state.stats.add_seconds("seconds_count_support", small.seconds)
            state.offer_count_plan(small.unit_arc)
            state.say("placing as many as possible")

    def _over_all_arcs(self, state: State, budget: Budget) -> None:
        """The count MIP over every arc: its bound proves the count."""
        problem = state.problem
        mip = mip_mod.solve_mip(problem, np.arange(len(problem.arc_unit)), soft=False, hint=state.best.unit_arc,
                                time_limit=max(MIN_COUNT_MIP_SECONDS, budget.seconds(state, SHARES.count_mip)),
                                task=state.task, worker=budget.worker)
        state.stats.seconds_count_mip = mip.seconds
        state.offer_count_plan(mip.unit_arc)
        if mip.bound is not None:
            state.cap_count(int(math.floor(mip.bound + 1e-6)))
        state.say("placed as many as possible" if state.count_proven else "count not proven yet")
