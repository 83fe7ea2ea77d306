"""Properties of the rulebook on random data: the fast forms equal the rules, solver plans keep every rule,
the checker and the edit service agree on every single move, and CP-SAT's objective of a plan is ``evaluate``."""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from scarce_data import random_plan, scarce
from scarce_data import settings as scarce_settings

from scheduler.domain import Placement, Plan
from scheduler.rules.hard import PLACEMENT_RULES, Facts, plan_breaks
from scheduler.services.edits import move_breaks
from scheduler.solver import candidates as cand_mod
from scheduler.solver import check_plan, solve
from scheduler.solver.mip import solve_mip
from scheduler.solver.model import solve_cp
from scheduler.solver.problem import build_problem, evaluate, sb_assignment, scaled_objective

SEEDS = st.integers(min_value=0, max_value=100_000)
FEW = hyp_settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FEW
@given(seed=SEEDS)
def test_each_vectorised_rule_equals_the_rule(seed):
    data = scarce(40, 12, seed=seed, tutors=0.3, scored=0.6)
    facts = Facts(data, scarce_settings(avoid_flagged=True))
    rows = np.arange(len(data.students))
    for b, block in enumerate(data.blocks):
        for rule in PLACEMENT_RULES:
            mask = rule.mask(facts, rows, b)
            for i, s in enumerate(data.students):
                for j, p in enumerate(data.practices):
                    assert mask[i, j] == (rule.holds(facts, s, block, p) is None), (rule.name, s.student_id, p.code)


@FEW
@given(seed=SEEDS, weights=st.sampled_from([{}, {"fairness": 5.0, "balance": 5.0, "variety": 30.0, "long_travel": 2.0},
                                            {"avoid_flagged": True, "quality": 20.0}]))
def test_solver_plans_keep_every_rule_and_checker_agrees_with_edits(seed, weights):
    data = scarce(36, 10, seed=seed, pairs=0.4, tutors=0.3, scored=0.6)
    settings = scarce_settings(time_limit=5.0, **weights)
    plan = solve(data, settings).plan
    assert check_plan(data, settings, plan) == []
    facts = Facts(data, settings)
    rng = random.Random(seed)
    keys = [(s.student_id, b.block_id) for s, b in data.student_blocks()]
    for sid, bid in rng.sample(keys, min(6, len(keys))):
        for p in rng.sample(data.practices, 4):
            refused = move_breaks(data, settings, plan, sid, bid, p.code)
            others = tuple(pl for pl in plan.placements if (pl.student_id, pl.block_id) != (sid, bid))
            moved = others + (Placement(sid, bid, p.code, 0.0),)
            assert bool(refused) == bool(plan_breaks(facts, moved)), (sid, bid, p.code, refused)


@FEW
@given(seed=SEEDS)
def test_cp_sat_objective_of_a_fixed_plan_equals_evaluate(seed):
    data = scarce(30, 10, seed=seed, pairs=0.3, scored=0.6)
    settings = scarce_settings(time_limit=5.0, fairness=5.0, balance=5.0, variety=30.0, long_travel=2.0,
                               preference=2.0, quality=20.0)
    problem = build_problem(data, settings, cand_mod.build(data, settings))
    unit_arc = random_plan(problem, seed)
    keep = np.zeros(len(problem.arc_unit), dtype=bool)
    keep[unit_arc[unit_arc >= 0]] = True
    placed = int(problem.unit_size[unit_arc >= 0].sum())
    out = solve_cp(problem, keep, hint=unit_arc, time_limit=10, workers=1, seed=1, task=None, placed_exactly=placed)
    assert out.status == "optimal"
    assert sum(out.penalties.values()) == out.objective  # the named penalties, read back, add up to it
    assert out.objective == scaled_objective(problem, evaluate(problem, sb_assignment(problem, unit_arc)))


@FEW
@given(seed=SEEDS)
def test_mip_objective_of_a_fixed_plan_equals_evaluate(seed):
    # every student in both blocks of their year, many together pairs, few practices: a pair at one practice
    # twice pays variety for both students
    data = scarce(30, 6, seed=seed, pairs=0.6, scored=0.6)
    data = dataclasses.replace(data, blocks=tuple(dataclasses.replace(b, group=None) for b in data.blocks))
    settings = scarce_settings(time_limit=5.0, fairness=5.0, balance=5.0, variety=30.0, long_travel=2.0,
                               preference=2.0, quality=20.0)
    problem = build_problem(data, settings, cand_mod.build(data, settings))
    unit_arc = random_plan(problem, seed)
    chosen = unit_arc[unit_arc >= 0]
    placed = int(problem.unit_size[unit_arc >= 0].sum())
    out = solve_mip(problem, chosen, soft=True, placed=placed, time_limit=10)
    assert out.optimal
    assert out.value == pytest.approx(scaled_objective(problem, evaluate(problem, sb_assignment(problem, unit_arc))),
                                      abs=0.5)


def test_a_plan_placing_nobody_costs_nothing_and_keeps_every_rule():
    data = scarce(20, 6, seed=3)
    assert plan_breaks(Facts(data, scarce_settings()), ()) == []
    assert check_plan(data, scarce_settings(), Plan("empty")) != []  # but every student-block must be accounted for
