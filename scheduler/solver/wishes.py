"""Which wish each placed student gave up, in plain English, from the named penalties of the plan.

The penalties are the per-placement aims of ``scheduler.rules.aims`` (the same
values the CP-SAT model's named terms ``preference[...]``, ``travel[...]`` and
``variety[...]`` carry): a student whose placement pays ``preference`` did not
get their first choice; one who pays more ``travel`` than their nearest
suitable practice would cost did not get the shortest journey; one who pays
``variety`` went back to a practice they had before. The reason the better
option was not taken is read from the rulebook (a hard rule it breaks) or from
the plan (it is full in the block).
"""

from __future__ import annotations

import numpy as np

from scheduler.rules.hard import placement_breaks
from scheduler.rules.units import minutes
from scheduler.solver.problem import Problem

ORDINALS = ("first", "second", "third", "fourth", "fifth")


def _ordinal(rank: int) -> str:
    return ORDINALS[rank - 1] if 1 <= rank <= len(ORDINALS) else f"choice {rank}"


def _minutes(delta: float) -> str:
    return f"{abs(round(delta, 1)):g} min {'further' if delta >= 0 else 'nearer'}"


def given_up(problem: Problem, assign: np.ndarray) -> dict[tuple[str, str], str]:
    """(student, block) -> which wish the placement gave up and why; placements that gave up none are left out."""
    c = problem.candidates
    data, facts = c.data, c.facts
    load = np.zeros_like(problem.cap)
    placed = np.nonzero(assign >= 0)[0]
    np.add.at(load, (assign[placed], c.sb_block[placed]), 1)
    ranks: dict[int, list[tuple[int, int]]] = {}
    for pref in data.preferences:
        s, j = c.student_index.get(pref.student_id), c.practice_index.get(pref.practice_code)
        if s is not None and j is not None:
            ranks.setdefault(s, []).append((pref.rank, j))
    out: dict[tuple[str, str], str] = {}
    for k in placed:
        s, b, j = int(c.sb_student[k]), int(c.sb_block[k]), int(assign[k])
        student, block = data.students[s], data.blocks[b]
        here = minutes(problem.journey_tenths[s, j])

        def why_not(other: int) -> str:
            broken = placement_breaks(facts, student, block, data.practices[other])
            code = data.practices[other].code
            if broken:
                return broken[0][1].replace("the practice", code, 1)
            if load[other, b] >= problem.cap[other, b]:
                return f"{code} was full in {block.block_id}"
            return f"{code} had a place, but the plan's other aims or pairs weighed against it"

        text = ""
        if problem.rank_cost[s, j] > 0 and s in ranks:
            first = min(ranks[s])[1]
            mine = next((r for r, jj in sorted(ranks[s]) if jj == j), None)
            where = f"placed at {_ordinal(mine)} choice" if mine else "placed at a practice they did not rank"
            text = f"first choice {why_not(first)}; {where}, {_minutes(here - minutes(problem.journey_tenths[s, first]))}"
        else:
            options = c.of(int(k))
            nearest = int(options[np.argmin(problem.journey_tenths[s, options])]) if len(options) else j
            if problem.journey_tenths[s, nearest] < problem.journey_tenths[s, j]:
                text = f"nearest suitable practice {why_not(nearest)}; placed {_minutes(here - minutes(problem.journey_tenths[s, nearest]))}"
        if problem.history[s, j]:
            again = f"placed again at {data.practices[j].code}, a practice they had before"
            text = f"{text}; {again}" if text else again
        if text:
            out[c.key(int(k))] = text
    return out
