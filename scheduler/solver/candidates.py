"""Which practices may take each student-block: pruning by the hard rules only.

Each hard rule that depends on one student and one practice is one function
returning a boolean mask (students x practices, or practices); ``build``
combines them, vectorised with numpy over the travel matrix, into a compact
candidate list per student-block. ``explain.py`` replays the same functions
in order to say which rule empties a candidate list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scheduler.domain import DataSet, Practice, Student
from scheduler.settings import Settings
from scheduler.travel import TravelMatrix, travel_matrix

MINUTE = 10
"""Travel minutes are held as integers in tenths of a minute."""


def minutes10(minutes: np.ndarray | float) -> np.ndarray:
    return np.rint(np.asarray(minutes, dtype=float) * MINUTE).astype(np.int64)


# -- the hard rules, one per function -------------------------------------------------------

def is_active(practices: tuple[Practice, ...]) -> np.ndarray:
    """Hard: an inactive practice gets no students."""
    return np.array([p.active for p in practices], dtype=bool)


def teaches_year(practices: tuple[Practice, ...], year: int) -> np.ndarray:
    """Hard: a practice only takes students of the years it teaches."""
    return np.array([year in p.years for p in practices], dtype=bool)


def open_in_block(capacity: np.ndarray, block_index: int) -> np.ndarray:
    """Hard: a practice whose capacity for the block (after overrides) is 0 takes nobody in it."""
    return capacity[:, block_index] > 0


def within_travel_limit(minutes10_rows: np.ndarray, limit10: np.ndarray) -> np.ndarray:
    """Hard: the one-way journey is within the student's limit (default from settings)."""
    return minutes10_rows <= limit10[:, None]


def step_free(students: list[Student], practices: tuple[Practice, ...]) -> np.ndarray:
    """Hard: a student who needs step-free access only goes to an accessible practice."""
    needs = np.array([s.needs_accessible for s in students], dtype=bool)
    accessible = np.array([p.accessible for p in practices], dtype=bool)
    return ~needs[:, None] | accessible[None, :]


def reachable_by_public_transport(students: list[Student], practices: tuple[Practice, ...]) -> np.ndarray:
    """Hard: a student who travels by public transport never goes to a practice marked not reachable."""
    public = np.array([s.travel_mode == "public" for s in students], dtype=bool)
    reachable = np.array([p.public_transport for p in practices], dtype=bool)
    return ~public[:, None] | reachable[None, :]


def not_excluded(rows: np.ndarray, excluded: set[tuple[int, int]], n_practices: int) -> np.ndarray:
    """Hard: a student never goes to a practice listed in their exclusions."""
    mask = np.ones((len(rows), n_practices), dtype=bool)
    if excluded:
        where = {int(s): k for k, s in enumerate(rows)}
        for s, p in excluded:
            k = where.get(s)
            if k is not None:
                mask[k, p] = False
    return mask


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
    excluded: set[tuple[int, int]] = field(default_factory=set)
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


def capacity_table(data: DataSet) -> np.ndarray:
    cap = np.array([[p.capacity] * len(data.blocks) for p in data.practices], dtype=np.int64).reshape(
        len(data.practices), len(data.blocks))
    p_index = {p.code: j for j, p in enumerate(data.practices)}
    b_index = {b.block_id: i for i, b in enumerate(data.blocks)}
    for row in data.capacities:
        j, b = p_index.get(row.practice_code), b_index.get(row.block_id)
        if j is not None and b is not None:
            cap[j, b] = row.capacity
    return cap


def build(data: DataSet, settings: Settings, matrix: TravelMatrix | None = None) -> Candidates:
    """Candidate practices of every student-block that needs a placement."""
    matrix = matrix or travel_matrix(data, settings)
    practices = data.practices
    n_p = len(practices)
    s_index = {s.student_id: i for i, s in enumerate(data.students)}
    p_index = {p.code: j for j, p in enumerate(practices)}
    b_index = {b.block_id: i for i, b in enumerate(data.blocks)}
    cap = capacity_table(data)
    default10 = settings.default_max_travel_minutes
    limit10 = minutes10([s.max_travel_minutes if s.max_travel_minutes is not None else default10
                         for s in data.students]).reshape(-1)
    all10 = minutes10(matrix.minutes).reshape(len(data.students), n_p)
    excluded = {(s_index[e.student_id], p_index[e.practice_code]) for e in data.exclusions
                if e.student_id in s_index and e.practice_code in p_index}
    active = is_active(practices)

    sb_student: list[np.ndarray] = []
    sb_block: list[np.ndarray] = []
    ptr_parts: list[np.ndarray] = []
    prac_parts: list[np.ndarray] = []
    trav_parts: list[np.ndarray] = []
    for b, block in enumerate(data.blocks):
        rows = np.array([i for i, s in enumerate(data.students) if block.attended_by(s)], dtype=np.int64)
        if not len(rows):
            continue
        students = [data.students[i] for i in rows]
        per_practice = active & teaches_year(practices, block.year) & open_in_block(cap, b)
        mask = (per_practice[None, :]
                & within_travel_limit(all10[rows], limit10[rows])
                & step_free(students, practices)
                & reachable_by_public_transport(students, practices)
                & not_excluded(rows, excluded, n_p))
        r, c = np.nonzero(mask)
        sb_student.append(rows)
        sb_block.append(np.full(len(rows), b, dtype=np.int64))
        ptr_parts.append(np.bincount(r, minlength=len(rows)))
        prac_parts.append(c.astype(np.int64))
        trav_parts.append(all10[rows[r], c])
    counts = np.concatenate(ptr_parts) if ptr_parts else np.zeros(0, dtype=np.int64)
    ptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    cands = Candidates(
        data=data, settings=settings, matrix=matrix, capacity=cap, limit10=limit10,
        sb_student=np.concatenate(sb_student) if sb_student else np.zeros(0, dtype=np.int64),
        sb_block=np.concatenate(sb_block) if sb_block else np.zeros(0, dtype=np.int64),
        ptr=ptr,
        practice=np.concatenate(prac_parts) if prac_parts else np.zeros(0, dtype=np.int64),
        travel10=np.concatenate(trav_parts) if trav_parts else np.zeros(0, dtype=np.int64),
        excluded=excluded, student_index=s_index, practice_index=p_index, block_index=b_index,
    )
    cands.sb_index = {cands.key(k): k for k in range(cands.n_sb)}
    return cands
