"""Approvals and clearances: the rules' reasons in plain English, and the chase lists."""

from __future__ import annotations

import datetime as dt

from scheduler.compliance import ClearanceBook, approval_problem, approvals_due, clearances_due
from scheduler.domain import Block, Clearance, DataSet, Practice, Student

B1 = Block("Y3-G1", 3, dt.date(2026, 10, 5), dt.date(2026, 11, 27))
B2 = Block("Y3-G2", 3, dt.date(2027, 1, 11), dt.date(2027, 1, 30))
OLD = Block("Y3-G0", 3, dt.date(2026, 9, 1), dt.date(2026, 9, 30))
STUDENTS = (Student("1", "Ann", "Able", 3), Student("2", "Ben", "Baker", 3), Student("3", "Cat", "Cole", 3),
            Student("4", "Dan", "Dane", 3))
CLEARANCES = (
    Clearance("1", "dbs", dt.date(2030, 1, 1)), Clearance("1", "occupational_health", dt.date(2030, 1, 1)),
    Clearance("2", "dbs", dt.date(2027, 1, 12)), Clearance("2", "occupational_health", dt.date(2030, 1, 1)),
    Clearance("3", "dbs", dt.date(2026, 1, 1)), Clearance("3", "dbs", dt.date(2029, 1, 1)),  # renewed
    Clearance("4", "dbs", dt.date(2030, 1, 1)),
)
REQUIRED = ("dbs", "occupational_health")


def test_approval_through_the_blocks_last_day():
    practice = Practice("P84012", "X", frozenset({3}), approved_until=dt.date(2027, 1, 29))
    assert approval_problem(practice, B1) is None
    assert approval_problem(Practice("P1", "Y", frozenset({3})), B2) is None
    assert approval_problem(practice, B2) == ("P84012's teaching approval ends 29/01/2027, before block Y3-G2 "
                                              "ends on 30/01/2027")


def test_clearances_name_the_kind_and_the_date():
    book = ClearanceBook(CLEARANCES, REQUIRED)
    assert book.problems(STUDENTS[0], B2) == []
    assert book.problems(STUDENTS[1], B1) == []
    assert book.problems(STUDENTS[1], B2) == ["DBS check expires 12/01/2027, before block Y3-G2 ends on 30/01/2027"]
    assert book.problems(STUDENTS[2], B2) == ["no occupational health clearance on record"]
    assert book.problems(STUDENTS[3], B1) == ["no occupational health clearance on record"]


def test_no_clearances_table_means_no_rule():
    assert ClearanceBook((), REQUIRED).problems(STUDENTS[0], B1) == []
    assert clearances_due(DataSet(students=STUDENTS, blocks=(B1,)), REQUIRED, dt.date(2026, 9, 1)) == []


def test_clearances_due_lists_exactly_those_who_lack_or_lose_one_soonest_first():
    data = DataSet(students=STUDENTS, blocks=(OLD, B1, B2), clearances=CLEARANCES)
    due = clearances_due(data, REQUIRED, today=dt.date(2026, 10, 1))
    assert [(d.student_id, d.kind, d.block_id) for d in due] == [
        ("3", "occupational_health", "Y3-G1"), ("4", "occupational_health", "Y3-G1"), ("2", "dbs", "Y3-G2")]


def test_approvals_due_within_the_months_asked():
    practices = (Practice("A", "Soon", frozenset({3}), approved_until=dt.date(2027, 1, 20)),
                 Practice("B", "Later", frozenset({3}), approved_until=dt.date(2028, 1, 1)),
                 Practice("C", "Closed", frozenset({3}), approved_until=dt.date(2026, 12, 1), active=False),
                 Practice("D", "Unlimited", frozenset({3})))
    due = approvals_due(DataSet(practices=practices, blocks=(B1, B2)), dt.date(2026, 12, 1), months=3)
    assert [(d.practice_code, d.blocks_affected) for d in due] == [("A", ("Y3-G2",))]
