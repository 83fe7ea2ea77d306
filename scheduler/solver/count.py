"""The first aim, proven: the most student-blocks any plan can place.

The per-year flow relaxation bounds the count, but on scarce data it is not
tight: consulting rooms are shared by the blocks of every year on a date, and
``apart`` partners cannot share the last place. The count's own linear
relaxation has every one of those rows. Measured on scarce generated sets
(tests' ``scarce_data``: five years, 1-3 places, 2-4 rooms, many pairs; table
in ``docs/architecture.md``), its optimum rounded down was the true maximum on
every instance tried, and its solution rounded (``repair.round_lp``) usually
reaches it: the LP (GLOP, about a second at 2,000 students) then proves the
count. When a gap is left, the count MIP over the same rows closes it
(``mip.py``, HiGHS: why it and not SCIP or CP-SAT is said there). The LP's
dual values are what one more place, or one more room, is worth: ``advise``
starts from them.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from scheduler.solver.problem import Problem

EPS = 1e-6


@dataclass
class CountResult:
    bound: int
    """No plan places more student-blocks (proven when ``proven``; the LP's floor otherwise)."""
    value: float
    proven: bool
    """True when the LP's solution is integral: ``bound`` is then the count's optimum."""
    place_dual: np.ndarray
    """Practices x blocks: what one more place is worth to the count."""
    group_dual: np.ndarray
    """Per rooms-per-day group of the problem: what one more room is worth."""
    seconds: float
    primal: np.ndarray | None = None
    """The LP's value of every arc, for rounding to a plan."""


def count(problem: Problem, arcs: np.ndarray | None = None) -> CountResult:
    """The count's LP over ``arcs`` (default all), with GLOP: its floor bounds the count; its duals price places."""
    start = time.perf_counter()
    p = problem
    arcs = np.arange(len(p.arc_unit)) if arcs is None else arcs
    solver = pywraplp.Solver.CreateSolver("GLOP")
    inf = solver.infinity()
    x = [solver.NumVar(0.0, 1.0, "") for _ in arcs]
    units = p.arc_unit[arcs]
    size = p.unit_size[units].astype(float)
    place = p.arc_practice[arcs] * p.n_blocks + p.unit_block[units]
    unit_rows = {int(u): solver.Constraint(1.0 if p.unit_locked[u] >= 0 else -inf, 1.0) for u in np.unique(units)}
    place_rows = {}
    for pl in np.unique(place):
        j, b = divmod(int(pl), p.n_blocks)
        place_rows[int(pl)] = solver.Constraint(-inf, float(p.cap[j, b]))
    group_rows = [solver.Constraint(-inf, float(limit)) for _, _, limit in p.groups]
    groups_at: dict[int, list[int]] = {}
    for g, (j, blocks, _) in enumerate(p.groups):
        for b in blocks:
            groups_at.setdefault(j * p.n_blocks + b, []).append(g)
    objective = solver.Objective()
    at: dict[tuple[int, int], int] = {}
    for i in range(len(arcs)):
        v, u = x[i], int(units[i])
        unit_rows[u].SetCoefficient(v, 1.0)
        place_rows[int(place[i])].SetCoefficient(v, size[i])
        for g in groups_at.get(int(place[i]), ()):
            group_rows[g].SetCoefficient(v, size[i])
        objective.SetCoefficient(v, size[i])
        at[(u, int(p.arc_practice[arcs[i]]))] = i
    for ka, kb in p.apart:
        ua, ub = int(p.sb_unit[ka]), int(p.sb_unit[kb])
        if ua == ub:
            continue
        for j in p.arc_practice[p.arc_ptr[ua]:p.arc_ptr[ua + 1]]:
            ia, ib = at.get((ua, int(j))), at.get((ub, int(j)))
            if ia is not None and ib is not None:
                row = solver.Constraint(-inf, 1.0)
                row.SetCoefficient(x[ia], 1.0)
                row.SetCoefficient(x[ib], 1.0)
    objective.SetMaximization()
    status = solver.Solve()
    seconds = time.perf_counter() - start
    place_dual = np.zeros((p.n_practices, p.n_blocks))
    group_dual = np.zeros(len(p.groups))
    if status != pywraplp.Solver.OPTIMAL:
        return CountResult(int(p.unit_size.sum()), float("inf"), False, place_dual, group_dual, seconds)
    value = objective.Value()
    for pl, row in place_rows.items():
        place_dual[divmod(pl, p.n_blocks)] = row.dual_value()
    group_dual = np.array([row.dual_value() for row in group_rows]) if group_rows else group_dual
    values = np.array([v.solution_value() for v in x])
    integral = bool(np.all(np.minimum(values, 1 - values) < EPS))
    primal = np.zeros(len(p.arc_unit))
    primal[arcs] = values
    return CountResult(int(math.floor(value + EPS)), value, integral, place_dual, group_dual, seconds, primal)
