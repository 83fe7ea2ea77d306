"""Approvals, clearances and programmes in a solved plan: never broken, explained, and listed for chasing.

Plans are checked by the benchmarks' independent checker (``benchmarks.rules``), which counts every learner
on site against a practice's students per day, whatever their programme.
"""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.rules import Rules, check_plan
from scheduler.compliance import clearances_due
from scheduler.domain import Block, Clearance, DataSet, Practice, Student, TravelOverride
from scheduler.settings import Settings
from scheduler.solver import solve

G1 = Block("Y3-G1", 3, dt.date(2026, 10, 5), dt.date(2026, 11, 27), weekdays=frozenset({0, 1}))
G2 = Block("Y3-G2", 3, dt.date(2027, 1, 11), dt.date(2027, 1, 30), weekdays=frozenset({0, 1}))
N1 = Block("N-J", 3, dt.date(2027, 1, 11), dt.date(2027, 1, 29), weekdays=frozenset({1, 2}), programme="nursing")
APPROVAL_ENDS = dt.date(2026, 12, 31)
FAR = dt.date(2030, 1, 1)


def practice(code: str, **kw) -> Practice:
    kw.setdefault("capacity", 2)
    kw.setdefault("max_students_per_day", 2)
    return Practice(code, f"Surgery {code}", frozenset({3}), latitude=53.47, longitude=-2.23, **kw)


PRACTICES = (
    practice("P1", programmes=frozenset({"medicine"})),
    practice("P2", programmes=frozenset({"medicine", "nursing"})),
    practice("P3"), practice("P4"),
    practice("P5", approved_until=APPROVAL_ENDS),
    practice("P6", approved_until=APPROVAL_ENDS, capacity=3),
)
MEDICS = tuple(Student(f"M{i}", "Med", f"Student{i}", 3, travel_mode="car") for i in range(1, 9))
NURSES = tuple(Student(f"N{i}", "Nurse", f"Student{i}", 3, travel_mode="car", programme="nursing")
               for i in range(1, 6))
STUDENTS = MEDICS + NURSES


def minutes(student: Student, practice: Practice) -> float:
    if student.student_id == "M3":  # only P5 is within reach, and its approval ends before G2 does
        return 20.0 if practice.code == "P5" else 90.0
    return 20.0 + int(practice.code[1:])


def clearances() -> tuple[Clearance, ...]:
    rows = []
    for s in STUDENTS:
        if s.student_id == "M1":
            rows += [Clearance("M1", "dbs", dt.date(2027, 1, 12)), Clearance("M1", "occupational_health", FAR)]
        elif s.student_id == "M2":
            rows += [Clearance("M2", "dbs", FAR)]
        else:
            rows += [Clearance(s.student_id, "dbs", FAR), Clearance(s.student_id, "occupational_health", FAR)]
    return tuple(rows)


DATA = DataSet(practices=PRACTICES, students=STUDENTS, blocks=(G1, G2, N1), clearances=clearances(),
               travel=tuple(TravelOverride(s.student_id, p.code, minutes(s, p)) for s in STUDENTS for p in PRACTICES))
SETTINGS = Settings(time_limit_seconds=20, workers=1)


@pytest.fixture(scope="module")
def plan():
    return solve(DATA, SETTINGS).plan


def test_the_plan_keeps_approvals_programmes_clearances_and_shared_rooms(plan):
    assert check_plan(Rules(DATA, SETTINGS), plan) == []
    practices = {p.code: p for p in PRACTICES}
    blocks = {b.block_id: b for b in (G1, G2, N1)}
    for p in plan.placements:
        assert practices[p.practice_code].approved_through(blocks[p.block_id].end_date)
    nurses_at = {p.practice_code for p in plan.placements if p.block_id == "N-J"}
    assert "P1" not in nurses_at and nurses_at  # P1 hosts medicine only


def test_unplaced_reasons_name_the_clearance_and_the_approval(plan):
    reasons = {(u.student_id, u.block_id): u.reason for u in plan.unplaced}
    assert "M1" in {p.student_id for p in plan.placements if p.block_id == "Y3-G1"}
    assert "DBS check expires 12/01/2027, before block Y3-G2 ends on 30/01/2027" in reasons[("M1", "Y3-G2")]
    assert "no occupational health clearance on record" in reasons[("M2", "Y3-G1")]
    assert "no occupational health clearance on record" in reasons[("M2", "Y3-G2")]
    assert "is approved through 30/01/2027" in reasons[("M3", "Y3-G2")]
    assert ("M3", "Y3-G1") not in reasons


def test_clearances_due_lists_exactly_the_students_who_lack_one():
    due = clearances_due(DATA, SETTINGS.required_clearances, today=dt.date(2026, 9, 1))
    assert sorted((d.student_id, d.kind) for d in due) == [("M1", "dbs"), ("M2", "occupational_health")]


def test_timetables_and_the_overview_show_each_learners_programme(plan):
    import io

    from pypdf import PdfReader

    from scheduler.reports.index import PlanIndex
    from scheduler.reports.overview import overview_pdf
    from scheduler.reports.timetable import practice_timetable

    index = PlanIndex(DATA, plan)
    nursing_at = next(p.practice_code for p in plan.placements if p.block_id == "N-J")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(
        practice_timetable(index, nursing_at, SETTINGS))).pages)
    nurse = next(p.student_id for p in plan.placements if p.block_id == "N-J" and p.practice_code == nursing_at)
    assert "Nursing year 3" in text and nurse in text
    overview = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(overview_pdf(index, SETTINGS))).pages)
    assert "Nursing year 3" in overview
