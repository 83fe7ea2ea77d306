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

from scheduler.rules import ties
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


class GlopBuilder(ties.Builder[Problem]):
    """The GLOP adapter: each rule's rows as ``pywraplp`` constraints (named ``rule[key]``) over the arcs' columns."""

    def __init__(self, problem: Problem, arcs: np.ndarray) -> None:
        super().__init__(problem, arcs)
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.x = [self.solver.NumVar(0.0, 1.0, "") for _ in self.arcs]
        self.constraints: dict[str, list[tuple[int, pywraplp.Constraint]]] = {}
        """Rule -> (key, row) of each of its rows."""

    def add_rows(self, rule: str, keys: np.ndarray, row: np.ndarray, col: np.ndarray, val: np.ndarray,
                 lower: np.ndarray, upper: np.ndarray) -> None:
        inf = self.solver.infinity()
        made = [self.solver.Constraint(max(float(lo), -inf), min(float(up), inf), f"{rule}[{int(key)}]")
                for key, lo, up in zip(keys, lower, upper)]
        for r, c, v in zip(row.tolist(), col.tolist(), np.asarray(val, dtype=float).tolist()):
            made[r].SetCoefficient(self.x[c], v)
        self.constraints.setdefault(rule, []).extend(zip((int(k) for k in keys), made))

    def add_columns(self, rule: str, keys: np.ndarray, cost: np.ndarray, lower: np.ndarray,
                    top: np.ndarray) -> np.ndarray:
        raise NotImplementedError("the count's LP has no soft aims")


def count_lp(problem: Problem, arcs: np.ndarray | None = None) -> GlopBuilder:
    """The count's LP over ``arcs`` (default all), built from the rulebook's hard rows, not yet solved."""
    builder = GlopBuilder(problem, np.arange(len(problem.arc_unit)) if arcs is None else arcs)
    for rule in ties.model_rules(problem, soft=False):
        rule.rows(builder)
    objective = builder.solver.Objective()
    for v, size in zip(builder.x, builder.size.tolist()):
        objective.SetCoefficient(v, size)
    objective.SetMaximization()
    return builder


def count(problem: Problem, arcs: np.ndarray | None = None) -> CountResult:
    """The count's LP over ``arcs`` (default all), with GLOP: its floor bounds the count; its duals price places."""
    start = time.perf_counter()
    p = problem
    lp = count_lp(problem, arcs)
    status = lp.solver.Solve()
    seconds = time.perf_counter() - start
    place_dual = np.zeros((p.n_practices, p.n_blocks))
    group_dual = np.zeros(len(p.groups))
    if status != pywraplp.Solver.OPTIMAL:
        return CountResult(int(p.unit_size.sum()), float("inf"), False, place_dual, group_dual, seconds)
    value = lp.solver.Objective().Value()
    for place, row in lp.constraints.get("capacity", []):
        place_dual[divmod(place, p.n_blocks)] = row.dual_value()
    for g, row in lp.constraints.get("rooms_per_day", []):
        group_dual[g] = row.dual_value()
    values = np.array([v.solution_value() for v in lp.x])
    integral = bool(np.all(np.minimum(values, 1 - values) < EPS))
    primal = np.zeros(len(p.arc_unit))
    primal[lp.arcs] = values
    return CountResult(int(math.floor(value + EPS)), value, integral, place_dual, group_dual, seconds, primal)
