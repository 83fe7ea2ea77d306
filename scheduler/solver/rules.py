"""The rules of a plan as CP-SAT constraints and named penalty terms, one function per rule.

Each function adds its constraints to ``ctx.model`` and returns the penalty
terms it creates as ``(name, variable, coefficient)`` (coefficients in the
solver's integer hundredths), in the style of OR-Tools' shift scheduling
example: every penalty is named, so the app can say which wish was given up.
The rules themselves are defined in ``scheduler.rules`` (hard rules about one
student at one practice prune the candidates; aims give the costs); here are
the linear forms of the rules that tie choices together, and the penalties.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from scheduler.rules import aims
from scheduler.solver.candidates import MINUTE
from scheduler.solver.problem import MOVE_WEIGHT, SCALE, Problem

Term = tuple[str, object, int]


@dataclass
class Context:
    problem: Problem
    model: cp_model.CpModel
    arcs: np.ndarray
    """Arcs kept in the model (after reduced-cost fixing)."""
    x: dict[int, cp_model.IntVar] = field(default_factory=dict)
    by_unit: dict[int, list[int]] = field(default_factory=dict)
    by_place: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    derived: list = field(default_factory=list)
    """(variable, function of the chosen arcs giving its value): completes a solution hint."""

    def sid(self, k: int) -> str:
        return self.problem.cands.key(k)[0]

    def label(self, u: int) -> str:
        p = self.problem
        sid, block = p.cands.key(p.units[u][0])
        return f"{sid}@{block}"


def one_practice(ctx: Context) -> list[Term]:
    """Hard: each student-block gets at most one practice (a ``together`` unit shares one)."""
    p = ctx.problem
    for a in ctx.arcs:
        u = int(p.arc_unit[a])
        j = int(p.arc_practice[a])
        ctx.x[int(a)] = ctx.model.NewBoolVar(f"place[{ctx.label(u)}->{p.cands.data.practices[j].code}]")
        ctx.by_unit.setdefault(u, []).append(int(a))
        ctx.by_place.setdefault((j, int(p.unit_block[u])), []).append(int(a))
    for u, arcs in ctx.by_unit.items():
        ctx.model.AddAtMostOne(ctx.x[a] for a in arcs)
    return []


def locked(ctx: Context) -> list[Term]:
    """Hard: a placement an officer locked is kept."""
    p = ctx.problem
    for u in np.nonzero(p.unit_locked >= 0)[0]:
        arcs = ctx.by_unit.get(int(u), [])
        if arcs:
            ctx.model.Add(sum(ctx.x[a] for a in arcs) == 1)
    return []


def capacity(ctx: Context) -> list[Term]:
    """Hard: a practice takes at most its capacity for the block (overrides applied, rooms per day too)."""
    p = ctx.problem
    for (j, b), arcs in ctx.by_place.items():
        if sum(int(p.unit_size[p.arc_unit[a]]) for a in arcs) > p.cap[j, b]:
            ctx.model.Add(sum(int(p.unit_size[p.arc_unit[a]]) * ctx.x[a] for a in arcs) <= int(p.cap[j, b]))
    return []


def rooms_per_day(ctx: Context) -> list[Term]:
    """Hard: at most ``max_students_per_day`` students of all years on site on any date (blocks active together)."""
    p = ctx.problem
    for j, blocks, limit in p.groups:
        arcs = [a for b in blocks for a in ctx.by_place.get((j, b), [])]
        if sum(int(p.unit_size[p.arc_unit[a]]) for a in arcs) > limit:
            ctx.model.Add(sum(int(p.unit_size[p.arc_unit[a]]) * ctx.x[a] for a in arcs) <= limit)
    return []


def apart(ctx: Context) -> list[Term]:
    """Hard: ``apart`` partners never share a practice in a block both attend."""
    p = ctx.problem
    for ka, kb in p.apart:
        ua, ub = int(p.sb_unit[ka]), int(p.sb_unit[kb])
        if ua == ub:
            continue
        at_b = {int(p.arc_practice[a]): a for a in ctx.by_unit.get(ub, [])}
        for a in ctx.by_unit.get(ua, []):
            other = at_b.get(int(p.arc_practice[a]))
            if other is not None:
                ctx.model.AddBoolOr([ctx.x[a].Not(), ctx.x[other].Not()])
    return []


def _per_arc(ctx: Context, name: str, values: np.ndarray) -> list[Term]:
    terms = []
    for a, coef in zip(ctx.arcs, values):
        if coef:
            terms.append((f"{name}[{ctx.x[int(a)].Name()[6:-1]}]", ctx.x[int(a)], int(coef)))
    return terms


def _member_values(ctx: Context, fn) -> np.ndarray:
    """Sum over a unit's members of fn(student index, practice index) for each kept arc."""
    p = ctx.problem
    out = np.zeros(len(ctx.arcs), dtype=np.int64)
    units = p.arc_unit[ctx.arcs]
    prac = p.arc_practice[ctx.arcs]
    size = p.unit_size[units]
    single = size == 1
    first = np.array([p.units[u][0] for u in units], dtype=np.int64) if len(units) else np.zeros(0, dtype=np.int64)
    out[single] = fn(p.cands.sb_student[first[single]], prac[single], first[single])
    for i in np.nonzero(~single)[0]:
        members = np.array(p.units[units[i]], dtype=np.int64)
        out[i] = int(fn(p.cands.sb_student[members], np.full(len(members), prac[i]), members).sum())
    return out


