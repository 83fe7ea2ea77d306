"""The GP tutor rule's reasons, case by case: no tutor, none active, training lapsing, training still ahead;
and no rule at all while the data set lists no tutors. Reasons name the practice and dates, never a tutor."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.domain import Block, Practice, Tutor
from scheduler.rules.tutors import TutorBook

BLOCK = Block("Y3-B2", 3, dt.date(2027, 1, 11), dt.date(2027, 1, 29))
P = Practice("P84013", "Surgery", frozenset({3}))
LONG_AGO, FAR = dt.date(2024, 1, 1), dt.date(2030, 1, 1)


def tutor(code: str = "P84013", trained: dt.date = LONG_AGO, due: dt.date = FAR, active: bool = True) -> Tutor:
    return Tutor(code, "Dr Private Name", trained, due, "private@nhs.net", active)


@pytest.mark.parametrize("tutors,reason", [
    ([tutor("OTHER")], "P84013 has no active GP tutor on record"),
    ([tutor(active=False)], "P84013 has no active GP tutor on record"),
    ([tutor(due=dt.date(2027, 1, 28)), tutor(due=dt.date(2026, 12, 1))],
     "P84013's GP tutor training lapses 28/01/2027, before block Y3-B2 ends on 29/01/2027"),
    ([tutor(trained=dt.date(2027, 1, 12)), tutor(trained=dt.date(2027, 1, 20))],
     "P84013's GP tutor training is only from 12/01/2027, after block Y3-B2 starts on 11/01/2027"),
])
def test_a_practice_without_a_tutor_in_date_through_the_block_is_refused_with_the_reason(tutors, reason):
    book = TutorBook(tutors)
    assert not book.covered(P.code, BLOCK)
    assert book.problem(P, BLOCK) == reason
    assert "Private" not in reason and "@" not in reason


@pytest.mark.parametrize("tutors", [
    [],  # no tutors listed: the rule does not apply
    [tutor(trained=BLOCK.start_date, due=BLOCK.end_date)],  # in date on exactly the first and last day
    [tutor(due=dt.date(2027, 1, 1)), tutor(active=False), tutor(trained=dt.date(2026, 9, 1))],
])
def test_a_tutor_in_date_from_the_first_to_the_last_day_meets_the_rule(tutors):
    book = TutorBook(tutors)
    assert book.covered(P.code, BLOCK) and book.problem(P, BLOCK) is None
