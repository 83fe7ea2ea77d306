"""Floors on each year's longest journey, proven by the count's LP with the long journeys taken away.

If the count's LP, with every arc of year y whose journey is T or longer
held at zero, places fewer than the proven count, then every plan placing
that many sends someone in year y on a journey of at least T. The largest
such T, found by bisection over the year's journey lengths, is a floor on
that year's longest journey: the fairness aim pays at least the weight times
it. The LP relaxation of the whole model prices the longest journey only by
each unit's average journey, which leaves the proven gap wide where the plan
is all but optimal.
"""

from __future__ import annotations

import time

import numpy as np

from scheduler.solver import highs_run
from scheduler.solver.mip import build_model
from scheduler.solver.problem import Problem


def year_floors(problem: Problem, placed: int, plan_arcs: np.ndarray, known: dict[int, int],
                time_limit: float) -> dict[int, int]:
    """Each year's floor (tenths of a minute): ``known`` raised where the bisection proves more.

    ``plan_arcs``: the arcs of a plan placing ``placed`` (its longest journey per year bounds the search).
    Stops at ``time_limit``; every floor returned is proven."""
    import highspy

    start = time.perf_counter()
    n_arcs = len(problem.arc_unit)
    model = build_model(problem, np.arange(n_arcs), soft=False, placed=None, t_lower=None)
    lower, upper, starts, index, value = model.rows.csr()
    size = problem.unit_size[problem.arc_unit].astype(float)
    h = highs_run.loaded(-size, np.zeros(n_arcs), np.ones(n_arcs), lower, upper, starts, index, value)
    year_of_arc = problem.unit_year[problem.arc_unit]
    tmax = problem.arc_tmax10
    floors = dict(known)

    def places_all_without(arcs: np.ndarray) -> bool | None:
        """Whether the LP still places ``placed`` with ``arcs`` held at zero (None: out of time)."""
        left = time_limit - (time.perf_counter() - start)
        if left <= 0:
            return None
        highs_run.allow(h, left)
        h.changeColsBounds(len(arcs), arcs.astype(np.int32), np.zeros(len(arcs)), np.zeros(len(arcs)))
        h.run()
        status, most = h.getModelStatus(), -h.getInfo().objective_function_value  # read before HiGHS forgets
        h.changeColsBounds(len(arcs), arcs.astype(np.int32), np.zeros(len(arcs)), np.ones(len(arcs)))
        if status == highspy.HighsModelStatus.kInfeasible:  # a locked student's practice is among them
            return False
        if status != highspy.HighsModelStatus.kOptimal:
            return None
        return bool(most >= placed - 1e-3)  # an LP short by less is read as placing them all: no floor claimed

    for year in np.unique(problem.unit_year):
        in_year = np.nonzero(year_of_arc == year)[0]
        chosen = plan_arcs[year_of_arc[plan_arcs] == year]
        if not len(chosen):
            continue
        # candidates T: the year's journey lengths above the known floor, up to the plan's longest
        lengths = np.unique(tmax[in_year])
        lengths = lengths[(lengths > floors.get(int(year), 0)) & (lengths <= tmax[chosen].max())]
        lo, hi = -1, len(lengths)  # lengths[lo] proven a floor; lengths[hi] not (the plan's own)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            reached = places_all_without(in_year[tmax[in_year] >= lengths[mid]])
            if reached is None:
                break
            if reached:
                hi = mid
            else:
                lo = mid
        if lo >= 0:
            floors[int(year)] = int(lengths[lo])
        if time.perf_counter() - start > time_limit:
            break
    return floors
