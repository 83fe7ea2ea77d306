"""Plain, immutable domain objects shared by every layer of the scheduler.

These mirror the tables of the data contract (docs: data-format.md) after
validation: types are parsed, codes are checked, defaults are filled in.
Nothing here knows about databases, files, solvers or Qt.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

TravelMode = Literal["car", "public", "bike", "walk"]
TRAVEL_MODES: tuple[str, ...] = ("car", "public", "bike", "walk")

PairKind = Literal["together", "apart"]
PAIR_KINDS: tuple[str, ...] = ("together", "apart")

WEEKDAY_NAMES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
"""Index 0 is Monday, as in ``datetime.date.weekday()``."""


@dataclass(frozen=True, slots=True)
class Practice:
    code: str
    name: str
    years: frozenset[int]
    capacity: int = 0
    address: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    accessible: bool = False
    public_transport: bool = True
    max_students_per_day: int | None = None
    active: bool = True
    tutor: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class Student:
    student_id: str
    first_name: str
    last_name: str
    year: int
    email: str = ""
    group: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    travel_mode: TravelMode = "public"
    max_travel_minutes: float | None = None
    needs_accessible: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class Block:
    block_id: str
    year: int
    start_date: dt.date
    end_date: dt.date
    group: str = ""
    name: str = ""
    weekdays: frozenset[int] = frozenset(range(5))

    def attended_by(self, student: Student) -> bool:
        """True when the student must be placed in this block."""
        return student.year == self.year and (not self.group or self.group == student.group)

    def teaching_dates(self) -> list[dt.date]:
        """Every date on which students of this block are at their practice."""
        days = (self.end_date - self.start_date).days + 1
        dates = (self.start_date + dt.timedelta(days=i) for i in range(days))
        return [d for d in dates if d.weekday() in self.weekdays]

    @property
    def weekday_text(self) -> str:
        return format_weekdays(self.weekdays)


@dataclass(frozen=True, slots=True)
class CapacityOverride:
    practice_code: str
    block_id: str
    capacity: int


@dataclass(frozen=True, slots=True)
class Exclusion:
    student_id: str
    practice_code: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Pair:
    student_a: str
    student_b: str
    kind: PairKind = "together"


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    student_id: str
    practice_code: str
    academic_year: str = ""


@dataclass(frozen=True, slots=True)
class Preference:
    student_id: str
    practice_code: str
    rank: int


@dataclass(frozen=True, slots=True)
class TravelOverride:
    student_id: str
    practice_code: str
    minutes: float


# A full travel table is ~1M rows. A frozen slotted dataclass's __init__ goes through
# object.__setattr__ per field; setting the slots directly builds the rows in half the time.
_set_student = TravelOverride.student_id.__set__  # type: ignore[attr-defined]
_set_practice = TravelOverride.practice_code.__set__  # type: ignore[attr-defined]
_set_minutes = TravelOverride.minutes.__set__  # type: ignore[attr-defined]


def new_travel_override(student_id: str, practice_code: str, minutes: float) -> TravelOverride:
    """The same as ``TravelOverride(student_id, practice_code, minutes)``, for bulk building."""
    row = object.__new__(TravelOverride)
    _set_student(row, student_id)
    _set_practice(row, practice_code)
    _set_minutes(row, minutes)
    return row


@dataclass(frozen=True, slots=True)
class PostcodeLocation:
    postcode: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class DataSet:
    """Everything one import brings in: the tables of the data contract."""

    practices: tuple[Practice, ...] = ()
    students: tuple[Student, ...] = ()
    blocks: tuple[Block, ...] = ()
    capacities: tuple[CapacityOverride, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    pairs: tuple[Pair, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    preferences: tuple[Preference, ...] = ()
    travel: tuple[TravelOverride, ...] = ()
    postcodes: tuple[PostcodeLocation, ...] = ()

    def capacity(self, practice: Practice, block_id: str) -> int:
        """Places the practice offers in the block, after any override."""
        for row in self.capacities:
            if row.practice_code == practice.code and row.block_id == block_id:
                return row.capacity
        return practice.capacity

    def student_blocks(self) -> list[tuple[Student, Block]]:
        """Every (student, block) that needs a placement, in a stable order."""
        return [(s, b) for b in self.blocks for s in self.students if b.attended_by(s)]


@dataclass(frozen=True, slots=True)
class Placement:
    student_id: str
    block_id: str
    practice_code: str
    travel_minutes: float
    locked: bool = False


@dataclass(frozen=True, slots=True)
class Unplaced:
    student_id: str
    block_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Plan:
    """One solved (or hand-edited) allocation: a scenario the officer can keep."""

    name: str
    placements: tuple[Placement, ...] = ()
    unplaced: tuple[Unplaced, ...] = ()
    status: str = "not solved"
    objective: float | None = None
    bound: float | None = None
    seconds: float = 0.0
    is_current: bool = False
    created: dt.datetime | None = None
    weights: dict[str, float] = field(default_factory=dict)
    terms: dict[str, float] = field(default_factory=dict)
    """The value of each named soft term (``travel``, ``fairness`` …) in the plan."""
    placed_bound: int | None = None
    """Proven upper bound on the student-blocks any plan can place (None = not known, e.g. edited by hand)."""

    @property
    def gap(self) -> float | None:
        """Relative gap between objective and proven bound (0 = proven optimal)."""
        return relative_gap(self.objective, self.bound)


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """How far the objective may be from the best possible, as a fraction of it (None if unknown)."""
    if objective is None or bound is None:
        return None
    if abs(objective) < 1e-9:
        return 0.0
    return max(0.0, (objective - bound) / abs(objective))


def format_weekdays(days: frozenset[int] | set[int]) -> str:
    """``{0,1,2,3,4}`` -> ``Mon-Fri``; ``{1,3}`` -> ``Tue,Thu``."""
    ordered = sorted(days)
    if not ordered:
        return ""
    runs: list[list[int]] = [[ordered[0]]]
    for day in ordered[1:]:
        if day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{WEEKDAY_NAMES[run[0]]}-{WEEKDAY_NAMES[run[-1]]}")
        else:
            parts.extend(WEEKDAY_NAMES[d] for d in run)
    return ",".join(parts)


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """A plan's headline figures, for lists and comparisons (no placements loaded)."""

    name: str
    status: str
    placed: int
    unplaced: int
    objective: float | None
    bound: float | None
    gap: float | None
    seconds: float
    is_current: bool
    created: dt.datetime | None


@dataclass(frozen=True, slots=True)
class EditRecord:
    """One officer's change to a plan, for the audit trail and undo."""

    plan_name: str
    when: dt.datetime
    user: str
    action: str
    detail: str
