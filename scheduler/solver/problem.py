"""The solver's working form of a data set: units, arcs, places and their integer costs.

A *unit* is what gets one practice: a single student-block, or the
student-blocks of one block whose students are tied by ``together`` pairs
(they go to the same practice or are all unplaced). An *arc* is a unit at one
candidate practice, with its cost (all per-arc soft terms summed); a *place*
is a (practice, block) with its capacity (already capped by the practice's
``max_students_per_day`` when the block has teaching days) and fair share.

Costs are integers in hundredths: a weight w and a journey of m minutes cost
round(10 w) * round(10 m). Every cost comes from the aims of
``scheduler.rules.aims``; ``evaluate`` adds them up over an assignment.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scheduler.domain import DEFAULT_PROGRAMME, DataSet
from scheduler.rules import aims
from scheduler.rules.hard import shared_blocks
from scheduler.rules.places import on_site, room_limits
from scheduler.rules.quality import practice_flags
from scheduler.rules.ties import repeat_incidence
from scheduler.rules.units import TENTHS, tenths, weight_tenths
from scheduler.settings import SOFT_TERMS, Settings
from scheduler.solver import candidates as cand_mod
from scheduler.solver.candidates import Candidates
from scheduler.solver.days import blocks_by_date, day_groups

SCALE = 100
"""Integer costs are hundredths of the objective's units."""
MOVE_WEIGHT = 500.0
"""Min-change re-planning: cost of moving one student-block, in objective units (minutes of travel)."""


def scaled_weights(settings: Settings) -> dict[str, int]:
    return {name: weight_tenths(settings.weights.get(name, 0.0)) for name in SOFT_TERMS}


@dataclass
class Problem:
    """Units, arcs and places of one data set; ``build_problem`` makes one (the fields below the first block are
    filled in by its steps, in that order)."""

    candidates: Candidates
    settings: Settings
    weight_tenths: dict[str, int]
    """Each soft aim's weight, in tenths (``rules.units.weight_tenths``)."""
    n_practices: int
    n_blocks: int
    apart: list[tuple[int, int]]
    """Pairs of student-blocks (same block) that may not share a practice."""
    learn_together: list[tuple[int, int]]
    """Pairs of student-blocks (blocks sharing a date) that, both placed, share a practice."""
    multi: list[list[int]]
    """Student-blocks of each student with more than one block (for ``variety``)."""
    block_shares: np.ndarray
    """Blocks x blocks: True where two blocks share a teaching date (for ``interprofessional``)."""
    block_medical: np.ndarray
    """Per block: True for a block of the medicine programme."""
    journey_tenths: np.ndarray
    """Journey of each student to each practice (students x practices), tenths of a minute."""
    rank_cost: np.ndarray
    history: np.ndarray
    flagged: np.ndarray
    """Per practice: True where it is flagged for review (for ``quality``)."""
    previous: np.ndarray | None = None
    """Practice of each student-block in the previous plan (-1 = none), for min-change."""
    # units and arcs (``_add_units``)
    units: list[list[int]] = field(init=False)
    """Members (student-block indices) of each unit."""
    unit_block: np.ndarray = field(init=False)
    unit_year: np.ndarray = field(init=False)
    unit_size: np.ndarray = field(init=False)
    unit_locked: np.ndarray = field(init=False)
    """Practice index the unit is pinned to, or -1."""
    sb_unit: np.ndarray = field(init=False)
    arc_ptr: np.ndarray = field(init=False)
    arc_unit: np.ndarray = field(init=False)
    arc_practice: np.ndarray = field(init=False)
    arc_cost: np.ndarray = field(init=False)
    """Cost of the unit at the practice (all members, all per-arc soft terms, min-change moves)."""
    arc_tmax10: np.ndarray = field(init=False)
    """Longest member journey on the arc, tenths of a minute."""
    together_split: list[tuple[int, int]] = field(init=False)
    """``together`` partners (same block) that could not share any practice: both unplaced."""
    # places (``_add_places``)
    cap: np.ndarray = field(init=False)
    """Places per (practice, block), after the per-day room limit."""
    soft: np.ndarray = field(init=False)
    """Fair share per (practice, block): students beyond it cost ``balance``."""
    groups: list[tuple[int, tuple[int, ...], int]] = field(init=False)
    """(practice, blocks active on a common date, room limit) where the limit can bind."""

    @property
    def n_units(self) -> int:
        return len(self.units)

    def arcs_of(self, u: int) -> range:
        return range(int(self.arc_ptr[u]), int(self.arc_ptr[u + 1]))

    def place(self, practice: np.ndarray | int, block: np.ndarray | int) -> np.ndarray | int:
        return practice * self.n_blocks + block

    def unplaced_move_cost(self, k: int) -> int:
        if self.previous is not None and self.previous[k] >= 0:
            return int(MOVE_WEIGHT * SCALE)
        return 0


