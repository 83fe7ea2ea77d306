"""``Rins``, ``SmallMips`` and ``Neighbourhoods``: better plans at the proven count, from small soft-aims MIPs.

None of them proves anything; each only offers plans. ``Rins`` frees the units
whose arc in the plan the LP does not take whole. ``SmallMips`` solve the soft
aims over each unit's 4, 8, then 16 arcs of smallest reduced cost (a good plan
soon, where the proving MIP would need long to find it). ``Neighbourhoods``
(``lns``): the units near a few practices choose again, one MIP after another,
until the proof beside them ends.
"""

from __future__ import annotations

import numpy as np

from scheduler.solver import count as count_mod
from scheduler.solver import highs_run
from scheduler.solver import lns as lns_mod
from scheduler.solver import mip as mip_mod
from scheduler.solver.budget import MIN_SEARCH_SECONDS, SHARES, Budget
from scheduler.solver.state import State
from scheduler.solver.stats import SmallMip
from scheduler.solver.steps.arcs import arc_score, cheapest_mask, mip_floors, needed_arcs

SMALL_MODEL_ARCS = (4, 8, 16)
"""Arcs per unit in the small soft-aims MIPs (by reduced cost), each solved before the next."""
SMALL_MODEL_SHARE = 0.25
"""A small soft-aims MIP runs only while it holds under this share of the arcs a better plan may use; else the
proving MIP comes next."""


class Rins:
    """Units whose arc in the plan the LP takes whole keep it; the others choose again among their arcs in the LP
    and their few of smallest reduced cost (Relaxation Induced Neighbourhood Search)."""

    def __init__(self, share: float) -> None:
        self.share = share

    def applies(self, state: State) -> bool:
        return state.evidence.lp_primal is not None and not state.stopped and state.time_left() > MIN_SEARCH_SECONDS

    def run(self, state: State, budget: Budget) -> None:
        problem, primal, unit_arc = state.problem, state.evidence.lp_primal, state.best.unit_arc
        assert primal is not None
        if budget.halted():
            return
        placed = unit_arc >= 0
        agree = np.zeros(problem.n_units, dtype=bool)
        agree[placed] = primal[unit_arc[placed]] > 1 - count_mod.EPS
        arcs = cheapest_mask(problem, arc_score(state), SMALL_MODEL_ARCS[-1])
        arcs |= primal > count_mod.EPS
        arcs &= ~agree[problem.arc_unit]
        arcs = state.with_plan_arcs(arcs)
        state.say("improving the plan")
        out = mip_mod.solve_mip(problem, np.nonzero(arcs)[0], soft=True, placed=state.best.placed,
                                t_lower=mip_floors(state), hint=unit_arc, time_limit=budget.seconds(state, self.share),
                                task=state.task, worker=budget.worker, halt=budget.halt)
        state.stats.seconds_mip_near_lp = out.seconds
        state.stats.units_free_near_lp = int((~agree).sum())
        state.offer_soft_plan(out.unit_arc)


class SmallMips:
    """The soft aims over each unit's few arcs of smallest reduced cost, fewest first, while each is proven."""

    def applies(self, state: State) -> bool:
        return True

    def run(self, state: State, budget: Budget) -> None:
        problem = state.problem
        score, floors = arc_score(state), mip_floors(state)
        for per_unit in SMALL_MODEL_ARCS:
            need = needed_arcs(state)
            few = state.with_plan_arcs(cheapest_mask(problem, score, per_unit)) & need
            if few.sum() >= SMALL_MODEL_SHARE * need.sum() or state.stopped or state.time_left() <= MIN_SEARCH_SECONDS:
                break
            state.say("improving the plan")
            out = mip_mod.solve_mip(problem, np.nonzero(few)[0], soft=True, placed=state.best.placed, t_lower=floors,
                                    time_limit=budget.seconds(state, SHARES.search), task=state.task,
                                    worker=budget.worker)
            state.stats.small_mips[per_unit] = SmallMip(out.seconds, int(few.sum()), int(need.sum()))
            state.offer_soft_plan(out.unit_arc)
            if out.unit_arc is not None and not out.optimal:
                break  # a wider model would not finish either


class Neighbourhoods:
    """Large-neighbourhood search (``lns``): small MIPs in which the units near a few practices choose again, one
    after another from the best plan, until the budget halts, a stop, or the time is up."""

    def applies(self, state: State) -> bool:
        return state.best.placed > 0

    def run(self, state: State, budget: Budget) -> None:
        problem = state.problem
        floors = mip_floors(state)
        hoods = lns_mod.Neighbourhoods(problem, cheapest_mask(problem, arc_score(state), lns_mod.ARCS_PER_UNIT),
                                       state.settings.seed)
        rounds = better = 0
        while not state.stopped and not budget.halted() and state.time_left() > MIN_SEARCH_SECONDS:
            arcs = state.with_plan_arcs(hoods.arcs(state.best.unit_arc))
            # HiGHS's own limit ends HEADROOM_SECONDS before the caller's (``highs_run.Worker.run``)
            out = mip_mod.solve_mip(
                problem, np.nonzero(arcs)[0], soft=True, placed=state.best.placed, t_lower=floors,
                hint=state.best.unit_arc, task=state.task, worker=budget.worker, halt=budget.halt,
                time_limit=min(lns_mod.MIP_SECONDS + highs_run.HEADROOM_SECONDS, state.time_left()))
            hoods.tell(out.optimal, out.seconds)
            rounds += 1
            before = state.best.upper
            state.offer_soft_plan(out.unit_arc)
            better += int(state.best.upper < before)
        state.stats.lns_rounds, state.stats.lns_better = rounds, better
