"""Practice timetables: every placed student listed, every script readable, fonts embedded, pages split."""

from __future__ import annotations

import dataclasses

from report_helpers import big_practice_data, font_report, pdf_pages, pdf_text, squash

from scheduler.domain import Exclusion
from scheduler.reports.index import PlanIndex
from scheduler.reports.timetable import overlapping_days, practice_timetable


def test_every_placed_student_is_in_their_practices_timetable(index, settings):
    for code in index.practices_with_students():
        text = squash(pdf_text(practice_timetable(index, code, settings)))
        for placement in index.by_practice[code]:
            student = index.students[placement.student_id]
            assert squash(student.full_name) in text, (code, student.student_id)
            assert placement.student_id in text
            assert student.email in text


def test_non_latin_names_come_back_from_the_pdf(index, settings):
    text = squash(pdf_text(practice_timetable(index, "P00002", settings)))
    for name in ("Łukasz", "Nguyễn", "ThịNgọcÁnh", "Жанна", "Γιώργος", "محمدعلي", "伟陈", "<Tag>&Co"):
        assert name in text


def test_every_font_is_embedded(index, settings):
    for code in index.practices_with_students():
        report = font_report(practice_timetable(index, code, settings))
        assert report and all(embedded for _, embedded in report), report
    names = {name for name, _ in font_report(practice_timetable(index, "P00002", settings))}
    assert any("DroidSansFallback" in n for n in names)  # the CJK name needed the fallback font


def test_header_footer_details_and_office_contact(index, settings):
    text = pdf_text(practice_timetable(index, "P00001", settings))
    for expected in ("Ancoats Urban Village Medical Practice", "P00001", "M4 6EE", "Dr Ewa Kowalczyk",
                     "2026/27", "Page 1 of 1", "gp.placements@example.ac.uk", "Year 3 GP block 1", "Mon-Fri"):
        assert expected in text


def test_exclusion_reasons_are_never_printed(data, plan, settings):
    secret = "Student is registered at this practice"
    data = dataclasses.replace(data, exclusions=(Exclusion("S00001", "P00002", secret),))
    index = PlanIndex(data, plan)
    for code in index.practices_with_students():
        assert secret not in pdf_text(practice_timetable(index, code, settings))


def test_daily_numbers_where_years_overlap(index, settings):
    patterns = overlapping_days(index, "P00001")
    assert len(patterns) == 1
    (pattern,) = patterns
    assert [b.block_id for b, _ in pattern.blocks] == ["Y3-B1", "Y5-B1"]
    assert pattern.students == 7 and len(pattern.dates) == 6  # Mon+Tue for three weeks
    text = pdf_text(practice_timetable(index, "P00001", settings))
    assert "Students on site when year groups overlap" in text
    assert "Year 3 (Y3-B1): 4 students\nYear 5 (Y5-B1): 3 students" in text


def test_forty_students_split_across_pages_with_repeated_headers(settings):
    data, plan = big_practice_data(40)
    index = PlanIndex(data, plan)
    pages = pdf_pages(practice_timetable(index, "BIG01", settings))
    assert len(pages) >= 2
    student_pages = [p for p in pages if "B0039" in p or "B0000" in p or "B002" in p]
    assert len(student_pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
    for page in pages:
        if any(f"B{i:04d}" in page for i in range(40)):
            assert "Student number" in page and "Email" in page  # the header row is repeated
    text = squash("\n".join(pages))
    for student in data.students:
        assert student.student_id in text and squash(student.full_name) in text


def test_every_demo_name_comes_back_from_its_timetable(settings):
    """The demo's names (every script it has) in their practices' timetables, read back from the PDFs."""
    from scheduler.demo import make_demo
    from scheduler.domain import Placement, Plan

    data = make_demo(1, "small")
    teaching = {year: [p for p in data.practices if p.active and year in p.years] for year in range(1, 6)}
    placements = []
    for i, (student, block) in enumerate(data.student_blocks()):
        options = teaching[block.year]
        if options:
            placements.append(Placement(student.student_id, block.block_id, options[i % len(options)].code, 20.0))
    index = PlanIndex(data, Plan("Demo", tuple(placements)))
    checked = 0
    for code in index.practices_with_students():
        text = squash(pdf_text(practice_timetable(index, code, settings)))
        for placement in index.by_practice[code]:
            student = index.students[placement.student_id]
            assert squash(student.full_name) in text, (code, student.student_id)
            assert placement.student_id in text
            checked += 1
    assert checked == len(placements) > 0
    assert any(not name.isascii() for name in (s.full_name for s in data.students))
