"""From the flow relaxation to a plan that keeps every hard rule.

The relaxation may break the rules it drops: a ``together`` unit split over
two practices, ``apart`` partners at one practice, ``learn_together``
partners at two, or more students on site
on a date than a practice has rooms. Repair re-solves the affected year's
flow with the offending arcs banned or the place's capacity cut to what the
room limit leaves, a few rounds, then a greedy pass keeps what fits (in flow
order) and offers the rest their cheapest arc that still fits. The result is
always feasible; it is the CP-SAT hint and the incumbent for reduced-cost
fixing.
"""

from __future__ import annotations

import numpy as np

from scheduler.rules.ties import PAIRS, Repeats, RoomsPerDay, partners
from scheduler.solver.bound import Relaxation, YearNetwork, YearRelaxation
from scheduler.solver.problem import Problem


class State:
    """Incremental feasibility of a partial plan against the rules that tie units together."""

    def __init__(self, problem: Problem) -> None:
        self.p = problem
        self.load = np.zeros_like(problem.cap)
        self.assign = np.full(problem.candidates.n_sb, -1, dtype=np.int64)
        self.unit_arc = np.full(problem.n_units, -1, dtype=np.int64)
        self.groups_at = RoomsPerDay.groups_at(problem)
        self.group_limit = RoomsPerDay.limits(problem)
        self.group_load = np.zeros(len(problem.groups), dtype=np.int64)
        self.pairs = [(rule, partners(rule, problem)) for rule in PAIRS if rule.pairs(problem)]

    def fits(self, u: int, arc: int) -> bool:
        p = self.p
        j, b, size = int(p.arc_practice[arc]), int(p.unit_block[u]), int(p.unit_size[u])
        if self.load[j, b] + size > p.cap[j, b]:
            return False
        for g in self.groups_at.get((j, b), ()):
            if self.group_load[g] + size > self.group_limit[g]:
                return False
        for rule, of in self.pairs:
            for k in p.units[u]:
                for other in of.get(k, ()):
                    at = self.assign[other]
                    if at >= 0 and p.sb_unit[other] != u and rule.clash(j, int(at)):
                        return False
        return True

    def remove(self, u: int) -> None:
        p = self.p
        arc = int(self.unit_arc[u])
        j, b, size = int(p.arc_practice[arc]), int(p.unit_block[u]), int(p.unit_size[u])
        self.load[j, b] -= size
        for g in self.groups_at.get((j, b), ()):
            self.group_load[g] -= size
        self.assign[p.units[u]] = -1
        self.unit_arc[u] = -1

    def put(self, u: int, arc: int) -> None:
        p = self.p
        j, b, size = int(p.arc_practice[arc]), int(p.unit_block[u]), int(p.unit_size[u])
        self.load[j, b] += size
        for g in self.groups_at.get((j, b), ()):
            self.group_load[g] += size
        self.assign[p.units[u]] = j
        self.unit_arc[u] = arc


