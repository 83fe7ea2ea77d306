"""The solver's working form of a data set: units, arcs, places and their integer costs.

A *unit* is what gets one practice: a single student-block, or the
student-blocks of one block whose students are tied by ``together`` pairs
(they go to the same practice or are all unplaced). An *arc* is a unit at one
candidate practice, with its cost (all per-arc soft terms summed); a *place*
is a (practice, block) with its capacity (already capped by the practice's
``max_students_per_day`` when the block has teaching days) and fair share.

Costs are integers in hundredths: a weight w and a journey of m minutes cost
round(10 w) * round(10 m). ``evaluate`` gives the soft terms of an assignment
in the original units; it is the one place that defines their values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scheduler.domain import DataSet
from scheduler.settings import SOFT_TERMS, Settings
from scheduler.solver import candidates as cand_mod
from scheduler.solver.candidates import MINUTE, Candidates, minutes10
from scheduler.solver.days import day_groups, teaching_blocks

SCALE = 100
"""Integer costs are hundredths of the objective's units."""
MOVE_WEIGHT = 500.0
"""Min-change re-planning: cost of moving one student-block, in objective units (minutes of travel)."""


def scaled_weights(settings: Settings) -> dict[str, int]:
    return {name: int(round(float(settings.weights.get(name, 0.0)) * 10)) for name in SOFT_TERMS}


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


def _rank_costs(data: DataSet, s_index: dict, p_index: dict) -> np.ndarray:
    """Rank steps away from first choice; unranked = one past the student's last rank; 0 without preferences."""
    cost = np.zeros((len(data.students), len(data.practices)), dtype=np.int64)
    by_student: dict[int, list[tuple[int, int]]] = {}
    for pref in data.preferences:
        s, p = s_index.get(pref.student_id), p_index.get(pref.practice_code)
        if s is not None and p is not None:
            by_student.setdefault(s, []).append((p, pref.rank))
    for s, prefs in by_student.items():
        last = max(r for _, r in prefs)
        cost[s, :] = last
        for p, r in prefs:
            cost[s, p] = min(cost[s, p], max(0, r - 1))
    return cost


