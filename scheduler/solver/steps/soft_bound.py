"""``Floors``, ``PricingLP`` and ``RoundLP``: a proven lower bound on the soft aims at the proven count, and a plan.

Needed unless the flow's bound already proves the first plan best. ``Floors``
bounds each year's longest journey from below (the count's LP without the long
journeys), which the LP and the MIPs then take as given. ``PricingLP`` solves
the LP of the whole model over all arcs by pricing (HiGHS): a second bound,
reduced costs for exact fixing and for ranking arcs, and a solution that
``RoundLP`` rounds to a plan (a small count MIP puts back places it lost).
"""

from __future__ import annotations

import time

import numpy as np

from scheduler.solver import count as count_mod
from scheduler.solver import floors as floors_mod
from scheduler.solver import lp as lp_mod
from scheduler.solver import mip as mip_mod
from scheduler.solver import repair as repair_mod
from scheduler.solver.budget import MIN_SEARCH_SECONDS, SHARES, Budget
from scheduler.solver.state import State, placed_by
from scheduler.solver.steps.arcs import flow_floors, start_arcs

MIN_ROUND_MIP_SECONDS = 2.0
"""Below this much time left the places rounding lost are not put back."""


def flow_settles(state: State) -> bool:
    """The flow's bound proves the incumbent best: exact in every year, at the flow's count, and reached."""
    relaxation = state.relaxation
    return state.at_flow_count and all(year.exact for year in relaxation.years) \
        and state.best.upper <= relaxation.bound


def bound_wanted(state: State) -> bool:
    return state.count_proven and not state.stopped and not flow_settles(state)


class Floors:
    def applies(self, state: State) -> bool:
        return bool(state.problem.weight_tenths["fairness"]) and bound_wanted(state) and state.time_left() > MIN_SEARCH_SECONDS

    def run(self, state: State, budget: Budget) -> None:
        state.say("bounding with the linear relaxation")
        clock = time.perf_counter()
        unit_arc = state.best.unit_arc
        state.evidence.year_floors = floors_mod.year_floors(
            state.problem, state.best.placed, unit_arc[unit_arc >= 0], flow_floors(state) or {},
            time_limit=budget.seconds(state, SHARES.floors))
        state.stats.seconds_floors = time.perf_counter() - clock


class PricingLP:
    def applies(self, state: State) -> bool:
        floors_ran = state.evidence.year_floors is not None  # they ran when the time sufficed for both
        return bound_wanted(state) and (floors_ran or state.time_left() > MIN_SEARCH_SECONDS)

    def run(self, state: State, budget: Budget) -> None:
        problem, evidence = state.problem, state.evidence
        if evidence.year_floors is None:
            state.say("bounding with the linear relaxation")
        floors = evidence.year_floors if evidence.year_floors is not None else flow_floors(state) or {}
        clock = time.perf_counter()
        lp = lp_mod.solve_lp(problem, start_arcs(problem, state.relaxation, state.best.unit_arc), state.best.placed,
                             floors, time_limit=max(1.0, budget.seconds(state, SHARES.pricing_lp)),
                             stop=state.cancelled)
        state.stats.seconds_lp = time.perf_counter() - clock
        state.stats.lp_columns, state.stats.lp_rounds = lp.columns, lp.rounds
        if np.isfinite(lp.value):
            evidence.lp_score = lp.reduced
        if lp.exact:
            evidence.lp_reduced = lp.reduced
            state.raise_lower(int(np.floor(lp.value - 1e-6 * abs(lp.value))))
        evidence.lp_primal = lp.primal


class RoundLP:
    def applies(self, state: State) -> bool:
        return state.evidence.lp_primal is not None

    def run(self, state: State, budget: Budget) -> None:
        problem, primal = state.problem, state.evidence.lp_primal
        assert primal is not None
        rounded = repair_mod.round_lp(problem, primal)
        if placed_by(problem, rounded) < state.best.placed and state.time_left() > MIN_ROUND_MIP_SECONDS:
            # rounding lost a few places: the count MIP over the LP's arcs, keeping as much of the rounding
            # as it can, puts them back
            arcs = state.with_plan_arcs(primal > count_mod.EPS)
            arcs[rounded[rounded >= 0]] = True
            out = mip_mod.solve_mip(problem, np.nonzero(arcs)[0], soft=False, hint=rounded, close_to_hint=True,
                                    time_limit=budget.seconds(state, SHARES.round_mip), task=state.task,
                                    worker=budget.worker)
            state.stats.seconds_round_mip = out.seconds
            if out.unit_arc is not None:
                rounded = out.unit_arc
        if placed_by(problem, rounded) == state.best.placed and state.offer(rounded):
            state.say("rounded the linear relaxation")
