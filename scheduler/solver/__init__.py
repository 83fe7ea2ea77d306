"""The allocation engine: domain objects in, a plan out (no database, no Qt).

Phases (each timed in ``SolveResult.stats``):
1. ``candidates``: the practices the hard rules allow for each student-block.
2. ``problem``: units (``together`` partners move as one), arcs and integer costs.
3. ``bound``: per-year min-cost flow relaxation, exact for capacity, travel,
   preferences, history and balance; the longest journey per year by branch
   and bound over thresholds; rooms per day and "same practice twice" priced
   by Lagrangian multipliers. Its value is a lower bound.
4. ``repair``: a plan that keeps every hard rule. If it costs no more than
   the bound, it is optimal and we stop (the usual case for travel alone when
   the side rules do not bind).
4b. ``count``: when the first plan places fewer than the flow's count (scarce
   places), the count's LP bounds it and, if a gap is left, the count MIP
   (``mip``, HiGHS) finds and proves the most any plan can place, first over
   the LP's support (then with each unit's nearest practices), keeping as
   much of the first plan as it can, then over all arcs. The soft aims follow
   with that count fixed.
5. ``floors`` and ``lp``: each year's longest journey bounded below by the
   count's LP without the long journeys; the LP of the whole model over all
   arcs by pricing (HiGHS): a second bound, reduced costs for exact fixing,
   and a solution to round (the count put back by a small MIP if rounding
   lost places).
6. ``mip``: with the count proven, the soft aims as MIPs (HiGHS): first
   around the LP (units whose plan arc the LP takes whole keep it: RINS),
   then over each unit's few arcs of smallest reduced cost (a good plan soon),
   then over every arc a better plan may use, so its proof holds for the
   whole problem. With aims that tie units together (fairness, balance,
   variety), two workers and a large problem, the proving MIP runs from the
   start, and beside it in a second HiGHS process RINS, then neighbourhood
   MIPs (``lns``: the units near a few practices choose again) until the
   proof ends. Only when a time limit stops the count proof does CP-SAT
   (``model``/``rules``) improve the plan at the count reached, over the arcs
   of smallest reduced cost, hinted with the best plan.
Unplaced student-blocks get plain-English reasons (``explain``); a
min-change re-plan reports who moved and why (``minchange``).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np

from scheduler import highs_run
from scheduler.domain import DataSet, Placement, Plan
from scheduler.progress import TaskState
from scheduler.settings import Settings
from scheduler.solver import bound as bound_mod
from scheduler.solver import candidates as cand_mod
from scheduler.solver import count as count_mod
from scheduler.solver import explain, minchange
from scheduler.solver import floors as floors_mod
from scheduler.solver import lns as lns_mod
from scheduler.solver import lp as lp_mod
from scheduler.solver import mip as mip_mod
from scheduler.solver import repair as repair_mod
from scheduler.solver.check import check_plan
from scheduler.solver.model import solve_cp
from scheduler.solver.problem import (
    SCALE,
    Problem,
    build_problem,
    evaluate,
    objective_of,
    sb_assignment,
    scaled_objective,
)
from scheduler.solver.result import Move, SolveResult, build_plan, unit_partners, unit_practices

__all__ = ["solve", "check_plan", "explain_unplaced", "SolveResult", "Move"]


def _feasible(problem, unit_arc: np.ndarray) -> bool:
    state = repair_mod.State(problem)
    for u in range(problem.n_units):
        a = int(unit_arc[u])
        if a >= 0:
            if not state.fits(u, a):
                return False
            state.put(u, a)
    return True


def _flow_score(relaxation, n_arcs: int) -> np.ndarray:
    """Each arc's reduced cost in the flow relaxation (0 where the flow has none)."""
    score = np.zeros(n_arcs)
    for yr in relaxation.years:
        score[yr.arcs] = np.minimum(yr.rc_inf, yr.rc_star)
    return score


def _cheapest_arcs(problem, score: np.ndarray, per_unit: int) -> np.ndarray:
    """Each unit's ``per_unit`` arcs of smallest ``score``."""
    order = np.lexsort((score, problem.arc_unit))
    rank = np.arange(len(order)) - problem.arc_ptr[problem.arc_unit[order]]
    return order[rank < per_unit]


