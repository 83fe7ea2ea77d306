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

import dataclasses
from dataclasses import dataclass

import numpy as np

from scheduler.domain import DataSet
from scheduler.rules import aims
from scheduler.rules.places import on_site, room_limits
from scheduler.rules.ties import repeat_incidence
from scheduler.rules.units import TENTHS, tenths, weight_tenths
from scheduler.settings import SOFT_TERMS, Settings
from scheduler.solver import candidates as cand_mod
from scheduler.solver.candidates import Candidates
from scheduler.solver.days import day_groups

SCALE = 100
"""Integer costs are hundredths of the objective's units."""
MOVE_WEIGHT = 500.0
"""Min-change re-planning: cost of moving one student-block, in objective units (minutes of travel)."""


def scaled_weights(settings: Settings) -> dict[str, int]:
    return {name: weight_tenths(settings.weights.get(name, 0.0)) for name in SOFT_TERMS}


@dataclass
class Problem:
    cands: Candidates
    settings: Settings
    ws: dict[str, int]
    n_practices: int
    n_blocks: int
    units: list[list[int]]
    """Members (student-block indices) of each unit."""
    unit_block: np.ndarray
    unit_year: np.ndarray
    unit_size: np.ndarray
    unit_locked: np.ndarray
    """Practice index the unit is pinned to, or -1."""
    sb_unit: np.ndarray
    arc_ptr: np.ndarray
    arc_unit: np.ndarray
    arc_practice: np.ndarray
    arc_cost: np.ndarray
    """Cost of the unit at the practice (all members, all per-arc soft terms, min-change moves)."""
    arc_tmax10: np.ndarray
    """Longest member journey on the arc, tenths of a minute."""
    cap: np.ndarray
    """Places per (practice, block), after the per-day room limit."""
    soft: np.ndarray
    """Fair share per (practice, block): students beyond it cost ``balance``."""
    groups: list[tuple[int, tuple[int, ...], int]]
    """(practice, blocks active on a common date, room limit) where the limit can bind."""
    apart: list[tuple[int, int]]
    """Pairs of student-blocks (same block) that may not share a practice."""
    together_split: list[tuple[int, int]]
    """``together`` partners (same block) that could not share any practice: both unplaced."""
    multi: list[list[int]]
    """Student-blocks of each student with more than one block (for ``variety``)."""
    all10: np.ndarray
    rank_cost: np.ndarray
    history: np.ndarray
    previous: np.ndarray | None = None
    """Practice of each student-block in the previous plan (-1 = none), for min-change."""

    @property
    def n_units(self) -> int:
        return len(self.units)

    def arcs_of(self, u: int) -> range:
        return range(int(self.arc_ptr[u]), int(self.arc_ptr[u + 1]))

    def place(self, practice: np.ndarray | int, block: np.ndarray | int):
        return practice * self.n_blocks + block

    def unplaced_move_cost(self, k: int) -> int:
        if self.previous is not None and self.previous[k] >= 0:
            return int(MOVE_WEIGHT * SCALE)
        return 0


def build_problem(data: DataSet, settings: Settings, cands: Candidates | None = None,
                  locked: dict[int, int] | None = None, previous: np.ndarray | None = None) -> Problem:
    """Units, arcs and places; ``locked`` maps student-block -> pinned practice."""
    cands = cands or cand_mod.build(data, settings)
    n_s, n_p = len(data.students), len(data.practices)
    ws = scaled_weights(settings)
    all10 = tenths(cands.matrix.minutes).reshape(n_s, n_p)
    rank_cost = aims.rank_steps(data, cands.student_index, cands.practice_index)
    history = aims.been_there(data, cands.student_index, cands.practice_index)
    threshold10 = int(tenths(settings.long_travel_threshold_minutes))

    def member_cost(ks: np.ndarray, js: np.ndarray) -> np.ndarray:
        """Cost of each student-block ``ks`` at practice ``js``: every per-placement aim, weighted, and moves."""
        s = cands.sb_student[ks]
        values = aims.per_placement(all10[s, js], threshold10, rank_cost[s, js], history[s, js])
        cost = sum(ws[name] * values[name] for name in aims.PER_PLACEMENT)
        if previous is not None:
            cost = cost + ((previous[ks] >= 0) & (previous[ks] != js)) * int(MOVE_WEIGHT * SCALE)
        return cost

    arcs = _units(cands, data, locked or {}, member_cost, all10)
    cap, pinned_load, limits = _places(cands, data, arcs)
    arcs = _without_oversized(arcs, cap, len(data.blocks))
    return Problem(
        cands=cands, settings=settings, ws=ws, n_practices=n_p, n_blocks=len(data.blocks), units=arcs.units,
        unit_block=arcs.unit_block, unit_year=arcs.unit_year, unit_size=arcs.unit_size,
        unit_locked=arcs.unit_locked, sb_unit=arcs.sb_unit, arc_ptr=arcs.arc_ptr, arc_unit=arcs.arc_unit,
        arc_practice=arcs.arc_practice, arc_cost=arcs.arc_cost, arc_tmax10=arcs.arc_tmax10,
        cap=cap, soft=_fair_share(cands, cap), groups=_day_groups(data, cap, pinned_load, limits),
        apart=_apart_pairs(data, cands), together_split=arcs.together_split, multi=_students_with_blocks(cands),
        all10=all10, rank_cost=rank_cost, history=history, previous=previous,
    )


