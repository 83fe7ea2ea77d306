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

PairKind = Literal["together", "apart", "learn_together"]
PAIR_KINDS: tuple[str, ...] = ("together", "apart", "learn_together")

DEFAULT_PROGRAMME = "medicine"
"""The programme of students and blocks that name none."""

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
    approved_until: dt.date | None = None
    """last day of the practice's teaching approval (None = no limit)"""
    programmes: frozenset[str] = frozenset()
    """the learners it hosts; empty = every programme"""

    def hosts(self, programme: str) -> bool:
        return not self.programmes or programme in self.programmes

    def approved_through(self, day: dt.date) -> bool:
        return self.approved_until is None or self.approved_until >= day


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
    programme: str = DEFAULT_PROGRAMME

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
    programme: str = DEFAULT_PROGRAMME

    def attended_by(self, student: Student) -> bool:
        """True when the student must be placed in this block: their programme, year and group."""
        return (student.year == self.year and student.programme == self.programme
                and (not self.group or self.group == student.group))

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
_set_student = TravelOverride.student_id.__set__  # type: ignore[attr-defined,misc]
_set_practice = TravelOverride.practice_code.__set__  # type: ignore[attr-defined,misc]
_set_minutes = TravelOverride.minutes.__set__  # type: ignore[attr-defined,misc]


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
class Clearance:
    """A pre-placement check held for a student (DBS, occupational health …), valid through a date."""

    student_id: str
    kind: str
    """normalised: lower case, words joined by ``_`` (``Occupational Health`` -> ``occupational_health``)"""
    valid_until: dt.date


@dataclass(frozen=True, slots=True)
class Tutor:
    """A GP tutor of a practice, with the dates of their tutor training (``tutors`` in the contract)."""

    practice_code: str
    name: str
    trained_on: dt.date
    """the day of the tutor training (a date ahead: booked on a course, a tutor only from then)"""
    refresher_due: dt.date
    """the last day the training is in date: the refresher is due by then"""
    email: str = ""
    active: bool = True


@dataclass(frozen=True, slots=True)
class Attendance:
    """Sessions a student attended in a block at a practice, from the practice's return or the register."""

    student_id: str
    block_id: str
    practice_code: str
    sessions: int


REQUEST_KINDS: dict[str, str] = {
    "practice": "a named practice (accepting it moves and locks the student there)",
    "avoid": "not a named practice",
    "nearer": "a shorter journey (at most the minutes agreed)",
    "away": "away on some dates (no placement in a block those dates fall in)",
    "other": "anything else (recorded; the officer acts on it by hand)",
}
"""What a student may ask for in a change request, and what accepting it does."""

REQUEST_STATUSES: tuple[str, ...] = ("open", "accepted", "declined")


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    """A student's request about one of their blocks, and the office's decision on it."""

    id: int
    student_id: str
    block_id: str
    kind: str
    """one of ``REQUEST_KINDS``"""
    reason: str = ""
    practice_code: str = ""
    """for ``practice`` and ``avoid``"""
    max_minutes: float | None = None
    """for ``nearer``"""
    away_from: dt.date | None = None
    away_to: dt.date | None = None
    status: str = "open"
    created: dt.datetime | None = None
    created_by: str = ""
    decided: dt.datetime | None = None
    decided_by: str = ""

    @property
    def wish(self) -> str:
        """What is asked, in plain English."""
        if self.kind == "practice":
            return f"to go to {self.practice_code}"
        if self.kind == "avoid":
            return f"not to go to {self.practice_code}"
        if self.kind == "nearer":
            return f"a journey of at most {self.max_minutes:g} min"
        if self.kind == "away":
            return f"away {self.away_from:%d/%m/%Y} to {self.away_to:%d/%m/%Y}"
        return self.reason or "other"

    def away_during(self, block: "Block") -> bool:
        if self.kind != "away" or self.away_from is None or self.away_to is None:
            return False
        return any(self.away_from <= day <= self.away_to for day in block.teaching_dates())


@dataclass(frozen=True, slots=True)
class PracticeScore:
    """A practice's evaluations in its latest year with answers: the mean of its students' means over every
    question (rounded as the quality report shows it) and how many students answered. Whether it counts, and
    whether it flags the practice, is the rulebook's (``scheduler/rules/quality.py``)."""

    practice_code: str
    mean: float
    students: int


