"""The plain MILP any user could write: ``scipy.optimize.milp`` (HiGHS, default options) in one solve.

The baseline issue 28 asks the engine to beat, beside ``benchmarks.milp``'s
two-stage model: one 0/1 column per allowed arc (``benchmarks.rules``), one
unplaced slack per student-block, and one objective, travel minutes plus a
weight on every unplaced student-block big enough that placing one more
always outweighs any travel (one more than the longest possible total
travel), so the count comes first. Every assignment row is an equality,
sum_j x[k, j] + u[k] = 1; the rows between student-blocks (capacity, rooms
per day, pairs) are ``benchmarks.milp``'s own, not written again.

Its plan is checked against every hard rule (``benchmarks.rules.check``).
The time is the ``milp`` call alone, as a user would measure it; building the
model is timed apart. HiGHS's default relative gap (1e-4 of the objective)
applies, so "optimal" here is optimal within that gap.

    result = solve_plain(data, settings, time_limit=300)
    result.placed, result.travel, result.status, result.seconds, result.build_seconds

``solve_plain_guarded`` runs it in a child process stopped if HiGHS overruns its limit.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from benchmarks.milp import _Model, run_guarded
from benchmarks.rules import Key, Rules, check
from benchmarks.rules import travel as travel_of
from scheduler.domain import DataSet
from scheduler.settings import Settings


@dataclass
class PlainResult:
    """What the plain MILP found. ``seconds`` is the ``milp`` call alone; ``build_seconds`` the model before it."""

    status: str
    """``optimal`` (within HiGHS's default gap), ``time limit`` (with a plan), ``no plan`` or scipy's message."""
    placed: int | None = None
    travel: float | None = None
    objective: float | None = None
    gap: float | None = None
    """HiGHS's relative gap at the end (of the whole objective, slack weights included)."""
    unplaced_weight: float = 0.0
    seconds: float = 0.0
    build_seconds: float = 0.0
    variables: int = 0
    rows: int = 0
    placements: dict[Key, str] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    """Every hard rule the plan breaks, by ``benchmarks.rules.check`` ([] for a good plan)."""


def plain_model(rules: Rules) -> tuple[_Model, np.ndarray, object, float]:
    """The rule rows of ``benchmarks.milp`` with the slacks: (model, objective, scipy constraint, unplaced weight).

    Columns: the model's arcs, then one slack per student-block."""
    from scipy.optimize import LinearConstraint
    from scipy.sparse import csr_array

    model = _Model(rules)
    n, m = model.n, len(rules.need)
    minutes = model.minutes10 / 10.0
    longest = np.zeros(m)
    np.maximum.at(longest, model.arc_k, minutes)
    weight = float(longest.sum()) + 1.0
    shared = model.rows[model.first_shared_row:]
    indptr = [0]
    indices: list[np.ndarray] = []
    values: list[np.ndarray] = []
    lower, upper = [], []
    order = np.argsort(model.arc_k, kind="stable")
    bounds = np.searchsorted(model.arc_k[order], np.arange(m + 1))
    for k in range(m):  # sum_j x[k, j] + u[k] = 1
        cols = np.concatenate([order[bounds[k]:bounds[k + 1]], [n + k]])
        indices.append(cols)
        values.append(np.ones(len(cols)))
        indptr.append(indptr[-1] + len(cols))
        lower.append(1.0)
        upper.append(1.0)
    for cols, vals, lo, hi in shared:
        indices.append(np.asarray(cols))
        values.append(np.asarray(vals, dtype=np.float64))
        indptr.append(indptr[-1] + len(cols))
        lower.append(lo)
        upper.append(hi)
    matrix = csr_array((np.concatenate(values), np.concatenate(indices).astype(np.int64), np.array(indptr)),
                       shape=(len(lower), n + m))
    cost = np.concatenate([minutes, np.full(m, weight)])
    return model, cost, LinearConstraint(matrix, np.array(lower), np.array(upper)), weight


def solve_plain(data: DataSet, settings: Settings, time_limit: float = 300.0, rules: Rules | None = None) -> PlainResult:
    """Solves the plain model once with scipy's HiGHS (default options but the time limit); never raises on it."""
    from scipy.optimize import Bounds, milp

    start = time.perf_counter()
    rules = rules or Rules(data, settings)
    model, cost, constraint, weight = plain_model(rules)
    n, m = model.n, len(rules.need)
    upper = np.concatenate([model.upper, np.ones(m)])
    build = time.perf_counter() - start
    start = time.perf_counter()
    res = milp(cost, integrality=np.ones(n + m), bounds=Bounds(np.zeros(n + m), upper), constraints=constraint,
               options={"time_limit": float(time_limit)})
    seconds = time.perf_counter() - start
    result = PlainResult(status=_status(res), unplaced_weight=weight, seconds=seconds, build_seconds=build,
                         variables=n + m, rows=constraint.A.shape[0], gap=getattr(res, "mip_gap", None))
    if res.x is not None:
        chosen = np.nonzero(res.x[:n] > 0.5)[0]
        result.placements = {rules.need_keys[int(model.arc_k[a])]: data.practices[int(model.arc_j[a])].code
                             for a in chosen}
        result.placed = len(result.placements)
        result.travel = travel_of(rules, result.placements)
        result.objective = float(res.fun)
        result.violations = check(rules, result.placements, set(rules.need_keys) - set(result.placements))
    return result


def solve_plain_guarded(data: DataSet, settings: Settings, time_limit: float = 300.0, grace: float = 60.0,
                        rules: Rules | None = None) -> PlainResult:
    """``solve_plain`` in a child process that is stopped if HiGHS overruns its limit (``run_guarded``)."""
    return run_guarded(solve_plain, (data, settings, time_limit), {"rules": rules}, time_limit, grace,
                       lambda seconds: PlainResult(status="killed (overran its time limit)", seconds=seconds))


def _status(res) -> str:
    if res.status == 0:
        return "optimal"
    if res.x is None:
        return "no plan" if res.status == 1 else str(res.message)
    return "time limit" if res.status == 1 else str(res.message)