def build_problem(data: DataSet, settings: Settings, candidates: Candidates | None = None,
                  locked: dict[int, int] | None = None, previous: np.ndarray | None = None) -> Problem:
    """Units, arcs and places; ``locked`` maps student-block -> pinned practice."""
    candidates = candidates or cand_mod.build(data, settings)
    journey_tenths = tenths(candidates.matrix.minutes).reshape(len(data.students), len(data.practices))
    problem = Problem(
        candidates=candidates, settings=settings, weight_tenths=scaled_weights(settings), n_practices=len(data.practices),
        n_blocks=len(data.blocks), apart=_apart_pairs(data, candidates),
        learn_together=_learn_together_pairs(data, candidates), multi=_students_with_blocks(candidates),
        block_shares=_block_shares(data),
        block_medical=np.array([b.programme == DEFAULT_PROGRAMME for b in data.blocks], dtype=bool),
        journey_tenths=journey_tenths,
        rank_cost=aims.rank_steps(data, candidates.student_index, candidates.practice_index),
        history=aims.been_there(data, candidates.student_index, candidates.practice_index),
        flagged=practice_flags(data, settings), previous=previous)
    _add_units(problem, data, locked or {})
    pinned_load, limits = _add_places(problem, data)
    _drop_oversized(problem)
    problem.soft = _fair_share(candidates, problem.cap)
    problem.groups = _day_groups(data, problem.cap, pinned_load, limits)
    return problem


