"""Rules that tie placements together, each one object: ``check(plan)`` and ``rows(builder)``.

A solver states these rules as linear rows over its arc columns (one column per
unit at one practice, 1 = chosen). Each rule here writes its rows once, through
the small ``Builder`` interface; the adapters (``solver/mip.py`` for HiGHS,
``solver/count.py`` for GLOP, ``solver/rules.py`` for CP-SAT) turn them into
their solver's model. ``check(plan)`` is the same rule read on a plan (the
chosen arc of each unit, -1 = unplaced): the keys of the rows it breaks (hard
rules), or the value each of the rule's own columns takes (soft aims that need
one: the longest journey of a year, students over a fair share, repeats). Each
row carries its rule's name and a key (a place, a day group, a pair, a year),
so a test can hold every adapter's rows to the checker.

``together`` partners share one unit (``solver/problem.py``), so no row states
it. The hard rules' domain form (messages at a placement, places before the
rooms cap) is ``hard.py``; a test holds the two to the same verdict on random
plans. The costs per unit of each aim are ``aims.py``.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Generic, Protocol, Sequence, TypeVar

import numpy as np

from scheduler.domain import DataSet
from scheduler.rules import aims
from scheduler.rules.units import TENTHS

Ints = np.ndarray
"""An integer numpy array."""


class CandidateView(Protocol):
    @property
    def data(self) -> DataSet: ...

    @property
    def sb_student(self) -> np.ndarray: ...


class ArcModel(Protocol):
    """The solver's problem (``solver/problem.py``) as the rules read it: units, arcs and places."""

    @property
    def candidates(self) -> CandidateView: ...
    @property
    def weight_tenths(self) -> dict[str, int]: ...
    @property
    def n_practices(self) -> int: ...
    @property
    def n_blocks(self) -> int: ...
    @property
    def units(self) -> list[list[int]]: ...
    @property
    def unit_block(self) -> np.ndarray: ...
    @property
    def unit_year(self) -> np.ndarray: ...
    @property
    def unit_size(self) -> np.ndarray: ...
    @property
    def unit_locked(self) -> np.ndarray: ...
    @property
    def sb_unit(self) -> np.ndarray: ...
    @property
    def arc_ptr(self) -> np.ndarray: ...
    @property
    def arc_unit(self) -> np.ndarray: ...
    @property
    def arc_practice(self) -> np.ndarray: ...
    @property
    def arc_tmax10(self) -> np.ndarray: ...
    @property
    def cap(self) -> np.ndarray: ...
    @property
    def soft(self) -> np.ndarray: ...
    @property
    def groups(self) -> list[tuple[int, tuple[int, ...], int]]: ...
    @property
    def apart(self) -> list[tuple[int, int]]: ...
    @property
    def learn_together(self) -> list[tuple[int, int]]: ...
    @property
    def multi(self) -> list[list[int]]: ...
    @property
    def block_shares(self) -> np.ndarray: ...
    @property
    def block_medical(self) -> np.ndarray: ...


P = TypeVar("P", bound=ArcModel)


class Builder(ABC, Generic[P]):
    """What an adapter offers the rules. Columns ``0 .. len(arcs)-1`` are the arcs ``arcs`` (global arc numbers);
    a rule adds rows (``row`` numbers the new rows from 0, ``col`` names columns) and columns of its own."""

    def __init__(self, problem: P, arcs: np.ndarray) -> None:
        self.problem, self.arcs = problem, np.asarray(arcs, dtype=np.int64)
        p = problem
        self.local = np.arange(len(self.arcs))
        self.unit = p.arc_unit[self.arcs]
        self.size = p.unit_size[self.unit].astype(float)
        self.place = p.arc_practice[self.arcs] * p.n_blocks + p.unit_block[self.unit]
        self.units, self.unit_row = np.unique(self.unit, return_inverse=True)
        self.places, self.place_row = np.unique(self.place, return_inverse=True)

    @abstractmethod
    def add_rows(self, rule: str, keys: Ints, row: Ints, col: Ints, val: np.ndarray, lower: np.ndarray,
                 upper: np.ndarray) -> None:
        """Rows ``lower <= sum(val * column) <= upper``; ``keys[r]`` is what row r is about, for the checker."""

    @abstractmethod
    def add_columns(self, rule: str, keys: Ints, cost: np.ndarray, lower: np.ndarray, top: np.ndarray) -> Ints:
        """New columns (integer, at least ``lower``), their numbers. ``top`` is the most any plan makes them
        (the rows imply it: an adapter may leave them unbounded above; CP-SAT needs a domain)."""