def decode(problem: Problem, arc_flow: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """Chosen arc per unit where one arc carries the whole unit; the units split otherwise."""
    unit_arc = np.full(problem.n_units, -1, dtype=np.int64)
    used = np.nonzero(arc_flow > 0)[0]
    units = problem.arc_unit[used]
    whole = arc_flow[used] == problem.unit_size[units]
    unit_arc[units[whole]] = used[whole]
    split = sorted(set(units[~whole].tolist()))
    return unit_arc, split


def _violations(problem: Problem, unit_arc: np.ndarray, split: list[int],
                arc_flow: np.ndarray) -> tuple[list[int], list[int], dict[tuple[int, int], int]]:
    """Arcs to ban (hard rules), arcs to avoid (same practice twice) and place capacities to cut."""
    banned: list[int] = []
    soft_banned: list[int] = []
    for u in split:
        arcs = [a for a in problem.arcs_of(u) if arc_flow[a] > 0]
        if len(arcs) == 1:
            banned.append(arcs[0])
        else:
            keep = max(arcs, key=lambda a: (arc_flow[a], -a))
            banned.extend(a for a in arcs if a != keep)
    assign = np.full(problem.candidates.n_sb, -1, dtype=np.int64)
    placed = np.nonzero(unit_arc >= 0)[0]
    for unit in placed.tolist():
        assign[problem.units[unit]] = problem.arc_practice[unit_arc[unit]]
    for rule in PAIRS:
        for a, b in rule.pairs(problem):
            if assign[a] >= 0 and assign[b] >= 0 and rule.clash(int(assign[a]), int(assign[b])):
                banned.append(int(unit_arc[problem.sb_unit[b]]))
    if problem.weight_tenths["variety"] > 0:  # soft, but a plan full of repeats is a poor hint: steer away
        for ks in problem.multi:
            seen: set[int] = set()
            for k in ks:
                j = int(assign[k])
                if j < 0:
                    continue
                u = problem.sb_unit[k]
                if j in seen and problem.unit_size[u] == 1:
                    soft_banned.append(int(unit_arc[u]))
                seen.add(j)
    load = np.zeros_like(problem.cap)
    used = np.nonzero(arc_flow > 0)[0]
    np.add.at(load, (problem.arc_practice[used], problem.unit_block[problem.arc_unit[used]]), arc_flow[used])
    cuts: dict[tuple[int, int], int] = {}
    for j, blocks, limit in problem.groups:
        excess = int(load[j, list(blocks)].sum()) - limit
        while excess > 0:
            b = max(blocks, key=lambda bb: (load[j, bb], -bb))
            take = min(excess, int(load[j, b]))
            if take <= 0:
                break
            load[j, b] -= take
            cuts[(j, b)] = int(load[j, b])
            excess -= take
    return banned, soft_banned, cuts


def _network(year: YearRelaxation) -> YearNetwork:
    assert year.network is not None, "the flow relaxation keeps each year's network"
    return year.network


def repair(problem: Problem, relaxation: Relaxation, rounds: int = 8) -> np.ndarray:
    """A feasible choice of arc per unit (-1 = unplaced), close to the relaxation's optimum."""
    arc_flow = relaxation.unit_arc_flow.copy()
    arc_year = np.full(len(problem.arc_unit), -1, dtype=np.int64)
    arc_local = np.full(len(problem.arc_unit), -1, dtype=np.int64)
    by_year = {year.year: year for year in relaxation.years}
    banned, avoided, caps = {}, {}, {}
    for year in relaxation.years:
        arc_year[year.arcs] = year.year
        arc_local[year.arcs] = np.arange(len(year.arcs))
        banned[year.year] = np.zeros(len(year.arcs), dtype=bool)
        avoided[year.year] = np.zeros(len(year.arcs), dtype=np.int64)
        caps[year.year] = _network(year).place_cap.copy()
    for _ in range(rounds):
        unit_arc, split = decode(problem, arc_flow)
        bans, soft_bans, cuts = _violations(problem, unit_arc, split, arc_flow)
        if not bans and not cuts and not soft_bans:
            break
        touched = set()
        for a in bans:
            banned[int(arc_year[a])][arc_local[a]] = True
            touched.add(int(arc_year[a]))
        for a in soft_bans:  # a repeat is soft: price it rather than ban it, so nobody loses a place
            y = int(arc_year[a])
            avoided[y][arc_local[a]] += Repeats(problem.weight_tenths["variety"]).price
            touched.add(y)
        for (j, b), value in cuts.items():
            y = problem.candidates.data.blocks[b].year
            net = _network(by_year[y])
            i = int(np.searchsorted(net.places, problem.place(j, b)))
            caps[y][i] = min(caps[y][i], value)
            touched.add(y)
        for y in touched:
            year = by_year[y]
            net = _network(year)
            limit = year.t_star if problem.weight_tenths["fairness"] > 0 else None
            out = net.solve(limit, banned[y], caps[y], avoided[y])
            if out[0] < year.placed and limit is not None:
                out = net.solve(None, banned[y], caps[y], avoided[y])
            local = np.zeros(len(year.arcs), dtype=np.int64)
            local[out[4]] = out[3].flow
            arc_flow[year.arcs] = local
    unit_arc, _ = decode(problem, arc_flow)
    return greedy_complete(problem, unit_arc)


def greedy_complete(problem: Problem, unit_arc: np.ndarray) -> np.ndarray:
    """Keeps what fits in the given order (locked units first), then offers the rest their cheapest fitting arc."""
    state = State(problem)
    order = sorted(range(problem.n_units), key=lambda u: (problem.unit_locked[u] < 0, unit_arc[u] < 0, u))
    rest = []
    for u in order:
        a = int(unit_arc[u])
        if a >= 0 and state.fits(u, a):
            state.put(u, a)
        else:
            rest.append(u)
    rest.sort(key=lambda u: (problem.arc_ptr[u + 1] - problem.arc_ptr[u], u))  # the most constrained first
    for u in rest:
        arcs = _cheapest_first(problem, u)
        for a in arcs[_with_room(state, u, arcs)].tolist():
            if state.fits(u, a):
                state.put(u, a)
                break
        else:
            _eject(state, u, arcs)
    return state.unit_arc


def _cheapest_first(problem: Problem, u: int) -> np.ndarray:
    """The unit's arcs by cost, then by index."""
    arcs = np.arange(problem.arc_ptr[u], problem.arc_ptr[u + 1])
    return arcs[np.lexsort((arcs, problem.arc_cost[arcs]))]


def _with_room(state: State, u: int, arcs: np.ndarray) -> np.ndarray:
    """Which of the unit's arcs lead to a place with room for it now (the first test of ``State.fits``)."""
    p = state.p
    j, b = p.arc_practice[arcs], int(p.unit_block[u])
    room: np.ndarray = state.load[j, b] + int(p.unit_size[u]) <= p.cap[j, b]
    return room


def _eject(state: State, u: int, arcs: np.ndarray) -> bool:
    """Makes room for unit ``u`` by moving one student at one of its practices to another practice.

    Tries ``u``'s arcs in order and, at each, the units there in index order; skips, without trying, the moves
    whose place would still have no room for ``u``, and the alternatives with no room for the moved unit."""
    p = state.p
    b = int(p.unit_block[u])
    here = np.nonzero((state.unit_arc >= 0) & (p.unit_block == b) & (p.unit_locked < 0))[0]
    at = p.arc_practice[state.unit_arc[here]]
    by_practice = np.argsort(at, kind="stable")
    at, here = at[by_practice], here[by_practice]
    size = int(p.unit_size[u])
    for a in arcs.tolist():
        j = int(p.arc_practice[a])
        lo, hi = np.searchsorted(at, j, "left"), np.searchsorted(at, j, "right")
        for v in here[lo:hi].tolist():
            if state.load[j, b] - int(p.unit_size[v]) + size > p.cap[j, b]:
                continue
            old = int(state.unit_arc[v])
            state.remove(v)
            if state.fits(u, a):
                state.put(u, a)
                alts = _cheapest_first(p, v)
                for alt in alts[(alts != old) & _with_room(state, v, alts)].tolist():
                    if state.fits(v, alt):
                        state.put(v, alt)
                        return True
                state.remove(u)
            state.put(v, old)
    return False


def round_lp(problem: Problem, primal: np.ndarray) -> np.ndarray:
    """A plan from an LP solution: each unit's arc of value above one half, then the greedy completion."""
    unit_arc = np.full(problem.n_units, -1, dtype=np.int64)
    on = np.nonzero(primal > 0.5)[0]
    unit_arc[problem.arc_unit[on]] = on
    return greedy_complete(problem, unit_arc)