def together_groups(data: DataSet, candidates: Candidates) -> list[list[int]]:
    """Student-blocks of one block tied by ``together`` pairs (union-find over students), in a stable order."""
    s_index = candidates.student_index
    parent = list(range(len(data.students)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in data.pairs:
        if pair.kind == "together" and pair.student_a in s_index and pair.student_b in s_index:
            a, b = find(s_index[pair.student_a]), find(s_index[pair.student_b])
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups_of: dict[tuple[int, int], list[int]] = {}
    for k in range(candidates.n_sb):
        groups_of.setdefault((find(int(candidates.sb_student[k])), int(candidates.sb_block[k])), []).append(k)
    return list(groups_of.values())


class _MemberCost:
    """Cost of student-blocks at practices: every per-placement aim, weighted, and min-change moves."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.threshold10 = int(tenths(problem.settings.long_travel_threshold_minutes))

    def __call__(self, ks: np.ndarray, js: np.ndarray) -> np.ndarray:
        p = self.problem
        s = p.candidates.sb_student[ks]
        values = aims.per_placement(p.journey_tenths[s, js], self.threshold10, p.rank_cost[s, js], p.history[s, js],
                                    p.flagged[js])
        cost = sum(p.weight_tenths[name] * values[name] for name in aims.PER_PLACEMENT)
        if p.previous is not None:
            cost = cost + ((p.previous[ks] >= 0) & (p.previous[ks] != js)) * int(MOVE_WEIGHT * SCALE)
        return np.asarray(cost)


class _UnitsBuilder:
    """Collects units and their arcs, one unit at a time."""

    def __init__(self, problem: Problem) -> None:
        self.problem, self.candidates = problem, problem.candidates
        self.member_cost = _MemberCost(problem)
        self.units: list[list[int]] = []
        self.block: list[int] = []
        self.pin: list[int] = []
        self.arc_ptr = [0]
        self.practice: list[np.ndarray] = []
        self.cost: list[np.ndarray] = []
        self.tmax: list[np.ndarray] = []
        self.together_split: list[tuple[int, int]] = []
        c = self.candidates
        self.candidate_cost = self.member_cost(np.repeat(np.arange(c.n_sb), np.diff(c.ptr)), c.practice)

    def add(self, members: list[int], prac: np.ndarray, cost: np.ndarray, tmax: np.ndarray, pin: int) -> None:
        self.units.append(members)
        self.block.append(int(self.candidates.sb_block[members[0]]))
        self.pin.append(pin)
        self.practice.append(prac.astype(np.int64))
        self.cost.append(np.asarray(cost).astype(np.int64))
        self.tmax.append(tmax.astype(np.int64))
        self.arc_ptr.append(self.arc_ptr[-1] + len(prac))

    def alone(self, k: int) -> None:
        c = self.candidates
        lo, hi = c.ptr[k], c.ptr[k + 1]
        self.add([k], c.practice[lo:hi], self.candidate_cost[lo:hi], c.travel10[lo:hi], -1)

    def pinned(self, members: list[int], j: int) -> None:
        ks = np.array(members, dtype=np.int64)
        cost = self.member_cost(ks, np.full(len(ks), j)).sum()
        tmax = self.problem.journey_tenths[self.candidates.sb_student[ks], j].max()
        self.add(members, np.array([j]), np.array([cost]), np.array([tmax]), j)

    def together(self, members: list[int]) -> None:
        """Partners who move as one: the practices all of them may go to, their costs summed."""
        c = self.candidates
        common = c.of(members[0])
        for k in members[1:]:
            common = np.intersect1d(common, c.of(k))
        cost = np.zeros(len(common), dtype=np.int64)
        tmax = np.zeros(len(common), dtype=np.int64)
        for k in members:
            lo, hi = c.ptr[k], c.ptr[k + 1]
            pos = np.searchsorted(c.practice[lo:hi], common)
            cost += self.candidate_cost[lo:hi][pos]
            tmax = np.maximum(tmax, c.travel10[lo:hi][pos])
        if not len(common):
            self.together_split.extend((a, b) for a in members for b in members if a < b)
        self.add(members, common, cost, tmax, -1)

    def into(self, problem: Problem, years: np.ndarray) -> None:
        """Writes the units and arcs into ``problem``."""
        n_u = len(self.units)
        empty = np.zeros(0, dtype=np.int64)
        problem.units = self.units
        problem.unit_block = np.array(self.block, dtype=np.int64)
        problem.unit_year = years[problem.unit_block] if n_u else empty
        problem.unit_size = np.array([len(m) for m in self.units], dtype=np.int64)
        problem.unit_locked = np.array(self.pin, dtype=np.int64)
        problem.sb_unit = np.zeros(self.candidates.n_sb, dtype=np.int64)
        for u, members in enumerate(self.units):
            problem.sb_unit[members] = u
        problem.arc_ptr = np.array(self.arc_ptr, dtype=np.int64)
        problem.arc_unit = np.repeat(np.arange(n_u), np.diff(problem.arc_ptr)).astype(np.int64)
        problem.arc_practice = np.concatenate(self.practice) if self.practice else empty
        problem.arc_cost = np.concatenate(self.cost) if self.cost else empty
        problem.arc_tmax10 = np.concatenate(self.tmax) if self.tmax else empty
        problem.together_split = self.together_split


def _add_units(problem: Problem, data: DataSet, locked: dict[int, int]) -> None:
    """Units (``together`` groups move as one; a lock pins its unit) and their arcs with costs."""
    units = _UnitsBuilder(problem)
    for members in together_groups(data, problem.candidates):
        pins = {locked[k] for k in members if k in locked}
        if len(pins) > 1:
            # partners locked apart by an officer: the lock wins, each member on their own
            for k in members:
                if k in locked:
                    units.pinned([k], locked[k])
                else:
                    units.alone(k)
        elif pins:
            units.pinned(members, pins.pop())
        elif len(members) == 1:
            units.alone(members[0])
        else:
            units.together(members)
    units.into(problem, np.array([b.year for b in data.blocks], dtype=np.int64))


def _drop_oversized(problem: Problem) -> None:
    """Drops the arcs of ``together`` units to places with fewer places than partners (locked units keep theirs).

    No plan uses such an arc, but the linear relaxations do (half a pair in the last place), which loosens the
    count's LP and lengthens the count MIP's proof.
    """
    p = problem
    fits = (p.unit_size[p.arc_unit] <= p.cap[p.arc_practice, p.unit_block[p.arc_unit]]) \
        | (p.unit_locked[p.arc_unit] >= 0)
    if fits.all():
        return
    per_unit = np.bincount(p.arc_unit[fits], minlength=len(p.units))
    p.arc_ptr = np.concatenate([[0], np.cumsum(per_unit)]).astype(np.int64)
    p.arc_unit, p.arc_practice = p.arc_unit[fits], p.arc_practice[fits]
    p.arc_cost, p.arc_tmax10 = p.arc_cost[fits], p.arc_tmax10[fits]


def _add_places(problem: Problem, data: DataSet) -> tuple[np.ndarray, np.ndarray]:
    """Places per (practice, block): capacity capped by the rooms of a block with teaching days, never below locks.

    Returns the locked students per place and each practice's room limit (-1 = none).
    """
    p = problem
    cap, limits = on_site(p.candidates.capacity, data), room_limits(data.practices)
    pinned_load = np.zeros_like(cap)
    for u in np.nonzero(p.unit_locked >= 0)[0]:
        pinned_load[p.unit_locked[u], p.unit_block[u]] += p.unit_size[u]
    p.cap = np.maximum(cap, pinned_load)  # an officer's lock always keeps its place
    return pinned_load, limits


def _fair_share(candidates: Candidates, cap: np.ndarray) -> np.ndarray:
    """Fair share per (practice, block): the block's students spread over the places its candidates offer."""
    soft = np.zeros_like(cap)
    n_p = cap.shape[0]
    for b in range(cap.shape[1]):
        members_b = np.nonzero(candidates.sb_block == b)[0]
        if not len(members_b):
            continue
        used = np.zeros(n_p, dtype=bool)
        offering = np.concatenate([np.arange(candidates.ptr[k], candidates.ptr[k + 1]) for k in members_b])
        used[candidates.practice[offering]] = True
        offered = int(cap[used, b].sum())
        share = min(1.0, len(members_b) / offered) if offered else 1.0
        soft[:, b] = np.ceil(share * cap[:, b] - 1e-9).astype(np.int64)
    return soft


def _day_groups(data: DataSet, cap: np.ndarray, pinned_load: np.ndarray,
                limits: np.ndarray) -> list[tuple[int, tuple[int, ...], int]]:
    """(practice, blocks on site together, room limit) wherever the places could exceed the rooms."""
    groups: list[tuple[int, tuple[int, ...], int]] = []
    for g in day_groups(data.blocks):
        if len(g) < 2:
            continue
        for j in np.nonzero(limits >= 0)[0]:
            if int(cap[j, list(g)].sum()) > limits[j]:
                groups.append((int(j), g, max(int(limits[j]), int(pinned_load[j, list(g)].sum()))))
    return groups


def _apart_pairs(data: DataSet, candidates: Candidates) -> list[tuple[int, int]]:
    """Student-blocks (same block) of ``apart`` partners."""
    apart: list[tuple[int, int]] = []
    for pair in data.pairs:
        if pair.kind != "apart":
            continue
        for b in data.blocks:
            ka = candidates.sb_index.get((pair.student_a, b.block_id))
            kb = candidates.sb_index.get((pair.student_b, b.block_id))
            if ka is not None and kb is not None and ka != kb:
                apart.append((ka, kb))
    return apart


def _learn_together_pairs(data: DataSet, candidates: Candidates) -> list[tuple[int, int]]:
    """Student-blocks of ``learn_together`` partners in blocks that share a teaching date."""
    students = {s.student_id: s for s in data.students}
    out: list[tuple[int, int]] = []
    for pair in data.pairs:
        a, b = students.get(pair.student_a), students.get(pair.student_b)
        if pair.kind != "learn_together" or a is None or b is None:
            continue
        for block_a, block_b in shared_blocks(data.blocks, a, b):
            ka = candidates.sb_index.get((a.student_id, block_a.block_id))
            kb = candidates.sb_index.get((b.student_id, block_b.block_id))
            if ka is not None and kb is not None and ka != kb:
                out.append((ka, kb))
    return out


def _block_shares(data: DataSet) -> np.ndarray:
    shares = np.zeros((len(data.blocks), len(data.blocks)), dtype=bool)
    for ids in set(blocks_by_date(data.blocks).values()):
        at = np.array(sorted(ids))
        shares[np.ix_(at, at)] = True
    return shares


def _students_with_blocks(candidates: Candidates) -> list[list[int]]:
    by_student: dict[int, list[int]] = {}
    for k in range(candidates.n_sb):
        by_student.setdefault(int(candidates.sb_student[k]), []).append(k)
    return [ks for ks in by_student.values() if len(ks) > 1]


# -- evaluation of an assignment --------------------------------------------------------------

def repeat_keys(problem: Problem, arcs: np.ndarray) -> np.ndarray:
    """The key of ``repeat_incidence`` of each arc of a one-student unit; -1 elsewhere (the flow relaxation
    prices one key per arc, so a together pair's repeats are left out of its bound)."""
    keys = np.full(len(arcs), -1, dtype=np.int64)
    at, key = repeat_incidence(problem, arcs)
    single = problem.unit_size[problem.arc_unit[arcs]][at] == 1
    keys[at[single]] = key[single]
    return keys


def sb_assignment(problem: Problem, unit_arc: np.ndarray) -> np.ndarray:
    """Practice of each student-block (-1 = unplaced) from the chosen arc of each unit (-1 = none)."""
    out = np.full(problem.candidates.n_sb, -1, dtype=np.int64)
    for u, a in enumerate(unit_arc):
        if a >= 0:
            out[problem.units[u]] = problem.arc_practice[a]
    return out


def evaluate(problem: Problem, assign: np.ndarray) -> dict[str, float]:
    """The soft terms (original units) and ``moves`` of a student-block assignment, from ``scheduler.rules.aims``."""
    c = problem.candidates
    placed = np.nonzero(assign >= 0)[0]
    s = c.sb_student[placed]
    j = assign[placed]
    journeys = problem.journey_tenths[s, j]
    threshold10 = int(tenths(problem.settings.long_travel_threshold_minutes))
    tenths_of = {name: 0 for name in SOFT_TERMS}
    for name, values in aims.per_placement(journeys, threshold10, problem.rank_cost[s, j], problem.history[s, j],
                                           problem.flagged[j]).items():
        tenths_of[name] += int(values.sum())
    years = np.array([b.year for b in c.data.blocks], dtype=np.int64)[c.sb_block[placed]]
    tenths_of["fairness"] = sum(aims.longest(journeys[years == y]) for y in np.unique(years))
    load = np.zeros((problem.n_practices, problem.n_blocks), dtype=np.int64)
    np.add.at(load, (j, c.sb_block[placed]), 1)
    tenths_of["balance"] = int(aims.over_share(load, problem.soft).sum())
    tenths_of["variety"] += sum(aims.same_practice_twice(assign[ks]) for ks in problem.multi)
    tenths_of["interprofessional"] = int(aims.unmixed(load, problem.block_shares, problem.block_medical).sum())
    terms = {name: value / TENTHS for name, value in tenths_of.items()}
    if problem.previous is not None:
        terms["moves"] = float(((problem.previous >= 0) & (assign != problem.previous)).sum())
    return terms


def objective_of(problem: Problem, terms: dict[str, float]) -> float:
    w = problem.weight_tenths
    total = sum(w[name] / TENTHS * terms.get(name, 0.0) for name in SOFT_TERMS)
    return total + MOVE_WEIGHT * terms.get("moves", 0.0)


def scaled_objective(problem: Problem, terms: dict[str, float]) -> int:
    return int(round(objective_of(problem, terms) * SCALE))
