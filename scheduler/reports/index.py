"""Lookups over one data set and plan, built once and shared by every document.

Documents are made by the thousand (one per practice, one per student), so
nothing may scan the whole plan per document: this index groups placements
by practice and by student, and holds the capacities and teaching dates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from scheduler.display_text import for_display
from scheduler.domain import Block, DataSet, Placement, Plan, Practice, Student, Tutor
from scheduler.rules.places import Places


@dataclass
class PlanIndex:
    data: DataSet
    plan: Plan
    students: dict[str, Student] = field(init=False)
    practices: dict[str, Practice] = field(init=False)
    blocks: dict[str, Block] = field(init=False)
    blocks_in_order: list[Block] = field(init=False)
    by_practice: dict[str, list[Placement]] = field(init=False)
    by_student: dict[str, dict[str, Placement]] = field(init=False)
    _capacity: dict[tuple[str, str], int] = field(init=False)
    _dates: dict[str, list[dt.date]] = field(init=False)
    _tutors: dict[str, list[Tutor]] = field(init=False)

    def __post_init__(self) -> None:
        self.data = for_display(self.data)  # names on one line and of a length a page can hold
        self.students = {s.student_id: s for s in self.data.students}
        self.practices = {p.code: p for p in self.data.practices}
        self.blocks = {b.block_id: b for b in self.data.blocks}
        self.blocks_in_order = sorted(self.data.blocks, key=lambda b: (b.start_date, b.year, b.block_id))
        order = {b.block_id: i for i, b in enumerate(self.blocks_in_order)}
        by_practice: dict[str, list[Placement]] = defaultdict(list)
        by_student: dict[str, dict[str, Placement]] = defaultdict(dict)
        for p in self.plan.placements:
            by_practice[p.practice_code].append(p)
            by_student[p.student_id][p.block_id] = p
        for rows in by_practice.values():
            rows.sort(key=lambda p: (order.get(p.block_id, 0), self.sort_name(p.student_id)))
        self.by_practice = dict(by_practice)
        self.by_student = dict(by_student)
        self._places = Places(self.data)
        self._dates = {b.block_id: b.teaching_dates() for b in self.data.blocks}
        tutors: dict[str, list[Tutor]] = defaultdict(list)
        for tutor in self.data.tutors:
            if tutor.active:
                tutors[tutor.practice_code].append(tutor)
        self._tutors = dict(tutors)

    def sort_name(self, student_id: str) -> tuple[str, str, str]:
        s = self.students.get(student_id)
        if s is None:
            return ("", "", student_id)
        return (s.last_name.casefold(), s.first_name.casefold(), student_id)

    def tutors(self, practice_code: str) -> list[Tutor]:
        """The practice's active GP tutors from the ``tutors`` table, in its order."""
        return self._tutors.get(practice_code, [])

    def tutor_names(self, practice_code: str) -> list[str]:
        """The names of the practice's active tutors; else the practices table's lead tutor, if any."""
        names = [t.name for t in self.tutors(practice_code)]
        lead = self.practices[practice_code].tutor
        return names or ([lead] if lead else [])

    def capacity(self, practice: Practice, block: Block) -> int:
        """Places offered in the block: zero unless the practice is active and teaches the year."""
        return self._places.offered(practice, block)

    def teaching_dates(self, block_id: str) -> list[dt.date]:
        return self._dates.get(block_id, [])

    def student_blocks(self, student: Student) -> list[Block]:
        """The blocks the student attends, in date order."""
        return [b for b in self.blocks_in_order if b.attended_by(student)]

    def practices_with_students(self) -> list[str]:
        return sorted(code for code, rows in self.by_practice.items() if rows and code in self.practices)

    def students_with_blocks(self) -> list[str]:
        """Every student who attends at least one block: each gets a schedule, placed or not."""
        attending = {s.student_id for s in self.data.students if any(b.attended_by(s) for b in self.data.blocks)}
        return sorted(attending)

    def students_without_blocks(self) -> list[str]:
        """Students no block applies to (their year, group or programme has none): they get no schedule."""
        return sorted(set(self.students) - set(self.students_with_blocks()))

    def placed_students(self) -> list[str]:
        return sorted(sid for sid, rows in self.by_student.items() if rows and sid in self.students)
