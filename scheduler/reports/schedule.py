"""A student's own schedule: every block of their year, where and when, and the journey.

One document per student. A block without a placement says so plainly and
never gives the reason (it may involve another student or a private matter).
A placement shared with learners of other professions names them by first
name and profession (``shared_days``).
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from scheduler.domain import format_weekdays
from scheduler.reports.cells import details_rows, details_style, details_table, para
from scheduler.reports.fonts import REGULAR, markup
from scheduler.reports.index import PlanIndex
from scheduler.reports.page import frame_width, render
from scheduler.reports.shared_days import together_details
from scheduler.reports.styles import ACCENT, HEADER_FILL, RULE, WARN, styles
from scheduler.reports.text import TRAVEL_MODE_TEXT, cohort_text, date_range, minutes_text
from scheduler.settings import Settings

NOT_PLACED = "Not yet placed — the placement office will contact you."
OVERRIDE_NOTE = ("The placement office placed you here outside the usual rules ({}). If this does not work "
                 "for you, tell the office.")


def student_story(index: PlanIndex, student_id: str, settings: Settings) -> list:
    student = index.students[student_id]
    st = styles()
    width = frame_width()
    story: list = [
        para(student.full_name, "title", bold=True),
        para(f"Your GP placements {settings.academic_year}", "subtitle"),
        details_table([
            ("Student number", student.student_id),
            ("Year of study", cohort_text(student.year, student.programme) + (f", group {student.group}" if student.group else "")),
            ("Email", student.email),
        ], 32 * mm, width - 32 * mm),
        Spacer(1, 3 * mm),
    ]
    placed = index.by_student.get(student_id, {})
    blocks = index.student_blocks(student)
    if not blocks:
        story.append(para("There are no GP placement blocks for your year in this plan.", "body"))
    for block in blocks:
        story.append(_block_card(index, block, placed.get(block.block_id), student.travel_mode, width))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(
        "Journey times are estimates of the one-way door-to-door time and may differ from your own route. "
        "Please arrive on time on every teaching day listed. If you are ill or cannot attend, tell both the "
        "practice and the placement office: " + markup(settings.office_contact) + ".", st["note"]))
    return story


def _block_card(index: PlanIndex, block, placement, mode: str, width: float) -> KeepTogether:
    """One block as a boxed card: title, dates, then the practice and journey (or "not yet placed")."""
    st = styles()
    days = len(index.teaching_dates(block.block_id))
    title = (block.name or f"{cohort_text(block.year, block.programme)} GP block") + f" ({block.block_id})"
    when = (f"{date_range(block.start_date, block.end_date)} · {format_weekdays(block.weekdays)} · "
            f"{days} teaching day{'s' if days != 1 else ''}")
    label_width = 32 * mm
    value_width = width - label_width
    rows: list[list] = [[para(title, "h3", bold=True), ""], [when, ""]]
    style: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTSIZE", (0, 1), (-1, 1), st["body"].fontSize),
        ("SPAN", (0, 0), (-1, 0)), ("SPAN", (0, 1), (-1, 1)),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, 1), 3), ("BOTTOMPADDING", (0, 0), (-1, 1), 3),
    ]
    practice = index.practices.get(placement.practice_code) if placement else None
    if practice is None:
        rows.append([Paragraph(markup(NOT_PLACED), st["warn_left"]), ""])
        style += [("SPAN", (0, 2), (-1, 2)), ("BOTTOMPADDING", (0, 2), (-1, 2), 5)]
    else:
        address = ", ".join(part for part in (practice.address, practice.postcode) if part)
        journey = (f"about {minutes_text(placement.travel_minutes)} one way "
                   f"{TRAVEL_MODE_TEXT.get(mode, '')}").strip()
        details = [
            ("Practice", f"{practice.name} ({practice.code})"),
            ("Address", address),
            ("GP tutor", ", ".join(index.tutor_names(practice.code))),
            ("Practice contact", practice.email),
            ("Journey", journey),
        ]
        details += together_details(index, placement)
        if placement.override:
            details.append(("Please note", OVERRIDE_NOTE.format(placement.override)))
        rows += details_rows(details, value_width)
        style += details_style(2, -1)
        style += [("BOTTOMPADDING", (0, -1), (-1, -1), 5)]
    style.append(("BOX", (0, 0), (-1, -1), 0.5, RULE if practice else WARN))
    card = Table(rows, colWidths=[label_width, value_width], hAlign="LEFT")
    card.setStyle(style)
    return KeepTogether([card, Spacer(1, 4 * mm)])


def student_schedule(index: PlanIndex, student_id: str, settings: Settings,
                     target: str | Path | None = None) -> bytes | None:
    """The student's schedule as PDF bytes, or written to ``target``."""
    return render(student_story(index, student_id, settings), title=f"Schedule {student_id}",
                  header_right=f"Student schedule · {student_id}", settings=settings, target=target, plan=index.plan)
