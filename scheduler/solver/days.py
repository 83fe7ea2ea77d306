"""Which blocks share teaching days, for ``max_students_per_day``.

A practice's consulting rooms hold at most ``max_students_per_day`` students
of all years on any one date. The students on site on a date are those of the
blocks active that date, so it suffices to limit, for each maximal set of
blocks that are active together on some date, the sum of the practice's
students over the set (a set contained in another one is implied by it).
"""

from __future__ import annotations

import datetime as dt

from scheduler.domain import Block


def blocks_by_date(blocks: tuple[Block, ...] | list[Block]) -> dict[dt.date, frozenset[int]]:
    """Date -> indices of the blocks whose students are at their practice that date."""
    on: dict[dt.date, set[int]] = {}
    for i, block in enumerate(blocks):
        for day in block.teaching_dates():
            on.setdefault(day, set()).add(i)
    return {day: frozenset(ids) for day, ids in on.items()}


def day_groups(blocks: tuple[Block, ...] | list[Block]) -> list[tuple[int, ...]]:
    """Maximal sets of block indices active on a common date, in a stable order."""
    sets = set(blocks_by_date(blocks).values())
    maximal = [s for s in sets if not any(s < other for other in sets)]
    return sorted(tuple(sorted(s)) for s in maximal)

