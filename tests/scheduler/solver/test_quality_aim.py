"""The ``quality`` aim and the ``avoid_flagged_practices`` rule: students steered away from practices flagged for
review (evaluation score below ``quality_flag_below``, from enough students), never at the cost of the count; a
practice with too few answers is not penalised."""

from __future__ import annotations

import dataclasses

import pytest
from scarce_data import scarce
from scarce_data import settings as scarce_settings
from solver_factories import dataset, practice, student, travel_only, where

from benchmarks.rules import Rules, score
from benchmarks.rules import check_plan as independent_check
from scheduler.domain import DataSet, Plan, PracticeScore
from scheduler.rules.quality import practice_flags
from scheduler.services.edits import move_breaks
from scheduler.settings import Settings
from scheduler.solver import check_plan, solve


def avoidable(data: DataSet, settings: Settings, plan: Plan) -> list[tuple[str, str]]:
    """Student-blocks at a flagged practice that a hand edit could move to an unflagged one, every rule kept:
    the count stays the same, one fewer at a flagged practice."""
    flags = dict(zip((p.code for p in data.practices), practice_flags(data, settings)))
    out = []
    for pl in plan.placements:
        if flags[pl.practice_code] and any(
                not flags[p.code] and not move_breaks(data, settings, plan, pl.student_id, pl.block_id, p.code)
                for p in data.practices):
            out.append((pl.student_id, pl.block_id))
    return out


def near_flagged() -> DataSet:
    """F (flagged: 2.4 from 5 students) is nearest; G (unflagged: 4.5) has two places; N (1.0, but from 2
    students: no score) one. Four students fit only with one at F."""
    ps = [practice("F", capacity=4), practice("G", capacity=2), practice("N", capacity=1)]
    ss = [student(f"S{i}") for i in range(1, 5)]
    minutes = {(s.student_id, code): m for s in ss for code, m in (("F", 5), ("G", 15), ("N", 4))}
    return dataset(ps, ss, minutes=minutes, scores=[PracticeScore("F", 2.4, 5), PracticeScore("G", 4.5, 7),
                                                    PracticeScore("N", 1.0, 2)])


def test_weighted_no_student_goes_to_a_flagged_practice_where_an_unflagged_one_suits():
    data = near_flagged()
    weighted = travel_only(quality=30.0)
    plan = solve(data, weighted).plan
    assert check_plan(data, weighted, plan) == [] and plan.status == "optimal"
    got = where(plan)
    assert len(got) == 4  # the count is kept: one student still goes to F, G and N being full
    assert sorted(got.values()) == ["F", "G", "G", "N"]
    assert avoidable(data, weighted, plan) == []
    assert plan.terms["quality"] == 1.0
    plain = travel_only(quality=0.0)
    unweighted = solve(data, plain).plan
    assert sorted(where(unweighted).values()) == ["F", "F", "F", "N"]  # without the aim, the nearest wins
    assert len(avoidable(data, plain, unweighted)) == 3  # each of them could move to G


def test_a_practice_with_too_few_answers_is_not_flagged():
    data = near_flagged()
    assert list(practice_flags(data, Settings())) == [True, False, False]
    fewer = dataclasses.replace(Settings(), evaluation_min_answers=6)
    assert list(practice_flags(data, fewer)) == [False, False, False]  # F's 5 answers are now too few
    lower = dataclasses.replace(Settings(), quality_flag_below=2.4)
    assert list(practice_flags(data, lower)) == [False, False, False]  # 2.4 is not below 2.4


@pytest.mark.parametrize("seed", [1, 2])
def test_on_scarce_data_the_aim_keeps_the_count_and_leaves_no_avoidable_flagged_placement(seed):
    data = scarce(60, 20, seed=seed, short=0.0, pairs=0.2, scored=0.7)
    plain, weighted = scarce_settings(time_limit=20.0), scarce_settings(time_limit=20.0, quality=1000.0)
    before, after = solve(data, plain), solve(data, weighted)
    assert check_plan(data, weighted, after.plan) == [] and after.plan.status == "optimal"
    assert len(after.plan.placements) == len(before.plan.placements)
    assert avoidable(data, plain, before.plan) != []  # the data has something to steer
    assert avoidable(data, weighted, after.plan) == []
    assert after.plan.terms["quality"] < before.plan.terms["quality"]
    independent = Rules(data, weighted)  # the benchmarks' own statement of the rules and aims
    assert score(independent, where(after.plan))["quality"] == after.plan.terms["quality"]


def test_avoid_flagged_practices_is_kept_by_the_engine_and_explained():
    data = near_flagged()
    hard = dataclasses.replace(travel_only(), avoid_flagged_practices=True)
    plan = solve(data, hard).plan
    assert check_plan(data, hard, plan) == []
    assert sorted(where(plan).values()) == ["G", "G", "N"]  # F takes nobody: one student stays unplaced
    assert independent_check(Rules(data, hard), plan) == []
    assert independent_check(Rules(data, hard), solve(data, travel_only()).plan) != []  # it names F's students
    only_f = dataset([practice("F"), practice("G")], [student("S1", max_travel_minutes=10.0)],
                     minutes={("S1", "F"): 5, ("S1", "G"): 15}, scores=[PracticeScore("F", 2.4, 5)])
    plan = solve(only_f, hard).plan
    assert [u.reason for u in plan.unplaced] == ["no active practice within 10 min teaches year 1 in block Y1-B1 and "
                                                 "is not flagged for review"]