def build_problem(data: DataSet, settings: Settings, cands: Candidates | None = None,
                  locked: dict[int, int] | None = None, previous: np.ndarray | None = None) -> Problem:
    """Units, arcs and places; ``locked`` maps student-block -> pinned practice."""
    cands = cands or cand_mod.build(data, settings)
    locked = locked or {}
    n_p, n_b = len(data.practices), len(data.blocks)
    s_index, p_index = cands.student_index, cands.practice_index
    all10 = minutes10(cands.matrix.minutes).reshape(len(data.students), n_p)
    ws = scaled_weights(settings)
    thr = int(round(settings.long_travel_threshold_minutes * MINUTE))
    rank_cost = _rank_costs(data, s_index, p_index)
    history = np.zeros((len(data.students), n_p), dtype=bool)
    for h in data.history:
        s, p = s_index.get(h.student_id), p_index.get(h.practice_code)
        if s is not None and p is not None:
            history[s, p] = True

    # per-arc member costs, vectorised
    arc_sb = np.repeat(np.arange(cands.n_sb), np.diff(cands.ptr))
    arc_s = cands.sb_student[arc_sb]
    t10 = cands.travel10
    mcost = (ws["travel"] * t10 + ws["long_travel"] * np.maximum(0, t10 - thr)
             + ws["preference"] * 10 * rank_cost[arc_s, cands.practice] + ws["variety"] * 10 * history[arc_s, cands.practice])
    if previous is not None:
        moved = (previous[arc_sb] >= 0) & (previous[arc_sb] != cands.practice)
        mcost = mcost + moved * int(MOVE_WEIGHT * SCALE)

    # together groups: union-find over students, then per block
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

    units: list[list[int]] = []
    u_block, u_size, u_locked = [], [], []
    a_ptr = [0]
    a_prac: list[np.ndarray] = []
    a_cost: list[np.ndarray] = []
    a_tmax: list[np.ndarray] = []
    together_split: list[tuple[int, int]] = []
    threshold = int(round(settings.long_travel_threshold_minutes * MINUTE))

    def member_cost(k: int, j: int) -> int:
        """Per-arc cost of student-block k at practice j (the same terms as the vectorised costs)."""
        s = int(cands.sb_student[k])
        t = int(all10[s, j])
        cost = ws["travel"] * t + ws["long_travel"] * max(0, t - threshold)
        cost += ws["preference"] * 10 * int(rank_cost[s, j]) + ws["variety"] * 10 * int(history[s, j])
        if previous is not None and previous[k] >= 0 and previous[k] != j:
            cost += int(MOVE_WEIGHT * SCALE)
        return cost

    def add_unit(members: list[int], prac: np.ndarray, cost: np.ndarray, tmax: np.ndarray, pin: int) -> None:
        units.append(members)
        u_block.append(int(cands.sb_block[members[0]]))
        u_size.append(len(members))
        u_locked.append(pin)
        a_prac.append(prac.astype(np.int64))
        a_cost.append(cost.astype(np.int64))
        a_tmax.append(tmax.astype(np.int64))
        a_ptr.append(a_ptr[-1] + len(prac))

    def pinned(members: list[int], j: int) -> None:
        cost = sum(member_cost(k, j) for k in members)
        tmax = max(int(all10[cands.sb_student[k], j]) for k in members)
        add_unit(members, np.array([j]), np.array([cost]), np.array([tmax]), j)

    for members in groups_of.values():
        pins = {locked[k] for k in members if k in locked}
        if len(pins) > 1:
            # partners locked apart by an officer: the lock wins, each member on their own
            for k in members:
                if k in locked:
                    pinned([k], locked[k])
                else:
                    lo, hi = cands.ptr[k], cands.ptr[k + 1]
                    add_unit([k], cands.practice[lo:hi], mcost[lo:hi], t10[lo:hi], -1)
            continue
        if pins:
            pinned(members, pins.pop())
            continue
        if len(members) == 1:
            k = members[0]
            lo, hi = cands.ptr[k], cands.ptr[k + 1]
            add_unit([k], cands.practice[lo:hi], mcost[lo:hi], t10[lo:hi], -1)
            continue
        common = None
        for k in members:
            prac = cands.practice[cands.ptr[k]:cands.ptr[k + 1]]
            common = prac if common is None else np.intersect1d(common, prac)
        cost = np.zeros(len(common), dtype=np.int64)
        tmax = np.zeros(len(common), dtype=np.int64)
        for k in members:
            lo, hi = cands.ptr[k], cands.ptr[k + 1]
            pos = np.searchsorted(cands.practice[lo:hi], common)
            cost += mcost[lo:hi][pos]
            tmax = np.maximum(tmax, t10[lo:hi][pos])
        if not len(common):
            together_split.extend((a, b) for a in members for b in members if a < b)
        add_unit(members, common, cost, tmax, -1)

    n_u = len(units)
    sb_unit = np.zeros(cands.n_sb, dtype=np.int64)
    for u, members in enumerate(units):
        sb_unit[members] = u
    arc_ptr = np.array(a_ptr, dtype=np.int64)
    arc_unit = np.repeat(np.arange(n_u), np.diff(arc_ptr)).astype(np.int64)
    unit_block = np.array(u_block, dtype=np.int64)
    years = np.array([b.year for b in data.blocks], dtype=np.int64)

    # places: capacity, room limit per block, fair share
    cap = cands.capacity.copy().clip(min=0)
    teaching = teaching_blocks(data.blocks)
    limits = np.array([p.max_students_per_day if p.max_students_per_day is not None else -1 for p in data.practices])
    for j in np.nonzero(limits >= 0)[0]:
        for b in teaching:
            cap[j, b] = min(cap[j, b], limits[j])
    arc_practice = np.concatenate(a_prac) if a_prac else np.zeros(0, dtype=np.int64)
    arc_cost = np.concatenate(a_cost) if a_cost else np.zeros(0, dtype=np.int64)
    pinned_load = np.zeros_like(cap)
    for u, j in enumerate(u_locked):
        if j >= 0:
            pinned_load[j, u_block[u]] += u_size[u]
    cap = np.maximum(cap, pinned_load)  # an officer's lock always keeps its place
    soft = np.zeros_like(cap)
    for b in range(n_b):
        members_b = np.nonzero(cands.sb_block == b)[0]
        if not len(members_b):
            continue
        used = np.zeros(n_p, dtype=bool)
        used[cands.practice[np.concatenate([np.arange(cands.ptr[k], cands.ptr[k + 1]) for k in members_b])]] = True
        offered = int(cap[used, b].sum())
        share = min(1.0, len(members_b) / offered) if offered else 1.0
        soft[:, b] = np.ceil(share * cap[:, b] - 1e-9).astype(np.int64)

    groups: list[tuple[int, tuple[int, ...], int]] = []
    for g in day_groups(data.blocks):
        if len(g) < 2:
            continue
        for j in np.nonzero(limits >= 0)[0]:
            if int(cap[j, list(g)].sum()) > limits[j]:
                groups.append((int(j), g, max(int(limits[j]), int(pinned_load[j, list(g)].sum()))))

    apart: list[tuple[int, int]] = []
    for pair in data.pairs:
        if pair.kind != "apart":
            continue
        for b in data.blocks:
            ka = cands.sb_index.get((pair.student_a, b.block_id))
            kb = cands.sb_index.get((pair.student_b, b.block_id))
            if ka is not None and kb is not None and ka != kb:
                apart.append((ka, kb))

    by_student: dict[int, list[int]] = {}
    for k in range(cands.n_sb):
        by_student.setdefault(int(cands.sb_student[k]), []).append(k)
    multi = [ks for ks in by_student.values() if len(ks) > 1]

    return Problem(
        cands=cands, settings=settings, ws=ws, n_practices=n_p, n_blocks=n_b, units=units,
        unit_block=unit_block, unit_year=years[unit_block] if n_u else np.zeros(0, dtype=np.int64),
        unit_size=np.array(u_size, dtype=np.int64), unit_locked=np.array(u_locked, dtype=np.int64),
        sb_unit=sb_unit, arc_ptr=arc_ptr, arc_unit=arc_unit, arc_practice=arc_practice, arc_cost=arc_cost,
        arc_tmax10=np.concatenate(a_tmax) if a_tmax else np.zeros(0, dtype=np.int64),
        cap=cap, soft=soft, groups=groups, apart=apart, together_split=together_split, multi=multi,
        all10=all10, rank_cost=rank_cost, history=history, previous=previous,
    )