class TyingRule(Protocol):
    """A rule over many placements: its rows for a model, and the same rule read on a plan."""

    @property
    def name(self) -> str: ...

    def rows(self, b: Builder[Any]) -> None: ...

    def check(self, problem: ArcModel, plan: np.ndarray) -> set[int] | dict[int, int]:
        """Hard: the keys of the rows the plan breaks. Soft: the value of each of the rule's columns."""


def _chosen(plan: np.ndarray) -> np.ndarray:
    return plan[plan >= 0]


def load_by_place(problem: ArcModel, plan: np.ndarray) -> np.ndarray:
    """Practices x blocks: students the plan puts there."""
    load = np.zeros((problem.n_practices, problem.n_blocks), dtype=np.int64)
    arcs = _chosen(plan)
    units = problem.arc_unit[arcs]
    np.add.at(load, (problem.arc_practice[arcs], problem.unit_block[units]), problem.unit_size[units])
    return load


@dataclass(frozen=True)
class OnePractice:
    """Hard: each unit goes to at most one practice, and a locked one to exactly one (its pinned practice)."""

    name: str = "one_practice"

    def rows(self, b: Builder[Any]) -> None:
        p, n = b.problem, len(b.arcs)
        b.add_rows(self.name, b.units, b.unit_row, b.local, np.ones(n),
                   np.where(p.unit_locked[b.units] >= 0, 1.0, -math.inf), np.ones(len(b.units)))

    def check(self, problem: ArcModel, plan: np.ndarray) -> set[int]:
        return {int(u) for u in np.nonzero((problem.unit_locked >= 0) & (plan < 0))[0]}


@dataclass(frozen=True)
class Capacity:
    """Hard: a practice takes at most its places in a block (after overrides and the rooms cap)."""

    name: str = "capacity"

    def rows(self, b: Builder[Any]) -> None:
        p = b.problem
        j_of, b_of = np.divmod(b.places, p.n_blocks)
        b.add_rows(self.name, b.places, b.place_row, b.local, b.size, np.full(len(b.places), -math.inf),
                   p.cap[j_of, b_of].astype(float))

    def check(self, problem: ArcModel, plan: np.ndarray) -> set[int]:
        j, blk = np.nonzero(load_by_place(problem, plan) > problem.cap)
        return {int(x) for x in j * problem.n_blocks + blk}


def group_incidence(problem: ArcModel, arcs: np.ndarray) -> tuple[Ints, Ints]:
    """Rooms per day: (position in ``arcs``, group) for every arc that counts in one of ``problem.groups``."""
    if not problem.groups or not len(arcs):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    place = problem.arc_practice[arcs] * problem.n_blocks + problem.unit_block[problem.arc_unit[arcs]]
    order = np.argsort(place, kind="stable")
    sorted_place = place[order]
    inc_arc, inc_group = [], []
    for g, (j, blocks, _) in enumerate(problem.groups):
        for blk in blocks:
            lo, hi = np.searchsorted(sorted_place, [j * problem.n_blocks + blk, j * problem.n_blocks + blk + 1])
            inc_arc.append(order[lo:hi])
            inc_group.append(np.full(hi - lo, g, dtype=np.int64))
    return np.concatenate(inc_arc), np.concatenate(inc_group)


