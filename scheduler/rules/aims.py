"""Soft aims: one cost function each, the one place that defines their values.

Every aim's cost is an integer in tenths of its unit (tenths of a minute,
tenths of a rank step, ...: ``units.py``), so that with a weight held in
tenths the solver's integer costs are hundredths of the objective. The per-placement
aims (``travel``, ``long_travel``, ``preference``, ``quality``, and the past-practice half
of ``variety``) price each candidate arc for the flow, the LP and the CP-SAT
model; the plan-wide aims (``fairness``, ``balance``, the same-practice-twice
half of ``variety``) are what the CP-SAT penalty variables and ``evaluate``
count (and ``interprofessional``: medical student-blocks without a day beside
a learner of another programme). ``evaluate`` (``solver/problem.py``) adds the same functions up over a
whole plan.
"""

from __future__ import annotations

import numpy as np

from scheduler.domain import DataSet
from scheduler.rules.units import TENTHS


def travel(t10: np.ndarray) -> np.ndarray:
    """Soft: the one-way journey, in tenths of a minute (weight ``travel`` per minute)."""
    return np.asarray(t10, dtype=np.int64)


def long_travel(t10: np.ndarray, threshold10: int) -> np.ndarray:
    """Soft: the minutes beyond the comfort threshold, counted again (weight ``long_travel``)."""
    return np.maximum(0, np.asarray(t10, dtype=np.int64) - threshold10)


def preference(rank_steps: np.ndarray) -> np.ndarray:
    """Soft: rank steps away from the student's first choice (unranked = one past their last rank)."""
    return np.asarray(rank_steps, dtype=np.int64) * TENTHS


def past_practice(been_there: np.ndarray) -> np.ndarray:
    """Soft (``variety``): a placement at a practice the student has been to before."""
    return np.asarray(been_there, dtype=np.int64) * TENTHS


def low_quality(flagged_at: np.ndarray) -> np.ndarray:
    """Soft (``quality``): a placement at a practice flagged for review (``quality.practice_flags``; a practice
    with too few answers for a score is not flagged)."""
    return np.asarray(flagged_at, dtype=np.int64) * TENTHS


def same_practice_twice(practices: np.ndarray) -> int:
    """Soft (``variety``): the student's placements at a practice they already have in another block."""
    practices = np.asarray(practices)
    practices = practices[practices >= 0]
    return (len(practices) - len(np.unique(practices))) * TENTHS


def longest(t10: np.ndarray) -> int:
    """Soft (``fairness``, per year group): the longest one-way journey, tenths of a minute."""
    return int(np.max(t10, initial=0))


def over_share(load: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Soft (``balance``): students beyond a practice's fair share of the places it offered in a block."""
    over: np.ndarray = np.maximum(0, np.asarray(load, dtype=np.int64) - share) * TENTHS
    return over


def unmixed(load: np.ndarray, shares: np.ndarray, medical: np.ndarray) -> np.ndarray:
    """Soft (``interprofessional``): practices x blocks, the medical students placed there who share no day at the
    practice with a learner of another programme. ``load``: students per practice and block; ``shares``: blocks x
    blocks, True where two blocks share a teaching date; ``medical``: per block, True for a medicine block. With
    one programme only, nobody counts (the aim is about learners of several)."""
    if medical.all() or not medical.any():
        return np.zeros(np.shape(load), dtype=np.int64)
    others = np.asarray(load)[:, ~medical].astype(np.int64) @ shares[~medical, :].astype(np.int64)
    alone: np.ndarray = np.where((others == 0) & medical[None, :], load, 0).astype(np.int64) * TENTHS
    return alone


PER_PLACEMENT = ("travel", "long_travel", "preference", "variety", "quality")


def per_placement(t10: np.ndarray, threshold10: int, rank_steps: np.ndarray,
                  been_there: np.ndarray, flagged_at: np.ndarray) -> dict[str, np.ndarray]:
    """The per-placement aims of placements with these journeys, ranks, histories and practices' flags (tenths)."""
    return {"travel": travel(t10), "long_travel": long_travel(t10, threshold10),
            "preference": preference(rank_steps), "variety": past_practice(been_there),
            "quality": low_quality(flagged_at)}


def rank_steps(data: DataSet, s_index: dict[str, int], p_index: dict[str, int]) -> np.ndarray:
    """Students x practices: rank steps away from first choice; unranked = one past the student's last rank.

    A student without preferences costs 0 everywhere.
    """
    cost = np.zeros((len(data.students), len(data.practices)), dtype=np.int64)
    by_student: dict[int, list[tuple[int, int]]] = {}
    for pref in data.preferences:
        s, p = s_index.get(pref.student_id), p_index.get(pref.practice_code)
        if s is not None and p is not None:
            by_student.setdefault(s, []).append((p, pref.rank))
    for s, prefs in by_student.items():
        cost[s, :] = max(r for _, r in prefs)
        for p, r in prefs:
            cost[s, p] = min(cost[s, p], max(0, r - 1))
    return cost


def been_there(data: DataSet, s_index: dict[str, int], p_index: dict[str, int]) -> np.ndarray:
    """Students x practices: the ``history`` table (a practice the student had before)."""
    out = np.zeros((len(data.students), len(data.practices)), dtype=bool)
    for h in data.history:
        s, p = s_index.get(h.student_id), p_index.get(h.practice_code)
        if s is not None and p is not None:
            out[s, p] = True
    return out
