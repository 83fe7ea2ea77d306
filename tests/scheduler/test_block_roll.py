"""Blocks rolled forward by one whole-week shift: the shift puts the year's first block in the same ISO week next
year; a block that cannot roll is named by its row and column, and then none is rolled."""

from __future__ import annotations

import datetime as dt

from scheduler.block_roll import roll_blocks
from scheduler.domain import Block

d = dt.date
TUESDAYS = frozenset({1})


def test_the_shift_matches_the_first_blocks_iso_week_and_keeps_every_weekday():
    blocks = (Block("A", 1, d(2027, 10, 5), d(2028, 3, 21), weekdays=TUESDAYS),  # 2027 has 52 ISO weeks
              Block("B", 3, d(2028, 1, 10), d(2028, 2, 4)))
    rolled, problems = roll_blocks(blocks, "2027/28")
    assert problems == []
    assert [(b.start_date, b.end_date) for b in rolled] == [(d(2028, 10, 3), d(2029, 3, 20)),
                                                           (d(2029, 1, 8), d(2029, 2, 2))]  # 52 weeks on
    assert rolled[0].start_date.isocalendar()[1:] == blocks[0].start_date.isocalendar()[1:]
    assert [b.weekdays for b in rolled] == [b.weekdays for b in blocks]


def test_a_first_block_in_an_iso_week_53_that_next_year_lacks_cannot_roll():
    blocks = (Block("Y3", 3, d(2027, 1, 11), d(2027, 2, 5)),
              Block("XMAS", 2, d(2026, 12, 29), d(2027, 3, 23), weekdays=TUESDAYS))  # 2026-W53-2
    rolled, problems = roll_blocks(blocks, "2026/27")
    assert rolled == ()
    assert [(p.index, p.column) for p in problems] == [(1, "start_date")]
    assert "ISO week 53 of 2026, and 2027 has no week 53" in problems[0].message


def test_a_block_that_would_leave_the_next_year_or_is_not_in_this_one_is_named():
    blocks = (Block("Y5", 5, d(2026, 9, 14), d(2026, 10, 9)),
              Block("LATE", 4, d(2027, 8, 23), d(2027, 8, 31)),  # + 53 weeks: it ends in September 2028
              Block("NEXT", 3, d(2027, 9, 6), d(2027, 9, 24)))  # already dated 2027/28
    rolled, problems = roll_blocks(blocks, "2026/27")
    assert rolled == ()
    assert [(p.index, p.column) for p in problems] == [(1, "end_date"), (2, "start_date"), (2, "end_date")]
    assert "end_date 31/08/2027 would roll to 05/09/2028, outside the next academic year" in problems[0].message
    assert "start_date 06/09/2027 is not in 2026/27" in problems[1].message