@dataclass(frozen=True)
class RoomsPerDay:
    """Hard: at most a practice's consulting rooms of students of all years on site on any one date (the
    blocks of ``problem.groups`` share a date)."""

    name: str = "rooms_per_day"

    def rows(self, b: Builder[Any]) -> None:
        p = b.problem
        if not len(p.groups):
            return
        inc_arc, inc_group = group_incidence(p, b.arcs)
        limits = self.limits(p).astype(float)
        b.add_rows(self.name, np.arange(len(limits)), inc_group, inc_arc, b.size[inc_arc],
                   np.full(len(limits), -math.inf), limits)

    @staticmethod
    def limits(problem: ArcModel) -> Ints:
        """Each group's most students on site."""
        return np.array([limit for _, _, limit in problem.groups], dtype=np.int64)

    @staticmethod
    def groups_at(problem: ArcModel) -> dict[tuple[int, int], list[int]]:
        """(practice, block) -> the groups a student placed there counts in."""
        out: dict[tuple[int, int], list[int]] = {}
        for g, (j, blocks, _) in enumerate(problem.groups):
            for blk in blocks:
                out.setdefault((j, blk), []).append(g)
        return out

    def check(self, problem: ArcModel, plan: np.ndarray) -> set[int]:
        load = load_by_place(problem, plan)
        return {g for g, (j, blocks, limit) in enumerate(problem.groups) if load[j, list(blocks)].sum() > limit}


class PairRule(Protocol):
    """A hard rule over pairs of student-blocks in different units (``Apart``, ``LearnTogether``): which pairs,
    and which two practices (both placed) break it."""

    def pairs(self, problem: ArcModel) -> list[tuple[int, int]]: ...

    def clash(self, practice_a: int, practice_b: int) -> bool: ...


def _pair_check(rule: PairRule, problem: ArcModel, plan: np.ndarray) -> set[int]:
    """The keys (pair * n_practices + a's practice) of the pairs the plan breaks."""
    broken = set()
    for k, (ka, kb) in enumerate(rule.pairs(problem)):
        aa, ab = plan[problem.sb_unit[ka]], plan[problem.sb_unit[kb]]
        if problem.sb_unit[ka] != problem.sb_unit[kb] and aa >= 0 and ab >= 0 \
                and rule.clash(int(problem.arc_practice[aa]), int(problem.arc_practice[ab])):
            broken.add(k * problem.n_practices + int(problem.arc_practice[aa]))
    return broken


def partners(rule: PairRule, problem: ArcModel) -> dict[int, list[int]]:
    """Student-block -> its partners under the rule (both ways)."""
    out: dict[int, list[int]] = {}
    for a, b in rule.pairs(problem):
        out.setdefault(a, []).append(b)
        out.setdefault(b, []).append(a)
    return out


@dataclass(frozen=True)
class Apart:
    """Hard: ``apart`` partners never share a practice in a block both attend. Key: pair * n_practices + practice."""

    name: str = "apart"

    def rows(self, b: Builder[Any]) -> None:
        p = b.problem
        if not p.apart:
            return
        at = {(int(u), int(j)): i for i, (u, j) in enumerate(zip(b.unit, p.arc_practice[b.arcs]))}
        pairs: list[tuple[int, int]] = []
        keys: list[int] = []
        for k, (ka, kb) in enumerate(p.apart):
            ua, ub = int(p.sb_unit[ka]), int(p.sb_unit[kb])
            if ua == ub:
                continue
            for j in p.arc_practice[p.arc_ptr[ua]:p.arc_ptr[ua + 1]]:
                ia, ib = at.get((ua, int(j))), at.get((ub, int(j)))
                if ia is not None and ib is not None:
                    pairs.append((ia, ib))
                    keys.append(k * p.n_practices + int(j))
        if pairs:
            n = len(pairs)
            cols = np.array(pairs, dtype=np.int64)
            b.add_rows(self.name, np.array(keys, dtype=np.int64), np.repeat(np.arange(n), 2), cols.ravel(),
                       np.ones(2 * n), np.full(n, -math.inf), np.ones(n))

    @staticmethod
    def pairs(problem: ArcModel) -> list[tuple[int, int]]:
        return problem.apart

    @staticmethod
    def clash(practice_a: int, practice_b: int) -> bool:
        """Whether partners placed at these two practices break the rule."""
        return practice_a == practice_b

    def check(self, problem: ArcModel, plan: np.ndarray) -> set[int]:
        return _pair_check(self, problem, plan)