def _start_arcs(problem, relaxation, unit_arc: np.ndarray, per_unit: int = 6) -> np.ndarray:
    """The first LP columns: each unit's arcs of smallest flow reduced cost, the incumbent and the flow's."""
    chosen = _cheapest_arcs(problem, _flow_score(relaxation, len(problem.arc_unit)), per_unit)
    return np.unique(np.concatenate([chosen, unit_arc[unit_arc >= 0], np.nonzero(relaxation.unit_arc_flow > 0)[0]]))


SMALL_MODEL_ARCS = (4, 8, 16)
"""Arcs per unit in the first soft-aims MIPs (by reduced cost), each solved before the next: measured on
scarce-1000 (travel only), 3 per unit gave a plan 0.5% from the optimum in 0.6 s, where the MIP over all arcs
needs 5.5 s to prove it; with the default weights, 4 per unit left 1.1% to prove in 52 s."""
SMALL_MODEL_SHARE = 0.25
"""A small soft-aims MIP runs only while it holds under this share of the arcs a better plan may use; else the
proving MIP comes next. On ample-2000 (travel only) the 16-arc MIP, 38,002 of 150,913 arcs, spent 18 s to find
the plan the proving MIP then found in its own root (36.5 s in all against 54.1 s)."""


SEARCH_SHARE = 0.25
"""Each MIP that only looks for a better plan (RINS, the small ones) gets this share of the time left, the proof the
rest."""
BESIDE_SHARE = 0.3
"""RINS's share of the time left when it runs beside the proof (``_prove_beside_search``); neighbourhoods follow."""
COUPLING_AIMS = ("fairness", "balance", "variety")
"""Soft aims that tie units together: with any of them weighed, HiGHS is given our plan to start from, and (with two
workers and a large problem) the proof runs beside the search for plans."""


NEAR_ARCS = 8
"""Each unit's nearest practices added to the count LP's support for the second small count MIP."""


@dataclass
class Search:
    """The state of one solve: the incumbent plan, the proven bounds, the clock and the progress reports."""

    problem: Problem
    settings: Settings
    task: TaskState | None
    start: float
    stats: dict[str, float] = field(default_factory=dict)
    unit_arc: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    placed: int = 0
    upper: int = 0
    """Scaled soft objective of the incumbent."""
    assign: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    terms: dict[str, float] = field(default_factory=dict)
    placed_bound: int | None = None
    """No plan places more student-blocks (proven)."""
    lower: int | None = None
    """Proven lower bound on the soft objective of plans placing ``placed`` (scaled), None = not known."""
    stopped: bool = False
    worker: highs_run.Worker | None = None
    """Where the MIPs run (``scheduler.highs_run``)."""
    helper: highs_run.Worker | None = None
    """A second process, for MIPs that look for plans while the worker proves (None: one at a time)."""
    floors: dict[int, int] | None = None
    """Proven floors on each year's longest journey (tenths of a minute) for plans placing ``placed``."""
    lp_primal: np.ndarray | None = None
    """The soft-aims LP's solution (0 outside it)."""
    score: np.ndarray | None = None
    """Each arc's reduced cost at the soft-aims LP's last duals, proven or not: the arcs restricted models take."""

    @property
    def count_proven(self) -> bool:
        return self.placed_bound is not None and self.placed >= self.placed_bound

    def time_left(self) -> float:
        return self.settings.time_limit_seconds - (time.perf_counter() - self.start)

    def say(self, message: str) -> None:
        if self.task is not None:
            found = len(self.assign) > 0
            self.task.report(message, objective=self.upper / SCALE if found else None,
                             bound=None if self.lower is None or not self.count_proven else self.lower / SCALE,
                             placed=self.placed if found else None, placed_bound=self.placed_bound)
            self.stopped = self.stopped or self.task.cancelled

    def offer(self, unit_arc: np.ndarray | None) -> bool:
        """Keeps the plan if it keeps every rule and places more, or as many at a lower cost."""
        if unit_arc is None:
            return False
        assign = sb_assignment(self.problem, unit_arc)
        terms = evaluate(self.problem, assign)
        placed, upper = int((assign >= 0).sum()), scaled_objective(self.problem, terms)
        if len(self.assign) and (placed, -upper) <= (self.placed, -self.upper):
            return False
        if len(self.assign) and not _feasible(self.problem, unit_arc):
            return False
        self.unit_arc, self.placed, self.upper, self.assign, self.terms = unit_arc, placed, upper, assign, terms
        return True


