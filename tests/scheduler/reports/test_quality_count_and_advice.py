"""The quality report shows the count's proven bound and, when asked, where more places would help."""

from __future__ import annotations

import io

from pypdf import PdfReader

from scheduler.domain import Placement, Plan
from scheduler.reports.index import PlanIndex
from scheduler.reports.quality import count_bound_text, quality_pdf
from scheduler.services.advice import Advice, AdviceReport, Recruit
from scheduler.settings import Settings


def test_count_bound_text_says_what_no_plan_can_beat():
    assert count_bound_text(1367, 1373) == "no plan can place more than 1,373 (6 more than this plan)"
    assert count_bound_text(1373, 1373) == "1,373 (proven: no plan places more)"
    assert count_bound_text(5, None) == "not known"


def test_report_shows_the_bound_and_the_advice():
    from scheduler.demo import make_demo

    data = make_demo(1, "small")
    s, b = data.students[0], next(b for b in data.blocks if b.attended_by(data.students[0]))
    plan = Plan("P", placements=(Placement(s.student_id, b.block_id, data.practices[0].code, 12.0),),
                placed_bound=7)
    advice = AdviceReport(placed=1, most_placeable=7, advice=[Advice("P84012", b.block_id, "place", 1, 0.0)],
                          recruits=[Recruit("Lime Square Medical Centre", "", "M11 1DA", 2, 14.5)])
    pdf = quality_pdf(PlanIndex(data, plan), Settings(), advice=advice)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "no plan can place more than 7" in text
    assert "Where more places would help" in text and "P84012" in text and "Lime Square" in text


def test_headline_keeps_the_bound_on_one_full_width_line_and_the_columns_in_pairs():
    from scheduler.demo import make_demo

    data = make_demo(1, "small")
    s, b = data.students[0], next(b for b in data.blocks if b.attended_by(data.students[0]))
    plan = Plan("P", status="feasible", objective=12.0,
                placements=(Placement(s.student_id, b.block_id, data.practices[0].code, 12.0),), placed_bound=2674)
    pdf = quality_pdf(PlanIndex(data, plan), Settings())
    first = PdfReader(io.BytesIO(pdf)).pages[0].extract_text(extraction_mode="layout")
    lines = [" ".join(line.split()) for line in first.splitlines()]
    assert "Most placeable no plan can place more than 2,674 (2,673 more than this plan)" in lines
    assert any(line.startswith("Objective 12 Proven bound") for line in lines)
