"""Approval of practices and clearances of students: two hard rules and their reasons in plain English.

A practice takes a block only if its teaching approval runs through the
block's last day. A student takes a block only if every clearance kind the
Settings require is on record and valid through the block's last day (when
the data set has any clearances at all). ``covers`` is that comparison, the
one the placement rules (``hard.py``) and the chase lists and warnings
(``scheduler/compliance.py``) all make.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterable, Sequence

from scheduler.domain import Block, Clearance, Practice, Student

KIND_NAMES = {"dbs": "DBS check", "occupational_health": "occupational health clearance"}


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, kind.replace("_", " ") + " clearance")


def uk_date(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def approval_problem(practice: Practice, block: Block) -> str | None:
    """Hard: why the practice may not take the block for want of approval, or None."""
    if practice.approved_until is None or practice.approved_through(block.end_date):
        return None
    return (f"{practice.code}'s teaching approval ends {uk_date(practice.approved_until)}, before block "
            f"{block.block_id} ends on {uk_date(block.end_date)}")


def covers(until: dt.date | None, block: Block) -> bool:
    """Hard: a clearance valid until ``until`` (None: none on record) covers the block through its last day."""
    return until is not None and until >= block.end_date


class ClearanceBook:
    """Each student's latest valid-until date per clearance kind, and the kinds the Settings require."""

    def __init__(self, clearances: Iterable[Clearance], required: Iterable[str]) -> None:
        self.latest: dict[str, dict[str, dt.date]] = defaultdict(dict)
        for c in clearances:
            held = self.latest[c.student_id]
            if c.kind not in held or c.valid_until > held[c.kind]:
                held[c.kind] = c.valid_until
        self.active = bool(self.latest)
        """the rule applies only when the data set has clearances at all"""
        self.required = tuple(dict.fromkeys(required))

    def until(self, student_id: str, kind: str) -> dt.date | None:
        """The latest valid-until date of the student's clearance of this kind (None: none on record)."""
        return self.latest.get(student_id, {}).get(kind)

    def first_uncovered(self, student_id: str, kind: str, blocks: Sequence[Block]) -> Block | None:
        """The first of ``blocks`` the student's clearance of this kind does not cover."""
        until = self.until(student_id, kind)
        return next((b for b in blocks if not covers(until, b)), None)

    def problems(self, student: Student, block: Block) -> list[str]:
        """Hard: every required clearance the student lacks for the block, in plain English (empty = cleared)."""
        if not self.active:
            return []
        problems = []
        for kind in self.required:
            until = self.until(student.student_id, kind)
            if until is None:
                problems.append(f"no {kind_name(kind)} on record")
            elif not covers(until, block):
                problems.append(f"{kind_name(kind)} expires {uk_date(until)}, before block {block.block_id} ends "
                                f"on {uk_date(block.end_date)}")
        return problems
