"""Which practices may take each student-block: pruning by the hard rules only.

The rules are those of ``scheduler.rules.hard``: its vectorised masks (one per
rule about one student at one practice) are combined per block into a compact
candidate list per student-block. ``explain.py`` replays the same masks in
order to say which rule empties a candidate list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scheduler.domain import DataSet
from scheduler.rules.hard import Facts, allowed_mask
from scheduler.rules.places import capacity_table
from scheduler.rules.units import tenths
from scheduler.settings import Settings
from scheduler.travel import TravelMatrix, travel_matrix

__all__ = ["Candidates", "build", "capacity_table"]



# -- the compact candidate lists ------------------------------------------------------------

@dataclass
class Candidates:
    """Student-blocks and, for each, the practices the hard rules allow (CSR layout).

    Student-block ``k`` is ``(students[sb_student[k]], blocks[sb_block[k]])``; its candidates are
    ``practice[ptr[k]:ptr[k+1]]`` with journey ``travel10[...]`` in tenths of a minute.
    """

    data: DataSet
    settings: Settings
    matrix: TravelMatrix
    capacity: np.ndarray
    """Places per practice (rows) and block (columns), overrides applied."""
    limit10: np.ndarray
    """Each student's travel limit in tenths of a minute."""
    sb_student: np.ndarray
    sb_block: np.ndarray
    ptr: np.ndarray
    practice: np.ndarray
    travel10: np.ndarray
    facts: Facts
    student_index: dict[str, int] = field(default_factory=dict)
    practice_index: dict[str, int] = field(default_factory=dict)
    block_index: dict[str, int] = field(default_factory=dict)
    sb_index: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def n_sb(self) -> int:
        return len(self.sb_student)

    def of(self, k: int) -> np.ndarray:
        return self.practice[self.ptr[k]:self.ptr[k + 1]]

    def key(self, k: int) -> tuple[str, str]:
        return (self.data.students[self.sb_student[k]].student_id, self.data.blocks[self.sb_block[k]].block_id)


def build(data: DataSet, settings: Settings, matrix: TravelMatrix | None = None) -> Candidates:
    """Candidate practices of every student-block that needs a placement."""
    matrix = matrix or travel_matrix(data, settings)
    facts = Facts(data, settings, matrix)
    n_p = len(data.practices)
    journey_tenths = tenths(matrix.minutes).reshape(len(data.students), n_p)
    sb_student: list[np.ndarray] = []
    sb_block: list[np.ndarray] = []
    ptr_parts: list[np.ndarray] = []
    prac_parts: list[np.ndarray] = []
    trav_parts: list[np.ndarray] = []
    for b, block in enumerate(data.blocks):
        rows = np.array([i for i, s in enumerate(data.students) if block.attended_by(s)], dtype=np.int64)
        if not len(rows):
            continue
        r, c = np.nonzero(allowed_mask(facts, rows, b))
        sb_student.append(rows)
        sb_block.append(np.full(len(rows), b, dtype=np.int64))
        ptr_parts.append(np.bincount(r, minlength=len(rows)))
        prac_parts.append(c.astype(np.int64))
        trav_parts.append(journey_tenths[rows[r], c])
    counts = np.concatenate(ptr_parts) if ptr_parts else np.zeros(0, dtype=np.int64)
    ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    cands = Candidates(
        data=data, settings=settings, matrix=matrix, capacity=facts.capacity, limit10=facts.limit10,
        sb_student=np.concatenate(sb_student) if sb_student else np.zeros(0, dtype=np.int64),
        sb_block=np.concatenate(sb_block) if sb_block else np.zeros(0, dtype=np.int64),
        ptr=ptr,
        practice=np.concatenate(prac_parts) if prac_parts else np.zeros(0, dtype=np.int64),
        travel10=np.concatenate(trav_parts) if trav_parts else np.zeros(0, dtype=np.int64),
        facts=facts, student_index=facts.student_index, practice_index=facts.practice_index,
        block_index=facts.block_index,
    )
    cands.sb_index = {cands.key(k): k for k in range(cands.n_sb)}
    return cands