@dataclass(frozen=True)
class LearnTogether:
    """Hard: ``learn_together`` partners, both placed in blocks that share a date, are at one practice. For each
    practice ``j`` a's unit may take: a at ``j`` + b anywhere but ``j`` <= 1. Key: pair * n_practices + practice."""

    name: str = "learn_together"

    def rows(self, b: Builder[Any]) -> None:
        p = b.problem
        if not p.learn_together:
            return
        of_unit: dict[int, list[int]] = {}
        for i, u in enumerate(b.unit.tolist()):
            of_unit.setdefault(u, []).append(i)
        keys: list[int] = []
        row: list[int] = []
        col: list[int] = []
        for k, (ka, kb) in enumerate(p.learn_together):
            ua, ub = int(p.sb_unit[ka]), int(p.sb_unit[kb])
            if ua == ub:
                continue
            cols_b = of_unit.get(ub, [])
            practice_b = p.arc_practice[b.arcs[cols_b]] if cols_b else np.zeros(0, dtype=np.int64)
            for i in of_unit.get(ua, []):
                j = int(p.arc_practice[b.arcs[i]])
                row.extend([len(keys)] * (1 + int((practice_b != j).sum())))
                col.append(i)
                col.extend(c for c, jb in zip(cols_b, practice_b.tolist()) if jb != j)
                keys.append(k * p.n_practices + j)
        if keys:
            n = len(keys)
            b.add_rows(self.name, np.array(keys, dtype=np.int64), np.array(row, dtype=np.int64),
                       np.array(col, dtype=np.int64), np.ones(len(col)), np.full(n, -math.inf), np.ones(n))

    @staticmethod
    def pairs(problem: ArcModel) -> list[tuple[int, int]]:
        return problem.learn_together

    @staticmethod
    def clash(practice_a: int, practice_b: int) -> bool:
        """Whether partners placed at these two practices break the rule."""
        return practice_a != practice_b

    def check(self, problem: ArcModel, plan: np.ndarray) -> set[int]:
        return _pair_check(self, problem, plan)


PAIRS: tuple[PairRule, ...] = (Apart(), LearnTogether())
"""The hard rules over pairs of student-blocks."""


@dataclass(frozen=True)
class PlacedExactly:
    """The count fixed: exactly ``placed`` student-blocks placed (the soft aims are weighed at the proven count)."""

    placed: int
    name: str = "placed"

    def rows(self, b: Builder[Any]) -> None:
        n = len(b.arcs)
        b.add_rows(self.name, np.zeros(1, dtype=np.int64), np.zeros(n, dtype=np.int64), b.local, b.size,
                   np.array([float(self.placed)]), np.array([float(self.placed)]))

    def check(self, problem: ArcModel, plan: np.ndarray) -> set[int]:
        return set() if int(problem.unit_size[plan >= 0].sum()) == self.placed else {0}


@dataclass(frozen=True)
class Fairness:
    """Soft: each year's longest one-way journey (tenths of a minute), one column per year, at least its proven
    ``floors``. Each unit's row: floor + sum of (journey - floor, at least 0) x <= longest; it holds for every plan
    (the floor is proven), and a journey under the floor no longer offsets a longer one in a relaxation."""

    weight: int
    floors: dict[int, int] | None = None
    name: str = "fairness"

    def floor(self, year: int) -> int:
        return (self.floors or {}).get(int(year), 0)

    def rows(self, b: Builder[Any]) -> None:
        if not self.weight:
            return
        p = b.problem
        unit_year = p.unit_year[b.units]
        years = np.unique(unit_year)
        floor_of_year = np.array([float(self.floor(y)) for y in years])
        arc_year = p.unit_year[b.unit]
        top = np.array([max(self.floor(y), int(p.arc_tmax10[b.arcs[arc_year == y]].max())) for y in years], dtype=float)
        cols = b.add_columns(self.name, years, np.full(len(years), float(self.weight)), floor_of_year, top)
        k = len(b.units)
        col_of_unit = cols[np.searchsorted(years, unit_year)]
        floor = floor_of_year[np.searchsorted(years, arc_year)]
        b.add_rows(self.name, unit_year, np.concatenate([b.unit_row, np.arange(k)]),
                   np.concatenate([b.local, col_of_unit]),
                   np.concatenate([np.maximum(p.arc_tmax10[b.arcs] - floor, 0.0), -np.ones(k)]), np.full(k, -math.inf),
                   -floor_of_year[np.searchsorted(years, unit_year)])

    def check(self, problem: ArcModel, plan: np.ndarray) -> dict[int, int]:
        """Each year's longest journey (tenths), at least its floor, for the years with a unit in the plan's model."""
        arcs = _chosen(plan)
        years = problem.unit_year[problem.arc_unit[arcs]]
        return {int(y): max(self.floor(y), aims.longest(problem.arc_tmax10[arcs[years == y]]))
                for y in np.unique(problem.unit_year)}