def solve(data: DataSet, settings: Settings, task: TaskState | None = None, previous: Plan | None = None,
          min_change: bool = False, locked: Iterable[Placement] = (), name: str = "Plan") -> SolveResult:
    """The best plan by the order of aims: most student-blocks placed (proven), then the weighted soft terms.

    Phases: the problem from the data; the flow relaxation and a first plan; the count proven; the soft
    aims bounded by the LP; CP-SAT improves and proves; the plan with honest status and reasons.
    """
    start, stats = time.perf_counter(), {}
    if task is not None:
        task.report("finding candidate practices")
    problem, prev = _problem(data, settings, previous, min_change, locked, stats)
    large = len(problem.arc_unit) > highs_run.SMALL_MODEL
    beside = large and settings.workers >= 2 and any(problem.ws[name] for name in COUPLING_AIMS)
    with highs_run.Worker() as worker, highs_run.Worker() as helper:
        search = Search(problem, settings, task, start, stats, worker=worker, helper=helper if beside else None)
        if large:
            worker.start()  # it loads while the flow and the LPs run
        if beside:
            helper.start()
        relaxation = _first_plan(search)
        _prove_count(search, relaxation)
        reduced, soft_exact = _bound_soft_aims(search, relaxation)
        if not (search.count_proven and soft_exact and search.lower is not None and search.upper <= search.lower):
            if search.count_proven:
                _improve_by_mip(search, relaxation, reduced)
            else:
                _improve(search, relaxation, reduced)
    return _result(search, name, prev)


def _problem(data: DataSet, settings: Settings, previous: Plan | None, min_change: bool,
             locked: Iterable[Placement], stats: dict[str, float]):
    """Candidates and the problem; locked placements (and, re-planning, the previous plan's locks) pinned."""
    start = time.perf_counter()
    cands = cand_mod.build(data, settings)
    pins: dict[int, int] = {}
    locked = list(locked)
    if min_change and previous is not None:
        locked += [p for p in previous.placements if p.locked]
    for p in locked:
        k = cands.sb_index.get((p.student_id, p.block_id))
        j = cands.practice_index.get(p.practice_code)
        if k is not None and j is not None:
            pins[k] = j
    prev = minchange.previous_practices(cands, previous) if (min_change and previous is not None) else None
    problem = build_problem(data, settings, cands, pins, prev)
    stats.update(candidates=float(len(cands.practice)), student_blocks=float(cands.n_sb), units=float(problem.n_units),
                 seconds_candidates=time.perf_counter() - start)
    return problem, prev


def _first_plan(search: Search):
    """The per-year flow relaxation (a bound on the count, and on the soft aims at that count) and a plan from it."""
    problem = search.problem
    t = time.perf_counter()
    search.say("solving the flow relaxation")
    relaxation = bound_mod.relax(problem)
    search.stats["seconds_flow"] = time.perf_counter() - t
    t = time.perf_counter()
    unit_arc, split = repair_mod.decode(problem, relaxation.unit_arc_flow)
    if split or not _feasible(problem, unit_arc):
        unit_arc = repair_mod.repair(problem, relaxation)
    search.offer(unit_arc)
    search.stats["seconds_repair"] = time.perf_counter() - t
    search.placed_bound = relaxation.placed
    if search.count_proven:
        search.lower = relaxation.bound
    search.say("first plan")
    return relaxation


