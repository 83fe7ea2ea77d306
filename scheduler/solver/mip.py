"""The whole model as a mixed-integer program, solved by HiGHS: the count, and the soft aims at that count.

The rows (one practice per unit, places, rooms per day across the years,
``apart`` pairs, the longest journey per year, fair shares, the same practice
twice) are the rulebook's (``scheduler.rules.ties``), collected here as numpy
triplets by the HiGHS adapter (``build_model``; ``lp.py`` and ``floors.py``
solve their relaxations) and given to HiGHS (``highspy``) with every arc
variable integer. Two uses:

- ``count``: the most student-blocks placed, when the count's LP leaves a gap.
- ``soft``: the least weighted soft aims with exactly that many placed, over
  the arcs that a better plan may use (those whose LP reduced cost is within
  the gap: exact fixing), started from the best plan so far. When every such
  arc is in the model, HiGHS's bound is a bound for the whole problem.

HiGHS because it proves the count and closes the least-travel gap faster than
SCIP or CP-SAT on scarce sets; ``highspy`` directly, because through OR-Tools
HiGHS cannot be interrupted; one thread, because its second worker only spins
on a busy machine (figures: ``docs/engine.md``, "Measurements behind the
design"). The engine's MIPs run in a worker process that is ended when their
time is up or on Stop (``highs_run``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from scheduler.progress import TaskState
from scheduler.rules import ties
from scheduler.solver import highs_run
from scheduler.solver.problem import Problem


@dataclass
class MipResult:
    unit_arc: np.ndarray | None
    """The plan found (chosen arc per unit, -1 = unplaced), or None."""
    value: float | None
    """Its objective: student-blocks placed (count) or scaled soft cost (soft)."""
    bound: float | None
    """HiGHS's proven bound on the objective over the arcs given (None if it has none)."""
    optimal: bool
    seconds: float
    columns: int


