"""``learn_together``: a medical student and a nurse whose blocks share dates are at one practice.

Hand-made cases (met, not tied when the blocks share no date, cannot be met and explained, refused by a hand edit,
named by the checker), then every plan the engine makes on generated sets of medicine and nursing keeps it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from scarce_data import COUPLED, scarce, settings
from solver_factories import block, dataset, practice, student, travel_only, where

from scheduler.domain import Pair, Placement, Plan
from scheduler.rules.hard import Facts, plan_breaks
from scheduler.services.edits import move_breaks
from scheduler.solver import check_plan, solve
from scheduler.solver.problem import build_problem


def medic_and_nurse(nurse_start=dt.date(2026, 9, 7), limit=None, pair=True):
    """M1 (medicine) is near A, N1 (nursing, Tue and Thu) near B; one place each at A and B."""
    nursing = dataclasses.replace(block("N1-B1", start=nurse_start, end=nurse_start + dt.timedelta(days=4),
                                        weekdays=frozenset({1, 3})), programme="nursing")
    return dataset([practice("A"), practice("B")],
                   [student("M1", max_travel_minutes=limit), student("N1", programme="nursing",
                                                                     max_travel_minutes=limit)],
                   [block(), nursing],
                   minutes={("M1", "A"): 10, ("M1", "B"): 30, ("N1", "A"): 30, ("N1", "B"): 10},
                   pairs=[Pair("M1", "N1", "learn_together")] if pair else [])


def test_learners_whose_blocks_share_days_go_to_one_practice():
    data = medic_and_nurse()
    apart = where(solve(medic_and_nurse(pair=False), travel_only()).plan)
    assert apart == {("M1", "Y1-B1"): "A", ("N1", "N1-B1"): "B"}
    result = solve(data, travel_only())
    got = where(result.plan)
    assert len(got) == 2 and got[("M1", "Y1-B1")] == got[("N1", "N1-B1")]
    assert result.plan.status == "optimal" and check_plan(data, travel_only(), result.plan) == []


def test_blocks_without_a_shared_date_do_not_tie():
    data = medic_and_nurse(nurse_start=dt.date(2026, 9, 14))
    assert where(solve(data, travel_only()).plan) == {("M1", "Y1-B1"): "A", ("N1", "N1-B1"): "B"}


def test_a_pair_that_cannot_be_met_places_one_and_says_why():
    data = medic_and_nurse(limit=15.0)  # M1 can only reach A, N1 only B
    plan = solve(data, travel_only()).plan
    assert len(plan.placements) == 1 and len(plan.unplaced) == 1
    assert check_plan(data, travel_only(), plan) == []
    reason = plan.unplaced[0].reason
    assert "learn_together" in reason and "does not suit this student" in reason


def test_a_hand_move_that_splits_the_pair_is_refused():
    data = medic_and_nurse()
    plan = Plan("p", (Placement("M1", "Y1-B1", "A", 10.0), Placement("N1", "N1-B1", "A", 30.0)))
    broken = move_breaks(data, travel_only(), plan, "N1", "N1-B1", "B")
    assert any("learns together with M1" in text for text in broken)
    assert move_breaks(data, travel_only(), plan, "N1", "N1-B1", "A") == []
    unpaired = move_breaks(medic_and_nurse(pair=False), travel_only(), plan, "N1", "N1-B1", "B")
    assert unpaired == []


def test_the_checker_names_a_split_pair_at_the_later_placement():
    data = medic_and_nurse()
    split = [Placement("M1", "Y1-B1", "A", 10.0), Placement("N1", "N1-B1", "B", 10.0)]
    breaks = plan_breaks(Facts(data, travel_only()), split)
    assert [(br.rule, br.student_id, br.block_id) for br in breaks] == [("learn_together", "N1", "N1-B1")]
    assert plan_breaks(Facts(data, travel_only()), split[:1]) == []  # one placed: nothing to keep


@pytest.mark.parametrize("seed,weights", [(1, {}), (2, COUPLED), (3, COUPLED)])
def test_every_engine_plan_keeps_learn_together(seed, weights):
    data = scarce(90, 14, seed=seed, nursing=0.4)
    s = settings(time_limit=8.0, **weights)
    problem = build_problem(data, s)
    assert len(problem.learn_together) >= 10
    plan = solve(data, s).plan
    assert check_plan(data, s, plan) == []
    assign = {(p.student_id, p.block_id): p.practice_code for p in plan.placements}
    keys = [problem.candidates.key(k) for pair in problem.learn_together for k in pair]
    both = [(a, b) for a, b in zip(keys[::2], keys[1::2]) if a in assign and b in assign]
    assert both and all(assign[a] == assign[b] for a, b in both)


def test_interprofessional_weighted_brings_a_medic_to_the_nurses_practice():
    data = medic_and_nurse(pair=False)
    plain = solve(data, travel_only())
    assert plain.stats["mixed_student_blocks"] == 0 and plain.plan.terms["interprofessional"] == 1.0
    assert "mixed_lp_most" not in plain.stats  # the LP only when the aim is weighed
    mixed = solve(data, travel_only(interprofessional=50.0))
    got = where(mixed.plan)
    assert len(got) == 2 and got[("M1", "Y1-B1")] == got[("N1", "N1-B1")]
    assert mixed.stats["mixed_student_blocks"] == 1 == mixed.stats["medical_student_blocks"]
    assert mixed.stats["mixed_lp_most"] == pytest.approx(1.0)
    assert mixed.plan.terms["interprofessional"] == 0.0 and mixed.plan.status == "optimal"


def test_interprofessional_keeps_the_count_and_stays_under_the_lps_bound():
    data = scarce(120, 20, seed=1, nursing=0.4, pairs=0.0)
    runs = [solve(data, settings(time_limit=10.0, interprofessional=w)) for w in (0.0, 20.0)]
    assert len(runs[0].plan.placements) == len(runs[1].plan.placements)
    assert runs[1].stats["mixed_student_blocks"] > runs[0].stats["mixed_student_blocks"]
    assert runs[1].stats["mixed_student_blocks"] <= runs[1].stats["mixed_lp_most"] + 1e-6
    for run in runs:
        assert run.plan.terms["interprofessional"] == \
            run.stats["medical_student_blocks"] - run.stats["mixed_student_blocks"]
