"""The LP bound by pricing: the linear relaxation of the whole model, solved over few arcs.

The LP of every rule (capacities, rooms per day, pairs, longest journey per
year, balance, same practice twice: the rows of ``mip.build_model``) is built
once over every arc, with the arcs outside a small promising set held at
zero. HiGHS solves it; each arc's reduced cost at its duals prices it, the
held arcs with a negative one are released, and HiGHS solves again from
where it was, until none is left. The value is then the LP optimum over all
arcs: a lower bound on every plan placing the same number. Any arc whose
reduced cost exceeds (best plan - bound) is in no better plan (exact
reduced-cost fixing).

HiGHS rather than GLOP: solved again from where it was, with the rows of the
longest journey, it is exact in fewer rounds and its bound is higher
(figures: ``docs/engine.md``, "Measurements behind the design").
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from scheduler.solver import highs_run
from scheduler.solver.mip import build_model
from scheduler.solver.problem import Problem


@dataclass
class LpBound:
    value: float
    """LP optimum over all arcs (scaled units); a valid lower bound when ``exact``."""
    reduced: np.ndarray
    """Reduced cost of every arc at the final duals (>= -tolerance when ``exact``)."""
    rounds: int
    """Rounds solved to the optimum (a round cut short is not counted)."""
    columns: int
    seconds: float
    exact: bool
    """False when pricing stopped early (``value`` is then not a proven bound)."""
    primal: np.ndarray | None = None
    """LP value of every arc (0 outside the LP), for rounding to a plan."""


def solve_lp(problem: Problem, start_arcs: np.ndarray, placed: int, t_lower: dict[int, int],
             time_limit: float = 30.0, max_rounds: int = 30, add_per_round: int = 20000,
             stop: Callable[[], bool] | None = None) -> LpBound:
    """The LP with exactly ``placed`` student-blocks placed, each year's longest journey at least ``t_lower``
    (tenths of a minute). ``start_arcs`` must hold a plan placing that many. ``stop`` (a cancel) and
    ``time_limit`` end the pricing; the answer is then not exact, and a round they cut short leaves the round
    before it (its value, reduced costs and primal) as the answer."""
    import highspy

    start = time.perf_counter()
    n_arcs = len(problem.arc_unit)
    model = build_model(problem, np.arange(n_arcs), soft=True, placed=placed, t_lower=t_lower)
    lower, upper, starts, index, value = model.rows.csr()
    in_lp = np.zeros(n_arcs, dtype=bool)
    in_lp[start_arcs] = True
    col_upper = model.col_upper.copy()
    col_upper[:n_arcs] = in_lp.astype(float)

    h = highs_run.loaded(model.cost, model.col_lower, col_upper, lower, upper, starts, index, value)
    rounds, last = 0, LpBound(-math.inf, np.zeros(n_arcs), 0, int(in_lp.sum()), 0.0, False)
    with highs_run.cancel_when(h, lambda: (stop is not None and stop()) or time.perf_counter() - start > time_limit):
        while True:
            rounds += 1
            highs_run.allow(h, max(0.05, time_limit - (time.perf_counter() - start)))
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:  # cut short: the last solved round stands
                return dataclasses.replace(last, seconds=time.perf_counter() - start)
            solution = h.getSolution()
            value_lp = h.getInfo().objective_function_value
            rc = _without_upper_bounds(problem, np.asarray(solution.col_dual)[:n_arcs], in_lp)
            primal = np.asarray(solution.col_value)[:n_arcs].copy()
            tol = 1e-6 * max(1.0, abs(value_lp))
            entering = np.nonzero(~in_lp & (rc < -tol))[0]
            elapsed = time.perf_counter() - start
            last = LpBound(value_lp, rc, rounds, int(in_lp.sum()), elapsed, not len(entering), primal)
            if not len(entering) or rounds >= max_rounds or elapsed > time_limit or (stop is not None and stop()):
                return last
            if len(entering) > add_per_round:
                entering = entering[np.argsort(rc[entering], kind="stable")[:add_per_round]]
            in_lp[entering] = True
            h.changeColsBounds(len(entering), entering.astype(np.int32), np.zeros(len(entering)),
                               np.ones(len(entering)))


def _without_upper_bounds(problem: Problem, col_dual: np.ndarray, in_lp: np.ndarray) -> np.ndarray:
    """Reduced costs at duals that need no arc's bound of 1 (its unit's row already keeps it at most 1).

    An arc at its bound of 1 may have a negative reduced cost; its unit's row is then tight, so lowering that
    row's dual by the most negative one of the unit leaves the LP's value as it is and every reduced cost
    non-negative: valid for pricing and for exact fixing (HiGHS solves much faster with the bounds kept)."""
    shift = np.zeros(problem.n_units)
    at_bound = in_lp & (col_dual < 0)
    np.minimum.at(shift, problem.arc_unit[at_bound], col_dual[at_bound])
    reduced: np.ndarray = col_dual - shift[problem.arc_unit]
    return reduced
