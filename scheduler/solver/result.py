"""What a solve returns: the plan, the moves of a min-change re-plan, and statistics."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scheduler.domain import Placement, Plan, Unplaced
from scheduler.rules.units import minutes
from scheduler.solver import explain
from scheduler.solver.problem import Problem


@dataclass(frozen=True, slots=True)
class Move:
    """A student-block whose practice changed from the previous plan ('' = unplaced)."""

    student_id: str
    block_id: str
    from_practice: str
    to_practice: str
    reason: str


@dataclass
class SolveResult:
    plan: Plan
    moves: list[Move] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)
    """Counts (``candidates``, ``variables`` …) and seconds per phase (``seconds_flow`` …)."""

    @property
    def placed(self) -> int:
        return len(self.plan.placements)


def unit_partners(problem: Problem, k: int) -> list[str]:
    u = int(problem.sb_unit[k])
    return [problem.candidates.key(m)[0] for m in problem.units[u] if m != k]


def unit_practices(problem: Problem, k: int) -> list[int] | None:
    """The practices a ``together`` unit can share (None for a student-block on its own)."""
    u = int(problem.sb_unit[k])
    if len(problem.units[u]) < 2:
        return None
    return [int(j) for j in problem.arc_practice[problem.arc_ptr[u]:problem.arc_ptr[u + 1]]]


def learn_partners(problem: Problem, k: int, assign: np.ndarray) -> list[tuple[str, int]]:
    """The ``learn_together`` partners of student-block ``k`` placed in the plan, with their practices."""
    out = []
    for a, b in problem.learn_together:
        other = b if a == k else a if b == k else -1
        if other >= 0 and assign[other] >= 0:
            out.append((problem.candidates.key(other)[0], int(assign[other])))
    return out


def build_plan(problem: Problem, assign: np.ndarray, *, name: str, status: str, objective: float | None,
               bound: float | None, seconds: float, terms: dict[str, float], placed_bound: int | None = None) -> Plan:
    c = problem.candidates
    data = c.data
    placements, unplaced = [], []
    proven = placed_bound is not None and placed_bound <= int((assign >= 0).sum())
    for k in range(c.n_sb):
        sid, bid = c.key(k)
        j = int(assign[k])
        if j >= 0:
            s = int(c.sb_student[k])
            u = int(problem.sb_unit[k])
            placements.append(Placement(sid, bid, data.practices[j].code, minutes(problem.journey_tenths[s, j]),
                                        locked=bool(problem.unit_locked[u] >= 0)))
        else:
            unplaced.append(Unplaced(sid, bid, explain.reason(c, k, unit_partners(problem, k),
                                                              unit_practices(problem, k), assign, proven,
                                                              learn_partners(problem, k, assign))))
    weights = {name_: float(problem.settings.weights.get(name_, 0.0)) for name_ in problem.weight_tenths}
    return Plan(name=name, placements=tuple(placements), unplaced=tuple(unplaced), status=status,
                objective=objective, bound=bound, seconds=seconds, weights=weights, terms=dict(terms),
                placed_bound=placed_bound)
