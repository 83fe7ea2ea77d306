"""Blocks rolled forward to the next academic year: the same weekdays in the matching weeks.

Every block moves by one and the same whole number of weeks: the number that
puts the year's first teaching day on the same weekday of the same ISO week
next year (52 weeks, or 53 when the year holds an ISO week 53). One shift
for all keeps each block on its weekdays, with as many teaching days, and
keeps the blocks' overlaps as they were (``rules.hard.blocks_on_dates``
keeps its shape), which a shift per block would not across a week 53.

A block cannot roll when it does not lie in the closed academic year (its
dates were changed already: import a new blocks table instead), when the
first block's week does not exist next year, or when the rolled dates leave
the next academic year. Each such block is named by its row and column;
then nothing is rolled.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from scheduler.domain import Block


@dataclass(frozen=True, slots=True)
class RollProblem:
    index: int
    """the block's place in the blocks table (0 = its first row)"""
    column: str
    message: str


def academic_year_span(year: str) -> tuple[dt.date, dt.date]:
    """1 September to 31 August of ``2026/27``."""
    start = int(year[:4])
    return dt.date(start, 9, 1), dt.date(start + 1, 8, 31)


def _uk(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def shift_weeks(blocks: Sequence[Block]) -> tuple[int | None, str]:
    """The weeks every block moves by, or None with the reason the first block's week has no match."""
    first = min(b.start_date for b in blocks)
    iso_year, week, weekday = first.isocalendar()
    try:
        matching = dt.date.fromisocalendar(iso_year + 1, week, weekday)
    except ValueError:
        return None, (f"the year's first block starts {_uk(first)}, in ISO week {week} of {iso_year}, and "
                      f"{iso_year + 1} has no week {week}")
    return (matching - first).days // 7, ""


def roll_blocks(blocks: Sequence[Block], closed_year: str) -> tuple[tuple[Block, ...], list[RollProblem]]:
    """The blocks of ``closed_year`` moved to the next academic year, or the problems (then no blocks)."""
    if not blocks:
        return (), []
    this_start, this_end = academic_year_span(closed_year)
    next_start, next_end = academic_year_span(f"{int(closed_year[:4]) + 1}")
    weeks, why = shift_weeks(blocks)
    if weeks is None:
        first = min(range(len(blocks)), key=lambda i: blocks[i].start_date)
        return (), [RollProblem(first, "start_date", why + "; import a new blocks table instead")]
    problems = []
    shift = dt.timedelta(weeks=weeks)
    rolled = []
    for i, block in enumerate(blocks):
        for column, day in (("start_date", block.start_date), ("end_date", block.end_date)):
            if not this_start <= day <= this_end:
                problems.append(RollProblem(i, column, (
                    f"block {block.block_id}'s {column} {_uk(day)} is not in {closed_year} "
                    f"({_uk(this_start)} to {_uk(this_end)}), so it cannot roll forward; import a new blocks "
                    "table instead")))
            elif not next_start <= day + shift <= next_end:
                problems.append(RollProblem(i, column, (
                    f"block {block.block_id}'s {column} {_uk(day)} would roll to {_uk(day + shift)}, outside the "
                    f"next academic year ({_uk(next_start)} to {_uk(next_end)}); import a new blocks table "
                    "instead")))
        rolled.append(dataclasses.replace(block, start_date=block.start_date + shift,
                                          end_date=block.end_date + shift))
    return ((), problems) if problems else (tuple(rolled), [])