# -- evaluation of an assignment --------------------------------------------------------------

def sb_assignment(problem: Problem, unit_arc: np.ndarray) -> np.ndarray:
    """Practice of each student-block (-1 = unplaced) from the chosen arc of each unit (-1 = none)."""
    out = np.full(problem.cands.n_sb, -1, dtype=np.int64)
    for u, a in enumerate(unit_arc):
        if a >= 0:
            out[problem.units[u]] = problem.arc_practice[a]
    return out


def evaluate(problem: Problem, assign: np.ndarray) -> dict[str, float]:
    """The soft terms (original units) and ``moves`` of a student-block assignment."""
    c = problem.cands
    placed = np.nonzero(assign >= 0)[0]
    s = c.sb_student[placed]
    j = assign[placed]
    t10 = problem.all10[s, j]
    thr = int(round(problem.settings.long_travel_threshold_minutes * MINUTE))
    terms = {name: 0.0 for name in SOFT_TERMS}
    terms["travel"] = float(t10.sum()) / MINUTE
    terms["long_travel"] = float(np.maximum(0, t10 - thr).sum()) / MINUTE
    years = np.array([b.year for b in c.data.blocks])[c.sb_block[placed]]
    terms["fairness"] = float(sum(t10[years == y].max() for y in np.unique(years))) / MINUTE if len(placed) else 0.0
    load = np.zeros((problem.n_practices, problem.n_blocks), dtype=np.int64)
    np.add.at(load, (j, c.sb_block[placed]), 1)
    terms["balance"] = float(np.maximum(0, load - problem.soft).sum())
    terms["preference"] = float(problem.rank_cost[s, j].sum())
    variety = int(problem.history[s, j].sum())
    for ks in problem.multi:
        prac = assign[ks]
        prac = prac[prac >= 0]
        variety += len(prac) - len(np.unique(prac))
    terms["variety"] = float(variety)
    if problem.previous is not None:
        terms["moves"] = float(((problem.previous >= 0) & (assign != problem.previous)).sum())
    return terms


def objective_of(problem: Problem, terms: dict[str, float]) -> float:
    w = problem.ws
    total = sum(w[name] / 10 * terms.get(name, 0.0) for name in SOFT_TERMS)
    return total + MOVE_WEIGHT * terms.get("moves", 0.0)


def scaled_objective(problem: Problem, terms: dict[str, float]) -> int:
    return int(round(objective_of(problem, terms) * SCALE))
