"""The flow relaxation: an exact lower bound, a starting plan and reduced costs.

Dropping the rules that tie blocks or students together (rooms shared by
overlapping blocks, ``apart`` pairs, a ``together`` unit kept whole, the same
practice twice for one student) leaves one transportation problem per year
group, which min-cost flow solves exactly. The year's longest journey
(``fairness``) is handled exactly too: for a threshold T, only arcs of at
most T minutes are kept, and f(T) = flow cost(T) + weight * T is minimised
over T by branch and bound (flow cost falls as T grows, so an interval of
thresholds is bounded below by the flow cost at its top plus the weight
times its bottom). The sum over years is a lower bound on every plan placing
as many student-blocks; node potentials of the optimal flows give each arc a
reduced cost for exact reduced-cost fixing in the CP-SAT model.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from scheduler.rules.ties import Balance, Repeats, RoomsPerDay, group_incidence
from scheduler.solver import flow
from scheduler.solver.problem import Problem, repeat_keys


@dataclass
class YearRelaxation:
    year: int
    units: np.ndarray
    arcs: np.ndarray
    placed: int
    """Student-blocks the year's flow places (an upper bound for any plan)."""
    bound: int
    """Lower bound on the year's soft cost (scaled), fairness included."""
    exact: bool
    """True when ``bound`` is the relaxation's optimum (not cut short)."""
    t_star: int
    soft_star: int
    unit_flow: np.ndarray
    """Flow on each of ``arcs`` in the best threshold's solution."""
    unplaced_flow: np.ndarray
    soft_inf: int
    t_bottleneck: int
    rc_inf: np.ndarray
    rc_star: np.ndarray
    """Reduced costs of ``arcs`` (per student) in the unrestricted and best-threshold networks; inf where absent."""
    evaluations: int = 0
    network: "YearNetwork | None" = None


@dataclass
class Relaxation:
    years: list[YearRelaxation]
    big_m: int
    placed: int
    bound: int
    seconds: float
    unit_arc_flow: np.ndarray = field(default_factory=lambda: np.zeros(0))
    """Flow on every arc of the problem (best thresholds)."""


def big_m(problem: Problem) -> int:
    """Cost of leaving one student unplaced: more than every soft cost of a whole plan."""
    most = 0
    for u in range(problem.n_units):
        lo, hi = problem.arc_ptr[u], problem.arc_ptr[u + 1]
        if hi > lo:
            most += int(problem.arc_cost[lo:hi].max())
    most += Balance(problem.weight_tenths["balance"]).price * int(problem.cap.sum())
    most += problem.weight_tenths["fairness"] * int(problem.arc_tmax10.max(initial=0)) * 5
    most += Repeats(problem.weight_tenths["variety"]).price * problem.candidates.n_sb
    most += sum(problem.unplaced_move_cost(k) for k in range(problem.candidates.n_sb))
    return most + 1


