"""The LP bound by pricing (``solver/lp.py``): the LP over every arc, from a few, with reduced costs fit for fixing."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from scarce_data import scarce

from scheduler.settings import Settings
from scheduler.solver import candidates, lp, mip
from scheduler.solver.problem import build_problem
from scheduler.solver.steps.arcs import cheapest_arcs


@pytest.fixture(scope="module", params=[3, 5])
def instance(request):
    s = Settings(time_limit_seconds=60, workers=1, seed=1)  # the default weights: every row of the model
    data = scarce(n_students=90, n_practices=24, seed=request.param)
    problem = build_problem(data, s, candidates.build(data, s))
    all_arcs = np.arange(len(problem.arc_unit))
    most = mip.solve_mip(problem, all_arcs, soft=False, time_limit=60)
    best = mip.solve_mip(problem, all_arcs, soft=True, placed=int(most.value), time_limit=60)
    assert best.optimal
    return problem, int(most.value), most.unit_arc, best


def test_pricing_reaches_the_lp_over_every_arc(instance):
    problem, placed, plan, _ = instance
    few = np.union1d(cheapest_arcs(problem, problem.arc_cost.astype(float), 2), plan[plan >= 0])
    priced = lp.solve_lp(problem, few, placed, {})
    whole = lp.solve_lp(problem, np.arange(len(problem.arc_unit)), placed, {})
    assert priced.exact and whole.exact and whole.rounds == 1
    assert priced.rounds > 1 and priced.columns < len(problem.arc_unit)  # it did price
    assert priced.value == pytest.approx(whole.value, rel=1e-7)


def test_reduced_costs_are_a_proof(instance):
    problem, placed, plan, best = instance
    few = np.union1d(cheapest_arcs(problem, problem.arc_cost.astype(float), 2), plan[plan >= 0])
    bound = lp.solve_lp(problem, few, placed, {})
    tol = 1e-6 * max(1.0, abs(bound.value))
    assert bound.value <= best.value + tol
    assert bound.reduced.min() >= -tol  # none negative, also where an arc sits at its bound of one
    # the best plan uses no arc that exact fixing would drop
    used = best.unit_arc[best.unit_arc >= 0]
    assert (bound.reduced[used] <= best.value - bound.value + tol).all()
    assert bound.reduced[used].sum() <= best.value - bound.value + tol


def test_a_round_cut_short_leaves_the_round_before_it(instance):
    """A cancel during the second round ends pricing with the first round's LP (value, reduced costs, primal),
    not an empty answer: the plan rounded from it is still there to be had."""
    problem, placed, plan, _ = instance
    few = np.union1d(cheapest_arcs(problem, problem.arc_cost.astype(float), 2), plan[plan >= 0])
    first = lp.solve_lp(problem, few, placed, {}, max_rounds=1)
    cut = lp.solve_lp(problem, few, placed, {}, stop=CancelInSecondRound())
    assert not first.exact and first.rounds == 1 and first.primal is not None
    assert not cut.exact and cut.rounds == 1 and cut.primal is not None
    assert cut.value == pytest.approx(first.value, rel=1e-9)
    assert np.array_equal(cut.primal, first.primal) and np.array_equal(cut.reduced, first.reduced)


class CancelInSecondRound:
    """A cancel that the end of the first round does not see, and that has cancelled HiGHS (from its watcher
    thread, ``highs_run.cancel_when``) before the second round starts."""

    def __init__(self) -> None:
        self.first_round_done = False
        self.cancelled = threading.Event()
        self.watcher: threading.Thread | None = None

    def __call__(self) -> bool:
        if threading.current_thread() is not threading.main_thread():
            self.watcher = threading.current_thread()
            if self.first_round_done:
                self.cancelled.set()
            return self.first_round_done
        if not self.first_round_done:  # the end of the first round asks: no, and wait until HiGHS is cancelled
            self.first_round_done = True
            assert self.cancelled.wait(10)
            assert self.watcher is not None
            self.watcher.join(10)  # it cancels, then ends
        return False
