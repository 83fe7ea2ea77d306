"""Days on which learners of different professions are at one practice together: the practice timetable's
"Learning together" section and the line on each student's schedule.

A day is shared when learners of two or more programmes are placed at the
practice on it, and mixed when medicine is one of them. A medical placement
with a mixed day is what the engine counts in ``mixed_student_blocks``
(``rules.ties.Interprofessional``: a learner of another programme at its
practice on one of its teaching dates), so the timetables add up to the plan's
figure. A student's schedule names the others by first name and profession
only, never by surname, number or email.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph

from scheduler.domain import DEFAULT_PROGRAMME, Block, Placement, Student, format_weekdays
from scheduler.reports.cells import data_table, para
from scheduler.reports.fonts import markup
from scheduler.reports.index import PlanIndex
from scheduler.reports.styles import styles
from scheduler.reports.text import cohort_text, date_range, programme_text


@dataclass(frozen=True)
class Together:
    """Days with the same blocks on site, of two or more programmes, and the students placed in each block."""

    dates: tuple[dt.date, ...]
    learners: tuple[tuple[Block, tuple[Student, ...]], ...]

    @property
    def mixed(self) -> bool:
        programmes = {block.programme for block, _ in self.learners}
        return DEFAULT_PROGRAMME in programmes and len(programmes) > 1


def days_together(index: PlanIndex, practice_code: str) -> list[Together]:
    """Each combination of blocks of different programmes on site at the practice on the same days, by date."""
    placed: dict[str, list[Student]] = defaultdict(list)
    for p in index.by_practice.get(practice_code, ()):
        if (student := index.students.get(p.student_id)) is not None:
            placed[p.block_id].append(student)
    on_site: dict[dt.date, list[str]] = defaultdict(list)
    for block in sorted(index.blocks_in_order, key=lambda b: b.programme != DEFAULT_PROGRAMME):  # medicine first
        if block.block_id in placed:
            for day in index.teaching_dates(block.block_id):
                on_site[day].append(block.block_id)
    groups: dict[tuple[str, ...], list[dt.date]] = defaultdict(list)
    for day, block_ids in on_site.items():
        if len({index.blocks[b].programme for b in block_ids}) > 1:
            groups[tuple(block_ids)].append(day)
    return sorted((Together(tuple(sorted(days)), tuple((index.blocks[b], tuple(placed[b])) for b in key))
                   for key, days in groups.items()), key=lambda t: t.dates[0])


def mixed_placements(index: PlanIndex, practice_code: str) -> tuple[int, int]:
    """(medical placements at the practice with a mixed day, medical placements there)."""
    mixed_blocks = {block.block_id for t in days_together(index, practice_code) if t.mixed
                    for block, _ in t.learners}
    medical = [p for p in index.by_practice.get(practice_code, ())
               if p.block_id in index.blocks and index.blocks[p.block_id].programme == DEFAULT_PROGRAMME]
    return sum(1 for p in medical if p.block_id in mixed_blocks), len(medical)


def _days_text(dates: list[dt.date] | tuple[dt.date, ...]) -> str:
    return (f"{format_weekdays({d.weekday() for d in dates})} "
            f"({len(dates)} day{'s' if len(dates) != 1 else ''})")


def _learners_cell(together: Together) -> Paragraph:
    """Medical students counted, learners of other professions named (the practice has all their names)."""
    lines = []
    for block, students in together.learners:
        heading = f"<b>{markup(cohort_text(block.year, block.programme))}</b> ({markup(block.block_id)})"
        if block.programme == DEFAULT_PROGRAMME:
            lines.append(f"{heading}: {len(students)} medical student{'s' if len(students) != 1 else ''}")
        else:
            lines.append(f"{heading}: {', '.join(markup(s.full_name) for s in students)}")
    return Paragraph("<br/>".join(lines), styles()["cell"])


def together_section(index: PlanIndex, practice_code: str, width: float) -> list:
    """The practice timetable's section on shared days (nothing when no two professions meet here)."""
    together = days_together(index, practice_code)
    if not together:
        return []
    mixed, medical = mixed_placements(index, practice_code)
    intro = ("Days on which learners of different professions are at the practice together: a chance for them "
             "to learn from each other. A mixed day has medical students and learners of another profession.")
    if medical:
        intro += (f" {mixed} of the {medical} medical student placement{'s' if medical != 1 else ''} here "
                  f"{'has' if 1 in (mixed, medical) else 'have'} a mixed day.")
    rows = [[date_range(t.dates[0], t.dates[-1], weekday=False), _days_text(t.dates), _learners_cell(t),
             "Mixed day" if t.mixed else ""] for t in together]
    widths = [40 * mm, 38 * mm, width - 100 * mm, 22 * mm]
    return [CondPageBreak(35 * mm), para("Learning together: days shared with other professions", "h2"),
            para(intro, "body"), data_table(["Dates", "Days", "Learners here on those days", "Mixed"], rows, widths)]


def together_details(index: PlanIndex, placement: Placement) -> list[tuple[str, str]]:
    """The schedule card's lines, one per run of shared days, naming by first name and profession the learners
    of other professions at the student's practice on those days (none when there are none)."""
    student = index.students.get(placement.student_id)
    if student is None:
        return []
    lines = []
    for t in days_together(index, placement.practice_code):
        if placement.block_id not in {block.block_id for block, _ in t.learners}:
            continue
        names: dict[str, dict[str, str]] = defaultdict(dict)
        """programme -> student id -> first name, in the order met"""
        for block, students in t.learners:
            if block.programme != student.programme:
                for other in students:
                    names[block.programme].setdefault(other.student_id, other.first_name)
        if names:
            with_whom = "; ".join(f"{', '.join(first.values())} ({programme_text(programme).lower()})"
                                  for programme, first in sorted(names.items()))
            lines.append(f"{date_range(t.dates[0], t.dates[-1], weekday=False)} · {_days_text(t.dates)}: "
                         f"{with_whom}")
    return [("Learning together" if i == 0 else "", line) for i, line in enumerate(lines)]
