"""Hard rules of ``docs/data-format.md``: one function each, and the one place that defines them.

Rules about one student at one practice in one block are ``PlacementRule``s:
``holds(facts, student, block, practice)`` returns ``None`` when the rule
holds, else what is wrong in plain English; ``mask(facts, rows, b)`` is the
same rule over many students at once (students x practices, numpy), which
candidate pruning uses on 2,000 x 472 pairs; a hypothesis test proves the two
agree. A new rule of this kind is one ``holds`` function, its ``mask`` and one
line in ``PLACEMENT_RULES``.

Rules that tie placements together (places per block, consulting rooms per
day, ``apart`` and ``learn_together`` pairs) are the ``ties`` objects: on a
whole plan (the checker, the plan-file check) ``plan_breaks`` asks their
``check`` on the plan's placements (``_PlanModel``) and names each break at
the placement that makes it, in words; the functions here word one change for
the hand-edit service (the pairs' verdict is the rule's ``clash``).
``together`` is checked here only: in the solver's models partners share a unit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

import numpy as np

from scheduler.domain import Block, ChangeRequest, DataSet, Placement, Practice, Student
from scheduler.rules import ties
from scheduler.rules.clearance import ClearanceBook, approval_problem
from scheduler.rules.places import capacity_table, room_limits
from scheduler.rules.quality import practice_flags
from scheduler.rules.tutors import TutorBook
from scheduler.rules.units import tenths
from scheduler.settings import Settings
from scheduler.travel import TravelMatrix, travel_matrix


def minutes_text(minutes: float) -> str:
    return f"{round(float(minutes), 1):g} min"


@dataclass(frozen=True, slots=True)
class Break:
    """One hard rule a plan breaks: which rule, where, and what is wrong in plain English."""

    rule: str
    student_id: str
    block_id: str
    practice_code: str
    text: str
    index: int = -1
    """Position of the placement in the list checked (-1 = none), e.g. for a file's row number."""


class Facts:
    """What the hard rules look at: the data set, the settings, places per block and the journeys."""

    def __init__(self, data: DataSet, settings: Settings, matrix: TravelMatrix | None = None) -> None:
        self.data, self.settings = data, settings
        self._matrix = matrix
        self.student_index = {s.student_id: i for i, s in enumerate(data.students)}
        self.practice_index = {p.code: j for j, p in enumerate(data.practices)}
        self.block_index = {b.block_id: i for i, b in enumerate(data.blocks)}
        self.capacity = capacity_table(data)
        """Places per practice (rows) and block (columns), overrides applied."""
        self.excluded = {(e.student_id, e.practice_code) for e in data.exclusions}
        self.clearances = ClearanceBook(data.clearances, settings.required_clearances)
        self.tutors = TutorBook(data.tutors)
        self.requests: dict[tuple[str, str], list[ChangeRequest]] = defaultdict(list)
        """(student, block) -> the accepted change requests about it"""
        for request in data.requests:
            if request.status == "accepted":
                self.requests[(request.student_id, request.block_id)].append(request)
        self.limit10 = tenths([self.limit(s) for s in data.students]).reshape(-1)
        self.flagged = practice_flags(data, settings)
        """Per practice: flagged for review by its evaluation score."""
        self._rows: dict[int, np.ndarray] = {}

    def limit(self, student: Student) -> float:
        """The student's one-way limit in minutes (their own, else the default from settings)."""
        if student.max_travel_minutes is not None:
            return float(student.max_travel_minutes)
        return float(self.settings.default_max_travel_minutes)

    @property
    def matrix(self) -> TravelMatrix:
        if self._matrix is None:
            self._matrix = travel_matrix(self.data, self.settings)
        return self._matrix

    def journeys(self, student: Student) -> np.ndarray:
        """One-way minutes from the student to every practice (a row of the matrix, or this student alone)."""
        s = self.student_index[student.student_id]
        if self._matrix is not None:
            row: np.ndarray = self._matrix.minutes[s]
            return row
        if s not in self._rows:
            one = dataclasses.replace(self.data, students=(student,), travel=tuple(
                t for t in self.data.travel if t.student_id == student.student_id))
            self._rows[s] = travel_matrix(one, self.settings).minutes[0]
        return self._rows[s]

    def journey(self, student: Student, practice: Practice) -> float:
        return float(self.journeys(student)[self.practice_index[practice.code]])

    def places(self, practice: Practice, block: Block) -> int:
        return int(self.capacity[self.practice_index[practice.code], self.block_index[block.block_id]])


