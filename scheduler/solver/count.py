"""The first aim, proven: the most student-blocks any plan can place.

The per-year flow relaxation bounds the count, but on scarce data it is not
tight: consulting rooms are shared by the blocks of every year on a date, and
``apart`` partners cannot share the last place. The count's own linear
relaxation has every one of those rows. Measured on scarce generated sets
(tests' ``scarce_data``: five years, 1-3 places, 2-4 rooms, many pairs; table
in ``docs/architecture.md``), its optimum rounded down was the true maximum on
every instance tried, and its solution rounded (``repair.round_lp``) usually
reaches it: the LP (GLOP, about a second at 2,000 students) then proves the
count. When a gap is left, the count MIP over the same rows closes it: SCIP
from the OR-Tools wheel, because it keeps its time limit and can be
interrupted on cancel (HiGHS through ``pywraplp`` proved faster, 13.6 s
against no proof in 60 s at 2,000 students, but it cannot be interrupted and
overran its limit by minutes; CP-SAT's count search proved slower than both).
The LP's dual values are what one more place, or one more room, is worth:
``advise`` starts from them.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

import numpy as np
from ortools.linear_solver import pywraplp

from scheduler.progress import TaskState
from scheduler.solver.problem import Problem

EPS = 1e-6


@dataclass
class CountResult:
    bound: int
    """No plan places more student-blocks (proven when ``proven``; the LP's floor otherwise)."""
    value: float
    proven: bool
    """True when ``bound`` is the optimum of the count (MIP solved to optimality) or the LP is integral."""
    unit_arc: np.ndarray | None
    """The MIP's plan (chosen arc per unit, -1 = unplaced), if one was found."""
    place_dual: np.ndarray
    """Practices x blocks: what one more place is worth to the count (LP only)."""
    group_dual: np.ndarray
    """Per rooms-per-day group of the problem: what one more room is worth (LP only)."""
    seconds: float
    primal: np.ndarray | None = None
    """The LP's value of every arc (LP only), for rounding to a plan."""


def count(problem: Problem, arcs: np.ndarray | None = None, integer: bool = False, time_limit: float = 60.0,
          hint: np.ndarray | None = None, backend: str = "SCIP", task: TaskState | None = None) -> CountResult:
    """Maximise the student-blocks placed over ``arcs`` (default all): the LP (GLOP) or the MIP (``backend``)."""
    return _assignment(problem, arcs, integer, time_limit, hint, backend, task)


def _solve_by(solver: pywraplp.Solver, deadline: float, task: TaskState | None) -> int:
    """Solves, interrupting at the deadline or on cancel (SCIP can be interrupted; HiGHS through pywraplp cannot)."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if time.perf_counter() > deadline or (task is not None and task.cancelled):
                solver.InterruptSolve()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.Solve()
    finally:
        done.set()
        watcher.join()


def _assignment(problem: Problem, arcs: np.ndarray | None, integer: bool, time_limit: float,
                hint: np.ndarray | None, backend: str, task: TaskState | None) -> CountResult:
    start = time.perf_counter()
    p = problem
    arcs = np.arange(len(p.arc_unit)) if arcs is None else arcs
    solver = pywraplp.Solver.CreateSolver(backend if integer else "GLOP")
    if integer:
        solver.SetTimeLimit(int(max(1.0, time_limit) * 1000))
        solver.SetNumThreads(1)
        if backend == "HIGHS":  # keeps its banner off stdout (the call reports False, yet takes effect: measured)
            solver.SetSolverSpecificParametersAsString("output_flag=false")
    inf = solver.infinity()
    x = [solver.IntVar(0.0, 1.0, "") if integer else solver.NumVar(0.0, 1.0, "") for _ in arcs]
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
    if integer and hint is not None and backend != "HIGHS":  # HiGHS through pywraplp crashes on a hint
        chosen = set(int(a) for a in hint if a >= 0)
        solver.SetHint(x, [1.0 if int(a) in chosen else 0.0 for a in arcs])
    status = _solve_by(solver, start + time_limit, task) if integer else solver.Solve()
    seconds = time.perf_counter() - start
    place_dual = np.zeros((p.n_practices, p.n_blocks))
    group_dual = np.zeros(len(p.groups))
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return CountResult(int(p.unit_size.sum()), float("inf"), False, None, place_dual, group_dual, seconds)
    if not integer:
        value = objective.Value()
        for pl, row in place_rows.items():
            place_dual[divmod(pl, p.n_blocks)] = row.dual_value()
        group_dual = np.array([row.dual_value() for row in group_rows]) if group_rows else group_dual
        values = np.array([v.solution_value() for v in x])
        integral = bool(np.all(np.minimum(values, 1 - values) < EPS))
        primal = np.zeros(len(p.arc_unit))
        primal[arcs] = values
        return CountResult(int(math.floor(value + EPS)), value, integral, None, place_dual, group_dual, seconds, primal)
    unit_arc = np.full(p.n_units, -1, dtype=np.int64)
    for i, a in enumerate(arcs):
        if x[i].solution_value() > 0.5:
            unit_arc[units[i]] = a
    best_bound = solver.Objective().BestBound()
    optimal = status == pywraplp.Solver.OPTIMAL
    bound = int(round(objective.Value())) if optimal else int(math.floor(best_bound + EPS))
    return CountResult(bound, objective.Value(), optimal, unit_arc, place_dual, group_dual, seconds)
