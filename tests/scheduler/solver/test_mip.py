"""The engine's MIPs (``solver/mip.py``): the count and the soft aims, checked against the rulebook's own scoring."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scarce_data import COUPLED, scarce, settings

from scheduler.progress import TaskState
from scheduler.settings import Settings
from scheduler.solver import candidates, check_plan, count, highs_run, mip, solve
from scheduler.solver.problem import build_problem, evaluate, sb_assignment, scaled_objective
from scheduler.solver.repair import State


def _problem(data, s):
    return build_problem(data, s, candidates.build(data, s))


def _keeps_every_rule(problem, unit_arc) -> bool:
    state = State(problem)
    for u, a in enumerate(unit_arc):
        if a >= 0:
            if not state.fits(u, int(a)):
                return False
            state.put(u, int(a))
    return True


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_count_is_proven_and_never_above_the_lp(seed):
    problem = _problem(scarce(seed=seed), settings())
    arcs = np.arange(len(problem.arc_unit))
    result = mip.solve_mip(problem, arcs, soft=False, time_limit=60)
    lp = count.count(problem)
    assert result.optimal
    placed = int((sb_assignment(problem, result.unit_arc) >= 0).sum())
    assert placed == result.value == result.bound <= lp.bound
    assert _keeps_every_rule(problem, result.unit_arc)


@pytest.mark.parametrize("weights", [
    {},
    {"fairness": 5.0, "balance": 5.0, "variety": 30.0, "long_travel": 2.0, "preference": 2.0},
])
def test_soft_objective_is_the_rulebooks_score_of_its_plan(weights):
    s = Settings(time_limit_seconds=60, workers=1, seed=1) if weights else settings()
    if weights:
        s = s.with_weights(**weights)
    problem = _problem(scarce(n_students=90, n_practices=24, seed=3), s)
    arcs = np.arange(len(problem.arc_unit))
    most = mip.solve_mip(problem, arcs, soft=False, time_limit=60)
    best = mip.solve_mip(problem, arcs, soft=True, placed=int(most.value), time_limit=60)
    assert best.optimal
    assign = sb_assignment(problem, best.unit_arc)
    assert int((assign >= 0).sum()) == most.value
    assert _keeps_every_rule(problem, best.unit_arc)
    assert scaled_objective(problem, evaluate(problem, assign)) == pytest.approx(best.value, abs=0.5)
    # and no plan of the count MIP (which ignores the aims) scores better
    assert scaled_objective(problem, evaluate(problem, sb_assignment(problem, most.unit_arc))) >= best.value - 0.5


def test_a_cancelled_task_stops_before_solving():
    problem = _problem(scarce(seed=4), settings())
    task = TaskState()
    task.cancel()
    result = mip.solve_mip(problem, np.arange(len(problem.arc_unit)), soft=False, time_limit=60, task=task)
    assert result.unit_arc is None and not result.optimal


@pytest.mark.parametrize("seed", [0, 1])
def test_the_count_close_to_a_plan_places_as_many_and_keeps_more_of_it(seed):
    problem = _problem(scarce(seed=seed), settings())
    arcs = np.arange(len(problem.arc_unit))
    plain = mip.solve_mip(problem, arcs, soft=False, time_limit=60)
    # a plan to keep: each unit at its nearest practice where that fits, as a first plan would be
    near = np.full(problem.n_units, -1, dtype=np.int64)
    state = State(problem)
    for u in range(problem.n_units):
        for a in sorted(problem.arcs_of(u), key=lambda a: problem.arc_cost[a]):
            if state.fits(u, a):
                state.put(u, a)
                near[u] = a
                break
    close = mip.solve_mip(problem, arcs, soft=False, hint=near, close_to_hint=True, time_limit=60)
    assert close.optimal and close.value == plain.value  # the count comes first
    assert close.bound == pytest.approx(plain.value, abs=1e-6)
    assert _keeps_every_rule(problem, close.unit_arc)

    def kept(plan):
        return int(((plan == near) & (near >= 0)).sum())

    assert kept(close.unit_arc) >= kept(plain.unit_arc)
    assert kept(close.unit_arc) > kept(plain.unit_arc), (kept(close.unit_arc), kept(plain.unit_arc))



@pytest.mark.parametrize("seed", [0, 1])
def test_the_proof_beside_the_search_for_plans_reaches_the_same_proven_optimum(seed, monkeypatch):
    data = scarce(n_students=90, n_practices=24, seed=seed)
    one_at_a_time = solve(data, settings(60.0, **COUPLED))  # one worker: the MIPs in turn
    monkeypatch.setattr(highs_run, "SMALL_MODEL", 0)  # every model large enough for the helper process
    two = dataclasses.replace(settings(60.0, **COUPLED), workers=2)
    beside = solve(data, two)
    assert beside.stats.get("proof_beside_search") == 1.0 and "proof_beside_search" not in one_at_a_time.stats
    assert check_plan(data, two, beside.plan) == []
    assert beside.plan.status == one_at_a_time.plan.status == "optimal"
    assert beside.plan.objective == pytest.approx(one_at_a_time.plan.objective)
    assert len(beside.plan.placements) == len(one_at_a_time.plan.placements)


def test_a_stop_while_the_proof_runs_beside_the_search_is_heeded_with_a_valid_plan(monkeypatch):
    data = scarce(n_students=120, n_practices=30, seed=5)
    monkeypatch.setattr(highs_run, "SMALL_MODEL", 0)
    two = dataclasses.replace(settings(60.0, **COUPLED), workers=2)

    def stop_when_proving(progress):
        if progress.message == "proving the plan best":
            task.cancel()

    task = TaskState(on_progress=stop_when_proving)
    result = solve(data, two, task=task)
    assert result.stats.get("proof_beside_search") == 1.0
    assert result.plan.status == "stopped"
    assert result.stats["seconds"] < two.time_limit_seconds / 2  # not run on to the limit by either process
    assert check_plan(data, two, result.plan) == []