def _placement_aim(ctx: Context, name: str) -> list[Term]:
    """A per-placement aim of ``scheduler.rules.aims``, weighted, on every kept arc."""
    p = ctx.problem
    w = p.ws[name]
    if not w:
        return []
    threshold10 = int(round(p.settings.long_travel_threshold_minutes * MINUTE))
    values = _member_values(ctx, lambda s, j, k: aims.per_placement(
        p.all10[s, j], threshold10, p.rank_cost[s, j], p.history[s, j])[name])
    return _per_arc(ctx, name, w * values)


def travel(ctx: Context) -> list[Term]:
    """Soft: total one-way minutes of all placements (weight ``travel`` per minute)."""
    return _placement_aim(ctx, "travel")


def long_travel(ctx: Context) -> list[Term]:
    """Soft: minutes beyond the comfort threshold, counted again (weight ``long_travel``)."""
    return _placement_aim(ctx, "long_travel")


def preference(ctx: Context) -> list[Term]:
    """Soft: rank steps away from the student's first choice (unranked = one past their last rank)."""
    return _placement_aim(ctx, "preference")


def history(ctx: Context) -> list[Term]:
    """Soft: a placement at a practice the student has been to before (part of ``variety``)."""
    return _placement_aim(ctx, "variety")


def same_practice_twice(ctx: Context) -> list[Term]:
    """Soft: a student at the same practice in two blocks of the plan (part of ``variety``)."""
    p = ctx.problem
    w = p.ws["variety"] * aims.TENTHS  # per repeat, as ``aims.same_practice_twice`` counts it
    if not w:
        return []
    terms = []
    for ks in p.multi:
        at: dict[int, list[int]] = {}
        for k in ks:
            for a in ctx.by_unit.get(int(p.sb_unit[k]), []):
                at.setdefault(int(p.arc_practice[a]), []).append(a)
        for j, arcs in at.items():
            if len(arcs) < 2:
                continue
            rep = ctx.model.NewIntVar(0, len(arcs) - 1, f"variety[{ctx.sid(ks[0])} twice at {p.cands.data.practices[j].code}]")
            ctx.model.Add(rep >= sum(ctx.x[a] for a in arcs) - 1)
            ctx.derived.append((rep, lambda chosen, arcs=arcs: max(0, sum(a in chosen for a in arcs) - 1)))
            terms.append((rep.Name(), rep, w))
    return terms


def moves(ctx: Context) -> list[Term]:
    """Soft: min-change re-planning, a student-block not at its previous practice (large weight)."""
    p = ctx.problem
    if p.previous is None:
        return []
    cost = int(MOVE_WEIGHT * SCALE)
    terms = []
    for u, arcs in ctx.by_unit.items():
        moved_if = [k for k in p.units[u] if p.previous[k] >= 0]
        if not moved_if:
            continue
        for a in arcs:
            n = sum(1 for k in moved_if if p.previous[k] != p.arc_practice[a])
            if n:
                terms.append((f"moves[{ctx.label(u)}]", ctx.x[a], n * cost))
        # unplaced: all previously placed members moved
        terms.append((f"moves[{ctx.label(u)} unplaced]", 1 - sum(ctx.x[a] for a in arcs), len(moved_if) * cost))
    return terms


def fairness(ctx: Context, lower: dict[int, int] | None = None) -> list[Term]:
    """Soft: the longest one-way journey in each year group, summed over years (weight ``fairness``)."""
    p = ctx.problem
    w = p.ws["fairness"]
    if not w:
        return []
    lower = lower or {}
    terms = []
    for y in sorted({int(v) for v in p.unit_year}):
        units = [u for u in ctx.by_unit if p.unit_year[u] == y]
        if not units:
            continue
        top = int(max(p.arc_tmax10[a] for u in units for a in ctx.by_unit[u]))
        longest = ctx.model.NewIntVar(min(lower.get(y, 0), top), top, f"fairness[year {y}]")
        for u in units:
            arcs = ctx.by_unit[u]
            ctx.model.Add(longest >= sum(int(p.arc_tmax10[a]) * ctx.x[a] for a in arcs))
        floor = min(lower.get(y, 0), top)
        ctx.derived.append((longest, lambda chosen, units=units, floor=floor: max(
            [floor] + [int(p.arc_tmax10[a]) for u in units for a in ctx.by_unit[u] if a in chosen])))
        terms.append((longest.Name(), longest, w))
    return terms


def balance(ctx: Context) -> list[Term]:
    """Soft: students beyond a practice's fair share of the capacity it offered in a block (weight ``balance``)."""
    p = ctx.problem
    w = p.ws["balance"] * aims.TENTHS  # per student over the share, as ``aims.over_share`` counts it
    if not w:
        return []
    terms = []
    for (j, b), arcs in sorted(ctx.by_place.items()):
        soft = int(p.soft[j, b])
        most = sum(int(p.unit_size[p.arc_unit[a]]) for a in arcs)
        if most <= soft:
            continue
        over = ctx.model.NewIntVar(0, most - soft,
                                   f"balance[{p.cands.data.practices[j].code} in {p.cands.data.blocks[b].block_id}]")
        ctx.model.Add(over >= sum(int(p.unit_size[p.arc_unit[a]]) * ctx.x[a] for a in arcs) - soft)
        ctx.derived.append((over, lambda chosen, arcs=arcs, soft=soft: max(
            0, sum(int(p.unit_size[p.arc_unit[a]]) for a in arcs if a in chosen) - soft)))
        terms.append((over.Name(), over, w))
    return terms


HARD_RULES = (one_practice, locked, capacity, rooms_per_day, apart)
SOFT_RULES = (travel, long_travel, preference, history, same_practice_twice, balance, moves)
