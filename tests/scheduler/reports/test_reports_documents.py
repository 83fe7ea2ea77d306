"""Student schedules, payments (PDF and CSV), cohort overview and the plan quality report."""

from __future__ import annotations

import csv
import io

from report_helpers import font_report, pdf_text, squash

from scheduler.reports.overview import block_figures, overview_pdf
from scheduler.reports.payments import TOTAL_CODE, payment_rows, payments_csv, payments_pdf
from scheduler.reports.quality import practice_use, quality_pdf, travel_histogram, use_band
from scheduler.reports.schedule import NOT_PLACED, student_schedule


def test_student_schedule_lists_every_block_of_the_year(index, settings):
    text = pdf_text(student_schedule(index, "S00001", settings))
    for expected in ("Łukasz Wójcik", "S00001", "Year 3 GP block 1", "Y3-B1", "Year 3 GP block 2", "Y3-B2",
                     "Ancoats Urban Village Medical Practice", "Wythenshawe Family Practice", "M22 9TA",
                     "Tue,Thu", "about 12 min one way by car", "about 20 min one way by car",
                     "Page 1 of 1"):
        assert expected in text
    assert "Year 5" not in text


def test_unplaced_block_says_so_plainly_without_the_reason(index, settings):
    text = squash(pdf_text(student_schedule(index, "S00008", settings)))
    assert squash(NOT_PLACED) in text
    assert "freecapacity" not in text  # the solver's reason is for officers only
    assert "Y3-B1" in text and "Y3-B2" in text


def test_schedules_embed_their_fonts_and_keep_non_latin_names(index, settings):
    for sid, name in (("S00005", "محمد علي"), ("S00006", "伟 陈"), ("S00003", "Жанна Иванова")):
        pdf = student_schedule(index, sid, settings)
        assert name in pdf_text(pdf)
        assert all(embedded for _, embedded in font_report(pdf))


def test_payments_count_two_sessions_per_teaching_day(index, settings):
    rows = {r.practice_code: r for r in payment_rows(index, settings)}
    # P00001: 4 year-3 students x 30 days (Mon-Fri, 6 weeks) + 3 year-5 students x 6 days (Mon,Tue, 3 weeks)
    assert rows["P00001"].teaching_days == 4 * 30 + 3 * 6
    assert rows["P00001"].sessions == 2 * rows["P00001"].teaching_days
    assert rows["P00001"].amount == rows["P00001"].sessions * 75.0
    assert set(rows) == {"P00001", "P00002"}


def test_payments_csv_totals_match(index, settings):
    text = payments_csv(index, settings)
    table = list(csv.DictReader(io.StringIO(text)))
    body, total = table[:-1], table[-1]
    assert total["practice_code"] == TOTAL_CODE
    for column in ("student_blocks", "teaching_days", "sessions"):
        assert sum(int(r[column]) for r in body) == int(total[column])
    assert abs(sum(float(r["amount"]) for r in body) - float(total["amount"])) < 0.005
    assert int(total["student_blocks"]) == len(index.plan.placements)
    assert float(total["amount"]) == int(total["sessions"]) * settings.tariff_per_session


def test_payments_csv_file_has_a_bom_for_excel(index, settings, tmp_path):
    path = tmp_path / "payments.csv"
    payments_csv(index, settings, target=path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"Ancoats" in raw


def test_payments_pdf_shows_the_total(index, settings):
    text = pdf_text(payments_pdf(index, settings))
    total = sum(r.amount for r in payment_rows(index, settings))
    assert f"£{total:,.2f}" in text and "Wythenshawe Family Practice" in text


def test_overview_lists_every_block_practice_and_student(index, settings):
    text = squash(pdf_text(overview_pdf(index, settings)))
    for block_id in ("Y3-B1", "Y3-B2", "Y5-B1"):
        assert block_id in text
    for placement in index.plan.placements:
        assert placement.student_id in text
        assert squash(index.students[placement.student_id].full_name) in text
    figures = block_figures(index)
    assert figures["Y3-B2"] == (8, 7, 1, 4 + 7)  # attending, placed, unplaced, offered (with the override)


def test_quality_report_figures_and_unplaced_reasons(index, settings):
    pdf = quality_pdf(index, settings)
    text = squash(pdf_text(pdf))
    for expected in ("Planqualityreport", "optimal", "18of19student-blocks", "Year3", "Year5",
                     "Capacityusedperpractice", "S00008", "freecapacity", "AncoatsUrbanVillageMedicalPractice"):
        assert expected in text
    assert all(embedded for _, embedded in font_report(pdf))


def test_travel_histogram_and_use_bands():
    labels, counts = travel_histogram([5, 9.9, 10, 59, 61, 200])
    assert labels[0] == "0–10" and labels[-1] == "90+"
    assert counts[0] == 2 and counts[1] == 1 and counts[5] == 1 and counts[6] == 1 and counts[-1] == 1
    assert sum(counts) == 6
    assert [use_band(10, u) for u in (0, 1, 3, 6, 9, 10)] == [0, 1, 2, 3, 4, 5]


def test_practice_use_counts_offered_and_used_places(index):
    use = {code: (offered, used) for code, offered, used in practice_use(index)}
    assert use["P00001"] == (4 * 2 + 4, 7)  # Y3-B1, Y3-B2 and Y5-B1 at capacity 4
    assert use["P00002"] == (4 + 7, 11)
    assert "P00003" not in use  # inactive: offers nothing


def test_an_overridden_placement_is_flagged_on_the_schedule(data, plan, settings):
    import dataclasses

    from scheduler.reports.index import PlanIndex

    rule = "the journey of 271 min is over the student's limit of 60 min"
    placements = tuple(dataclasses.replace(p, override=rule) if (p.student_id, p.block_id) == ("S00001", "Y3-B1")
                       else p for p in plan.placements)
    index = PlanIndex(data, dataclasses.replace(plan, placements=placements))
    text = squash(pdf_text(student_schedule(index, "S00001", settings)))
    assert squash("outside the usual rules") in text and squash(rule) in text
    assert squash("outside the usual rules") not in squash(pdf_text(student_schedule(index, "S00002", settings)))