class YearNetwork:
    def __init__(self, problem: Problem, year: int, m: int) -> None:
        self.problem = problem
        self.units = np.nonzero(problem.unit_year == year)[0]
        self.arcs = np.concatenate([np.arange(problem.arc_ptr[u], problem.arc_ptr[u + 1]) for u in self.units]) \
            if len(self.units) else np.zeros(0, dtype=np.int64)
        self.arcs = self.arcs.astype(np.int64)
        local = np.full(problem.n_units, -1, dtype=np.int64)
        local[self.units] = np.arange(len(self.units))
        self.sizes = problem.unit_size[self.units]
        self.arc_unit = local[problem.arc_unit[self.arcs]]
        place = problem.place(problem.arc_practice[self.arcs], problem.unit_block[problem.arc_unit[self.arcs]])
        self.places, self.arc_place = np.unique(place, return_inverse=True)
        self.arc_place = self.arc_place.reshape(-1)
        pj, pb = self.places // problem.n_blocks, self.places % problem.n_blocks
        self.place_cap = problem.cap[pj, pb]
        self.place_soft = problem.soft[pj, pb]
        self.arc_cost = problem.arc_cost[self.arcs] // self.sizes[self.arc_unit]
        self.tmax = problem.arc_tmax10[self.arcs]
        self.m_unit = np.where(problem.unit_locked[self.units] >= 0, m * 4, m).astype(np.int64)
        move = np.array([sum(problem.unplaced_move_cost(k) for k in problem.units[u]) for u in self.units], dtype=np.int64)
        self.unplaced_cost = self.m_unit + move // np.maximum(self.sizes, 1)
        self.over = Balance(problem.weight_tenths["balance"]).price
        self.total = int(self.sizes.sum())
        # Lagrangian multipliers for "not the same practice twice": one per (student, practice) of a
        # student with several blocks, added to the cost of each of their arcs there
        self.base_cost = self.arc_cost.copy()
        self.offset = 0
        self.key = np.full(len(self.arcs), -1, dtype=np.int64)
        self.n_keys = 0
        raw = repeat_keys(problem, self.arcs)
        if (raw >= 0).any():
            ids, inv = np.unique(raw[raw >= 0], return_inverse=True)
            self.key[raw >= 0] = inv.reshape(-1)
            self.n_keys = len(ids)
        # rooms per day: which of the problem's groups each arc counts in
        self.inc_arc, self.inc_group = group_incidence(problem, self.arcs)

    def set_multipliers(self, mu: np.ndarray | None = None, lam: np.ndarray | None = None) -> None:
        """Arc costs with the multipliers of "same practice twice" (``mu``) and rooms per day (``lam``)."""
        self.arc_cost = self.base_cost.copy()
        self.offset = 0
        if mu is not None and self.n_keys:
            has = self.key >= 0
            self.arc_cost[has] += mu[self.key[has]]
            self.offset = -int(mu.sum())
        if lam is not None and len(self.inc_arc):
            self.arc_cost += np.bincount(self.inc_arc, weights=lam[self.inc_group],
                                         minlength=len(self.arcs)).astype(np.int64)

    def group_load(self, flow_on_arc: np.ndarray, n_groups: int) -> np.ndarray:
        return np.bincount(self.inc_group, weights=flow_on_arc[self.inc_arc], minlength=n_groups).astype(np.int64)

    def twice_subgradient(self, flow_on_arc: np.ndarray) -> np.ndarray:
        g = np.full(self.n_keys, -1, dtype=np.int64)
        has = self.key >= 0
        np.add.at(g, self.key[has], (flow_on_arc[has] > 0).astype(np.int64))
        return g

    def solve(self, limit: int | None, banned: np.ndarray | None = None, place_cap: np.ndarray | None = None,
              extra_cost: np.ndarray | None = None) -> Solved:
        """(placed, soft cost, longest journey used, result, kept arc mask) with arcs of at most ``limit``."""
        keep = np.ones(len(self.arcs), dtype=bool) if limit is None else self.tmax <= limit
        if banned is not None:
            keep &= ~banned
        cap = self.place_cap if place_cap is None else place_cap
        cost = self.arc_cost if extra_cost is None else self.arc_cost + extra_cost
        res = flow.solve(self.sizes, self.arc_unit[keep], self.arc_place[keep], cost[keep],
                         cap, self.place_soft, self.over, self.unplaced_cost)
        unplaced = int(res.unplaced.sum())
        soft = res.cost - int((res.unplaced * self.m_unit).sum()) + self.offset
        used = res.flow > 0
        longest = int(self.tmax[keep][used].max()) if used.any() else 0
        return self.total - unplaced, soft, longest, res, keep


