"""Headers and footers keep everything that matters: a long office contact, plan name or school name wraps
onto more lines (the text frame gives way), never cut off with an ellipsis, and never over the page's body."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader
from report_helpers import big_practice_data, pdf_pages, squash

from scheduler.reports.index import PlanIndex
from scheduler.reports.letter import practice_letter
from scheduler.reports.quality import quality_pdf
from scheduler.reports.schedule import student_schedule
from scheduler.reports.timetable import practice_timetable

CONTACT = ("GP Placements Office, Undergraduate Medical Education, Room 2.114 Simon Building · "
           "gp.placements.undergraduate.office@medical-school.example.ac.uk · 0161 306 0000 ext. 64210")
SCHOOL = "Faculty of Biology, Medicine and Health, School of Medical Sciences, Division of Medical Education"
PLAN = "Plan for 2026/27 after the January re-plan, agreed with the Year 3 and Year 5 leads on 4 December"


@pytest.fixture
def long_settings(settings):
    return dataclasses.replace(settings, office_contact=CONTACT, school_name=SCHOOL)


def _documents(index, settings):
    code = index.practices_with_students()[0]
    student = index.by_practice[code][0].student_id
    yield "timetable", practice_timetable(index, code, settings)
    yield "letter", practice_letter(index, code, settings)
    yield "schedule", student_schedule(index, student, settings)
    yield "quality report", quality_pdf(index, settings)


def test_long_contact_school_and_plan_names_are_printed_whole_on_every_page(data, plan, long_settings):
    index = PlanIndex(data, dataclasses.replace(plan, name=PLAN))
    for kind, pdf in _documents(index, long_settings):
        pages = pdf_pages(pdf)
        for number, page in enumerate(pages, start=1):
            text = re.sub(r"Page\d+of\d+", "", squash(page))  # drawn beside the footer's first line
            # a letter names its plan in its last line, the other documents in every page's footer
            for whole in (CONTACT, SCHOOL) + (() if kind == "letter" else (f"Plan “{PLAN}”",)):
                assert squash(whole) in text, (kind, number, whole[:30])
            assert "…" not in page, (kind, number)
        assert squash(PLAN) in squash(pages[-1])


def _lines_by_height(pdf: bytes, page_number: int) -> list[tuple[float, str]]:
    found: list[tuple[float, str]] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():  # the text's height on the page: its matrix times the current transformation
            found.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], text.strip()))

    PdfReader(io.BytesIO(pdf)).pages[page_number].extract_text(visitor_text=visit)
    return found


def test_a_wrapped_footer_stays_below_a_full_page_of_body(long_settings):
    data, plan = big_practice_data(60)
    index = PlanIndex(data, dataclasses.replace(plan, name=PLAN))
    pdf = practice_timetable(index, "BIG01", long_settings)
    lines = _lines_by_height(pdf, 0)
    footer_top = max(y for y, text in lines if text.startswith("Page 1 of"))
    body_bottom = min(y for y, text in lines if text.startswith("b") and "@student.example.ac.uk" in text)
    assert body_bottom > footer_top + 10  # the body's last line is above the footer with room to spare
    header_bottom = min(y for y, text in lines if text == "Practice timetable · BIG01")  # the header's last line
    body_top = max(y for y, text in lines if text == "Big Group Practice")
    assert header_bottom > body_top + 10