def _prove_count(search: Search, relaxation) -> None:
    """The first aim: the most student-blocks any plan places, found and proven (see ``count.py`` for why so)."""
    if search.count_proven or search.stopped or search.time_left() < 0.2:
        return
    problem = search.problem
    search.say("proving how many can be placed")
    lp = count_mod.count(problem)
    search.stats["seconds_count_lp"] = lp.seconds
    search.placed_bound = min(search.placed_bound, lp.bound)
    if search.count_proven:
        return
    first = search.unit_arc
    # the LP's solution rounded often reaches its bound (measured on scarce sets): then no MIP is needed
    search.offer(repair_mod.round_lp(problem, lp.primal))
    if search.count_proven:
        search.say("placed as many as possible")
        return
    search.say("placing as many as possible")
    all_arcs = np.arange(len(problem.arc_unit))
    # the LP's support holds a plan of its floor more often than rounding finds one: a small MIP looks there first
    # (then with each unit's nearest practices too: on ample-2000 the support alone held 2,765 of the LP's 2,766,
    # and the MIP over all 274,000 arcs took 47 s to find the last one)
    support = _with_plan_arcs(search, lp.primal > count_mod.EPS)
    support[first[first >= 0]] = True
    near = np.zeros(len(all_arcs), dtype=bool)
    near[_cheapest_arcs(problem, problem.arc_cost.astype(float), NEAR_ARCS)] = True
    for arcs in (support, support | near):
        if arcs.sum() >= 0.5 * len(all_arcs) or search.count_proven or search.stopped:
            break
        # close to the first plan, which was made for the soft aims (the rounded one was not)
        small = mip_mod.solve_mip(problem, np.nonzero(arcs)[0], soft=False, hint=first, close_to_hint=True,
                                  time_limit=max(0.5, search.time_left() * 0.15), task=search.task,
                                  worker=search.worker)
        search.stats["seconds_count_support"] = search.stats.get("seconds_count_support", 0.0) + small.seconds
        _offer_count_plan(search, small.unit_arc)
        search.say("placing as many as possible")
    if search.count_proven or search.stopped:
        search.say("placed as many as possible")
        return
    mip = mip_mod.solve_mip(problem, all_arcs, soft=False, hint=search.unit_arc,
                            time_limit=max(0.5, search.time_left() * 0.5), task=search.task, worker=search.worker)
    search.stats["seconds_count_mip"] = mip.seconds
    _offer_count_plan(search, mip.unit_arc)
    if mip.bound is not None:
        search.placed_bound = min(search.placed_bound, int(math.floor(mip.bound + 1e-6)))
    search.say("placed as many as possible" if search.count_proven else "count not proven yet")


def _flow_floors(search: Search, relaxation) -> dict[int, int] | None:
    """Each year's bottleneck journey in the flow relaxation: a floor on its longest journey, but only for plans
    placing the flow's count."""
    if search.placed != relaxation.placed:
        return None
    return {yr.year: int(yr.t_bottleneck) for yr in relaxation.years}


def _placed_by(problem: Problem, unit_arc: np.ndarray) -> int:
    """Student-blocks a plan (chosen arc per unit) places."""
    return int(problem.unit_size[unit_arc >= 0].sum())


def _with_plan_arcs(search: Search, mask: np.ndarray) -> np.ndarray:
    """``mask`` with the incumbent's arcs and every arc of a locked unit added."""
    problem = search.problem
    mask = mask.copy()
    mask[search.unit_arc[search.unit_arc >= 0]] = True
    for u in np.nonzero(problem.unit_locked >= 0)[0]:
        mask[problem.arc_ptr[u]:problem.arc_ptr[u + 1]] = True
    return mask


def _offer_count_plan(search: Search, unit_arc: np.ndarray | None) -> None:
    """A plan of a count MIP, which ignores the soft aims: completed greedily so it is a fair start for them."""
    if unit_arc is not None and _placed_by(search.problem, unit_arc) > search.placed:
        search.offer(repair_mod.greedy_complete(search.problem, unit_arc))


