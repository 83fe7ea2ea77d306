"""Places and consulting rooms: how many students a practice can take in a block, and on one date.

A practice offers ``practices.capacity`` places in every block, unless a row
of the ``capacity`` table overrides it for that block (the last such row
wins, as the solver reads them). Its consulting rooms hold at most
``max_students_per_day`` students of all years on any one date; in a block
with teaching dates that also caps its places there. Every reader (the
solver, reports, advice, the hand-edit service) asks here.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from scheduler.domain import Block, CapacityOverride, DataSet, Practice


class Places:
    """Places per practice and block after the ``capacity`` table's overrides."""

    def __init__(self, data: DataSet) -> None:
        self.data = data
        self.override = {(row.practice_code, row.block_id): row.capacity for row in data.capacities}

    def of(self, practice: Practice, block_id: str) -> int:
        """Places the practice offers in the block (``practices.capacity`` unless overridden)."""
        return self.override.get((practice.code, block_id), practice.capacity)

    def offered(self, practice: Practice, block: Block) -> int:
        """Places open to the block's students: none at an inactive practice or one that does not teach the year."""
        if not practice.active or block.year not in practice.years:
            return 0
        return self.of(practice, block.block_id)

    def table(self) -> np.ndarray:
        """Practices x blocks (in the data's order): ``of`` for each."""
        data = self.data
        return np.array([[self.of(p, b.block_id) for b in data.blocks] for p in data.practices],
                        dtype=np.int64).reshape(len(data.practices), len(data.blocks))



def on_site(table: np.ndarray, data: DataSet) -> np.ndarray:
    """Places (``table``, practices x blocks) capped, in each block with teaching dates, by the practice's rooms;
    never below 0."""
    cap = table.clip(min=0)
    limits = room_limits(data.practices)
    teaching = [b for b, block in enumerate(data.blocks) if block.teaching_dates()]
    for j in np.nonzero(limits >= 0)[0]:
        cap[j, teaching] = np.minimum(cap[j, teaching], limits[j])
    return cap


def rooms(practice: Practice) -> int | None:
    """Students of all years the practice can have on site on one date (None: no limit set)."""
    return practice.max_students_per_day


def room_limits(practices: tuple[Practice, ...] | list[Practice]) -> np.ndarray:
    """``rooms`` of each practice, -1 where none is set."""
    return np.array([-1 if rooms(p) is None else rooms(p) for p in practices], dtype=np.int64)


def rooms_text(practice: Practice) -> str:
    """The rooms limit in words, for a practice's timetable."""
    limit = rooms(practice)
    return "no limit set" if limit is None else f"{limit} students of all years on any one day"


def with_one_more(data: DataSet, code: str, block_id: str, kind: str) -> DataSet:
    """The data set with one more place at the practice in the block (``kind`` ``place``: its override raised),
    or one more consulting room at the practice (``per_day``)."""
    practice = next(p for p in data.practices if p.code == code)
    if kind == "per_day":
        more = (rooms(practice) or 0) + 1
        return dataclasses.replace(data, practices=tuple(
            dataclasses.replace(p, max_students_per_day=more) if p.code == code else p for p in data.practices))
    others = tuple(c for c in data.capacities if (c.practice_code, c.block_id) != (code, block_id))
    override = CapacityOverride(code, block_id, Places(data).of(practice, block_id) + 1)
    return dataclasses.replace(data, capacities=others + (override,))


def capacity_table(data: DataSet) -> np.ndarray:
    """Places per practice (rows) and block (columns), overrides applied."""
    return Places(data).table()
