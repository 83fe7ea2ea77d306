"""GP tutors in a solved plan: no practice takes a block without a tutor in date through it, the student left
out is explained in the rule's words, and without the tutors table the same student is placed.

Plans are checked by the benchmarks' independent checker (``benchmarks.rules``) and by the dates themselves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from benchmarks.rules import Rules, check_plan
from scheduler.domain import Block, DataSet, Practice, Student, TravelOverride, Tutor
from scheduler.settings import Settings
from scheduler.solver import solve

G1 = Block("Y3-G1", 3, dt.date(2026, 10, 5), dt.date(2026, 11, 27), weekdays=frozenset({0, 1}))
G2 = Block("Y3-G2", 3, dt.date(2027, 1, 11), dt.date(2027, 1, 29), weekdays=frozenset({0, 1}))
LONG_AGO, FAR = dt.date(2023, 1, 1), dt.date(2030, 1, 1)

PRACTICES = tuple(Practice(code, f"Surgery {code}", frozenset({3}), capacity=3, latitude=53.47, longitude=-2.23)
                  for code in ("P1", "P2", "P3", "P4"))
TUTORS = (
    Tutor("P1", "Dr One", LONG_AGO, dt.date(2026, 12, 31)),        # lapses between the blocks: G1 only
    Tutor("P2", "Dr Two", dt.date(2027, 1, 4), FAR),              # trained after G1 starts: G2 only
    Tutor("P3", "Dr Three", LONG_AGO, FAR, active=False),         # none active: never
    Tutor("P4", "Dr Four", LONG_AGO, dt.date(2027, 1, 15)),       # lapses during G2 ...
    Tutor("P4", "Dr Five", dt.date(2026, 10, 5), FAR),            # ... but another is in date from G1's first day
)
STUDENTS = tuple(Student(f"M{i}", "Med", f"Student{i}", 3, travel_mode="car") for i in range(1, 7))


def minutes(student: Student, practice: Practice) -> float:
    if student.student_id == "M1":  # only P1 is within reach, and its tutor's training lapses before G2
        return 20.0 if practice.code == "P1" else 90.0
    return 20.0 + int(practice.code[1:])


DATA = DataSet(practices=PRACTICES, students=STUDENTS, blocks=(G1, G2), tutors=TUTORS,
               travel=tuple(TravelOverride(s.student_id, p.code, minutes(s, p)) for s in STUDENTS for p in PRACTICES))
SETTINGS = Settings(time_limit_seconds=20, workers=1)


@pytest.fixture(scope="module")
def plan():
    return solve(DATA, SETTINGS).plan


def test_the_plan_places_only_where_a_tutor_is_in_date_through_the_block(plan):
    assert check_plan(Rules(DATA, SETTINGS), plan) == []
    blocks = {b.block_id: b for b in (G1, G2)}
    for p in plan.placements:
        block = blocks[p.block_id]
        assert any(t.practice_code == p.practice_code and t.active and t.trained_on <= block.start_date
                   and t.refresher_due >= block.end_date for t in TUTORS), p
    at = {(p.block_id, p.practice_code) for p in plan.placements}
    assert {code for block, code in at if block == "Y3-G1"} == {"P1", "P4"}
    assert {code for block, code in at if block == "Y3-G2"} == {"P2", "P4"}
    assert len(plan.placements) == 11


def test_the_student_left_out_is_explained_by_the_tutor_rule(plan):
    reasons = {(u.student_id, u.block_id): u.reason for u in plan.unplaced}
    assert list(reasons) == [("M1", "Y3-G2")]
    assert "has a GP tutor in date through 29/01/2027" in reasons[("M1", "Y3-G2")]
    assert "Dr " not in reasons[("M1", "Y3-G2")]


def test_without_tutors_the_rule_does_not_apply():
    plan = solve(dataclasses.replace(DATA, tutors=()), SETTINGS).plan
    assert ("M1", "Y3-G2", "P1") in {(p.student_id, p.block_id, p.practice_code) for p in plan.placements}
    assert plan.unplaced == ()
