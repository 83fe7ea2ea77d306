"""The ``interprofessional`` figures of a plan: its medical student-blocks with a day at their practice beside a
learner of another programme, and the most the linear relaxation allows with as many placed.

The engine counts the mixed student-blocks of every plan of learners of several programmes, and solves the LP
only when the aim is weighed (over every arc it can take seconds on a large set). The relaxation is the
rulebook's model (every hard rule, the count fixed) with the aim's rows, over every arc,
maximising the medical student-blocks with such a day; no plan placing as many has more.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.rules import ties
from scheduler.rules.units import TENTHS
from scheduler.solver import highs_run
from scheduler.solver.mip import model_of
from scheduler.solver.problem import Problem


@dataclass(frozen=True)
class MixedDays:
    mixed: int
    """Medical student-blocks placed with a day beside a learner of another programme."""
    medical: int
    """Medical student-blocks placed."""
    lp_most: float | None
    """The most any plan placing as many could have (the LP's bound; None if the LP did not finish)."""


def several_programmes(problem: Problem) -> bool:
    return bool(problem.block_medical.any() and not problem.block_medical.all())


def mixed_days(problem: Problem, unit_arc: np.ndarray, bound: bool = True, seconds: float = 10.0) -> MixedDays:
    """The plan's figures and (with ``bound``) the LP's bound at its count, in at most ``seconds``."""
    mixed, medical = ties.mixed_student_blocks(problem, unit_arc)
    if not bound:
        return MixedDays(mixed, medical, None)
    placed = int(problem.unit_size[unit_arc >= 0].sum())
    arcs = np.arange(len(problem.arc_unit), dtype=np.int64)
    units = problem.arc_unit[arcs]
    # each medical arc is worth its students; the aim's columns take back those with no such day
    cost = -TENTHS * np.where(problem.block_medical[problem.unit_block[units]], problem.unit_size[units], 0)
    model = model_of(problem, arcs, cost.astype(float),
                     (*ties.HARD, ties.PlacedExactly(placed), ties.Interprofessional(1)))
    lower, upper, starts, index, value = model.rows.csr()
    answer = highs_run.run_here(highs_run.Job(
        n_integer=0, cost=model.cost, col_lower=model.col_lower, col_upper=model.col_upper, row_lower=lower,
        row_upper=upper, starts=starts, index=index, value=value, hint=None, rel_gap=None, seconds=seconds))
    lp_most = -answer.objective / TENTHS if answer.optimal and answer.objective is not None else None
    return MixedDays(mixed, medical, lp_most)
