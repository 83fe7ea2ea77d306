"""Re-planning with as few moves as possible: the previous plan as a target, and who moved and why."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from scheduler.domain import Plan
from scheduler.solver.candidates import Candidates
from scheduler.solver.problem import Problem

if TYPE_CHECKING:
    from scheduler.solver.result import Move


def previous_practices(cands: Candidates, previous: Plan) -> np.ndarray:
    """Practice index of each student-block in the previous plan (-1 = not placed or no longer known)."""
    out = np.full(cands.n_sb, -1, dtype=np.int64)
    for p in previous.placements:
        k = cands.sb_index.get((p.student_id, p.block_id))
        j = cands.practice_index.get(p.practice_code)
        if k is not None and j is not None:
            out[k] = j
    return out


def why_moved(problem: Problem, k: int, old: int, new: int, load: np.ndarray) -> str:
    data = problem.candidates.data
    practice = data.practices[old]
    b = int(problem.candidates.sb_block[k])
    block = data.blocks[b]
    if not practice.active:
        return "previous practice withdrew"
    if problem.candidates.capacity[old, b] <= 0:
        return f"previous practice now closed for block {block.block_id}"
    if block.year not in practice.years:
        return f"previous practice no longer teaches year {block.year}"
    if old not in set(problem.candidates.of(k).tolist()):
        return "previous practice no longer suits this student"
    if load[old, b] >= problem.cap[old, b]:
        return "capacity reduced"
    if new < 0:
        return "no room left for this student"
    return "moved to make room for another student"


def moves(problem: Problem, previous: np.ndarray, assign: np.ndarray) -> list[Move]:
    from scheduler.solver.result import Move

    data = problem.candidates.data
    load = np.zeros_like(problem.cap)
    placed = assign >= 0
    np.add.at(load, (assign[placed], problem.candidates.sb_block[placed]), 1)
    out = []
    for k in np.nonzero((previous >= 0) & (assign != previous))[0]:
        sid, bid = problem.candidates.key(int(k))
        old, new = int(previous[k]), int(assign[k])
        out.append(Move(sid, bid, data.practices[old].code, data.practices[new].code if new >= 0 else "",
                        why_moved(problem, int(k), old, new, load)))
    return out