def _bound_soft_aims(search: Search, relaxation) -> tuple[np.ndarray | None, bool]:
    """A proven lower bound on the soft aims at the proven count: the flow's, then the LP's by pricing.

    Returns the LP's reduced costs (for exact fixing of the CP-SAT model) and whether the flow bound is exact.
    """
    problem = search.problem
    at_flow_count = search.placed == relaxation.placed
    exact = at_flow_count and all(y.exact for y in relaxation.years)
    if not search.count_proven or search.stopped:
        return None, exact
    if at_flow_count and search.upper <= relaxation.bound and exact:
        return None, True
    if search.time_left() <= 1.0:
        return None, exact
    search.say("bounding with the linear relaxation")
    floors = _flow_floors(search, relaxation) or {}
    t = time.perf_counter()
    if problem.ws["fairness"]:
        floors = floors_mod.year_floors(problem, search.placed, search.unit_arc[search.unit_arc >= 0], floors,
                                        time_limit=search.time_left() * 0.1)
        search.floors = floors
        search.stats["seconds_floors"] = time.perf_counter() - t
        t = time.perf_counter()
    lp_bound = lp_mod.solve_lp(problem, _start_arcs(problem, relaxation, search.unit_arc), search.placed, floors,
                               time_limit=max(1.0, search.time_left() * 0.4),
                               stop=lambda: search.task is not None and search.task.cancelled)
    search.stats["seconds_lp"] = time.perf_counter() - t
    search.stats["lp_columns"] = float(lp_bound.columns)
    search.stats["lp_rounds"] = float(lp_bound.rounds)
    reduced = None
    if np.isfinite(lp_bound.value):
        search.score = lp_bound.reduced
    if lp_bound.exact:
        reduced = lp_bound.reduced
        lp_lower = int(np.floor(lp_bound.value - 1e-6 * abs(lp_bound.value)))
        search.lower = max(search.lower, lp_lower) if search.lower is not None else lp_lower
    primal = search.lp_primal = lp_bound.primal
    if primal is not None:
        rounded = repair_mod.round_lp(problem, primal)
        if _placed_by(problem, rounded) < search.placed and search.time_left() > 2.0:
            # rounding lost a few places: the count MIP over the LP's arcs, keeping as much of the rounding
            # as it can, puts them back (HiGHS's own search took 16 s to find a plan there on ample-2000)
            arcs = _with_plan_arcs(search, primal > count_mod.EPS)
            arcs[rounded[rounded >= 0]] = True
            out = mip_mod.solve_mip(problem, np.nonzero(arcs)[0], soft=False, hint=rounded, close_to_hint=True,
                                    time_limit=search.time_left() * 0.1, task=search.task, worker=search.worker)
            search.stats["seconds_round_mip"] = out.seconds
            if out.unit_arc is not None:
                rounded = out.unit_arc
        if _placed_by(problem, rounded) == search.placed and search.offer(rounded):
            search.say("rounded the linear relaxation")
    return reduced, exact


def _improve_by_mip(search: Search, relaxation, reduced: np.ndarray | None) -> None:
    """The soft aims with the proven count fixed, as MIPs: first over each unit's few most promising arcs (a good
    plan soon), then over every arc that a better plan may use (exact fixing by the LP's reduced costs, when the
    LP was solved), so that HiGHS's proof is a proof for the whole problem. With aims that tie units together
    and a helper process, the proof and the search for plans run side by side."""
    problem = search.problem
    n_arcs = len(problem.arc_unit)
    floors = search.floors if search.floors is not None else _flow_floors(search, relaxation)

    def needed() -> np.ndarray:
        if reduced is None or search.lower is None:
            return np.ones(n_arcs, dtype=bool)
        return _with_plan_arcs(search, reduced <= search.upper - search.lower + 1e-6 * max(1.0, abs(search.upper)))

    score = search.score if search.score is not None else _flow_score(relaxation, n_arcs)
    # aims that tie units together leave HiGHS without a plan of its own for long: it starts from ours
    coupled = any(problem.ws[name] for name in COUPLING_AIMS)
    if search.helper is not None:  # only given with those aims (``solve``)
        _prove_beside_search(search, floors, score, needed)
        return
    _search_plans(search, floors, score, needed)
    if search.stopped or search.time_left() <= 0.2 or (search.lower is not None and search.upper <= search.lower):
        return
    keep = needed()
    search.say("proving the plan best")
    out = mip_mod.solve_mip(problem, np.nonzero(keep)[0], soft=True, placed=search.placed, t_lower=floors,
                            hint=search.unit_arc if coupled else None, time_limit=search.time_left(),
                            task=search.task, worker=search.worker)
    _take_proof(search, out, keep)