# -- rules about one student at one practice --------------------------------------------------

def active(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: an inactive practice gets no students."""
    return None if practice.active else "the practice is inactive"


def active_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    return np.array([p.active for p in f.data.practices], dtype=bool)[None, :].repeat(len(rows), 0)


def teaches_year(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: a practice only takes students of the years it teaches."""
    return None if block.year in practice.years else f"the practice does not teach year {block.year}"


def teaches_year_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    year = f.data.blocks[b].year
    return np.array([year in p.years for p in f.data.practices], dtype=bool)[None, :].repeat(len(rows), 0)


def open_in_block(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: a practice whose capacity for the block (after overrides) is 0 takes nobody in it."""
    return None if f.places(practice, block) > 0 else f"the practice offers no places in block {block.block_id}"


def open_in_block_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    return (f.capacity[:, b] > 0)[None, :].repeat(len(rows), 0)


def within_travel_limit(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: the one-way journey is within the student's limit (default from settings)."""
    minutes, limit = f.journey(student, practice), f.limit(student)
    if tenths(minutes) <= tenths(limit):
        return None
    return f"the journey of {minutes_text(minutes)} is over the student's limit of {minutes_text(limit)}"


def within_travel_limit_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    within: np.ndarray = tenths(f.matrix.minutes[rows]) <= f.limit10[rows][:, None]
    return within


def step_free(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: a student who needs step-free access only goes to an accessible practice."""
    if not student.needs_accessible or practice.accessible:
        return None
    return "the student needs step-free access and the practice has none"


def step_free_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    needs = np.array([f.data.students[i].needs_accessible for i in rows], dtype=bool)
    accessible = np.array([p.accessible for p in f.data.practices], dtype=bool)
    ok: np.ndarray = ~needs[:, None] | accessible[None, :]
    return ok


def public_transport(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: a student who travels by public transport never goes to a practice marked not reachable."""
    if student.travel_mode != "public" or practice.public_transport:
        return None
    return "the student travels by public transport and the practice cannot be reached that way"


def public_transport_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    public = np.array([f.data.students[i].travel_mode == "public" for i in rows], dtype=bool)
    reachable = np.array([p.public_transport for p in f.data.practices], dtype=bool)
    ok: np.ndarray = ~public[:, None] | reachable[None, :]
    return ok


def not_excluded(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: a student never goes to a practice listed in their exclusions (the reason is never shown)."""
    if (student.student_id, practice.code) not in f.excluded:
        return None
    return "the student must not be placed there (conflict of interest on record)"


def not_excluded_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    mask = np.ones((len(rows), len(f.data.practices)), dtype=bool)
    where = {int(s): k for k, s in enumerate(rows)}
    for sid, code in f.excluded:
        k, j = where.get(f.student_index.get(sid, -1)), f.practice_index.get(code)
        if k is not None and j is not None:
            mask[k, j] = False
    return mask


def approved(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: a practice takes a block only if its teaching approval runs through the block's last day."""
    return approval_problem(practice, block)


def approved_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    end = f.data.blocks[b].end_date
    return np.array([p.approved_through(end) for p in f.data.practices], dtype=bool)[None, :].repeat(len(rows), 0)


def tutored(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: when the data has tutors, a practice takes a block only with an active tutor in date through it."""
    return f.tutors.problem(practice, block)


def tutored_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    block = f.data.blocks[b]
    return np.array([f.tutors.covered(p.code, block) for p in f.data.practices],
                    dtype=bool)[None, :].repeat(len(rows), 0)


def hosts_programme(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: a practice takes only the learners of the programmes it hosts (none listed = every programme)."""
    if practice.hosts(student.programme):
        return None
    return f"the practice does not host {student.programme.replace('_', ' ')} students"


def hosts_programme_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    programmes = [f.data.students[i].programme for i in rows]
    kinds = sorted(set(programmes))
    hosts = np.array([[p.hosts(programme) for p in f.data.practices] for programme in kinds],
                     dtype=bool).reshape(len(kinds), len(f.data.practices))
    which = {programme: i for i, programme in enumerate(kinds)}
    return hosts[np.array([which[programme] for programme in programmes], dtype=np.int64)]


def cleared(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: when the data has clearances, a student takes a block only with every required kind valid through its end."""
    problems = f.clearances.problems(student, block)
    return "; ".join(problems) if problems else None


def cleared_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    block = f.data.blocks[b]
    ok = np.array([not f.clearances.problems(f.data.students[i], block) for i in rows], dtype=bool)
    return ok[:, None].repeat(len(f.data.practices), 1)


def as_requested(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: an accepted change request holds: not a practice the student asked to avoid, nor a journey
    longer than the minutes agreed."""
    for request in f.requests.get((student.student_id, block.block_id), ()):
        if request.kind == "avoid" and request.practice_code == practice.code:
            return f"the student asked not to go to {practice.code} (request {request.id}, accepted)"
        if request.kind == "nearer" and request.max_minutes is not None:
            minutes = f.journey(student, practice)
            if tenths(minutes) > tenths(request.max_minutes):
                return (f"the journey of {minutes_text(minutes)} is over the {minutes_text(request.max_minutes)} "
                        f"agreed in request {request.id}")
    return None


def as_requested_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    mask = np.ones((len(rows), len(f.data.practices)), dtype=bool)
    block_id = f.data.blocks[b].block_id
    for k, i in enumerate(rows):
        for request in f.requests.get((f.data.students[i].student_id, block_id), ()):
            if request.kind == "avoid" and request.practice_code in f.practice_index:
                mask[k, f.practice_index[request.practice_code]] = False
            elif request.kind == "nearer" and request.max_minutes is not None:
                mask[k] &= tenths(f.matrix.minutes[i]) <= tenths(request.max_minutes)
    return mask


def not_flagged(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard, with Settings' ``avoid_flagged_practices``: no student at a practice flagged for review."""
    if not f.settings.avoid_flagged_practices or not f.flagged[f.practice_index[practice.code]]:
        return None
    return (f"the practice is flagged for review (its evaluation score is below {f.settings.quality_flag_below:g}) "
            "and the settings say not to place students there")


def not_flagged_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    ok = np.full(len(f.data.practices), True) if not f.settings.avoid_flagged_practices else ~f.flagged
    return ok[None, :].repeat(len(rows), 0)


def not_away(f: Facts, student: Student, block: Block, practice: Practice) -> str | None:
    """Hard: a student away (by an accepted request) on a teaching date of the block takes no placement in it."""
    for request in f.requests.get((student.student_id, block.block_id), ()):
        if request.away_during(block):
            return f"the student is {request.wish} (request {request.id}, accepted)"
    return None


def not_away_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    block = f.data.blocks[b]
    away = np.array([any(r.away_during(block) for r in f.requests.get((f.data.students[i].student_id,
                                                                          block.block_id), ())) for i in rows],
                    dtype=bool)
    return ~away[:, None].repeat(len(f.data.practices), 1)


@dataclass(frozen=True)
class PlacementRule:
    name: str
    holds: Callable[[Facts, Student, Block, Practice], str | None]
    mask: Callable[[Facts, np.ndarray, int], np.ndarray]
    phrase: str
    """How the unplaced explanation names the practices the rule leaves ('within 45 min', 'is step-free')."""
    applies: Callable[[Student], bool] = lambda student: True
    """Whether the rule can matter for this student at all (the explanation names only those)."""
    named_always: bool = True
    """False: the explanation names the rule only where it rules out a practice that the rules before left."""
    about_student: bool = False
    """True: the rule looks at the student and block alone, and its own text is the whole explanation."""


PLACEMENT_RULES: tuple[PlacementRule, ...] = (
    PlacementRule("active", active, active_mask, "active"),
    PlacementRule("teaches_year", teaches_year, teaches_year_mask, "teaches year {year}"),
    PlacementRule("open_in_block", open_in_block, open_in_block_mask, "in block {block}"),
    PlacementRule("travel_limit", within_travel_limit, within_travel_limit_mask, "within {limit}"),
    PlacementRule("step_free", step_free, step_free_mask, "is step-free", lambda s: s.needs_accessible),
    PlacementRule("public_transport", public_transport, public_transport_mask,
                  "is reachable by public transport", lambda s: s.travel_mode == "public"),
    PlacementRule("exclusion", not_excluded, not_excluded_mask, "is not excluded"),
    PlacementRule("approval", approved, approved_mask, "is approved through {end}", named_always=False),
    PlacementRule("tutor", tutored, tutored_mask, "has a GP tutor in date through {end}", named_always=False),
    PlacementRule("programme", hosts_programme, hosts_programme_mask, "hosts {programme} students",
                  named_always=False),
    PlacementRule("clearances", cleared, cleared_mask, "", about_student=True),
    PlacementRule("request", as_requested, as_requested_mask, "as agreed in the student's request",
                  named_always=False),
    PlacementRule("away", not_away, not_away_mask, "", about_student=True),
    PlacementRule("flagged", not_flagged, not_flagged_mask, "is not flagged for review", named_always=False),
)
"""In the order the unplaced explanation applies them."""
RULE = {rule.name: rule for rule in PLACEMENT_RULES}


def allowed_mask(f: Facts, rows: np.ndarray, b: int) -> np.ndarray:
    """Students ``rows`` x practices: every placement rule holds (the candidate lists)."""
    mask = np.ones((len(rows), len(f.data.practices)), dtype=bool)
    for rule in PLACEMENT_RULES:
        mask &= rule.mask(f, rows, b)
    return mask


def placement_breaks(f: Facts, student: Student, block: Block, practice: Practice) -> list[tuple[str, str]]:
    """(rule, text) of every placement rule the student at the practice in the block breaks."""
    out = []
    for rule in PLACEMENT_RULES:
        text = rule.holds(f, student, block, practice)
        if text is not None:
            out.append((rule.name, text))
    return out


# -- rules that tie placements together ---------------------------------------------------------

def within_capacity(used: int, places: int, block: Block) -> str | None:
    """Hard: a practice takes at most its places for the block (after overrides)."""
    if used <= places or places <= 0:  # no places at all is ``open_in_block``'s to say
        return None
    return _full(used, places, block)


def _full(used: int, places: int, block: Block) -> str:
    return f"the practice is full in block {block.block_id} ({used} students for {places} places)"


def within_rooms(on_site: int, rooms: int | None, day: dt.date) -> str | None:
    """Hard: at most ``max_students_per_day`` students of all years on site on any one date."""
    if rooms is None or on_site <= rooms:
        return None
    return _crowded(on_site, rooms, day)


def _crowded(on_site: int, rooms: int, day: dt.date) -> str:
    return (f"the practice has only {rooms} consulting rooms and {on_site} students of all years "
            f"would be there on {day:%a %d %b %Y}")


def together_kept(partner: str, here: str | None, partner_at: str | None) -> str | None:
    """Hard: ``together`` partners are at the same practice in every block both attend (or both unplaced)."""
    if here == partner_at:
        return None
    where = "unplaced" if partner_at is None else f"at {partner_at}"
    return f"the student is paired with {partner}, who is {where} in this block"


def apart_kept(partner: str, here: str | None, partner_at: str | None) -> str | None:
    """Hard: ``apart`` partners are never at the same practice in a block both attend (``ties.Apart``)."""
    if here is None or partner_at is None or not ties.Apart.clash(here, partner_at):
        return None
    return _apart_text(partner, here, partner_at)


def _apart_text(partner: str, here: str, partner_at: str) -> str:
    return f"the student must be kept apart from {partner}, who is at {here} in this block"


PAIR_RULES = {"together": together_kept, "apart": apart_kept}
"""The pairs of one year, compared block by block."""


def learn_together_kept(partner: str, here: str | None, partner_at: str | None) -> str | None:
    """Hard: ``learn_together`` partners (two programmes) are at the same practice in blocks that share a date
    (``ties.LearnTogether``)."""
    if here is None or partner_at is None or not ties.LearnTogether.clash(here, partner_at):
        return None
    return _learn_together_text(partner, here, partner_at)


def _learn_together_text(partner: str, here: str, partner_at: str) -> str:
    return (f"the student learns together with {partner}, who is at {partner_at} on days they share; "
            "place both at one practice or unplace one")


def shared_blocks(blocks: Sequence[Block], a: Student, b: Student) -> list[tuple[Block, Block]]:
    """(a's block, b's block) for every two blocks the students attend that share a teaching date."""
    mine = [blk for blk in blocks if blk.attended_by(a)]
    theirs = [blk for blk in blocks if blk.attended_by(b)]
    return [(x, y) for x in mine for y in theirs
            if x.start_date <= y.end_date and y.start_date <= x.end_date
            and set(x.teaching_dates()) & set(y.teaching_dates())]


def blocks_on_dates(blocks: Sequence[Block]) -> dict[dt.date, list[Block]]:
    """Date -> the blocks whose students are at their practice that date."""
    on: dict[dt.date, list[Block]] = defaultdict(list)
    for block in blocks:
        for day in block.teaching_dates():
            on[day].append(block)
    return on


@dataclass
class _Kept:
    """The placements of a plan that the rules of many placements count: those naming a known student, block and
    practice, attended, and the first for their student-block."""

    f: Facts
    placements: list[tuple[int, Placement]] = dataclasses.field(default_factory=list)
    at: dict[tuple[str, str], str] = dataclasses.field(default_factory=dict)
    """(student, block) -> practice"""
    index_of: dict[tuple[str, str], int] = dataclasses.field(default_factory=dict)
    excused: set[int] = dataclasses.field(default_factory=set)
    """Positions of the locked placements, when locks are excused."""

    def practice(self, code: str) -> Practice:
        return self.f.data.practices[self.f.practice_index[code]]

    def block(self, block_id: str) -> Block:
        return self.f.data.blocks[self.f.block_index[block_id]]


def _each_placement(f: Facts, placements: Sequence[Placement], excuse_locked: bool, out: list[Break]) -> _Kept:
    """The rules about one placement (a known student, block and practice, attended, once, every placement rule)."""
    data = f.data
    kept = _Kept(f)
    for i, pl in enumerate(placements):
        key = (pl.student_id, pl.block_id)

        def add(rule: str, text: str, i: int = i, pl: Placement = pl) -> None:
            out.append(Break(rule, pl.student_id, pl.block_id, pl.practice_code, text, i))

        s = data.students[f.student_index[pl.student_id]] if pl.student_id in f.student_index else None
        b = kept.block(pl.block_id) if pl.block_id in f.block_index else None
        p = kept.practice(pl.practice_code) if pl.practice_code in f.practice_index else None
        if s is None:
            add("known", f"there is no student {pl.student_id} in the data")
        elif b is None:
            add("known", f"there is no block {pl.block_id} in the data")
        elif p is None:
            add("known", f"there is no practice {pl.practice_code} in the data")
        elif not b.attended_by(s):
            add("attends", f"the student does not attend block {b.block_id}")
        elif key in kept.at:
            add("once", f"the student is already placed in block {b.block_id} (at {kept.at[key]})")
        else:
            kept.at[key], kept.index_of[key] = p.code, i
            kept.placements.append((i, pl))
            if excuse_locked and pl.locked:
                kept.excused.add(i)
                continue
            for rule, text in placement_breaks(f, s, b, p):
                add(rule, text)
    if excuse_locked:  # a lock keeps its place: the others fill what is left
        kept.placements.sort(key=lambda item: (not item[1].locked, item[0]))
    return kept


@dataclass(frozen=True)
class _PlanModel:
    """The kept placements as the tying rules (``ties``) read a plan: each placement its own unit (a student-block)
    with one arc, at its practice, so the plan is ``arange``. Satisfies ``ties.PlacedModel``."""

    n_practices: int
    n_blocks: int
    unit_block: np.ndarray
    unit_size: np.ndarray
    sb_unit: np.ndarray
    arc_unit: np.ndarray
    arc_practice: np.ndarray
    cap: np.ndarray
    """Places per practice and block; none at all is ``open_in_block``'s to say, so no limit here."""
    groups: list[tuple[int, tuple[int, ...], int]]
    """(practice, blocks on site on one date, rooms) for each practice with a rooms limit and a placement then."""
    days: list[dt.date]
    """The first date of each group."""
    apart: list[tuple[int, int]]
    learn_together: list[tuple[int, int]]
    """Placements (positions) of partners, both placed, in a block both attend or blocks that share a date."""


def _plan_model(kept: _Kept) -> _PlanModel:
    f, data = kept.f, kept.f.data
    block = np.array([f.block_index[pl.block_id] for _, pl in kept.placements], dtype=np.int64)
    practice = np.array([f.practice_index[pl.practice_code] for _, pl in kept.placements], dtype=np.int64)
    groups, days = _day_groups(kept, set(zip(practice.tolist(), block.tolist())))
    each = np.arange(len(block), dtype=np.int64)
    return _PlanModel(len(data.practices), len(data.blocks), block, np.ones(len(block), dtype=np.int64), each, each,
                      practice, np.where(f.capacity > 0, f.capacity, np.iinfo(np.int64).max), groups, days,
                      _partners_placed(kept, "apart"), _partners_placed(kept, "learn_together"))


def _day_groups(kept: _Kept, used: set[tuple[int, int]]) -> tuple[list[tuple[int, tuple[int, ...], int]],
                                                                  list[dt.date]]:
    """``_PlanModel.groups`` and their first dates, one per practice and set of blocks on site together."""
    limits = room_limits(kept.f.data.practices)
    on_dates = blocks_on_dates(kept.f.data.blocks)
    seen: set[tuple[int, ...]] = set()
    groups, days = [], []
    for day in sorted(on_dates):
        blocks = tuple(sorted(kept.f.block_index[b.block_id] for b in on_dates[day]))
        if blocks in seen:
            continue
        seen.add(blocks)
        for j in np.nonzero(limits >= 0)[0].tolist():
            if any((j, b) in used for b in blocks):
                groups.append((j, blocks, int(limits[j])))
                days.append(day)
    return groups, days


def _partners_placed(kept: _Kept, kind: str) -> list[tuple[int, int]]:
    data, f = kept.f.data, kept.f
    position = {(pl.student_id, pl.block_id): pos for pos, (_, pl) in enumerate(kept.placements)}
    out = []
    for pair in data.pairs:
        if pair.kind != kind or pair.student_a not in f.student_index or pair.student_b not in f.student_index:
            continue
        a, b = data.students[f.student_index[pair.student_a]], data.students[f.student_index[pair.student_b]]
        blocks = shared_blocks(data.blocks, a, b) if kind == "learn_together" else \
            [(blk, blk) for blk in data.blocks if blk.attended_by(a) and blk.attended_by(b)]
        for block_a, block_b in blocks:
            ka, kb = (a.student_id, block_a.block_id), (b.student_id, block_b.block_id)
            if ka in position and kb in position:
                out.append((position[ka], position[kb]))
    return out


def _capacity_breaks(kept: _Kept, model: _PlanModel, broken: set[int]) -> Iterable[Break]:
    """Named at each placement beyond the places, in order."""
    load: Counter[int] = Counter()
    for (i, pl), j, b in zip(kept.placements, model.arc_practice.tolist(), model.unit_block.tolist()):
        if j * model.n_blocks + b in broken:
            load[j * model.n_blocks + b] += 1
            used, places = load[j * model.n_blocks + b], int(model.cap[j, b])
            if used > places and i not in kept.excused:
                yield Break("capacity", pl.student_id, pl.block_id, pl.practice_code,
                            _full(used, places, kept.block(pl.block_id)), i)


def _room_breaks(kept: _Kept, model: _PlanModel, broken: set[int]) -> Iterable[Break]:
    """Named at each placement beyond the rooms, in order, on the first date it is (once)."""
    named: set[int] = set()
    for g in sorted(broken):
        j, blocks, limit = model.groups[g]
        there = np.nonzero((model.arc_practice == j) & np.isin(model.unit_block, blocks))[0]
        for on_site, pos in enumerate(there.tolist(), start=1):
            i, pl = kept.placements[pos]
            if on_site > limit and i not in kept.excused and i not in named:
                named.add(i)
                yield Break("rooms_per_day", pl.student_id, pl.block_id, pl.practice_code,
                            _crowded(on_site, limit, model.days[g]), i)


def _partner_breaks(kept: _Kept, model: _PlanModel, rule: ties.Apart | ties.LearnTogether,
                    text: Callable[[str, str, str], str]) -> Iterable[Break]:
    """Named at the partner placed later in the list."""
    for key in sorted(rule.check(model, np.arange(len(kept.placements)))):
        first, second = sorted((kept.placements[pos] for pos in rule.pairs(model)[key // model.n_practices]),
                               key=lambda item: item[0])
        (_, a), (i, b) = first, second
        if i not in kept.excused:
            yield Break(rule.name, b.student_id, b.block_id, b.practice_code,
                        text(a.student_id, b.practice_code, a.practice_code), i)


def _together_breaks(kept: _Kept) -> Iterable[Break]:
    data, f, at = kept.f.data, kept.f, kept.at
    for pair in data.pairs:
        if pair.kind != "together" or pair.student_a not in f.student_index or pair.student_b not in f.student_index:
            continue
        a, b_ = data.students[f.student_index[pair.student_a]], data.students[f.student_index[pair.student_b]]
        for block in data.blocks:
            if not (block.attended_by(a) and block.attended_by(b_)):
                continue
            ka, kb = (a.student_id, block.block_id), (b_.student_id, block.block_id)
            # named at the partner placed later in the list (or the only one placed)
            first, second = (ka, kb) if kept.index_of.get(ka, -1) <= kept.index_of.get(kb, -1) else (kb, ka)
            text = together_kept(first[0], at.get(second), at.get(first))
            if text is None or (at.get(ka) is None and at.get(kb) is None):
                continue
            i = kept.index_of[second]
            if i not in kept.excused:
                yield Break("together", second[0], block.block_id, at[second], text, i)


def plan_breaks(f: Facts, placements: Sequence[Placement], excuse_locked: bool = False) -> list[Break]:
    """Every hard rule the placements break, each named once at the placement that breaks it.

    A placement beyond a practice's places (or rooms) is the one that overfills it, in list order.
    ``excuse_locked``: a locked placement is the officer's decision and is not reported (the solver keeps it).
    """
    out: list[Break] = []
    kept = _each_placement(f, placements, excuse_locked, out)
    model = _plan_model(kept)
    plan = np.arange(len(kept.placements))
    out += [*_capacity_breaks(kept, model, ties.Capacity().check(model, plan)),
            *_room_breaks(kept, model, ties.RoomsPerDay().check(model, plan)), *_together_breaks(kept),
            *_partner_breaks(kept, model, ties.Apart(), _apart_text),
            *_partner_breaks(kept, model, ties.LearnTogether(), _learn_together_text)]
    return sorted(out, key=lambda br: (br.index, br.rule))


def unplaced_keys(data: DataSet, placements: Iterable[Placement]) -> list[tuple[str, str]]:
    """Every (student, block) of the data that needs a placement and has none in ``placements``."""
    placed = {(p.student_id, p.block_id) for p in placements}
    return [(s.student_id, b.block_id) for s, b in data.student_blocks() if (s.student_id, b.block_id) not in placed]
