"""A practice's timetable: who comes when, for the practice manager and the GP tutor.

One document per practice: its details, then for each block in date order
the dates, weekdays, year group and students (name, student number, email),
then the days shared with learners of other professions (``shared_days``),
then the number of students of all years on site on the days when blocks of
different years overlap, against the practice's room limit. Exclusion
reasons and other private notes are never printed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from scheduler.domain import Block, format_weekdays
from scheduler.reports.cells import data_table, details_table, para
from scheduler.reports.fonts import markup
from scheduler.reports.index import PlanIndex
from scheduler.reports.page import frame_width, render
from scheduler.reports.shared_days import together_section
from scheduler.reports.styles import styles
from scheduler.reports.text import cohort_text, date_range
from scheduler.rules.places import rooms, rooms_text
from scheduler.settings import Settings

STUDENT_HEADER = ["#", "Student", "Student number", "Email"]


@dataclass(frozen=True)
class DayPattern:
    """Days on which the same blocks are on site together."""

    blocks: tuple[tuple[Block, int], ...]
    dates: tuple[dt.date, ...]

    @property
    def students(self) -> int:
        return sum(count for _, count in self.blocks)


def overlapping_days(index: PlanIndex, practice_code: str) -> list[DayPattern]:
    """Each distinct combination of two or more blocks on site on the same days, with those days."""
    counts: dict[str, int] = defaultdict(int)
    for placement in index.by_practice.get(practice_code, ()):
        counts[placement.block_id] += 1
    on_site: dict[dt.date, list[str]] = defaultdict(list)
    for block_id in counts:
        for day in index.teaching_dates(block_id):
            on_site[day].append(block_id)
    groups: dict[tuple[str, ...], list[dt.date]] = defaultdict(list)
    for day, block_ids in on_site.items():
        if len(block_ids) > 1:
            groups[tuple(sorted(block_ids))].append(day)
    patterns = [DayPattern(tuple((index.blocks[b], counts[b]) for b in key), tuple(sorted(days)))
                for key, days in groups.items()]
    return sorted(patterns, key=lambda p: p.dates[0])


def peak_on_site(index: PlanIndex, practice_code: str) -> int:
    per_day: dict[dt.date, int] = defaultdict(int)
    for placement in index.by_practice.get(practice_code, ()):
        for day in index.teaching_dates(placement.block_id):
            per_day[day] += 1
    return max(per_day.values(), default=0)


def _block_heading(block: Block, count: int, index: PlanIndex) -> list:
    st = styles()
    title = block.name or f"{cohort_text(block.year, block.programme)} GP block"
    days = len(index.teaching_dates(block.block_id))
    line = (f"{cohort_text(block.year, block.programme)} · {date_range(block.start_date, block.end_date)} · "
            f"{format_weekdays(block.weekdays)} · {days} teaching day{'s' if days != 1 else ''} · "
            f"{count} student{'s' if count != 1 else ''}")
    return [CondPageBreak(40 * mm), Paragraph(f"{markup(title)} <font color='#52606D'>({markup(block.block_id)})</font>",
                                              st["h2"]), para(line, "body"), Spacer(1, 2 * mm)]


def _tutor_row(index: PlanIndex, practice_code: str) -> tuple[str, str]:
    """("GP tutor(s)", each active tutor with the date their training runs to; else the lead tutor's name)."""
    tutors = index.tutors(practice_code)
    if not tutors:
        return ("GP tutor", ", ".join(index.tutor_names(practice_code)))
    text = "; ".join(f"{t.name} (training in date to {t.refresher_due:%d/%m/%Y})" for t in tutors)
    return ("GP tutors" if len(tutors) > 1 else "GP tutor", text)


def practice_story(index: PlanIndex, practice_code: str, settings: Settings) -> list:
    practice = index.practices[practice_code]
    st = styles()
    width = frame_width()
    story: list = [
        para(practice.name, "title", bold=True),
        para(f"GP placement timetable {settings.academic_year} · practice code {practice.code}", "subtitle"),
    ]
    address = ", ".join(part for part in (practice.address, practice.postcode) if part)
    story.append(details_table([
        ("Address", address),
        _tutor_row(index, practice_code),
        ("Placement contact", practice.email),
        ("Years taught", ", ".join(str(y) for y in sorted(practice.years))),
        ("Rooms", rooms_text(practice)),
    ], 32 * mm, width - 32 * mm))

    placements = index.by_practice.get(practice_code, [])
    by_block: dict[str, list] = defaultdict(list)
    for p in placements:
        by_block[p.block_id].append(p)
    widths = [9 * mm, 62 * mm, 32 * mm, width - 103 * mm]
    for block in index.blocks_in_order:
        rows = by_block.get(block.block_id)
        if not rows:
            continue
        story += _block_heading(block, len(rows), index)
        table_rows = []
        for number, p in enumerate(rows, start=1):
            student = index.students.get(p.student_id)
            name = student.full_name if student else ""
            table_rows.append([str(number), name, p.student_id, student.email if student else ""])
        story.append(data_table(STUDENT_HEADER, table_rows, widths))

    story += together_section(index, practice_code, width)
    story += _on_site_section(index, practice_code, rooms(practice), width)
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(
        "Questions about this timetable, or a student who does not arrive: please contact "
        + markup(settings.office_contact) + ".", st["note"]))
    return story


def _on_site_section(index: PlanIndex, practice_code: str, limit: int | None, width: float) -> list:
    patterns = overlapping_days(index, practice_code)
    st = styles()
    peak = peak_on_site(index, practice_code)
    limit_text = f"{limit}" if limit is not None else "no limit"
    story: list = [CondPageBreak(35 * mm), para("Students on site when year groups overlap", "h2")]
    if not patterns:
        story.append(para(f"No two blocks meet here on the same day. At most {peak} student"
                          f"{'s' if peak != 1 else ''} on site on any day (room limit: {limit_text}).", "body"))
        return story
    story.append(para(f"Days on which blocks of different years are at the practice together. At most {peak} "
                      f"students on site on any day (room limit: {limit_text}).", "body"))
    story.append(Spacer(1, 2 * mm))
    rows = []
    for pattern in patterns:
        together = Paragraph("<br/>".join(f"{markup(cohort_text(b.year, b.programme))} ({markup(b.block_id)}): "
                                          f"{n} student{'s' if n != 1 else ''}"
                                          for b, n in pattern.blocks), st["cell"])
        days = len(pattern.dates)
        weekdays = format_weekdays({d.weekday() for d in pattern.dates})
        total: str | Paragraph = str(pattern.students)
        if limit is not None and pattern.students > limit:
            total = Paragraph(f"{pattern.students} – over", st["warn"])
        rows.append([date_range(pattern.dates[0], pattern.dates[-1], weekday=False),
                     f"{weekdays} ({days} day{'s' if days != 1 else ''})",
                     together, total, limit_text])
    widths = [40 * mm, 38 * mm, width - 118 * mm, 22 * mm, 18 * mm]
    story.append(data_table(["Dates", "Days", "Blocks on site (students)", "On site", "Limit"], rows, widths,
                            right_from=3))
    return story


def practice_timetable(index: PlanIndex, practice_code: str, settings: Settings,
                       target: str | Path | None = None) -> bytes | None:
    """The practice's timetable as PDF bytes, or written to ``target``."""
    practice = index.practices[practice_code]
    return render(practice_story(index, practice_code, settings),
                  title=f"Timetable {practice.code}",
                  header_right=f"Practice timetable · {practice.code}",
                  settings=settings, target=target, plan=index.plan)