def _prove_beside_search(search: Search, floors: dict[int, int] | None, score: np.ndarray, needed) -> None:
    """The proving MIP on the worker (from a thread: it only waits on the process) while the search for plans runs
    on the helper, each HiGHS on a core of its own: RINS, then neighbourhoods (``lns``) until the proof ends.

    Why: with aims that tie units together, HiGHS finds better plans slowly. On tight-1500 (default weights) RINS
    found its plan, 2.4% better than the first, after 8.4 to 12 s; in turn after it, the proof found nothing in
    what time was left, so a run that missed RINS's deadline ended 2.44% from the bound instead of 0.01%. On the
    full demo set neither RINS nor the small MIPs found a better plan; the neighbourhoods did (1.46% -> 0.57% and
    0.69% in two runs)."""
    if search.stopped or search.time_left() <= 1.0 or (search.lower is not None and search.upper <= search.lower):
        return
    problem = search.problem
    keep = needed()
    hint = search.unit_arc.copy()
    done = threading.Event()
    abort = threading.Event()  # the search failed: the proof is not waited for
    outcome: dict[str, object] = {}

    def prove() -> None:
        try:
            outcome["result"] = mip_mod.solve_mip(problem, np.nonzero(keep)[0], soft=True, placed=search.placed,
                                                  t_lower=floors, hint=hint, time_limit=search.time_left(),
                                                  task=search.task, worker=search.worker, halt=abort.is_set)
        except BaseException as error:  # handed to the solve's own thread below
            outcome["error"] = error
        finally:
            done.set()

    search.say("proving the plan best")
    search.stats["proof_beside_search"] = 1.0
    thread = threading.Thread(target=prove, name="soft-aims-proof", daemon=True)
    thread.start()
    try:
        _improve_near_lp(search, floors, score, BESIDE_SHARE, search.helper, done.is_set)
        _improve_by_neighbourhoods(search, floors, score, search.helper, done.is_set)
    except BaseException:
        abort.set()
        raise
    finally:
        thread.join()
    if "error" in outcome:
        raise outcome["error"]
    _take_proof(search, outcome["result"], keep)


def _search_plans(search: Search, floors: dict[int, int] | None, score: np.ndarray, needed) -> None:
    """Better plans at the proven count, before the proof: RINS around the LP, then MIPs over each unit's few arcs
    of smallest reduced cost, each given ``SEARCH_SHARE`` of the time left."""
    problem = search.problem
    n_arcs = len(problem.arc_unit)
    _improve_near_lp(search, floors, score, SEARCH_SHARE, search.worker)
    for per_unit in SMALL_MODEL_ARCS:
        need = needed()
        few = np.zeros(n_arcs, dtype=bool)
        few[_cheapest_arcs(problem, score, per_unit)] = True
        few = _with_plan_arcs(search, few) & need
        if few.sum() >= SMALL_MODEL_SHARE * need.sum() or search.stopped or search.time_left() <= 1.0:
            break
        search.say("improving the plan")
        out = mip_mod.solve_mip(problem, np.nonzero(few)[0], soft=True, placed=search.placed, t_lower=floors,
                                time_limit=search.time_left() * SEARCH_SHARE, task=search.task,
                                worker=search.worker)
        search.stats[f"seconds_mip_{per_unit}"] = out.seconds
        search.stats[f"arcs_mip_{per_unit}"] = float(few.sum())
        search.stats[f"arcs_needed_{per_unit}"] = float(need.sum())
        _offer_soft_plan(search, out.unit_arc)
        if out.unit_arc is not None and not out.optimal:
            break  # a wider model would not finish either


