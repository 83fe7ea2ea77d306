"""The large-neighbourhood search (``solver/lns.py``): what a neighbourhood frees, and that its MIPs only improve."""

from __future__ import annotations

import time

import numpy as np
from scarce_data import COUPLED, random_plan, scarce, settings

from scheduler.solver import bound, candidates, lns
from scheduler.solver.budget import Budget
from scheduler.solver.problem import build_problem
from scheduler.solver.state import State, keeps_every_rule
from scheduler.solver.steps.arcs import cheapest_mask
from scheduler.solver.steps.search import Neighbourhoods


def _problem(seed: int, time_limit: float = 30.0):
    s = settings(time_limit, **COUPLED)
    data = scarce(n_students=90, n_practices=24, seed=seed)
    return build_problem(data, s, candidates.build(data, s)), s


def _cheap(problem) -> np.ndarray:
    return cheapest_mask(problem, problem.arc_cost.astype(float), lns.ARCS_PER_UNIT)


def test_a_neighbourhood_keeps_every_plan_arc_and_frees_the_units_near_some_practices():
    problem, _ = _problem(seed=0)
    plan = random_plan(problem, 0)
    hoods = lns.Neighbourhoods(problem, _cheap(problem), seed=1)
    for _ in range(6):
        arcs = hoods.arcs(plan)
        assert arcs[plan[plan >= 0]].all()
        per_unit = np.bincount(problem.arc_unit[arcs], minlength=problem.n_units)
        free = per_unit > 1
        assert free.any() and not free.all()
        assert per_unit.max() <= lns.ARCS_PER_UNIT + 1  # its cheapest arcs, and its arc in the plan


def test_the_size_shrinks_when_a_mip_runs_out_of_time_and_grows_when_it_is_quick():
    problem, _ = _problem(seed=0)
    hoods = lns.Neighbourhoods(problem, _cheap(problem), seed=1)
    first = hoods.size
    hoods.tell(proven=False, seconds=lns.MIP_SECONDS)
    assert hoods.size < first
    shrunk = hoods.size
    hoods.tell(proven=True, seconds=0.01)
    assert hoods.size > shrunk


def test_the_search_improves_a_poor_plan_and_keeps_every_rule():
    problem, s = _problem(seed=2, time_limit=4.0)
    state = State(problem, s, None, time.perf_counter())
    state.offer(random_plan(problem, 2))
    state.evidence.relaxation = bound.relax(problem)  # its floors hold only at the flow's count
    state.evidence.lp_score = problem.arc_cost.astype(float)
    cost = state.best.upper
    Neighbourhoods().run(state, Budget(None))
    assert state.stats.lns_rounds >= 1 and state.stats.lns_better >= 1
    assert state.best.upper < cost
    assert keeps_every_rule(problem, state.best.unit_arc)
