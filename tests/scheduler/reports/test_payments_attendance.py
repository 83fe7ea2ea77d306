"""Payments for sessions delivered: an attendance table changes the amounts exactly where sessions differ."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from pypdf import PdfReader

from scheduler.domain import Attendance, Block, DataSet, Placement, Plan, Practice, Student
from scheduler.reports.index import PlanIndex
from scheduler.reports.payment_statement import payment_statement
from scheduler.reports.payments import payment_rows, payments_csv
from scheduler.settings import Settings

BLOCK = Block("Y3-B1", 3, dt.date(2026, 9, 7), dt.date(2026, 9, 18), weekdays=frozenset({0, 2}))  # 4 days
DATA = DataSet(
    practices=tuple(Practice(code, f"Surgery {code}", frozenset({3}), capacity=3) for code in ("P1", "P2", "P3")),
    students=tuple(Student(str(1000 + i), "Stu", f"Dent{i}", 3) for i in range(5)),
    blocks=(BLOCK,),
)
PLAN = Plan("Plan 1", (Placement("1000", "Y3-B1", "P1", 10), Placement("1001", "Y3-B1", "P1", 10),
                       Placement("1002", "Y3-B1", "P2", 10), Placement("1003", "Y3-B1", "P3", 10)))
SETTINGS = Settings(sessions_per_day=2, tariff_per_session=75.0)


def rows(data: DataSet, settings: Settings = SETTINGS) -> dict[str, object]:
    return {r.practice_code: r for r in payment_rows(PlanIndex(data, PLAN), settings)}


def test_without_attendance_every_planned_session_is_paid():
    planned = rows(DATA)
    assert {code: (r.planned_sessions, r.sessions, r.amount) for code, r in planned.items()} == {
        "P1": (16, 16, 1200.0), "P2": (8, 8, 600.0), "P3": (8, 8, 600.0)}


def test_attendance_changes_the_payments_exactly_where_sessions_differ():
    attendance = (Attendance("1000", "Y3-B1", "P1", 5),   # missed 3 sessions
                  Attendance("1002", "Y3-B1", "P2", 8),   # as planned
                  Attendance("1004", "Y3-B1", "P3", 2))   # attended without being placed
    planned, delivered = rows(DATA), rows(dataclasses.replace(DATA, attendance=attendance))
    differ = {code for code in planned if planned[code] != delivered[code]}
    assert differ == {"P1", "P2", "P3"}
    money_differs = {code for code in planned if planned[code].amount != delivered[code].amount}
    assert money_differs == {"P1", "P3"}
    assert (delivered["P1"].sessions, delivered["P1"].amount) == (13, 975.0)
    assert (delivered["P2"].sessions, delivered["P2"].attendance_returns) == (8, 1)
    assert (delivered["P3"].sessions, delivered["P3"].amount, delivered["P3"].student_blocks) == (10, 750.0, 1)
    assert all(delivered[code].planned_sessions == planned[code].planned_sessions for code in planned)


def test_a_rate_per_student_week_is_added():
    weekly = rows(DATA, dataclasses.replace(SETTINGS, tariff_per_student_week=20.0))
    assert (weekly["P1"].student_weeks, weekly["P1"].amount) == (4, 1200.0 + 4 * 20.0)


def test_csv_has_planned_and_paid_sessions_and_the_statement_lists_each_student_block():
    data = dataclasses.replace(DATA, attendance=(Attendance("1000", "Y3-B1", "P1", 5),))
    text = payments_csv(PlanIndex(data, PLAN), SETTINGS)
    assert text.splitlines()[1] == "P1,Surgery P1,2,8,16,13,4,1,975.00"
    pdf = payment_statement(PlanIndex(data, PLAN), "P1", SETTINGS, today=dt.date(2027, 3, 31))
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Dent0" in words and "Dent1" in words and "no return" in words and "£975.00" in words


def test_an_eight_digit_student_number_is_printed_whole_on_the_statement():
    long_ids = dataclasses.replace(DATA, students=tuple(dataclasses.replace(s, student_id=f"1055{s.student_id}")
                                                        for s in DATA.students))
    plan = dataclasses.replace(PLAN, placements=tuple(dataclasses.replace(p, student_id=f"1055{p.student_id}")
                                                      for p in PLAN.placements))
    pdf = payment_statement(PlanIndex(long_ids, plan), "P1", SETTINGS, today=dt.date(2027, 3, 31))
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
    assert "10551000" in words and "10551001" in words  # not "105510" and "00" on two lines
