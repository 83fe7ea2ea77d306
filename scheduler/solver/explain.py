"""Plain-English reasons for unplaced student-blocks.

The hard-rule filters of ``candidates.py`` are replayed in a fixed order for
the student-block; the reason names every condition applied up to the one
that empties the list (``no active practice within 45 min teaches year 3 in
block Y3-B2 and is step-free``). If candidates remain, the reason is the
student's ``together`` partner, or the competition for capacity among them.
"""

from __future__ import annotations

import numpy as np

from scheduler.solver import candidates as rules
from scheduler.solver.candidates import MINUTE, Candidates


def _minutes(limit10: int) -> str:
    value = limit10 / MINUTE
    return f"{value:g} min"


def reason(cands: Candidates, k: int, partners: list[str] | None = None, unit_practices: int | None = None) -> str:
    """Why student-block ``k`` has no practice; ``partners`` are its ``together`` partners in the block."""
    data = cands.data
    s = int(cands.sb_student[k])
    b = int(cands.sb_block[k])
    student, block = data.students[s], data.blocks[b]
    practices = data.practices
    row = np.array([s])
    minutes10 = rules.minutes10(cands.matrix.minutes[s]).reshape(1, -1)
    steps = [
        ("active", rules.is_active(practices)[None, :]),
        ("teaches", rules.teaches_year(practices, block.year)[None, :]),
        ("open", rules.open_in_block(cands.capacity, b)[None, :]),
        ("travel", rules.within_travel_limit(minutes10, cands.limit10[row])),
        ("step_free", rules.step_free([student], practices)),
        ("public", rules.reachable_by_public_transport([student], practices)),
    ]
    mask = np.ones((1, len(practices)), dtype=bool)
    applied: list[str] = []
    for name, step in steps:
        if (name == "step_free" and not student.needs_accessible) or (name == "public" and student.travel_mode != "public"):
            continue
        mask &= step
        applied.append(name)
        if not mask.any():
            return _phrase(applied, block.year, block.block_id, int(cands.limit10[s]))
    before = int(mask.sum())
    mask &= rules.not_excluded(row, cands.excluded, len(practices))
    if not mask.any():
        return ("excluded from the only suitable practice" if before == 1
                else f"excluded from all {before} suitable practices")
    if partners:
        if unit_practices == 0:
            names = ", ".join(partners)
            return f"together partner {names} can share no practice in block {block.block_id}"
        n = unit_practices or int(mask.sum())
        return (f"the {n} practices that suit this student and together partner {', '.join(partners)} "
                f"in block {block.block_id} are all full" if n > 1 else
                f"the only practice that suits this student and together partner {', '.join(partners)} "
                f"in block {block.block_id} is full")
    n = int(mask.sum())
    if n == 1:
        return f"the only practice that suits this student in block {block.block_id} is full"
    return f"the {n} practices that suit this student in block {block.block_id} are all full"


def _phrase(applied: list[str], year: int, block_id: str, limit10: int) -> str:
    words = ["no"]
    if "active" in applied:
        words.append("active")
    words.append("practice")
    if "travel" in applied:
        words.append(f"within {_minutes(limit10)}")
    if "teaches" in applied:
        words.append(f"teaches year {year}")
    if "open" in applied:
        words.append(f"in block {block_id}")
    if "step_free" in applied:
        words.append("and is step-free")
    if "public" in applied:
        words.append("and is reachable by public transport")
    return " ".join(words)
