"""A practice's payment statement for the finance office: each student-block, sessions planned and paid, the sum due;
with ``quality``, the practice's own evaluation figures follow on a page of their own (``own_quality``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from scheduler.evaluations.quality import PracticeYear
from scheduler.reports.cells import data_table, details_table, para
from scheduler.reports.index import PlanIndex
from scheduler.reports.own_quality import own_quality_story
from scheduler.reports.page import frame_width, render
from scheduler.reports.payments import PaymentLine, amount, payment_lines, tariff_text
from scheduler.reports.text import date_range, date_text, money
from scheduler.settings import Settings

HEADER = ["Student", "Number", "Block", "Dates", "Planned", "Delivered", "Paid", "Amount"]


def statement_story(index: PlanIndex, code: str, lines: list[PaymentLine], settings: Settings,
                    today: dt.date) -> list:
    practice = index.practices[code]
    width = frame_width()
    sessions = sum(line.sessions for line in lines)
    weeks = sum(line.student_weeks for line in lines)
    story: list = [
        para("Payment statement", "title", bold=True),
        para(f"GP teaching {settings.academic_year} · plan “{index.plan.name}” · {date_text(today, weekday=False)}",
             "subtitle"),
        details_table([("Practice", f"{practice.name} ({code})"),
                       ("Address", ", ".join(p for p in (practice.address, practice.postcode) if p)),
                       ("GP tutor", practice.tutor)], 30 * mm, width - 30 * mm),
        Spacer(1, 3 * mm),
        para(tariff_text(settings), "body"),
        Spacer(1, 3 * mm),
    ]
    rows = []
    for line in sorted(lines, key=lambda line: (line.block_id, index.sort_name(line.student_id))):
        student, block = index.students.get(line.student_id), index.blocks.get(line.block_id)
        rows.append([student.full_name if student else "", line.student_id, line.block_id,
                     date_range(block.start_date, block.end_date) if block else "", f"{line.planned_sessions}",
                     "no return" if line.delivered_sessions is None else f"{line.delivered_sessions}",
                     f"{line.sessions}", money(amount(line.sessions, line.student_weeks, settings))])
    rows.append(["Total", "", "", "", f"{sum(line.planned_sessions for line in lines)}",
                 f"{sum(line.delivered_sessions or 0 for line in lines)}", f"{sessions}",
                 money(amount(sessions, weeks, settings))])
    shares = (0.19, 0.115, 0.08, 0.20, 0.10, 0.11, 0.065, 0.14)  # an 8- or 9-digit student number on one line
    story.append(data_table(HEADER, rows, [width * share for share in shares], right_from=4, total_row=True))
    story.append(Spacer(1, 4 * mm))
    story.append(para(f"Amount due to the practice: {money(amount(sessions, weeks, settings))}.", "h3", bold=True))
    story.append(para("Sessions without an attendance return are paid as planned; a later return that differs "
                      "is settled on the next statement. Queries: " + settings.office_contact + ".", "note"))
    return story


def payment_statement(index: PlanIndex, code: str, settings: Settings, today: dt.date | None = None,
                      target: str | Path | None = None, quality: list[PracticeYear] | None = None) -> bytes | None:
    """``quality``: the practice's evaluation figures per year, printed after the statement (None: none printed)."""
    lines = payment_lines(index, settings).get(code, [])
    story = statement_story(index, code, lines, settings, today or dt.date.today())
    if quality is not None:
        story += own_quality_story(index.practices[code].name, quality, settings)
    return render(story,
                  title=f"Payment statement {code}", header_right=f"Payment statement · {code}", settings=settings,
                  target=target)
