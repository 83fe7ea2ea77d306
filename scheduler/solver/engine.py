"""The engine: data in, the problem built, then the table of steps, then the plan with an honest status.

Read top to bottom: ``STEPS`` is the story (docs/engine.md draws it and says
what each step proves); ``solve`` builds the problem and lets ``runner.Runner``
run each step that applies. The order of aims: most student-blocks placed
(proven), then the weighted soft aims at that count.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import numpy as np

from scheduler.domain import DataSet, Placement, Plan
from scheduler.progress import TaskState
from scheduler.settings import Settings
from scheduler.solver import candidates as candidates_mod
from scheduler.solver import explain, highs_run, minchange, mixing
from scheduler.solver.budget import SHARES
from scheduler.solver.problem import SCALE, Problem, build_problem, objective_of
from scheduler.solver.result import SolveResult, build_plan, unit_partners, unit_practices
from scheduler.solver.runner import Entry, InTurn, Runner, SideBySide
from scheduler.solver.state import State
from scheduler.solver.stats import Stats
from scheduler.solver.steps.cpsat import CpSatFallback
from scheduler.solver.steps.first_plan import FirstPlan
from scheduler.solver.steps.proof import Proof
from scheduler.solver.steps.prove_count import ProveCount
from scheduler.solver.steps.search import Neighbourhoods, Rins, SmallMips
from scheduler.solver.steps.soft_bound import Floors, PricingLP, RoundLP

STEPS: tuple[Entry, ...] = (
    FirstPlan(),     # flow relaxation: bounds the count and the soft aims; a first plan
    ProveCount(),    # places scarce: the count's LP, rounding, count MIPs prove the most placed
    Floors(),        # each year's longest journey bounded below
    PricingLP(),     # the soft aims' LP over all arcs: a bound, reduced costs
    RoundLP(),       # ... and its solution rounded to a plan
    InTurn((Rins(SHARES.search), SmallMips(), Proof())),                       # one process: search, then prove
    SideBySide(Proof(), search=(Rins(SHARES.search_beside), Neighbourhoods())),  # two: prove beside the search
    CpSatFallback(),  # the count not proven in time: CP-SAT improves at the count reached
)


def solve(data: DataSet, settings: Settings, task: TaskState | None = None, previous: Plan | None = None,
          min_change: bool = False, locked: Iterable[Placement] = (), name: str = "Plan") -> SolveResult:
    """The best plan by the order of aims: most student-blocks placed (proven), then the weighted soft aims.

    ``previous`` with ``min_change``: as few student-blocks as possible move from that plan (its locks kept);
    ``locked``: placements pinned where they are.
    """
    start, stats = time.perf_counter(), Stats()
    if task is not None:
        task.report("finding candidate practices")
    problem, prev = _problem(data, settings, previous, min_change, locked, stats)
    state = State(problem, settings, task, start, stats=stats)
    large = len(problem.arc_unit) > highs_run.SMALL_MODEL
    state.beside = large and settings.workers >= 2 and state.coupled
    with Runner(large, state.beside) as runner:
        runner.run(STEPS, state)
    return _result(state, name, prev)


def _problem(data: DataSet, settings: Settings, previous: Plan | None, min_change: bool,
             locked: Iterable[Placement], stats: Stats) -> tuple[Problem, np.ndarray | None]:
    """Candidates and the problem; locked placements (and, re-planning, the previous plan's locks) pinned."""
    start = time.perf_counter()
    candidates = candidates_mod.build(data, settings)
    pins: dict[int, int] = {}
    locked = list(locked)
    if min_change and previous is not None:
        locked += [p for p in previous.placements if p.locked]
    for placement in locked:
        k = candidates.sb_index.get((placement.student_id, placement.block_id))
        j = candidates.practice_index.get(placement.practice_code)
        if k is not None and j is not None:
            pins[k] = j
    prev = minchange.previous_practices(candidates, previous) if (min_change and previous is not None) else None
    problem = build_problem(data, settings, candidates, pins, prev)
    stats.candidates, stats.student_blocks = len(candidates.practice), candidates.n_sb
    stats.units, stats.seconds_candidates = problem.n_units, time.perf_counter() - start
    return problem, prev


def _status(state: State) -> str:
    """"optimal" only with the count and the soft aims both proven."""
    if state.cancelled():
        state.stopped = True
    if state.proven_best:
        return "optimal"
    return "stopped" if state.stopped else "feasible"


def _result(state: State, name: str, prev: np.ndarray | None) -> SolveResult:
    """The plan with an honest status, its bound and, re-planning, who moved."""
    problem, best, proven = state.problem, state.best, state.proven
    status = _status(state)
    if mixing.several_programmes(problem) and best.found:
        started = time.perf_counter()
        figures = mixing.mixed_days(problem, best.unit_arc, bound=problem.weight_tenths["interprofessional"] > 0)
        state.stats.mixed_student_blocks, state.stats.medical_student_blocks = figures.mixed, figures.medical
        if figures.lp_most is not None:
            state.stats.mixed_lp_most, state.stats.seconds_mixed_lp = figures.lp_most, time.perf_counter() - started
    objective = objective_of(problem, best.terms)
    bound = min(objective, proven.lower / SCALE) if (state.count_proven and proven.lower is not None) else None
    seconds = time.perf_counter() - state.start
    plan = build_plan(problem, best.assign, name=name, status=status, objective=objective, bound=bound,
                      seconds=seconds, terms=best.terms, placed_bound=proven.placed_bound)
    moves = minchange.moves(problem, prev, best.assign) if prev is not None else []
    state.stats.seconds = seconds
    if state.task is not None:
        state.task.report(f"done: {status}", objective=objective, bound=bound, placed=best.placed,
                          placed_bound=proven.placed_bound)
    return SolveResult(plan=plan, moves=moves, stats=state.stats.as_dict())


def explain_unplaced(data: DataSet, settings: Settings, student_id: str, block_id: str) -> str:
    """Why a student-block could have no practice, looking at the hard rules and its together partners."""
    candidates = candidates_mod.build(data, settings)
    k = candidates.sb_index[(student_id, block_id)]
    problem = build_problem(data, settings, candidates)
    return explain.reason(candidates, k, unit_partners(problem, k), unit_practices(problem, k))
