"""CP-SAT model assembly and solve: the rules over the kept arcs, hint, bound, progress and cancel."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from scheduler.progress import TaskState
from scheduler.solver import rules
from scheduler.solver.problem import SCALE, Problem


@dataclass
class CpOutcome:
    unit_arc: np.ndarray | None
    status: str
    objective: int | None
    bound: int | None
    seconds: float
    variables: int
    stopped: bool
    penalties: dict[str, int] = field(default_factory=dict)
    """Named penalty -> its cost in the plan found (hundredths), e.g. ``travel[2300417@Y3-G2->P84012]``."""


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, task: TaskState | None, message: str, scale: float, placed: int | None = None,
                 placed_bound: int | None = None, count_proven: bool = False) -> None:
        super().__init__()
        self.task, self.message, self.scale = task, message, scale
        self.placed, self.placed_bound, self.count_proven = placed, placed_bound, count_proven
        self.stopped = False

    def on_solution_callback(self) -> None:
        if self.task is None:
            return
        self.task.report(self.message, objective=self.ObjectiveValue() / self.scale,
                         bound=self.BestObjectiveBound() / self.scale if self.count_proven else None,
                         placed=self.placed, placed_bound=self.placed_bound)
        if self.task.cancelled:
            self.stopped = True
            self.StopSearch()


def solve_cp(problem: Problem, keep: np.ndarray, *, hint: np.ndarray | None, time_limit: float, workers: int,
             seed: int, task: TaskState | None, placed_exactly: int | None = None,
             fairness_lower: dict[int, int] | None = None, placed_bound: int | None = None,
             count_proven: bool = False) -> CpOutcome:
    """Minimises the weighted soft aims over the arcs in ``keep``, with ``placed_exactly`` student-blocks placed.

    The count itself is proven before (``count.py``): measured on scarce data, CP-SAT's own count search
    proved it far more slowly than the count's LP and MIP.
    """
    start = time.perf_counter()
    model = cp_model.CpModel()
    arcs = np.nonzero(keep)[0]
    ctx, tying = rules.build(problem, model, arcs, placed=placed_exactly, floors=fairness_lower)
    terms = ctx.column_terms()
    for aim in rules.PER_ARC_AIMS:
        terms += aim(ctx)
    # the flow and LP bounds are not added as constraints: measured, that stalls CP-SAT's search;
    # the caller combines them with CP-SAT's own bound instead
    model.minimize(cp_model.LinearExpr.weighted_sum([var for _, var, _ in terms], [coef for _, _, coef in terms]))
    if hint is not None:
        ctx.hint(tying, hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit - (time.perf_counter() - start))
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    solver.parameters.linearization_level = 2  # measured: proofs in a fraction of the time of level 1
    # measured: presolve spends seconds expanding the capacity rows into clauses, then solves no faster
    solver.parameters.cp_model_presolve = False
    if workers == 2:
        # two LP-based workers prove faster than the default pair of subsolvers (measured)
        solver.parameters.subsolvers.append("max_lp")
        solver.parameters.subsolvers.append("default_lp")
    solver.parameters.log_search_progress = bool(__import__("os").environ.get("GP_CPSAT_LOG"))
    callback = _Progress(task, "improving", SCALE, placed_exactly, placed_bound, count_proven)
    status = solver.Solve(model, callback)
    seconds = time.perf_counter() - start
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CpOutcome(None, "infeasible" if status == cp_model.INFEASIBLE else "unknown", None, None, seconds,
                         len(arcs), callback.stopped)
    unit_arc = np.full(problem.n_units, -1, dtype=np.int64)
    for a in arcs:
        if solver.BooleanValue(ctx.x[int(a)]):
            unit_arc[problem.arc_unit[a]] = a
    penalties: dict[str, int] = {}
    for name, var, coef in terms:  # the named penalties read back: which wish cost what in this plan
        value = coef * (solver.Value(var) if not isinstance(var, int) else var)
        if value:
            penalties[name] = penalties.get(name, 0) + int(value)
    return CpOutcome(unit_arc, "optimal" if status == cp_model.OPTIMAL else "feasible",
                     int(round(solver.ObjectiveValue())), int(round(solver.BestObjectiveBound())), seconds,
                     len(arcs), callback.stopped, penalties)
