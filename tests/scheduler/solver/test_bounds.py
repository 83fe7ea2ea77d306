"""The engine's machinery: flow potentials, the flow and LP bounds, reduced-cost fixing, the repaired plan."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.bench_quality import with_scores
from scheduler.settings import Settings
from scheduler.solver import bound, candidates, lp, problem, repair, solve
from scheduler.solver.problem import SCALE
from scheduler.solver.steps.arcs import start_arcs


@pytest.fixture(scope="module")
def demo():
    return pytest.importorskip("scheduler.demo").make_demo(2, "small")


@pytest.mark.parametrize("weights", [{}, {"fairness": 0.0, "variety": 0.0}, {"quality": 30.0}],
                         ids=["default", "no-fairness", "quality"])
def test_bounds_never_exceed_the_optimum(demo, weights):
    demo = with_scores(demo)  # practices' evaluation scores, some flagged: priced by the quality weight
    settings = Settings(workers=1, time_limit_seconds=20).with_weights(**weights)
    result = solve(demo, settings)
    assert result.plan.status == "optimal"
    cands = candidates.build(demo, settings)
    prob = problem.build_problem(demo, settings, cands)
    relaxation = bound.relax(prob)
    optimum = result.plan.objective * SCALE
    assert relaxation.bound <= optimum + 1e-6
    unit_arc = repair.repair(prob, relaxation)
    assign = problem.sb_assignment(prob, unit_arc)
    assert (assign >= 0).sum() == len(result.plan.placements)  # the repaired plan places as many
    assert problem.scaled_objective(prob, problem.evaluate(prob, assign)) >= optimum - 1e-6
    lp_bound = lp.solve_lp(prob, start_arcs(prob, relaxation, unit_arc), int((assign >= 0).sum()),
                           {yr.year: yr.t_bottleneck for yr in relaxation.years})
    assert lp_bound.exact and lp_bound.value <= optimum + 1e-6
    assert lp_bound.reduced.min() > -1e-6 * max(1.0, abs(lp_bound.value))


def test_flow_reduced_costs_are_non_negative(demo):
    settings = Settings()
    prob = problem.build_problem(demo, settings)
    relaxation = bound.relax(prob)
    for yr in relaxation.years:
        assert (yr.rc_inf >= 0).all()


def test_fixed_arcs_are_unused_by_the_optimum(demo):
    settings = Settings(workers=1, time_limit_seconds=20).with_weights(fairness=0.0)
    result = solve(demo, settings)
    prob = problem.build_problem(demo, settings)
    relaxation = bound.relax(prob)
    drop = bound.fixable_arcs(prob, relaxation, int(round(result.plan.objective * SCALE)))
    used = {(p.student_id, p.block_id, p.practice_code) for p in result.plan.placements}
    for a in np.nonzero(drop)[0]:
        u = prob.arc_unit[a]
        code = demo.practices[prob.arc_practice[a]].code
        for k in prob.units[u]:
            sid, bid = prob.candidates.key(k)
            assert (sid, bid, code) not in used


def test_the_flows_at_no_multipliers_are_solved_once(demo, monkeypatch):
    # no time for the Lagrangian ascent (as at a region's scale): the flows of the fairness pass are the relaxation's
    prob = problem.build_problem(demo, Settings())
    assert prob.weight_tenths["fairness"] > 0 and prob.groups
    fresh = bound.relax(prob, iterations=0)  # no ascent at all: each year's flows solved once, at no multipliers
    calls = []
    real = bound.flow.solve
    monkeypatch.setattr(bound.flow, "solve", lambda *args: calls.append(1) or real(*args))
    reused = bound.relax(prob, time_limit=0.0)
    assert len(calls) == sum(yr.evaluations for yr in reused.years)  # not twice that
    assert (reused.bound, reused.placed) == (fresh.bound, fresh.placed)
    assert np.array_equal(reused.unit_arc_flow, fresh.unit_arc_flow)
    for a, b in zip(reused.years, fresh.years):
        assert (a.t_star, a.t_bottleneck, a.bound) == (b.t_star, b.t_bottleneck, b.bound)
        assert np.array_equal(a.rc_inf, b.rc_inf) and np.array_equal(a.rc_star, b.rc_star)
