"""Who is due for review: practices whose approval ends soon, students who lack or will lose a clearance.

The rules themselves (approval through a block's last day, every required
clearance valid through it) are the rulebook's (``scheduler/rules/clearance.py``);
these lists and warnings ask it which blocks a clearance or approval fails.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from scheduler.domain import DataSet
from scheduler.rules.clearance import ClearanceBook, approval_problem, kind_name, uk_date

__all__ = ["ApprovalDue", "ClearanceBook", "ClearanceDue", "ClearanceStanding", "approval_problem", "approvals_due",
           "clearance_standings", "clearances_due", "kind_name", "uk_date"]

@dataclass(frozen=True, slots=True)
class ClearanceDue:
    student_id: str
    name: str
    kind: str
    valid_until: dt.date | None
    """None = not on record"""
    block_id: str
    """the first upcoming block it fails"""
    block_end: dt.date

    @property
    def when(self) -> dt.date:
        """The date to act by: the expiry, or the first failed block's end when nothing is on record."""
        return self.valid_until or self.block_end


def clearances_due(data: DataSet, required: Iterable[str], today: dt.date) -> list[ClearanceDue]:
    """Students who lack or will lose a required clearance before an upcoming block ends, soonest first."""
    book = ClearanceBook(data.clearances, required)
    if not book.active:
        return []
    blocks = sorted(data.blocks, key=lambda b: b.end_date)
    due = []
    for student in data.students:
        upcoming = [b for b in blocks if b.end_date >= today and b.attended_by(student)]
        for kind in book.required:
            until = book.until(student.student_id, kind)
            failed = book.first_uncovered(student.student_id, kind, upcoming)
            if failed is not None:
                due.append(ClearanceDue(student.student_id, student.full_name, kind, until, failed.block_id,
                                        failed.end_date))
    return sorted(due, key=lambda d: (d.when, d.name.casefold(), d.kind))


@dataclass(frozen=True, slots=True)
class ApprovalDue:
    practice_code: str
    name: str
    approved_until: dt.date
    blocks_affected: tuple[str, ...]
    """blocks of the years it teaches that end after the approval"""


def approvals_due(data: DataSet, today: dt.date, months: int) -> list[ApprovalDue]:
    """Active practices whose approval ends within ``months`` of today (or has ended), soonest first."""
    horizon = _add_months(today, months)
    due = []
    for practice in data.practices:
        if not practice.active or practice.approved_until is None or practice.approved_until > horizon:
            continue
        affected = tuple(b.block_id for b in sorted(data.blocks, key=lambda b: b.start_date)
                         if b.year in practice.years and approval_problem(practice, b) is not None)
        due.append(ApprovalDue(practice.code, practice.name, practice.approved_until, affected))
    return sorted(due, key=lambda d: (d.approved_until, d.practice_code))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


WARN_DAYS = 60
"""A clearance that runs out within this many days is flagged for chasing, even when it covers the next block."""


@dataclass(frozen=True, slots=True)
class ClearanceStanding:
    """Where one student stands with the required clearances, for a warning column."""

    student_id: str
    level: str
    """``lacking`` (missing, expired, or ending before the next block ends), ``soon`` (ends within
    ``WARN_DAYS``), ``later`` (ends before a later block) or ``ok``"""
    text: str
    when: dt.date | None = None
    """the date of the worst problem (expiry; today when nothing is on record), or the clearances' end when ok"""


LEVEL_ORDER = ("lacking", "soon", "later", "ok")


def clearance_standings(data: DataSet, required: Iterable[str], today: dt.date,
                        warn_days: int = WARN_DAYS) -> dict[str, ClearanceStanding]:
    """Each student's worst clearance problem in plain English; empty when the data set has no clearances."""
    book = ClearanceBook(data.clearances, required)
    if not book.active:
        return {}
    blocks = sorted(data.blocks, key=lambda b: b.end_date)
    soon = today + dt.timedelta(days=warn_days)
    standings = {}
    for student in data.students:
        upcoming = [b for b in blocks if b.end_date >= today and b.attended_by(student)]
        found: list[tuple[int, dt.date, str]] = []
        for kind in book.required:
            until = book.until(student.student_id, kind)
            name = kind_name(kind)
            failed = book.first_uncovered(student.student_id, kind, upcoming)
            if until is None:
                found.append((0, today, f"no {name} on record"))
            elif until < today:
                found.append((0, until, f"{name} expired {uk_date(until)}"))
            elif upcoming and failed is upcoming[0]:
                found.append((0, until, f"{name} expires {uk_date(until)}, before block {failed.block_id} ends"))
            elif until <= soon:
                found.append((1, until, f"{name} expires {uk_date(until)}"))
            elif failed is not None:
                found.append((2, until, f"{name} expires {uk_date(until)}, before block {failed.block_id} ends"))
        when: dt.date | None
        if found:
            worst = min(level for level, _, _ in found)
            problems = [(day, text) for level, day, text in sorted(found) if level == worst]
            text = "; ".join(text for _, text in problems)
            text, when = text[:1].upper() + text[1:], problems[0][0]
        else:
            worst = 3
            when = min((d for k in book.required if (d := book.until(student.student_id, k)) is not None), default=None)
            text = f"Cleared to {uk_date(when)}" if when else "Cleared"
        standings[student.student_id] = ClearanceStanding(student.student_id, LEVEL_ORDER[worst], text, when)
    return standings