def _improve_by_neighbourhoods(search: Search, floors: dict[int, int] | None, score: np.ndarray,
                               worker: highs_run.Worker | None, halt) -> None:
    """Large-neighbourhood search (``lns``): small MIPs in which the units near a few practices choose again, one
    after another from the best plan, until ``halt``, a stop, or the time is up."""
    problem = search.problem
    if search.placed == 0:
        return
    cheap = np.zeros(len(problem.arc_unit), dtype=bool)
    cheap[_cheapest_arcs(problem, score, lns_mod.ARCS_PER_UNIT)] = True
    hoods = lns_mod.Neighbourhoods(problem, cheap, search.settings.seed)
    rounds = better = 0
    while not search.stopped and not halt() and search.time_left() > 1.0:
        arcs = _with_plan_arcs(search, hoods.arcs(search.unit_arc))
        # HiGHS's own limit ends HEADROOM_SECONDS before the caller's (``highs_run.Worker.run``)
        out = mip_mod.solve_mip(problem, np.nonzero(arcs)[0], soft=True, placed=search.placed, t_lower=floors,
                                hint=search.unit_arc, task=search.task, worker=worker, halt=halt,
                                time_limit=min(lns_mod.MIP_SECONDS + highs_run.HEADROOM_SECONDS, search.time_left()))
        hoods.tell(out.optimal, out.seconds)
        rounds += 1
        before = search.upper
        _offer_soft_plan(search, out.unit_arc)
        better += int(search.upper < before)
    search.stats["lns_rounds"] = float(rounds)
    search.stats["lns_better"] = float(better)


def _take_proof(search: Search, out: mip_mod.MipResult, keep: np.ndarray) -> None:
    """The proving MIP's plan, if better, and its bound."""
    search.stats["seconds_mip"] = out.seconds
    search.stats["variables"] = float(out.columns)
    search.stats["arcs_kept"] = float(keep.sum())
    _offer_soft_plan(search, out.unit_arc)
    # the proof is HiGHS's bound, never its "optimal": given a start, HiGHS 1.16 can value it after presolve
    # below its cost (the demo: 79,937 for a plan costing 80,074), prune all that would beat that, and call
    # the start optimal; its bound stays a true bound
    if out.bound is not None:
        mip_lower = min(search.upper, int(math.ceil(out.bound - 1e-6)))
        search.lower = mip_lower if search.lower is None else max(search.lower, mip_lower)


def _improve_near_lp(search: Search, floors: dict[int, int] | None, score: np.ndarray, share: float,
                     worker: highs_run.Worker | None, halt=None) -> None:
    """Units whose arc in the plan the LP takes whole keep it; the others choose again among their arcs in the LP
    and their few of smallest reduced cost (RINS: a small MIP, where HiGHS's own search over every unit's few
    arcs found no plan in 10 s on ample-2000 and scarce-2000-rooms)."""
    problem = search.problem
    primal = search.lp_primal
    if primal is None or search.stopped or search.time_left() <= 1.0 or (halt is not None and halt()):
        return
    placed = search.unit_arc >= 0
    agree = np.zeros(problem.n_units, dtype=bool)
    agree[placed] = primal[search.unit_arc[placed]] > 1 - count_mod.EPS
    arcs = np.zeros(len(problem.arc_unit), dtype=bool)
    arcs[_cheapest_arcs(problem, score, SMALL_MODEL_ARCS[-1])] = True
    arcs |= primal > count_mod.EPS
    arcs &= ~agree[problem.arc_unit]
    arcs = _with_plan_arcs(search, arcs)
    search.say("improving the plan")
    out = mip_mod.solve_mip(problem, np.nonzero(arcs)[0], soft=True, placed=search.placed, t_lower=floors,
                            hint=search.unit_arc, time_limit=search.time_left() * share, task=search.task,
                            worker=worker, halt=halt)
    search.stats["seconds_mip_near_lp"] = out.seconds
    search.stats["units_free_near_lp"] = float((~agree).sum())
    _offer_soft_plan(search, out.unit_arc)


def _offer_soft_plan(search: Search, unit_arc: np.ndarray | None) -> None:
    search.stopped = search.stopped or (search.task is not None and search.task.cancelled)
    if unit_arc is not None and _placed_by(search.problem, unit_arc) == search.placed:
        if search.offer(unit_arc):
            search.say("improving the plan")