@dataclass(frozen=True)
class CountedAim:
    """A soft aim that counts whole things (a student over a share, a repeat, a medical student alone)."""

    weight: int

    @property
    def price(self) -> int:
        """One counted thing in the solver's cost: the weight (tenths) times the aim's tenths per thing."""
        return self.weight * TENTHS


@dataclass(frozen=True)
class Balance(CountedAim):
    """Soft: students beyond a practice's fair share of the places it offers in a block, one column per place."""

    name: str = "balance"

    def rows(self, b: Builder[Any]) -> None:
        if not self.weight:
            return
        p = b.problem
        j_of, b_of = np.divmod(b.places, p.n_blocks)
        k = len(b.places)
        share = p.soft[j_of, b_of].astype(float)
        most = np.bincount(b.place_row, weights=b.size, minlength=k)
        cols = b.add_columns(self.name, b.places, np.full(k, float(self.price)), np.zeros(k),
                             np.maximum(most - share, 0.0))
        b.add_rows(self.name, b.places, np.concatenate([b.place_row, np.arange(k)]), np.concatenate([b.local, cols]),
                   np.concatenate([b.size, -np.ones(k)]), np.full(k, -math.inf), share)

    def check(self, problem: ArcModel, plan: np.ndarray) -> dict[int, int]:
        over = np.maximum(load_by_place(problem, plan) - problem.soft, 0)
        return {int(j * problem.n_blocks + blk): int(over[j, blk]) for j, blk in zip(*np.nonzero(over))}


def repeat_incidence(problem: ArcModel, arcs: np.ndarray) -> tuple[Ints, Ints]:
    """Same practice twice: for each student of each arc's unit who has several blocks, the arc's position in
    ``arcs`` and the key ``student * n_practices + practice`` (the arcs that can pay ``variety`` for a repeat,
    a together pair's for both students); empty without the aim."""
    empty = np.zeros(0, dtype=np.int64)
    if problem.weight_tenths["variety"] <= 0 or not len(arcs):
        return empty, empty
    several = np.zeros(len(problem.candidates.data.students), dtype=bool)
    for ks in problem.multi:
        several[problem.candidates.sb_student[ks[0]]] = True
    members = np.array([len(m) for m in problem.units], dtype=np.int64)
    member_ptr = np.concatenate([[0], np.cumsum(members)])
    member_student = problem.candidates.sb_student[np.concatenate(problem.units).astype(np.int64)]
    units = problem.arc_unit[arcs]
    at = np.repeat(np.arange(len(arcs)), members[units])
    # each arc's members, in order: its unit's first member plus the running offset within the unit
    offset = np.arange(len(at)) - np.repeat(np.cumsum(members[units]) - members[units], members[units])
    student = member_student[member_ptr[units[at]] + offset]
    keep = several[student]
    return at[keep], student[keep] * problem.n_practices + problem.arc_practice[arcs][at[keep]]


@dataclass(frozen=True)
class Repeats(CountedAim):
    """Soft (``variety``): a student's placements at a practice they already have in another block, one column
    per (student, practice) that two of the model's arcs share. Key: student * n_practices + practice."""

    name: str = "variety"

    def rows(self, b: Builder[Any]) -> None:
        if not self.weight:
            return
        at, keys = repeat_incidence(b.problem, b.arcs)
        if not len(keys):
            return
        uniq, counts = np.unique(keys, return_counts=True)
        twice = uniq[counts >= 2]
        hit = np.isin(keys, twice)
        k = len(twice)
        cols = b.add_columns(self.name, twice, np.full(k, float(self.price)), np.zeros(k),
                             (counts[counts >= 2] - 1).astype(float))
        b.add_rows(self.name, twice, np.concatenate([np.searchsorted(twice, keys[hit]), np.arange(k)]),
                   np.concatenate([at[hit], cols]), np.concatenate([np.ones(int(hit.sum())), -np.ones(k)]),
                   np.full(k, -math.inf), np.ones(k))

    def check(self, problem: ArcModel, plan: np.ndarray) -> dict[int, int]:
        arcs = _chosen(plan)
        at, keys = repeat_incidence(problem, arcs)
        uniq, counts = np.unique(keys, return_counts=True)
        return {int(key): int(c) - 1 for key, c in zip(uniq, counts) if c >= 2}


