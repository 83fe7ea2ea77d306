"""Plain-English reasons for unplaced student-blocks.

Two kinds, so an officer knows whether to recruit a practice or to move
someone: "no plan can place this student" (the rulebook's placement rules,
replayed in order from ``scheduler.rules.hard``, leave no practice: the reason
names every condition applied up to the one that empties the list, e.g. ``no
active practice within 45 min teaches year 3 in block Y3-B2``; or the
``together`` partners share none), "kept from the practice of a
``learn_together`` partner" (placed elsewhere on the days they share), and
"lost to competition" (suitable
practices exist but are full in this plan: the reason names them and the
students holding their places, and says whether the count is proven).
"""

from __future__ import annotations

import numpy as np

from scheduler.rules.hard import PLACEMENT_RULES, minutes_text
from scheduler.rules.places import rooms
from scheduler.rules.units import minutes
from scheduler.solver.candidates import Candidates

HOLDERS_SHOWN = 3
"""Practices named, with their students, in a competition reason (the rest are counted)."""


def reason(cands: Candidates, k: int, partners: list[str] | None = None, unit_practices: list[int] | None = None,
           assign: np.ndarray | None = None, count_proven: bool | None = None,
           learners: list[tuple[str, int]] | None = None) -> str:
    """Why student-block ``k`` has no practice.

    ``partners``: its ``together`` partners in the block; ``unit_practices``: the practices the partners
    can share; ``assign``: the plan's practice per student-block, to name who holds the full practices;
    ``count_proven``: whether no plan can place more student-blocks (None = not known); ``learners``: its
    ``learn_together`` partners placed in the plan on days they share with this block, and their practices.
    """
    s, b = int(cands.sb_student[k]), int(cands.sb_block[k])
    block = cands.data.blocks[b]
    refused, suitable = _suitable_practices(cands, s, b)
    if refused is not None:
        return refused
    if partners:
        if unit_practices is not None and not unit_practices:
            return (f"together partner {', '.join(partners)} can share no practice with room for both "
                    f"in block {block.block_id}") if len(partners) == 1 else \
                (f"together partners {', '.join(partners)} can share no practice with room for all "
                 f"in block {block.block_id}")
        suitable = unit_practices if unit_practices is not None else suitable
        who = f"this student and together partner {', '.join(partners)}"
    else:
        who = "this student"
    kept_apart = _learn_together(cands, b, suitable, learners, assign, count_proven) \
        if learners and assign is not None else None
    return kept_apart or _competition(cands, b, suitable, who, assign, count_proven)


def _suitable_practices(cands: Candidates, s: int, b: int) -> tuple[str | None, list[int]]:
    """The practices the placement rules leave student ``s`` in block ``b``, or the reason none are left."""
    data, facts = cands.data, cands.facts
    student, block = data.students[s], data.blocks[b]
    rows = np.array([s])
    mask = np.ones((1, len(data.practices)), dtype=bool)
    applied: list[str] = []
    for rule in PLACEMENT_RULES:
        if rule.about_student:
            text = rule.holds(facts, student, block, data.practices[0]) if data.practices else None
            if text is not None:
                return (f"not cleared for block {block.block_id}: {text}" if rule.name == "clearances" else text), []
            continue
    for rule in PLACEMENT_RULES:
        if not rule.applies(student) or rule.about_student:
            continue
        before = int(mask.sum())
        mask &= rule.mask(facts, rows, b)
        if rule.name == "exclusion":
            if not mask.any():
                return ("excluded from the only suitable practice" if before == 1
                        else f"excluded from all {before} suitable practices"), []
            continue
        if not rule.named_always and int(mask.sum()) == before:
            continue
        applied.append(rule.phrase.format(year=block.year, block=block.block_id,
                                          limit=minutes_text(minutes(cands.limit10[s])),
                                          end=f"{block.end_date:%d/%m/%Y}",
                                          programme=student.programme.replace("_", " ")))
        if not mask.any():
            return _nothing_suits(applied), []
    return None, np.nonzero(mask[0])[0].tolist()