@dataclass
class _Arcs:
    units: list[list[int]]
    unit_block: np.ndarray
    unit_year: np.ndarray
    unit_size: np.ndarray
    unit_locked: np.ndarray
    sb_unit: np.ndarray
    arc_ptr: np.ndarray
    arc_unit: np.ndarray
    arc_practice: np.ndarray
    arc_cost: np.ndarray
    arc_tmax10: np.ndarray
    together_split: list[tuple[int, int]]


def together_groups(data: DataSet, cands: Candidates) -> list[list[int]]:
    """Student-blocks of one block tied by ``together`` pairs (union-find over students), in a stable order."""
    s_index = cands.student_index
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
    for k in range(cands.n_sb):
        groups_of.setdefault((find(int(cands.sb_student[k])), int(cands.sb_block[k])), []).append(k)
    return list(groups_of.values())


def _units(cands: Candidates, data: DataSet, locked: dict[int, int], member_cost, all10: np.ndarray) -> _Arcs:
    """Units (``together`` groups move as one; a lock pins its unit) and their arcs with costs."""
    units: list[list[int]] = []
    u_block, u_size, u_locked = [], [], []
    a_ptr = [0]
    a_prac: list[np.ndarray] = []
    a_cost: list[np.ndarray] = []
    a_tmax: list[np.ndarray] = []
    together_split: list[tuple[int, int]] = []
    cost_of_candidate = member_cost(np.repeat(np.arange(cands.n_sb), np.diff(cands.ptr)), cands.practice)

    def add_unit(members: list[int], prac: np.ndarray, cost: np.ndarray, tmax: np.ndarray, pin: int) -> None:
        units.append(members)
        u_block.append(int(cands.sb_block[members[0]]))
        u_size.append(len(members))
        u_locked.append(pin)
        a_prac.append(prac.astype(np.int64))
        a_cost.append(np.asarray(cost).astype(np.int64))
        a_tmax.append(tmax.astype(np.int64))
        a_ptr.append(a_ptr[-1] + len(prac))

    def alone(k: int) -> None:
        lo, hi = cands.ptr[k], cands.ptr[k + 1]
        add_unit([k], cands.practice[lo:hi], cost_of_candidate[lo:hi], cands.travel10[lo:hi], -1)

    def pinned(members: list[int], j: int) -> None:
        ks = np.array(members, dtype=np.int64)
        cost = member_cost(ks, np.full(len(ks), j)).sum()
        tmax = all10[cands.sb_student[ks], j].max()
        add_unit(members, np.array([j]), np.array([cost]), np.array([tmax]), j)

    for members in together_groups(data, cands):
        pins = {locked[k] for k in members if k in locked}
        if len(pins) > 1:
            # partners locked apart by an officer: the lock wins, each member on their own
            for k in members:
                if k in locked:
                    pinned([k], locked[k])
                else:
                    alone(k)
        elif pins:
            pinned(members, pins.pop())
        elif len(members) == 1:
            alone(members[0])
        else:
            common = None
            for k in members:
                prac = cands.of(k)
                common = prac if common is None else np.intersect1d(common, prac)
            cost = np.zeros(len(common), dtype=np.int64)
            tmax = np.zeros(len(common), dtype=np.int64)
            for k in members:
                lo, hi = cands.ptr[k], cands.ptr[k + 1]
                pos = np.searchsorted(cands.practice[lo:hi], common)
                cost += cost_of_candidate[lo:hi][pos]
                tmax = np.maximum(tmax, cands.travel10[lo:hi][pos])
            if not len(common):
                together_split.extend((a, b) for a in members for b in members if a < b)
            add_unit(members, common, cost, tmax, -1)

    n_u = len(units)
    sb_unit = np.zeros(cands.n_sb, dtype=np.int64)
    for u, members in enumerate(units):
        sb_unit[members] = u
    arc_ptr = np.array(a_ptr, dtype=np.int64)
    unit_block = np.array(u_block, dtype=np.int64)
    years = np.array([b.year for b in data.blocks], dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    return _Arcs(
        units=units, unit_block=unit_block, unit_year=years[unit_block] if n_u else empty,
        unit_size=np.array(u_size, dtype=np.int64), unit_locked=np.array(u_locked, dtype=np.int64), sb_unit=sb_unit,
        arc_ptr=arc_ptr, arc_unit=np.repeat(np.arange(n_u), np.diff(arc_ptr)).astype(np.int64),
        arc_practice=np.concatenate(a_prac) if a_prac else empty, arc_cost=np.concatenate(a_cost) if a_cost else empty,
        arc_tmax10=np.concatenate(a_tmax) if a_tmax else empty, together_split=together_split)


def _without_oversized(arcs: _Arcs, cap: np.ndarray, n_blocks: int) -> _Arcs:
    """Drops the arcs of ``together`` units to places with fewer places than partners (locked units keep theirs).

    No plan uses such an arc, but the linear relaxations do (half a pair in the last place): on ample-1000 of
    ``benchmarks/`` they put the count's LP at 1,398 against a true 1,394 and left the count MIP 45 s of proof.
    """
    fits = (arcs.unit_size[arcs.arc_unit] <= cap[arcs.arc_practice, arcs.unit_block[arcs.arc_unit]]) \
        | (arcs.unit_locked[arcs.arc_unit] >= 0)
    if fits.all():
        return arcs
    per_unit = np.bincount(arcs.arc_unit[fits], minlength=len(arcs.units))
    return dataclasses.replace(
        arcs, arc_ptr=np.concatenate([[0], np.cumsum(per_unit)]).astype(np.int64), arc_unit=arcs.arc_unit[fits],
        arc_practice=arcs.arc_practice[fits], arc_cost=arcs.arc_cost[fits], arc_tmax10=arcs.arc_tmax10[fits])


def _places(cands: Candidates, data: DataSet, arcs: _Arcs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Places per (practice, block): capacity capped by the rooms of a block with teaching days, never below locks.

    Returns the places, the locked students per place and each practice's room limit (-1 = none).
    """
    cap, limits = on_site(cands.capacity, data), room_limits(data.practices)
    pinned_load = np.zeros_like(cap)
    for u in np.nonzero(arcs.unit_locked >= 0)[0]:
        pinned_load[arcs.unit_locked[u], arcs.unit_block[u]] += arcs.unit_size[u]
    return np.maximum(cap, pinned_load), pinned_load, limits  # an officer's lock always keeps its place


def _fair_share(cands: Candidates, cap: np.ndarray) -> np.ndarray:
    """Fair share per (practice, block): the block's students spread over the places its candidates offer."""
    soft = np.zeros_like(cap)
    n_p = cap.shape[0]
    for b in range(cap.shape[1]):
        members_b = np.nonzero(cands.sb_block == b)[0]
        if not len(members_b):
            continue
        used = np.zeros(n_p, dtype=bool)
        used[cands.practice[np.concatenate([np.arange(cands.ptr[k], cands.ptr[k + 1]) for k in members_b])]] = True
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


def _apart_pairs(data: DataSet, cands: Candidates) -> list[tuple[int, int]]:
    """Student-blocks (same block) of ``apart`` partners."""
    apart: list[tuple[int, int]] = []
    for pair in data.pairs:
        if pair.kind != "apart":
            continue
        for b in data.blocks:
            ka = cands.sb_index.get((pair.student_a, b.block_id))
            kb = cands.sb_index.get((pair.student_b, b.block_id))
            if ka is not None and kb is not None and ka != kb:
                apart.append((ka, kb))
    return apart


def _students_with_blocks(cands: Candidates) -> list[list[int]]:
    by_student: dict[int, list[int]] = {}
    for k in range(cands.n_sb):
        by_student.setdefault(int(cands.sb_student[k]), []).append(k)
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
    out = np.full(problem.cands.n_sb, -1, dtype=np.int64)
    for u, a in enumerate(unit_arc):
        if a >= 0:
            out[problem.units[u]] = problem.arc_practice[a]
    return out


def evaluate(problem: Problem, assign: np.ndarray) -> dict[str, float]:
    """The soft terms (original units) and ``moves`` of a student-block assignment, from ``scheduler.rules.aims``."""
    c = problem.cands
    placed = np.nonzero(assign >= 0)[0]
    s = c.sb_student[placed]
    j = assign[placed]
    t10 = problem.all10[s, j]
    threshold10 = int(tenths(problem.settings.long_travel_threshold_minutes))
    tenths_of = {name: 0 for name in SOFT_TERMS}
    for name, values in aims.per_placement(t10, threshold10, problem.rank_cost[s, j], problem.history[s, j]).items():
        tenths_of[name] += int(values.sum())
    years = np.array([b.year for b in c.data.blocks], dtype=np.int64)[c.sb_block[placed]]
    tenths_of["fairness"] = sum(aims.longest(t10[years == y]) for y in np.unique(years))
    load = np.zeros((problem.n_practices, problem.n_blocks), dtype=np.int64)
    np.add.at(load, (j, c.sb_block[placed]), 1)
    tenths_of["balance"] = int(aims.over_share(load, problem.soft).sum())
    tenths_of["variety"] += sum(aims.same_practice_twice(assign[ks]) for ks in problem.multi)
    terms = {name: value / TENTHS for name, value in tenths_of.items()}
    if problem.previous is not None:
        terms["moves"] = float(((problem.previous >= 0) & (assign != problem.previous)).sum())
    return terms


def objective_of(problem: Problem, terms: dict[str, float]) -> float:
    w = problem.ws
    total = sum(w[name] / TENTHS * terms.get(name, 0.0) for name in SOFT_TERMS)
    return total + MOVE_WEIGHT * terms.get("moves", 0.0)


def scaled_objective(problem: Problem, terms: dict[str, float]) -> int:
    return int(round(objective_of(problem, terms) * SCALE))