@dataclass(frozen=True)
class Interprofessional(CountedAim):
    """Soft (``interprofessional``): a medical unit at a practice with no learner of another programme there in a
    block sharing a date, one column per medical arc (its medical students, or 0). Row: m x_a - m (sum of the other
    programmes' arcs there in such blocks) - column <= 0, m the unit's size. Key: arc. None with one programme."""

    name: str = "interprofessional"

    def rows(self, b: Builder[Any]) -> None:
        if not self.weight:
            return
        p = b.problem
        block = p.unit_block[b.unit]
        medical = p.block_medical[block]
        if not medical.any() or p.block_medical.all():
            return
        practice = p.arc_practice[b.arcs]
        others_at: dict[int, list[int]] = {}
        for i in np.nonzero(~medical)[0].tolist():
            others_at.setdefault(int(practice[i]), []).append(i)
        mine = np.nonzero(medical)[0]
        m = b.size[mine]
        cols = b.add_columns(self.name, b.arcs[mine], np.full(len(mine), float(self.price)),
                             np.zeros(len(mine)), m)
        row: list[Ints] = []
        col: list[Ints] = []
        val: list[np.ndarray] = []
        for r, i in enumerate(mine.tolist()):
            near = np.array(others_at.get(int(practice[i]), []), dtype=np.int64)
            near = near[p.block_shares[block[i], block[near]]] if len(near) else near
            row.append(np.full(len(near) + 2, r, dtype=np.int64))
            col.append(np.concatenate([[i, cols[r]], near]))
            val.append(np.concatenate([[m[r], -1.0], np.full(len(near), -m[r])]))
        n = len(mine)
        b.add_rows(self.name, b.arcs[mine], np.concatenate(row), np.concatenate(col), np.concatenate(val),
                   np.full(n, -math.inf), np.zeros(n))

    def check(self, problem: ArcModel, plan: np.ndarray) -> dict[int, int]:
        """The medical students of each chosen arc with no day beside a learner of another programme."""
        load = load_by_place(problem, plan)
        alone = aims.unmixed(load, problem.block_shares, problem.block_medical) > 0
        arcs = _chosen(plan)
        units = problem.arc_unit[arcs]
        here = alone[problem.arc_practice[arcs], problem.unit_block[units]]
        return {int(a): int(problem.unit_size[u]) for a, u, h in zip(arcs, units, here) if h}


def mixed_student_blocks(problem: ArcModel, plan: np.ndarray) -> tuple[int, int]:
    """(medical student-blocks placed with a day beside a learner of another programme, medical placed)."""
    arcs = _chosen(plan)
    units = problem.arc_unit[arcs]
    medical = int(problem.unit_size[units][problem.block_medical[problem.unit_block[units]]].sum())
    return medical - sum(Interprofessional(1).check(problem, plan).values()), medical


HARD: tuple[TyingRule, ...] = (OnePractice(), Capacity(), RoomsPerDay(), Apart(), LearnTogether())
"""The hard rules every model of a plan states, in the order the adapters add them."""


def model_rules(problem: ArcModel, *, soft: bool, placed: int | None = None,
                floors: dict[int, int] | None = None) -> Sequence[TyingRule]:
    """The rules of one model: the hard ones; with ``soft``, the count fixed at ``placed`` (when given) and the
    aims that need columns of their own, weighted as the settings say."""
    if not soft:
        return HARD
    fixed: tuple[TyingRule, ...] = () if placed is None else (PlacedExactly(placed),)
    w = problem.weight_tenths
    return HARD + fixed + (Fairness(w["fairness"], floors), Balance(w["balance"]), Repeats(w["variety"]),
                           Interprofessional(w["interprofessional"]))