def _competition(cands: Candidates, b: int, suitable: list[int], who: str, assign: np.ndarray | None,
                 count_proven: bool | None) -> str:
    """The student lost to others: the suitable practices are full (in this plan, naming who holds them)."""
    block_id = cands.data.blocks[b].block_id
    full = (f"the {len(suitable)} practices that suit {who} in block {block_id} are all full" if len(suitable) > 1
            else f"the only practice that suits {who} in block {block_id} is full")
    if assign is None:
        return full
    taken = _full_in_plan(cands, b, suitable, assign)
    if len(taken) < len(suitable):  # an honest reason: some had room in this plan
        full = (f"{len(taken)} of the {len(suitable)} practices that suit {who} in block {block_id} are full "
                f"in this plan; the other {len(suitable) - len(taken)} had room, but the search stopped before "
                f"placing this student there")
    return f"lost to competition for places: {full}{_holders(cands, b, taken, assign)}{_count_note(count_proven)}"


def _learn_together(cands: Candidates, b: int, suitable: list[int], learners: list[tuple[str, int]],
                    assign: np.ndarray, count_proven: bool | None) -> str | None:
    """Placed at any practice but its partners', the student would break ``learn_together``: say whose and why
    that practice will not do (None when it would: the reason is then competition)."""
    data, block = cands.data, cands.data.blocks[b]
    there = sorted({j for _, j in learners})
    names = ", ".join(f"{sid} is at {data.practices[j].code}" for sid, j in learners)
    if len(there) > 1:
        why = "they are at different practices, so no one practice keeps both pairs"
    elif there[0] not in suitable:
        why = f"{data.practices[there[0]].code} does not suit this student in block {block.block_id}"
    elif _full_in_plan(cands, b, there, assign):
        why = f"{data.practices[there[0]].code} is full in block {block.block_id} in this plan"
    else:
        return None
    return f"kept from a practice by learn_together: {names} on days they share with this block, and {why}" \
        + _count_note(count_proven)


def _full_in_plan(cands: Candidates, b: int, practices: list[int], assign: np.ndarray) -> list[int]:
    """The practices with no place left in block ``b`` in the plan (places, or consulting rooms on a date)."""
    data = cands.data
    in_block = assign[(cands.sb_block == b) & (assign >= 0)]
    used = np.bincount(in_block, minlength=len(data.practices))
    dates = set(data.blocks[b].teaching_dates())
    # students of every block sharing a date with this one (an upper count of those on site on one date)
    sharing = np.isin(cands.sb_block, [o for o, other in enumerate(data.blocks) if dates & set(other.teaching_dates())])
    on_site = np.bincount(assign[sharing & (assign >= 0)], minlength=len(data.practices))
    out = []
    for j in practices:
        limit = rooms(data.practices[j])
        if used[j] >= cands.capacity[j, b] or (limit is not None and dates and on_site[j] >= limit):
            out.append(j)
    return out


def _nothing_suits(applied: list[str]) -> str:
    """``no active practice within 45 min teaches year 3 in block Y3-B2 and is step-free``."""
    words = ["no"]
    if "active" in applied:
        words.append("active")
    words.append("practice")
    order = [p for p in applied if p.startswith("within")] + [p for p in applied if p.startswith("teaches")] + \
        [p for p in applied if p.startswith("in block")]
    words += order
    words += [f"and {p}" for p in applied if p.startswith(("is ", "hosts ", "has ", "as "))]
    return " ".join(words)


def _holders(cands: Candidates, b: int, practices: list[int], assign: np.ndarray) -> str:
    """`` (P1 held by S3, S4; P2 held by S9; and 2 more)``: who holds the places at the full practices."""
    if not len(practices):
        return ""
    data = cands.data
    in_block = np.nonzero((cands.sb_block == b) & (assign >= 0))[0]
    parts = []
    for j in practices[:HOLDERS_SHOWN]:
        holders = [data.students[cands.sb_student[m]].student_id for m in in_block if assign[m] == j]
        parts.append(f"{data.practices[j].code} held by {', '.join(holders) if holders else 'nobody (rooms full)'}")
    more = len(practices) - HOLDERS_SHOWN
    return " (" + "; ".join(parts) + (f"; and {more} more" if more > 0 else "") + ")"


def _count_note(count_proven: bool | None) -> str:
    if count_proven:
        return "; no plan places more student-blocks, so placing this student means unplacing another"
    if count_proven is False:
        return "; a plan placing more may exist (the search stopped before proving the count)"
    return ""