def _reduced(net: YearNetwork, res: flow.FlowResult, keep: np.ndarray) -> np.ndarray:
    rc = np.full(len(net.arcs), np.iinfo(np.int64).max // 4, dtype=np.int64)
    pi = flow.potentials(res)
    rc[keep] = flow.reduced_costs(res, pi, int(keep.sum()))
    return rc


LAGRANGE_IDLE = 9
"""Steps without a better bound (three halvings of the step) after which the ascent stops (the bound soon stops
rising: ``docs/engine.md``)."""


def lagrange(problem: Problem, nets: dict[int, YearNetwork], limits: dict[int, int | None], upper: int | None,
             iterations: int, deadline: float) -> tuple[dict[int, np.ndarray], np.ndarray]:
    """Subgradient ascent (Polyak steps) on the multipliers of the rules the flows drop.

    ``mu`` per year prices "same practice twice" (bounded by the variety weight); ``lam`` prices each
    rooms-per-day group. Any multipliers give a valid bound; the best ones found are returned.
    """
    limit_g = RoomsPerDay.limits(problem).astype(np.float64)
    n_g = len(limit_g)
    w_twice = Repeats(problem.weight_tenths["variety"]).price
    mu = {y: np.zeros(net.n_keys, dtype=np.float64) for y, net in nets.items()}
    lam = np.zeros(n_g, dtype=np.float64)
    best_value, best = None, ({y: np.zeros(net.n_keys, dtype=np.int64) for y, net in nets.items()},
                              np.zeros(n_g, dtype=np.int64))
    scale, stall, idle = 1.0, 0, 0
    target = upper
    for _ in range(iterations):
        if time.perf_counter() > deadline:
            break
        mu_i = {y: np.rint(v).astype(np.int64) for y, v in mu.items()}
        lam_i = np.rint(lam).astype(np.int64)
        value = -int((lam_i * limit_g).sum())
        grads, load = {}, np.zeros(n_g, dtype=np.int64)
        for y, net in nets.items():
            net.set_multipliers(mu_i[y], lam_i)
            _, soft, _, res, keep = net.solve(limits[y])
            value += soft
            on = np.zeros(len(net.arcs), dtype=np.int64)
            on[keep] = res.flow
            grads[y] = net.twice_subgradient(on).astype(np.float64) if net.n_keys else np.zeros(0)
            if n_g:
                load += net.group_load(on, n_g)
        if best_value is None or value > best_value:
            best_value, best, stall, idle = value, (mu_i, lam_i), 0, 0
        else:
            stall, idle = stall + 1, idle + 1
            if idle >= LAGRANGE_IDLE:
                break
            if stall >= 3:
                scale, stall = scale / 2, 0
        if target is None:
            target = value + int(w_twice * sum(int((g > 0).sum()) for g in grads.values())
                                 + max(0, int((load - limit_g).clip(min=0).sum())) * 1000) + 1
        g_lam = load - limit_g
        g_lam = np.where((lam <= 0) & (g_lam < 0), 0.0, g_lam)
        norm = float((g_lam * g_lam).sum())
        for y, g in grads.items():
            g = np.where((mu[y] <= 0) & (g < 0), 0.0, g)
            g = np.where((mu[y] >= w_twice) & (g > 0), 0.0, g)
            grads[y] = g
            norm += float((g * g).sum())
        if norm == 0 or target <= value or scale < 1e-3:
            break
        step = scale * (target - value) / norm
        lam = np.maximum(0.0, lam + step * g_lam)
        for y in mu:
            mu[y] = np.clip(mu[y] + step * grads[y], 0, w_twice)
    return best


Solved = tuple[int, int, int, flow.FlowResult, np.ndarray]
"""A year's flow solved: (placed, soft cost, longest journey used, result, kept arc mask)."""
Best = tuple[int, int, int, flow.FlowResult, np.ndarray]
"""The best threshold so far: (cost with fairness, longest journey, soft cost, result, kept arc mask)."""


@dataclass
class _Thresholds:
    """The year's flow with the longest journey capped at each candidate value: solved once each, counted."""

    net: YearNetwork
    values: np.ndarray
    cache: dict[int, Solved]
    evaluations: int

    def at(self, i: int) -> Solved:
        if i not in self.cache:
            self.cache[i] = self.net.solve(int(self.values[i]))
            self.evaluations += 1
        return self.cache[i]


def _bottleneck(th: _Thresholds, placed: int) -> int:
    """The shortest longest-journey (its index) that still places as many, by bisection."""
    lo, hi = 0, len(th.values) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if th.at(mid)[0] == placed:
            hi = mid
        else:
            lo = mid + 1
    return lo


def _branch_and_bound(th: _Thresholds, w: int, placed: int, i_b: int, best: Best,
                      max_evaluations: int) -> tuple[Best, int]:
    """Branch and bound over the thresholds from the bottleneck up: the best (cost, t, soft, flow, kept) found and
    a lower bound on every threshold's cost."""
    values, top = th.values, len(th.values) - 1
    intervals = [(i_b, top, th.cache[top][1])]
    while intervals:
        intervals.sort(key=lambda iv: iv[2] + w * int(values[iv[0]]))
        lo_i, hi_i, soft_hi = intervals[0]
        if soft_hi + w * int(values[lo_i]) >= best[0]:
            intervals = []
            break
        if th.evaluations >= max_evaluations:
            break
        intervals.pop(0)
        mid = (lo_i + hi_i) // 2
        out = th.at(mid)
        if out[0] < placed:
            if mid + 1 <= hi_i:
                intervals.append((mid + 1, hi_i, soft_hi))
            continue
        if out[1] + w * out[2] < best[0]:
            best = (out[1] + w * out[2], out[2], out[1], out[3], out[4])
        i_act = int(np.searchsorted(values, out[2]))
        if lo_i <= i_act - 1:
            intervals.append((lo_i, i_act - 1, out[1]))
        if mid + 1 <= hi_i:
            intervals.append((mid + 1, hi_i, soft_hi))
    return best, min([best[0]] + [s + w * int(values[a]) for a, _, s in intervals])


@dataclass
class _Search:
    """A year's flows over the thresholds of its longest journey: the unrestricted one and the best."""

    first: Solved
    best: Best
    lower: int
    exact: bool
    t_bottleneck: int
    evaluations: int


def _search(problem: Problem, net: YearNetwork, max_evaluations: int) -> _Search:
    w = problem.weight_tenths["fairness"]
    first = net.solve(None)
    placed, soft_inf, t_inf, res_inf, keep_inf = first
    evaluations = 1
    best = (soft_inf + w * t_inf, t_inf, soft_inf, res_inf, keep_inf)
    t_bott = t_inf
    lower = best[0]
    exact = True
    if w > 0 and len(net.arcs):
        values = np.unique(net.tmax)
        values = values[values <= t_inf]
        th = _Thresholds(net, values, {len(values) - 1: first}, evaluations)
        i_b = _bottleneck(th, placed)
        t_bott = int(values[i_b])
        for out in th.cache.values():
            if out[0] == placed and out[1] + w * out[2] < best[0]:
                best = (out[1] + w * out[2], out[2], out[1], out[3], out[4])
        best, lower = _branch_and_bound(th, w, placed, i_b, best, max_evaluations)
        exact = lower == best[0]
        evaluations = th.evaluations
    return _Search(first, best, int(lower), exact, t_bott, evaluations)


def _year_relaxation(problem: Problem, net: YearNetwork, search: _Search, with_costs: bool) -> YearRelaxation:
    year = int(problem.unit_year[net.units[0]]) if len(net.units) else 0
    placed, soft_inf, _, res_inf, keep_inf = search.first
    _, t_star, soft_star, res_star, keep_star = search.best
    unit_flow = np.zeros(len(net.arcs), dtype=np.int64)
    unit_flow[keep_star] = res_star.flow
    if with_costs:
        rc_inf = _reduced(net, res_inf, keep_inf)
        rc_star = rc_inf if res_star is res_inf else _reduced(net, res_star, keep_star)
    else:
        rc_inf = rc_star = np.zeros(len(net.arcs), dtype=np.int64)
    return YearRelaxation(year=year, units=net.units, arcs=net.arcs, placed=placed, bound=search.lower,
                          exact=search.exact, t_star=t_star, soft_star=soft_star, unit_flow=unit_flow,
                          unplaced_flow=res_star.unplaced, soft_inf=soft_inf, t_bottleneck=search.t_bottleneck,
                          rc_inf=rc_inf, rc_star=rc_star, evaluations=search.evaluations, network=net)


def relax(problem: Problem, with_costs: bool = True, upper: int | None = None, iterations: int = 40,
          time_limit: float = 20.0) -> Relaxation:
    start = time.perf_counter()
    m = big_m(problem)
    years = sorted({int(y) for y in problem.unit_year})
    nets = {y: YearNetwork(problem, y, m) for y in years}
    constant = 0
    searches: dict[int, _Search] = {}
    """Each year's flows at no multipliers, kept while the multipliers stay zero (the same flows)."""
    if iterations and (problem.groups or any(net.n_keys for net in nets.values())):
        limits: dict[int, int | None] = {y: None for y in years}
        if problem.weight_tenths["fairness"] > 0:
            searches = {y: _search(problem, nets[y], 40) for y in years}
            limits = {y: searches[y].best[1] for y in years}
        mu, lam = lagrange(problem, nets, limits, upper, iterations, start + time_limit)
        for y in years:
            nets[y].set_multipliers(mu[y], lam)
        if lam.any() or any(v.any() for v in mu.values()):
            searches = {}
        constant = -int((lam * RoomsPerDay.limits(problem)).sum()) if len(lam) else 0
    out = [_year_relaxation(problem, nets[y], searches[y] if y in searches else _search(problem, nets[y], 40),
                            with_costs) for y in years]
    arc_flow = np.zeros(len(problem.arc_unit), dtype=np.int64)
    for yr in out:
        arc_flow[yr.arcs] = yr.unit_flow
    return Relaxation(years=out, big_m=m, placed=sum(y.placed for y in out),
                      bound=sum(y.bound for y in out) + constant,
                      seconds=time.perf_counter() - start, unit_arc_flow=arc_flow)


def fixable_arcs(problem: Problem, relaxation: Relaxation, upper: int) -> np.ndarray:
    """Arcs that no plan placing as many, and costing at most ``upper``, can use (exact reduced-cost fixing)."""
    drop = np.zeros(len(problem.arc_unit), dtype=bool)
    w = problem.weight_tenths["fairness"]
    for yr in relaxation.years:
        others = relaxation.bound - yr.bound
        size = problem.unit_size[problem.arc_unit[yr.arcs]]
        t = problem.arc_tmax10[yr.arcs]
        # plans whose longest journey is within the best threshold
        b1 = yr.soft_star + size * yr.rc_star + w * np.maximum(yr.t_bottleneck, t)
        b1 = np.where(t <= yr.t_star, b1, np.iinfo(np.int64).max // 4)
        # plans going beyond it
        b2 = yr.soft_inf + size * yr.rc_inf + w * np.maximum(yr.t_star + 1 if w else 0, t)
        lower = np.minimum(b1, b2) + others
        drop[yr.arcs] = lower > upper
    return drop
