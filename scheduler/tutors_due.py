"""The tutors' chase list: GP tutors whose training lapses before a block they would teach.

A tutor would teach a block when their practice has students in it in the
current plan, or offers places in it (``rules.places``: active, teaching the
block's year, places above 0). Their training lapses before it when they are
active and their refresher is due before the block's last day (the rulebook's
``rules.tutors``). Only blocks that have not ended by ``today`` count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from scheduler.domain import Block, DataSet, Plan
from scheduler.rules.places import Places
from scheduler.rules.tutors import lapses_before


@dataclass(frozen=True, slots=True)
class TutorDue:
    practice_code: str
    practice_name: str
    tutor: str
    email: str
    refresher_due: dt.date
    blocks: tuple[Block, ...]
    """the blocks the tutor would teach that end after the refresher is due, first ending first"""


class UnknownBlock(ValueError):
    """``--block`` names no block of the data set."""


def tutors_due(data: DataSet, plan: Plan | None, today: dt.date, block_id: str | None = None) -> list[TutorDue]:
    """Every tutor whose training lapses before a block they would teach (only ``block_id``, if given), soonest
    refresher first."""
    blocks = sorted((b for b in data.blocks if b.end_date >= today), key=lambda b: (b.end_date, b.block_id))
    if block_id is not None:
        if block_id not in {b.block_id for b in data.blocks}:
            raise UnknownBlock(f"there is no block {block_id} in the data")
        blocks = [b for b in blocks if b.block_id == block_id]
    places = Places(data)
    planned = {(p.practice_code, p.block_id) for p in plan.placements} if plan is not None else set()
    practices = {p.code: p for p in data.practices}
    due = []
    for tutor in data.tutors:
        practice = practices.get(tutor.practice_code)
        if practice is None:
            continue
        taught = [b for b in blocks if (practice.code, b.block_id) in planned or places.offered(practice, b) > 0]
        lapsed = tuple(b for b in taught if lapses_before(tutor, b))
        if lapsed:
            due.append(TutorDue(practice.code, practice.name, tutor.name, tutor.email, tutor.refresher_due, lapsed))
    return sorted(due, key=lambda d: (d.refresher_due, d.practice_code, d.tutor.casefold()))
