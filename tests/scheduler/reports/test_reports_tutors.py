"""Timetables, practice letters and student schedules name the practice's active GP tutors from the ``tutors``
table (the timetable with the date each one's training runs to); without the table, the lead tutor of
``practices.tutor`` as before."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from report_helpers import pdf_text, squash

from scheduler.domain import Tutor
from scheduler.reports.index import PlanIndex
from scheduler.reports.letter import practice_letter
from scheduler.reports.schedule import student_schedule
from scheduler.reports.timetable import practice_timetable

TUTORS = (
    Tutor("P00001", "Dr Oluwaseun Adeyemi", dt.date(2024, 5, 1), dt.date(2028, 4, 30), "o.adeyemi@nhs.example"),
    Tutor("P00001", "Dr Zofia Wróbel", dt.date(2025, 1, 6), dt.date(2027, 1, 5)),
    Tutor("P00001", "Dr Retired Tutor", dt.date(2019, 1, 1), dt.date(2029, 1, 1), active=False),
)


@pytest.fixture
def tutored(data, plan) -> PlanIndex:
    return PlanIndex(dataclasses.replace(data, tutors=TUTORS), plan)


def test_the_timetable_names_each_active_tutor_and_the_date_their_training_runs_to(tutored, settings):
    text = squash(pdf_text(practice_timetable(tutored, "P00001", settings)))
    assert squash("GP tutors Dr Oluwaseun Adeyemi (training in date to 30/04/2028); "
                  "Dr Zofia Wróbel (training in date to 05/01/2027)") in text
    assert "Retired" not in text and "Kowalczyk" not in text  # the table replaces practices.tutor


def test_the_practice_letter_greets_and_lists_the_tutors(tutored, settings):
    text = squash(pdf_text(practice_letter(tutored, "P00001", settings)))
    assert squash("Dear Dr Oluwaseun Adeyemi and Dr Zofia Wróbel,") in text
    assert squash("Our records show your GP tutor training in date for Dr Oluwaseun Adeyemi to 30/04/2028 and "
                  "Dr Zofia Wróbel to 05/01/2027.") in text


def test_the_student_schedule_names_the_tutors(tutored, settings):
    student = next(p.student_id for p in tutored.plan.placements if p.practice_code == "P00001")
    text = squash(pdf_text(student_schedule(tutored, student, settings)))
    assert squash("Dr Oluwaseun Adeyemi, Dr Zofia Wróbel") in text and "Retired" not in text


def test_without_the_tutors_table_documents_name_the_lead_tutor(index, settings):
    assert squash("GP tutor Dr Ewa Kowalczyk") in squash(pdf_text(practice_timetable(index, "P00001", settings)))
    letter = squash(pdf_text(practice_letter(index, "P00001", settings)))
    assert squash("Dear Dr Ewa Kowalczyk,") in letter and "Ourrecordsshow" not in letter
