"""One row per student and block: where the shown plan sends them, or why it could not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.models.table import Column, RowTableModel
from scheduler.compliance import LEVEL_ORDER, ClearanceStanding
from scheduler.domain import Block, DataSet, Plan, Practice, Student


@dataclass(frozen=True, slots=True)
class AllocationRow:
    student: Student
    block: Block
    practice: Practice | None
    travel_minutes: float | None
    locked: bool
    reason: str
    clearance: ClearanceStanding | None = None
    lock_reason: str = ""
    """Why an officer locked it (may be empty)."""

    @property
    def placed(self) -> bool:
        return self.practice is not None


def allocation_rows(data: DataSet, plan: Plan | None,
                    clearances: dict[str, ClearanceStanding] | None = None) -> list[AllocationRow]:
    clearances = clearances or {}
    practices = {p.code: p for p in data.practices}
    placed = {(p.student_id, p.block_id): p for p in plan.placements} if plan else {}
    unplaced = {(u.student_id, u.block_id): u.reason for u in plan.unplaced} if plan else {}
    rows = []
    for student, block in data.student_blocks():
        key = (student.student_id, block.block_id)
        placement = placed.get(key)
        if placement is not None:
            rows.append(AllocationRow(student, block, practices.get(placement.practice_code), placement.travel_minutes,
                                      placement.locked, "", clearances.get(student.student_id),
                                      placement.lock_reason if placement.locked else ""))
        else:
            reason = unplaced.get(key, "no plan yet" if plan is None else "not in this plan")
            rows.append(AllocationRow(student, block, None, None, False, reason, clearances.get(student.student_id)))
    return rows


def _travel(row: AllocationRow) -> str:
    return "" if row.travel_minutes is None else f"{row.travel_minutes:.0f}"


def _unplaced_colour(row: AllocationRow) -> str | None:
    if row.practice is None:
        return "#b3261e"
    return None


CLEARANCE_COLOURS = {"lacking": "#b3261e", "soon": "#9a5b00"}
"""red: missing, expired or ending before the student's next block ends; amber: ending within 60 days"""


def _clearance_colour(row: AllocationRow) -> str | None:
    return CLEARANCE_COLOURS.get(row.clearance.level) if row.clearance is not None else None


def _clearance_order(row: AllocationRow) -> tuple:
    level = LEVEL_ORDER.index(row.clearance.level) if row.clearance is not None else len(LEVEL_ORDER)
    if row.clearance is None:
        return level, "", ""
    return level, (row.clearance.when or dt.date.max).isoformat(), row.clearance.text


COLUMNS: list[Column[AllocationRow]] = [
    Column("Student", lambda r: r.student.student_id, tooltip="University student number"),
    Column("Name", lambda r: r.student.full_name, lambda r: (r.student.last_name.casefold(), r.student.first_name.casefold())),
    Column("Clearances", lambda r: r.clearance.text if r.clearance is not None else "", _clearance_order,
           tooltip="The DBS and other checks the Settings require: red when one is missing or ends before the "
                   "student's next block ends, amber when one ends within 60 days", colour=_clearance_colour),
    Column("Year", lambda r: str(r.student.year), lambda r: r.student.year, numeric=True),
    Column("Group", lambda r: r.student.group, tooltip="Rotation group"),
    Column("Block", lambda r: r.block.block_id, lambda r: (r.block.start_date, r.block.block_id)),
    Column("Practice", lambda r: r.practice.code if r.practice else "unplaced", colour=_unplaced_colour),
    Column("Practice name", lambda r: r.practice.name if r.practice else r.reason, colour=_unplaced_colour),
    Column("Journey (min)", _travel, lambda r: -1.0 if r.travel_minutes is None else r.travel_minutes, numeric=True,
           tooltip="One-way journey in minutes"),
    Column("Mode", lambda r: r.student.travel_mode, tooltip="How the student travels"),
    Column("Locked", lambda r: (f"locked: {r.lock_reason}" if r.lock_reason else "locked") if r.locked else "",
           tooltip="Pinned by an officer, with the reason given: a new plan keeps it"),
]


class AllocationModel(RowTableModel[AllocationRow]):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)

    def position_of(self, student_id: str, block_id: str) -> int | None:
        for i, row in enumerate(self._rows):
            if row.student.student_id == student_id and row.block.block_id == block_id:
                return i
        return None