def _improve(search: Search, relaxation, reduced: np.ndarray | None) -> None:
    """CP-SAT with the count fixed, over the arcs a better plan may use; grows the model while it must."""
    problem = search.problem
    search.stats["variables"] = 0.0
    if search.stopped or search.time_left() <= 0.2:
        return
    at_flow_count = search.placed == relaxation.placed

    proven_lower = search.lower if search.count_proven else None
    if reduced is None:
        fixable = bound_mod.fixable_arcs(problem, relaxation, search.upper) \
            if (proven_lower is not None and at_flow_count) else np.zeros(len(problem.arc_unit), dtype=bool)
        sub, covers = _with_plan_arcs(search, ~fixable), True
    else:
        # restricted model first: the arcs of smallest reduced cost, about three per unit
        theta = float(np.quantile(reduced, min(1.0, 3.0 * problem.n_units / max(1, len(reduced)))))
        theta = min(theta, float(search.upper - search.lower))
        sub = _with_plan_arcs(search, reduced <= theta + 1e-6)
        covers = bool(search.upper - search.lower <= theta)
    fair_lower = _flow_floors(search, relaxation)
    rounds = 0
    while not search.stopped and search.time_left() > 0.2 and (proven_lower is None or search.upper > proven_lower):
        rounds += 1
        search.say("improving the plan")
        out = solve_cp(problem, sub, hint=search.unit_arc, time_limit=search.time_left(), workers=search.settings.workers,
                       seed=search.settings.seed, task=search.task, placed_exactly=search.placed,
                       fairness_lower=fair_lower if proven_lower is not None else None,
                       placed_bound=search.placed_bound, count_proven=search.count_proven)
        search.stats["seconds_cpsat"] = search.stats.get("seconds_cpsat", 0.0) + out.seconds
        search.stats["variables"] = float(out.variables)
        search.stopped = search.stopped or out.stopped
        if out.unit_arc is not None and _placed_by(problem, out.unit_arc) == search.placed:
            search.offer(out.unit_arc)
        if reduced is not None:
            # every plan better than the incumbent uses only arcs of reduced cost <= upper - lower
            needed = reduced <= (search.upper - search.lower) + 1e-6 * max(1.0, abs(search.upper))
            covers = not (needed & ~sub).any()
        if covers and search.count_proven and out.bound is not None:
            proven_lower = max(proven_lower if proven_lower is not None else out.bound, min(search.upper, out.bound))
            if out.status == "optimal" and not search.stopped:
                proven_lower = search.upper
        if covers or reduced is None or out.status != "optimal" or search.stopped:
            break
        if search.time_left() < 5.0 or (needed | sub).sum() > max(4 * sub.sum(), 50_000):
            break  # not worth a bigger model in the time left; the bound stays the LP's
        sub = _with_plan_arcs(search, sub | needed)
    search.lower = proven_lower if search.count_proven else None
    search.stats["arcs_kept"] = float(sub.sum())
    search.stats["rounds"] = float(rounds)


def _result(search: Search, name: str, prev: np.ndarray | None) -> SolveResult:
    """The plan with an honest status: "optimal" only with the count and the soft aims both proven."""
    problem = search.problem
    if search.task is not None and search.task.cancelled:
        search.stopped = True
    soft_proven = search.lower is not None and search.upper <= search.lower
    if search.count_proven and soft_proven:
        status = "optimal"
    elif search.stopped:
        status = "stopped"
    else:
        status = "feasible"
    objective = objective_of(problem, search.terms)
    bound_out = min(objective, search.lower / SCALE) if (search.count_proven and search.lower is not None) else None
    seconds = time.perf_counter() - search.start
    plan = build_plan(problem, search.assign, name=name, status=status, objective=objective, bound=bound_out,
                      seconds=seconds, terms=search.terms, placed_bound=search.placed_bound)
    result_moves = minchange.moves(problem, prev, search.assign) if prev is not None else []
    search.stats["seconds"] = seconds
    if search.task is not None:
        search.task.report(f"done: {status}", objective=objective, bound=bound_out, placed=search.placed,
                           placed_bound=search.placed_bound)
    return SolveResult(plan=plan, moves=result_moves, stats=search.stats)


def explain_unplaced(data: DataSet, settings: Settings, student_id: str, block_id: str) -> str:
    """Why a student-block could have no practice, looking at the hard rules and its together partners."""
    cands = cand_mod.build(data, settings)
    k = cands.sb_index[(student_id, block_id)]
    problem = build_problem(data, settings, cands)
    return explain.reason(cands, k, unit_partners(problem, k), unit_practices(problem, k))