def programme_key(text: str) -> str:
    """``Physician Associate`` / ``physician-associate`` -> ``physician_associate``."""
    return "_".join(text.replace("-", " ").split()).casefold()


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
    clearances: tuple[Clearance, ...] = ()
    attendance: tuple[Attendance, ...] = ()
    tutors: tuple[Tutor, ...] = ()
    requests: tuple[ChangeRequest, ...] = ()
    """accepted change requests: constraints every plan keeps (not part of the import contract)"""
    scores: tuple[PracticeScore, ...] = ()
    """each practice's evaluation score, from the evaluations round (not part of the import contract)"""

    def capacity(self, practice: Practice, block_id: str) -> int:
        """Places the practice offers in the block, after any override (the rulebook's rule)."""
        from scheduler.rules.places import Places

        return Places(self).of(practice, block_id)

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
    locked_by: str = ""
    """Who locked it (empty when not locked, or locked before this was recorded)."""
    locked_at: dt.datetime | None = None
    lock_reason: str = ""
    """Why the officer pinned it, in their words."""
    override: str = ""
    """The hard rules an officer chose to break to put the student here (empty for a placement within the rules)."""


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
    data_version: int | None = None
    """The version of the data set the plan was made from (it changes with every import); None = not known."""
    version: int = field(default=0, compare=False)
    """The stored version this plan was read at (0 = not read from the database); saving a plan read at
    an older version than the stored one is refused (optimistic locking)."""

    @property
    def gap(self) -> float | None:
        """Relative gap between objective and proven bound (0 = proven optimal)."""
        return relative_gap(self.objective, self.bound)


@dataclass(frozen=True, slots=True)
class OfferChange:
    """One answer of a returned offer workbook that differs from the data set."""

    practice_code: str
    block_id: str
    """'' for the practice-wide answers (students per day, tutor)"""
    what: str
    """``places``, ``per_day``, ``tutor`` or ``tutors`` (the practice's rows of the tutors table, as tuples)"""
    before: object
    after: object

    def __str__(self) -> str:
        label = {"places": f"places in {self.block_id}", "per_day": "students per day", "tutor": "tutor",
                 "tutors": "GP tutors"}[self.what]
        return f"{self.practice_code}: {label} {self._show(self.before)} -> {self._show(self.after)}"

    def _show(self, value: object) -> str:
        if isinstance(value, tuple):  # tutors: counted, never named
            active = sum(1 for t in value if t.active)
            return f"{len(value)} listed ({active} active)"
        if value is None or value == "":
            return "no limit" if self.what == "per_day" else "none"
        return str(value)


@dataclass(frozen=True, slots=True)
class OfferStatus:
    """Where one practice stands in the capacity-offers round."""

    practice_code: str
    practice_name: str
    email: str
    sent: dt.datetime | None
    replied: dt.datetime | None
    source: str = ""
    """the returned file's name"""
    changes: int = 0
    reply_by: dt.date | None = None
    """the date the practice was asked to reply by (None for a round sent before this was kept)"""

    def standing(self, today: dt.date, reply_days: int = 21) -> str:
        """"replied", "awaiting reply" (sent, the reply-by date not passed), "to chase" or "not sent"."""
        return reply_standing(self.sent, self.replied, self.reply_by, today, reply_days)


def reply_standing(sent: dt.datetime | None, replied: dt.datetime | None, reply_by: dt.date | None,
                   today: dt.date, reply_days: int = 21) -> str:
    """Where one addressee of a round stands: "replied", "awaiting reply" (sent, the reply-by date not
    passed), "to chase" (no reply by that date) or "not sent"."""
    if replied is not None:
        return "replied"
    if sent is None:
        return "not sent"
    due = reply_by or sent.date() + dt.timedelta(days=reply_days)
    return "to chase" if today > due else "awaiting reply"


@dataclass(frozen=True, slots=True)
class PreferenceReply:
    """Where one student stands in the preferences round."""

    student_id: str
    name: str
    cohort: str
    """e.g. "Year 3 group A" (the workbook they were sent)"""
    email: str
    sent: dt.datetime | None
    reply_by: dt.date | None
    replied: dt.datetime | None
    source: str = ""
    """the returned file's name"""
    ranks: int = 0
    """how many practices their return ranked"""

    def standing(self, today: dt.date) -> str:
        return reply_standing(self.sent, self.replied, self.reply_by, today)


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
