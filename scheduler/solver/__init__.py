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
5. ``lp``: the LP of the whole model over all arcs by pricing (GLOP): a
   second bound, reduced costs for exact fixing, and a rounded plan.
6. ``model``/``rules``: CP-SAT over the arcs of smallest reduced cost, hinted
   with the best plan; if every arc that a better plan could use is in the
   model, CP-SAT's proof is a proof for the whole problem, else the model
   grows and is solved again.
Unplaced student-blocks get plain-English reasons (``explain``); a
min-change re-plan reports who moved and why (``minchange``).
"""

from __future__ import annotations

import time
from typing import Iterable

import numpy as np

from scheduler.domain import DataSet, Placement, Plan
from scheduler.progress import TaskState
from scheduler.settings import Settings
from scheduler.solver import bound as bound_mod
from scheduler.solver import candidates as cand_mod
from scheduler.solver import explain, minchange
from scheduler.solver import lp as lp_mod
from scheduler.solver.model import solve_cp
from scheduler.solver.problem import SCALE, build_problem, evaluate, objective_of, sb_assignment, scaled_objective
from scheduler.solver import repair as repair_mod
from scheduler.solver.result import Move, SolveResult, build_plan
from scheduler.solver.check import check_plan

__all__ = ["solve", "check_plan", "explain_unplaced", "SolveResult", "Move"]


def _feasible(problem, unit_arc: np.ndarray) -> bool:
    state = repair_mod.State(problem)
    order = sorted(range(problem.n_units), key=lambda u: u)
    for u in order:
        a = int(unit_arc[u])
        if a >= 0:
            if not state.fits(u, a):
                return False
            state.put(u, a)
    return True


def _start_arcs(problem, relaxation, unit_arc: np.ndarray, per_unit: int = 6) -> np.ndarray:
    """The first LP columns: each unit's arcs of smallest flow reduced cost, the incumbent and the flow's."""
    score = np.zeros(len(problem.arc_unit))
    for yr in relaxation.years:
        score[yr.arcs] = np.minimum(yr.rc_inf, yr.rc_star)
    order = np.lexsort((score, problem.arc_unit))
    rank = np.arange(len(order)) - problem.arc_ptr[problem.arc_unit[order]]
    chosen = order[rank < per_unit]
    return np.unique(np.concatenate([chosen, unit_arc[unit_arc >= 0], np.nonzero(relaxation.unit_arc_flow > 0)[0]]))


def solve(data: DataSet, settings: Settings, task: TaskState | None = None, previous: Plan | None = None,
          min_change: bool = False, locked: Iterable[Placement] = (), name: str = "Plan") -> SolveResult:
    """The best plan by the order of aims: most student-blocks placed, then the weighted soft terms."""
    start = time.perf_counter()
    stats: dict[str, float] = {}

    def say(message: str, objective: float | None = None, bound: float | None = None) -> None:
        if task is not None:
            task.report(message, objective=objective, bound=bound)

    say("finding candidate practices")
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
    stats.update(candidates=float(len(cands.practice)), student_blocks=float(cands.n_sb), units=float(problem.n_units))
    stats["seconds_candidates"] = time.perf_counter() - start

    t = time.perf_counter()
    say("solving the flow relaxation")
    relaxation = bound_mod.relax(problem)
    stats["seconds_flow"] = time.perf_counter() - t
    lower = relaxation.bound
    say("flow bound found", bound=lower / SCALE)

    t = time.perf_counter()
    unit_arc, split = repair_mod.decode(problem, relaxation.unit_arc_flow)
    if split or not _feasible(problem, unit_arc):
        unit_arc = repair_mod.repair(problem, relaxation)
    stats["seconds_repair"] = time.perf_counter() - t

    def score(ua: np.ndarray) -> tuple[int, int, np.ndarray, dict]:
        assign = sb_assignment(problem, ua)
        terms = evaluate(problem, assign)
        return int((assign >= 0).sum()), scaled_objective(problem, terms), assign, terms

    placed, upper, assign, terms = score(unit_arc)
    say("first plan", objective=upper / SCALE, bound=lower / SCALE)
    count_proven = placed == relaxation.placed
    exact = all(y.exact for y in relaxation.years)
    status = "optimal" if (count_proven and upper <= lower and exact) else "feasible"
    bound_value = lower if count_proven else None
    stats["variables"] = 0.0
    time_left = lambda: settings.time_limit_seconds - (time.perf_counter() - start)  # noqa: E731
    stopped = task is not None and task.cancelled

    if status != "optimal" and not stopped and time_left() > 0.2:
        all_arcs = np.ones(len(problem.arc_unit), dtype=bool)
        if not count_proven:
            # first aim: as many placed as possible (the flow count is an upper bound)
            say("placing as many as possible")
            out = solve_cp(problem, all_arcs, hint=unit_arc, time_limit=time_left() * 0.4, workers=settings.workers,
                           seed=settings.seed, task=task, maximise_placed=True)
            stats["seconds_count"] = out.seconds
            if out.unit_arc is not None:
                p2, u2, a2, t2 = score(out.unit_arc)
                if p2 > placed:
                    unit_arc, placed, upper, assign, terms = out.unit_arc, p2, u2, a2, t2
            count_proven = placed == relaxation.placed or (out.status == "optimal" and out.objective == placed)
            stopped = out.stopped
        def pinned(mask: np.ndarray) -> np.ndarray:
            mask = mask.copy()
            mask[unit_arc[unit_arc >= 0]] = True
            for u in np.nonzero(problem.unit_locked >= 0)[0]:
                mask[problem.arc_ptr[u]:problem.arc_ptr[u + 1]] = True
            return mask

        reduced = None
        if count_proven and placed == relaxation.placed and not stopped and time_left() > 1.0:
            # the LP of the whole model over all arcs, by pricing: a bound and exact reduced costs
            say("bounding with the linear relaxation", objective=upper / SCALE, bound=lower / SCALE)
            t = time.perf_counter()
            lp_bound = lp_mod.solve_lp(problem, _start_arcs(problem, relaxation, unit_arc), placed,
                                       {yr.year: yr.t_bottleneck for yr in relaxation.years},
                                       time_limit=max(1.0, time_left() * 0.4), fairness_rows=False)
            stats["seconds_lp"] = time.perf_counter() - t
            stats["lp_columns"] = float(lp_bound.columns)
            if lp_bound.exact:
                # a plan using an arc beyond its year's bottleneck journey pays that much more fairness
                tb = np.zeros(max(problem.unit_year.max(initial=0) + 1, 1), dtype=np.int64)
                for yr in relaxation.years:
                    tb[yr.year] = yr.t_bottleneck
                year_of_arc = problem.unit_year[problem.arc_unit]
                reduced = lp_bound.reduced + problem.ws["fairness"] * np.maximum(0, problem.arc_tmax10 - tb[year_of_arc])
                lower = max(lower, int(np.floor(lp_bound.value - 1e-6 * abs(lp_bound.value))))
            primal = lp_bound.primal
            if problem.ws["fairness"] and lp_bound.exact and time_left() > 10:
                # the LP above prices the longest journey only at its bottleneck: for a plan to round,
                # solve it again within each year's best threshold from the flow relaxation
                t_star = np.zeros(len(tb), dtype=np.int64)
                for yr in relaxation.years:
                    t_star[yr.year] = yr.t_star
                within = problem.arc_tmax10 <= t_star[year_of_arc]
                again = lp_mod.solve_lp(problem, np.nonzero(lp_bound.in_lp & within)[0], placed,
                                        {yr.year: yr.t_bottleneck for yr in relaxation.years}, max_rounds=1,
                                        fairness_rows=False, column_mask=within)
                if again.primal is not None:
                    primal = again.primal
            if primal is not None:
                rounded = repair_mod.round_lp(problem, primal)
                p2, u2, a2, t2 = score(rounded)
                if p2 == placed and u2 < upper:
                    unit_arc, upper, assign, terms = rounded, u2, a2, t2
                    say("rounded the linear relaxation", objective=upper / SCALE, bound=lower / SCALE)
            bound_value = lower
        elif count_proven and placed == relaxation.placed:
            bound_value = lower
        else:
            bound_value = None
        if reduced is None:
            sub = pinned(np.ones(len(problem.arc_unit), dtype=bool)) if bound_value is None else \
                pinned(~bound_mod.fixable_arcs(problem, relaxation, upper))
            covers = True
        else:
            # restricted model first: the arcs of smallest reduced cost, about three per unit
            theta = float(np.quantile(reduced, min(1.0, 3.0 * problem.n_units / max(1, len(reduced)))))
            theta = min(theta, float(upper - lower))
            sub = pinned(reduced <= theta + 1e-6)
            covers = bool(upper - lower <= theta)
        fair_lower = {yr.year: yr.t_bottleneck for yr in relaxation.years}
        rounds = 0
        while not stopped and time_left() > 0.2 and (bound_value is None or upper > bound_value):
            rounds += 1
            say("improving the plan", objective=upper / SCALE,
                bound=None if bound_value is None else bound_value / SCALE)
            out = solve_cp(problem, sub, hint=unit_arc, time_limit=time_left(), workers=settings.workers,
                           seed=settings.seed, task=task, placed_exactly=placed,
                           fairness_lower=fair_lower if bound_value is not None else None)
            stats["seconds_cpsat"] = stats.get("seconds_cpsat", 0.0) + out.seconds
            stats["variables"] = float(out.variables)
            stopped = stopped or out.stopped
            if out.unit_arc is not None:
                p2, u2, a2, t2 = score(out.unit_arc)
                if p2 == placed and u2 <= upper and _feasible(problem, out.unit_arc):
                    unit_arc, upper, assign, terms = out.unit_arc, u2, a2, t2
            if reduced is not None:
                # every plan better than the incumbent uses only arcs of reduced cost <= upper - lower
                needed = reduced <= (upper - lower) + 1e-6 * max(1.0, abs(upper))
                covers = not (needed & ~sub).any()
            if covers and count_proven and out.bound is not None:
                bound_value = max(bound_value if bound_value is not None else out.bound, min(upper, out.bound))
                if out.status == "optimal" and not stopped:
                    bound_value = upper
            if covers or reduced is None or out.status != "optimal" or stopped:
                break
            if time_left() < 5.0 or (needed | sub).sum() > max(4 * sub.sum(), 50_000):
                break  # not worth a bigger model in the time left; the bound stays the LP's
            sub = pinned(sub | needed)
        stats["arcs_kept"] = float(sub.sum())
        stats["rounds"] = float(rounds)
        if count_proven and bound_value is not None and upper <= bound_value:
            status = "optimal"
        elif stopped:
            status = "stopped"
        else:
            status = "feasible"
    elif stopped and status != "optimal":
        status = "stopped"
    if task is not None and task.cancelled and status != "optimal":
        status = "stopped"

    objective = objective_of(problem, terms)
    bound_out = None if bound_value is None else min(objective, bound_value / SCALE)
    seconds = time.perf_counter() - start
    plan = build_plan(problem, assign, name=name, status=status, objective=objective, bound=bound_out,
                      seconds=seconds, terms=terms)
    result_moves = minchange.moves(problem, prev, assign) if prev is not None else []
    stats["seconds"] = seconds
    say(f"done: {status}", objective=objective, bound=bound_out)
    return SolveResult(plan=plan, moves=result_moves, stats=stats)


def explain_unplaced(data: DataSet, settings: Settings, student_id: str, block_id: str) -> str:
    """Why a student-block could have no practice, looking at the hard rules and its together partners."""
    cands = cand_mod.build(data, settings)
    k = cands.sb_index[(student_id, block_id)]
    problem = build_problem(data, settings, cands)
    u = int(problem.sb_unit[k])
    partners = [cands.key(m)[0] for m in problem.units[u] if m != k]
    n = int(problem.arc_ptr[u + 1] - problem.arc_ptr[u])
    return explain.reason(cands, k, partners, n if partners else None)