class _Rows:
    """Rows as (row, column, value) triplets and their ranges, turned into the row-wise arrays HiGHS takes."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.n = 0

    def add(self, row: np.ndarray, col: np.ndarray, val: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        """``row`` numbers the new rows from 0 (``len(lower)`` of them)."""
        self.rows.append(np.asarray(row, dtype=np.int64) + self.n)
        self.cols.append(np.asarray(col, dtype=np.int64))
        self.vals.append(np.asarray(val, dtype=float))
        self.lower.append(np.asarray(lower, dtype=float))
        self.upper.append(np.asarray(upper, dtype=float))
        self.n += len(lower)

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        row = np.concatenate(self.rows) if self.rows else np.zeros(0, dtype=np.int64)
        col = np.concatenate(self.cols) if self.cols else np.zeros(0, dtype=np.int64)
        val = np.concatenate(self.vals) if self.vals else np.zeros(0)
        order = np.lexsort((col, row))
        starts = np.searchsorted(row[order], np.arange(self.n)).astype(np.int32)
        lower = np.concatenate(self.lower) if self.lower else np.zeros(0)
        upper = np.concatenate(self.upper) if self.upper else np.zeros(0)
        return lower, upper, starts, col[order].astype(np.int32), val[order]


@dataclass
class Model:
    arcs: np.ndarray
    cost: np.ndarray
    """Objective of every column (arcs first, then the soft aims' own columns)."""
    col_lower: np.ndarray
    col_upper: np.ndarray
    rows: _Rows
    labels: list[tuple[str, np.ndarray]]
    """(rule, key of each row) of every block of rows, in order (``scheduler.rules.ties``)."""
    column_labels: list[tuple[str, np.ndarray]]
    """(rule, key of each column) of every block of the rules' columns, in order after the arcs."""

    def row_labels(self) -> list[tuple[str, int]]:
        """The rule and key of each row."""
        return [(rule, int(key)) for rule, keys in self.labels for key in keys]


class _HighsBuilder(ties.Builder[Problem]):
    """The HiGHS adapter: each rule's rows as triplets, its columns after the arcs' (unbounded above: the rows
    bound them)."""

    def __init__(self, problem: Problem, arcs: np.ndarray, cost: np.ndarray) -> None:
        super().__init__(problem, arcs)
        n = len(self.arcs)
        self.rows = _Rows()
        self.labels: list[tuple[str, np.ndarray]] = []
        self.column_labels: list[tuple[str, np.ndarray]] = []
        self.cost, self.col_lower, self.col_upper = [cost], [np.zeros(n)], [np.ones(n)]
        self.n_cols = n

    def add_rows(self, rule: str, keys: np.ndarray, row: np.ndarray, col: np.ndarray, val: np.ndarray,
                 lower: np.ndarray, upper: np.ndarray) -> None:
        self.rows.add(row, col, val, lower, upper)
        self.labels.append((rule, np.asarray(keys, dtype=np.int64)))

    def add_columns(self, rule: str, keys: np.ndarray, cost: np.ndarray, lower: np.ndarray,
                    top: np.ndarray) -> np.ndarray:
        cols = self.n_cols + np.arange(len(keys))
        self.cost.append(np.asarray(cost, dtype=float))
        self.col_lower.append(np.asarray(lower, dtype=float))
        self.col_upper.append(np.full(len(keys), math.inf))
        self.column_labels.append((rule, np.asarray(keys, dtype=np.int64)))
        self.n_cols += len(keys)
        return cols

    def model(self) -> Model:
        return Model(self.arcs, np.concatenate(self.cost), np.concatenate(self.col_lower),
                     np.concatenate(self.col_upper), self.rows, self.labels, self.column_labels)


def build_model(problem: Problem, arcs: np.ndarray, *, soft: bool, placed: int | None,
                t_lower: dict[int, int] | None) -> Model:
    """The rulebook's model (``ties.model_rules``) over ``arcs``, for HiGHS; with ``soft``, the arcs' costs."""
    cost = problem.arc_cost[arcs].astype(float) if soft else np.zeros(len(arcs))
    return model_of(problem, arcs, cost, ties.model_rules(problem, soft=soft, placed=placed, floors=t_lower))


def model_of(problem: Problem, arcs: np.ndarray, cost: np.ndarray, rules: Sequence[ties.TyingRule]) -> Model:
    """The rows of ``rules`` over ``arcs`` with these arc costs, for HiGHS."""
    builder = _HighsBuilder(problem, arcs, cost)
    for rule in rules:
        rule.rows(builder)
    return builder.model()


def _start_values(model: Model, unit_arc: np.ndarray, n_arcs: int) -> np.ndarray:
    """The arc columns set to the plan ``unit_arc``."""
    chosen = np.zeros(n_arcs, dtype=bool)
    chosen[unit_arc[unit_arc >= 0]] = True
    values: np.ndarray = chosen[model.arcs].astype(float)
    return values


def solve_mip(problem: Problem, arcs: np.ndarray, *, soft: bool, placed: int | None = None,
              t_lower: dict[int, int] | None = None, hint: np.ndarray | None = None, time_limit: float = 60.0,
              task: TaskState | None = None, worker: highs_run.Worker | None = None,
              rel_gap: float | None = None, close_to_hint: bool = False,
              halt: Callable[[], bool] | None = None) -> MipResult:
    """Maximise the count (``soft=False``) or minimise the scaled soft aims with ``placed`` placed, over ``arcs``.

    ``hint``: a plan to start from (it helps the count and the aims that tie units, slows travel alone:
    ``docs/engine.md``). HiGHS (1.16) can value a start below its cost after presolve and then prune what would
    beat that value, so with a hint only the bound is a proof, not ``optimal``.
    ``t_lower``: a proven floor on each year's longest journey (tenths of a minute), as in ``lp.solve_lp``.
    ``worker``: where the model runs (``highs_run``); without one, a small model runs here and a large one in a
    worker started for this call.
    ``rel_gap``: stop within this share of the best; None: only when proven best (both objectives are integers).
    ``close_to_hint`` (the count): of the plans placing the most, one keeping as much of ``hint`` as it can.
    ``halt``: ends the run early, like Stop, keeping the best plan found so far (a worker process is ended; the
    next run starts a new one).
    """
    start = time.perf_counter()
    if task is not None and task.cancelled:
        return MipResult(None, None, None, False, 0.0, 0)
    model = build_model(problem, arcs, soft=soft, placed=placed, t_lower=t_lower)
    lower, upper, starts, index, value = model.rows.csr()
    deadline = start + time_limit
    start_values = None if hint is None else _start_values(model, hint, len(problem.arc_unit))
    cost, per_student = (model.cost, 1.0) if soft else _count_cost(problem, arcs, start_values, close_to_hint)
    job = highs_run.Job(
        n_integer=len(arcs), cost=cost, col_lower=model.col_lower, col_upper=model.col_upper, row_lower=lower,
        row_upper=upper, starts=starts, index=index, value=value, rel_gap=rel_gap, hint=start_values,
        seconds=deadline - time.perf_counter())

    def cancelled() -> bool:
        return (task is not None and task.cancelled) or (halt is not None and halt())

    answer = _run(job, len(model.cost), deadline, worker, cancelled)
    return _result(problem, arcs, answer, soft, per_student, time.perf_counter() - start, len(model.cost))


def _count_cost(problem: Problem, arcs: np.ndarray, start_values: np.ndarray | None,
                close_to_hint: bool) -> tuple[np.ndarray, float]:
    """The count's objective (minimised) and what one student-block is worth in it.

    With ``close_to_hint``, each student-block is worth more than all the hint's arcs together: of the plans
    placing the most, HiGHS looks for the one that keeps most of the hint (a count plan that moves everyone is
    a poor start for the soft aims)."""
    per_student = float(start_values.sum() + 1) if (close_to_hint and start_values is not None) else 1.0
    cost = -per_student * problem.unit_size[problem.arc_unit[arcs]].astype(float)
    if per_student > 1 and start_values is not None:
        cost = cost - start_values
    return cost, per_student


def _run(job: highs_run.Job, columns: int, deadline: float, worker: highs_run.Worker | None,
         cancelled: Callable[[], bool]) -> highs_run.Answer | None:
    """The job in ``worker``; without one, a small model here and a large one in a worker of its own."""
    if worker is not None:
        return worker.run(job, deadline, cancelled)
    if columns <= highs_run.SMALL_MODEL:
        return highs_run.run_here(job, lambda: time.perf_counter() > deadline or cancelled())
    with highs_run.Worker() as own:
        return own.run(job, deadline, cancelled)


def _result(problem: Problem, arcs: np.ndarray, answer: highs_run.Answer | None, soft: bool, per_student: float,
            seconds: float, columns: int) -> MipResult:
    """HiGHS's answer as a plan, its value and the bound (for the count, in student-blocks)."""
    if answer is None:
        return MipResult(None, None, None, False, seconds, columns)
    bound = answer.dual_bound
    if not soft and bound is not None:
        bound = -bound / per_student
        if per_student > 1:
            bound = float(math.floor(bound + 1e-9))  # the hint's arcs are worth less than one student-block
    if not answer.found:
        return MipResult(None, None, bound, False, seconds, columns)
    unit_arc = np.full(problem.n_units, -1, dtype=np.int64)
    assert answer.values is not None  # a plan was found
    picked = arcs[answer.values > 0.5]
    unit_arc[problem.arc_unit[picked]] = picked
    value_out = answer.objective if soft else float(problem.unit_size[problem.arc_unit[picked]].sum())
    return MipResult(unit_arc, value_out, bound, answer.optimal, seconds, columns)
