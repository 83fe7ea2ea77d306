"""What changed between two plans, told from each practice's and each student's side.

Used by ``letters --since PLAN``: only the practices and students whose
placements differ are written to, and each is told what changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from scheduler.domain import Plan


@dataclass(frozen=True, slots=True)
class StudentChange:
    block_id: str
    before: str
    """practice code in the earlier plan ('' = not placed)"""
    after: str
    """practice code in this plan ('' = not placed)"""


@dataclass
class PracticeChanges:
    joined: dict[str, list[str]] = field(default_factory=dict)
    """block id -> students now placed here who were not before"""
    left: dict[str, list[str]] = field(default_factory=dict)
    """block id -> students placed here before who no longer are"""


@dataclass(frozen=True)
class PlanChanges:
    since: str
    students: dict[str, list[StudentChange]]
    practices: dict[str, PracticeChanges]

    @property
    def empty(self) -> bool:
        return not self.students and not self.practices


def plan_changes(earlier: Plan, later: Plan) -> PlanChanges:
    """Every student-block whose practice differs between the plans, grouped by student and by practice."""
    before = {(p.student_id, p.block_id): p.practice_code for p in earlier.placements}
    after = {(p.student_id, p.block_id): p.practice_code for p in later.placements}
    students: dict[str, list[StudentChange]] = defaultdict(list)
    practices: dict[str, PracticeChanges] = defaultdict(PracticeChanges)
    for student_id, block_id in sorted(set(before) | set(after)):
        old, new = before.get((student_id, block_id), ""), after.get((student_id, block_id), "")
        if old == new:
            continue
        students[student_id].append(StudentChange(block_id, old, new))
        if old:
            practices[old].left.setdefault(block_id, []).append(student_id)
        if new:
            practices[new].joined.setdefault(block_id, []).append(student_id)
    return PlanChanges(earlier.name, dict(students), dict(practices))
