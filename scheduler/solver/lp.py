"""The LP bound by pricing: the linear relaxation of the whole model, solved over few arcs.

The LP of every rule (capacities, rooms per day, pairs, longest journey per
year, balance, same practice twice) is solved with GLOP over a small set of
promising arcs; its duals price every other arc, the ones with a negative
reduced cost join, and the LP is solved again until none is left. The value
is then the LP optimum over all arcs: a lower bound on every plan placing
the same number. Any arc whose reduced cost exceeds (best plan - bound) is
in no better plan and leaves the CP-SAT model (exact reduced-cost fixing).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np
from ortools.linear_solver import pywraplp

from scheduler.solver.problem import Problem, group_incidence, repeat_keys


@dataclass
class LpBound:
    value: float
    """LP optimum over all arcs (scaled units); a valid lower bound."""
    reduced: np.ndarray
    """Reduced cost of every arc at the final duals (>= -tolerance)."""
    in_lp: np.ndarray
    rounds: int
    columns: int
    seconds: float
    exact: bool
    """False when pricing stopped early (``value`` is then not a proven bound)."""
    primal: np.ndarray | None = None
    """LP value of every arc (0 outside the LP), for rounding to a plan."""


class _Incidence:
    """Static structure for pricing all arcs at once."""

    def __init__(self, problem: Problem) -> None:
        p = problem
        n_arcs = len(p.arc_unit)
        self.place = p.arc_practice * p.n_blocks + p.unit_block[p.arc_unit]
        self.size = p.unit_size[p.arc_unit]
        self.inc_arc, self.inc_group = group_incidence(p, np.arange(n_arcs))
        self.key = repeat_keys(p, np.arange(n_arcs))
        self.n_arcs = n_arcs


def solve_lp(problem: Problem, start_arcs: np.ndarray, placed: int, t_lower: dict[int, int],
             time_limit: float = 30.0, max_rounds: int = 12, add_per_round: int = 20000,
             fairness_rows: bool = True, column_mask: np.ndarray | None = None,
             stop: Callable[[], bool] | None = None) -> LpBound:
    """``fairness_rows=False`` drops the rows of the longest journey: each year's longest journey then counts
    at its bottleneck value (a constant), which is weaker but keeps the LP a quick one. ``stop`` (a cancel)
    ends the pricing after the current round, as does ``time_limit``, which also bounds each GLOP solve."""
    start = time.perf_counter()
    p = problem
    inc = _Incidence(p)
    in_lp = np.zeros(inc.n_arcs, dtype=bool)
    in_lp[start_arcs] = True
    w_fair, w_bal, w_twice = p.ws["fairness"], p.ws["balance"] * 10, p.ws["variety"] * 10
    constant = 0.0
    if not fairness_rows:
        constant = float(w_fair * sum(t_lower.get(int(y), 0) for y in set(p.unit_year.tolist())))
        w_fair = 0
    years = sorted({int(y) for y in p.unit_year})
    rounds = 0
    while True:
        rounds += 1
        arcs = np.nonzero(in_lp if column_mask is None else in_lp & column_mask)[0]
        solver = pywraplp.Solver.CreateSolver("GLOP")
        solver.SetTimeLimit(int(max(0.1, time_limit - (time.perf_counter() - start)) * 1000))
        inf = solver.infinity()
        x = [solver.NumVar(0.0, inf, "") for _ in arcs]
        objective = solver.Objective()
        for v, c in zip(x, p.arc_cost[arcs]):
            objective.SetCoefficient(v, float(c))
        units = p.arc_unit[arcs]
        unit_rows = {}
        for u in np.unique(units):
            unit_rows[int(u)] = solver.Constraint(1.0 if p.unit_locked[u] >= 0 else -inf, 1.0)
        count_row = solver.Constraint(float(placed), float(placed))
        place_rows, bal_rows = {}, {}
        places = inc.place[arcs]
        for pl in np.unique(places):
            j, b = divmod(int(pl), p.n_blocks)
            place_rows[int(pl)] = solver.Constraint(-inf, float(p.cap[j, b]))
            if w_bal:
                over = solver.NumVar(0.0, inf, "")
                objective.SetCoefficient(over, float(w_bal))
                row = solver.Constraint(-inf, float(p.soft[j, b]))
                row.SetCoefficient(over, -1.0)
                bal_rows[int(pl)] = row
        group_rows = [solver.Constraint(-inf, float(limit)) for _, _, limit in p.groups]
        fair_rows, longest = {}, {}
        if w_fair:
            for y in years:
                longest[y] = solver.NumVar(float(t_lower.get(y, 0)), inf, "")
                objective.SetCoefficient(longest[y], float(w_fair))
            for u in unit_rows:
                row = solver.Constraint(-inf, 0.0)
                row.SetCoefficient(longest[int(p.unit_year[u])], -1.0)
                fair_rows[u] = row
        twice_rows = {}
        keys = inc.key[arcs]
        if w_twice:
            valid = keys >= 0
            uniq, counts = np.unique(keys[valid], return_counts=True)
            for k in uniq[counts >= 2]:
                rep = solver.NumVar(0.0, inf, "")
                objective.SetCoefficient(rep, float(w_twice))
                row = solver.Constraint(-inf, 1.0)
                row.SetCoefficient(rep, -1.0)
                twice_rows[int(k)] = row
        in_apart = {}
        for ka, kb in p.apart:
            ua, ub = int(p.sb_unit[ka]), int(p.sb_unit[kb])
            if ua != ub:
                in_apart.setdefault(ua, []).append(ub)
                in_apart.setdefault(ub, []).append(ua)
        apart_rows = {}
        arc_at = {(int(p.arc_unit[a]), int(p.arc_practice[a])): i for i, a in enumerate(arcs)
                  if int(p.arc_unit[a]) in in_apart}
        for (u, j), i in arc_at.items():
            for other in in_apart[u]:
                if (other, j) in arc_at and u < other:
                    row = solver.Constraint(-inf, 1.0)
                    apart_rows[(u, other, j)] = row
        group_of: dict[int, list[int]] = {}
        for a, g in zip(inc.inc_arc, inc.inc_group):
            if in_lp[a]:
                group_of.setdefault(int(a), []).append(int(g))
        for i, a in enumerate(arcs):
            v, u, size = x[i], int(units[i]), float(inc.size[a])
            unit_rows[u].SetCoefficient(v, 1.0)
            count_row.SetCoefficient(v, size)
            place_rows[int(places[i])].SetCoefficient(v, size)
            if w_bal:
                bal_rows[int(places[i])].SetCoefficient(v, size)
            for g in group_of.get(int(a), ()):
                group_rows[g].SetCoefficient(v, size)
            if w_fair:
                fair_rows[u].SetCoefficient(v, float(p.arc_tmax10[a]))
            row = twice_rows.get(int(keys[i]))
            if row is not None:
                row.SetCoefficient(v, 1.0)
        for (u, other, j), row in apart_rows.items():
            row.SetCoefficient(x[arc_at[(u, j)]], 1.0)
            row.SetCoefficient(x[arc_at[(other, j)]], 1.0)
        objective.SetMinimization()
        status = solver.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            return LpBound(float("-inf"), np.zeros(inc.n_arcs), in_lp, rounds, int(in_lp.sum()),
                           time.perf_counter() - start, False)
        value = objective.Value() + constant

        # price every arc
        y_unit = np.zeros(p.n_units)
        for u, row in unit_rows.items():
            y_unit[u] = row.dual_value()
        y_place = np.zeros(p.n_practices * p.n_blocks)
        for pl, row in place_rows.items():
            y_place[pl] = row.dual_value()
        if w_bal:
            for pl, row in bal_rows.items():
                y_place[pl] += row.dual_value()
        y_group = np.array([row.dual_value() for row in group_rows]) if group_rows else np.zeros(0)
        y_fair = np.zeros(p.n_units)
        for u, row in fair_rows.items():
            y_fair[u] = row.dual_value()
        rc = (p.arc_cost - y_unit[p.arc_unit] - inc.size * (count_row.dual_value() + y_place[inc.place])
              - p.arc_tmax10 * y_fair[p.arc_unit])
        if len(inc.inc_arc):
            rc -= inc.size * np.bincount(inc.inc_arc, weights=y_group[inc.inc_group], minlength=inc.n_arcs)
        if twice_rows:
            tk = np.array(sorted(twice_rows), dtype=np.int64)
            ty = np.array([twice_rows[int(k)].dual_value() for k in tk])
            pos = np.searchsorted(tk, inc.key)
            hit = (inc.key >= 0) & (pos < len(tk)) & (tk[np.minimum(pos, len(tk) - 1)] == inc.key)
            rc[hit] -= ty[pos[hit]]
        for (u, other, j), row in apart_rows.items():
            d = row.dual_value()
            for uu in (u, other):
                a = arcs[arc_at[(uu, j)]]
                rc[a] -= d
        tol = 1e-6 * max(1.0, abs(value))
        entering = np.nonzero(~in_lp & (rc < -tol) & (True if column_mask is None else column_mask))[0]
        elapsed = time.perf_counter() - start
        if not len(entering) or rounds >= max_rounds or elapsed > time_limit or (stop is not None and stop()):
            primal = np.zeros(inc.n_arcs)
            primal[arcs] = [v.solution_value() for v in x]
            return LpBound(value, rc, in_lp, rounds, int(in_lp.sum()), elapsed, not len(entering), primal)
        if len(entering) > add_per_round:
            entering = entering[np.argsort(rc[entering], kind="stable")[:add_per_round]]
        in_lp[entering] = True
