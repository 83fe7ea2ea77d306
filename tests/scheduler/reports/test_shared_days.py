"""Learning together on the documents: the practice timetable names, per shared day, the learners of other
professions there and marks the mixed days; a student's schedule names whom they share days with by first name
and profession only (never a surname, student number or email)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from report_helpers import pdf_text, squash

from scheduler.domain import Block, DataSet, Placement, Plan, Practice, Student
from scheduler.reports.index import PlanIndex
from scheduler.reports.schedule import student_schedule
from scheduler.reports.shared_days import days_together, mixed_placements
from scheduler.reports.timetable import practice_timetable

MEDICINE = Block("Y3-B1", 3, dt.date(2026, 9, 7), dt.date(2026, 9, 18), weekdays=frozenset({0, 2}))  # 4 days
LATER = Block("Y3-B2", 3, dt.date(2026, 11, 2), dt.date(2026, 11, 6))  # meets no other profession
NURSING = Block("N2-B1", 2, dt.date(2026, 9, 7), dt.date(2026, 9, 25), weekdays=frozenset({0}), programme="nursing")
PHARMACY = Block("F4-B1", 4, dt.date(2026, 9, 9), dt.date(2026, 9, 9), programme="pharmacy")  # one Wednesday


def learner(sid: str, first: str, last: str, year: int, programme: str = "medicine") -> Student:
    return Student(sid, first, last, year, email=f"{first.lower()}.{last.lower()}@student.example.ac.uk",
                   programme=programme)


DATA = DataSet(
    practices=(Practice("P1", "Ancoats Surgery", frozenset({2, 3, 4}), capacity=4),
               Practice("P2", "Hulme Surgery", frozenset({3}), capacity=4)),
    students=(learner("M001", "Aled", "Morgan", 3), learner("M002", "Bea", "Nolan", 3),
              learner("M003", "Cai", "Owen", 3), learner("N001", "Dana", "Price", 2, "nursing"),
              learner("N002", "Eli", "Quinn", 2, "nursing"), learner("F001", "Fay", "Reid", 4, "pharmacy")),
    blocks=(MEDICINE, LATER, NURSING, PHARMACY),
)
PLAN = Plan("Plan 1", (Placement("M001", "Y3-B1", "P1", 10), Placement("M002", "Y3-B1", "P2", 10),
                       Placement("M001", "Y3-B2", "P2", 10), Placement("M003", "Y3-B2", "P1", 10),
                       Placement("N001", "N2-B1", "P1", 10), Placement("N002", "N2-B1", "P1", 10),
                       Placement("F001", "F4-B1", "P1", 10)))


def test_the_practice_timetable_names_the_other_professions_per_shared_day_and_marks_mixed_days(settings):
    index = PlanIndex(DATA, PLAN)
    text = squash(pdf_text(practice_timetable(index, "P1", settings)))
    assert squash("Learning together: days shared with other professions") in text
    assert squash("1 of the 2 medical student placements here has a mixed day") in text  # M003's block meets none
    # Mondays 7 and 14 Sep: medicine with both nurses; Wed 9 Sep: medicine with the pharmacist
    assert squash("7 Sep – 14 Sep 2026 Mon (2 days) Year 3 (Y3-B1): 1 medical student "
                  "Nursing year 2 (N2-B1): Dana Price, Eli Quinn Mixed day") in text
    assert squash("9 Sep 2026 Wed (1 day) Year 3 (Y3-B1): 1 medical student "
                  "Pharmacy year 4 (F4-B1): Fay Reid Mixed day") in text
    together = days_together(index, "P1")
    assert [(t.dates[0].day, len(t.dates), t.mixed) for t in together] == [(7, 2, True), (9, 1, True)]
    assert mixed_placements(index, "P2") == (0, 2)
    assert "Learning together" not in pdf_text(practice_timetable(index, "P2", settings))


def test_nurses_alone_with_a_pharmacist_share_a_day_that_is_not_mixed(settings):
    no_medicine = dataclasses.replace(PLAN, placements=tuple(p for p in PLAN.placements if p.block_id != "Y3-B1"))
    index = PlanIndex(DATA, no_medicine)
    assert [(t.dates, t.mixed) for t in days_together(index, "P1")] == []  # the pharmacist's Wednesday: no nurse
    wednesday_nurses = dataclasses.replace(DATA, blocks=(MEDICINE, LATER, dataclasses.replace(
        NURSING, weekdays=frozenset({2})), PHARMACY))
    [shared] = days_together(PlanIndex(wednesday_nurses, no_medicine), "P1")
    assert (shared.dates, shared.mixed) == ((dt.date(2026, 9, 9),), False)
    text = squash(pdf_text(practice_timetable(PlanIndex(wednesday_nurses, no_medicine), "P1", settings)))
    assert "Mixedday" not in text and squash("Nursing year 2 (N2-B1): Dana Price, Eli Quinn Pharmacy") in text
    assert squash("0 of the 1 medical student placement here has a mixed day") in text  # M003's later block


def test_a_students_schedule_names_whom_they_share_days_with_by_first_name_and_profession_only(settings):
    index = PlanIndex(DATA, PLAN)
    medic = squash(pdf_text(student_schedule(index, "M001", settings)))
    assert squash("Learning together 7 Sep – 14 Sep 2026 · Mon (2 days): Dana, Eli (nursing) "
                  "9 Sep 2026 · Wed (1 day): Fay (pharmacy)") in medic
    for private in ("Price", "Quinn", "Reid", "N001", "N002", "F001", "dana.price", "student.example"):
        assert private not in medic.replace("aled.morgan@student.example.ac.uk", "")
    assert medic.count("Learningtogether") == 1  # the later block at P2 meets no other profession
    nurse = squash(pdf_text(student_schedule(index, "N001", settings)))
    assert squash("Learning together 7 Sep – 14 Sep 2026 · Mon (2 days): Aled (medicine)") in nurse
    assert "Eli" not in nurse and "Morgan" not in nurse and "M001" not in nurse  # her own profession is left out
    assert squash("Year of study Nursing year 2") in nurse and squash("Year of study Year 3") in medic
    assert "Learningtogether" not in squash(pdf_text(student_schedule(index, "M002", settings)))
