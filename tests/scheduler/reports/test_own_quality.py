"""A practice's own quality report after its payment statement: its scores per year held (the trend), each only
where enough students answered, the replies against the evaluations sent, and no other practice's figures."""

from __future__ import annotations

import dataclasses
import datetime as dt

from report_helpers import pdf_pages, squash

from scheduler.evaluations.quality import practice_years
from scheduler.reports.payment_statement import payment_statement

ALL = ("teaching", "welcome", "patient_contact", "organisation", "recommend")
TODAY = dt.date(2027, 3, 31)


def answer(code: str, student: str, score: int) -> dict:
    return {"practice_code": code, "student_id": student, "received": "2027-03-01T10:00:00",
            **dict.fromkeys(ALL, score)}


def figures(min_answers: int = 3, flag_below: float = 3.0):
    rows = [("2025/26", answer("P00001", f"S{i}", 2)) for i in range(2)]  # two answers: no score that year
    rows += [("2026/27", answer("P00001", f"S{i}", s)) for i, s in enumerate((4, 5, 3))]
    rows += [("2026/27", {"practice_code": "P00001", "student_id": "S9", "received": None})]
    rows += [("2026/27", answer("P00002", f"S{i}", 1)) for i in range(4)]
    return practice_years(rows, min_answers, flag_below)


def test_the_statement_ends_with_the_practices_own_scores_per_year_only_where_enough_answered(index, settings):
    mine = [f for f in figures() if f.practice_code == "P00001"]
    pages = pdf_pages(payment_statement(index, "P00001", settings, TODAY, quality=mine))
    assert "Payment statement" in pages[0] and "evaluations" not in pages[0]
    own = squash(pages[-1])
    assert squash("Students’ evaluations of their placements") in own
    assert squash("Replied 2 of 2 (100%) 3 of 4 (75%)") in own  # oldest year first: the trend reads across
    assert squash("Teaching fewer than 3 answered 4.0 (n=3)") in own
    assert squash("All questions fewer than 3 answered 4.0 (n=3)") in own
    assert "2.0" not in own  # the year with two answers shows no mean
    assert "(n=4)" not in own and "1.0" not in own  # another practice's figures are not here
    assert "review level" not in own


def test_a_practice_below_the_review_level_is_told_and_one_never_evaluated_says_so(index, settings):
    strict = dataclasses.replace(settings, quality_flag_below=4.5)
    low = [f for f in figures(flag_below=4.5) if f.practice_code == "P00001"]
    text = squash(pdf_pages(payment_statement(index, "P00001", strict, TODAY, quality=low))[-1])
    assert squash("In 2026/27 the mean of all questions is below the school’s review level of 4.5") in text
    none = pdf_pages(payment_statement(index, "P00002", settings, TODAY, quality=[]))
    assert squash("No student has been asked to evaluate a placement here yet.") in squash(none[-1])


def test_the_threshold_in_settings_decides_what_is_shown(index, settings):
    two = dataclasses.replace(settings, evaluation_min_answers=2)
    mine = [f for f in figures(min_answers=2) if f.practice_code == "P00001"]
    text = squash(pdf_pages(payment_statement(index, "P00001", two, TODAY, quality=mine))[-1])
    assert squash("Teaching 2.0 (n=2) 4.0 (n=3)") in text and "fewer" not in text.replace(
        squash("otherwise the table says “fewer than 2 answered”"), "")


def test_without_figures_the_statement_is_the_statement_alone(index, settings):
    pages = pdf_pages(payment_statement(index, "P00001", settings, TODAY))
    assert len(pages) == 1 and "evaluations" not in pages[0]
