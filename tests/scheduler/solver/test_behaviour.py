"""Unplaced reasons, stopping, min-change re-planning, determinism and the demo data."""

from __future__ import annotations

import dataclasses

import pytest
from solver_factories import dataset, practice, student, travel_only, where

from scheduler.domain import CapacityOverride, Exclusion, Pair
from scheduler.progress import TaskState
from scheduler.settings import Settings
from scheduler.solver import check_plan, explain_unplaced, solve


def reason_for(data, sid="S1"):
    result = solve(data, travel_only())
    assert check_plan(data, travel_only(), result.plan) == []
    return {u.student_id: u.reason for u in result.plan.unplaced}[sid]


@pytest.mark.parametrize("practice_kw,student_kw,tables,expected", [
    ({"active": False}, {}, {}, "no active practice"),
    ({"years": (2,)}, {}, {}, "no active practice teaches year 1"),
    ({}, {}, {"capacities": [CapacityOverride("N", "Y1-B1", 0)]}, "no active practice teaches year 1 in block Y1-B1"),
    ({}, {"max_travel_minutes": 5.0}, {}, "no active practice within 5 min teaches year 1 in block Y1-B1"),
    ({"accessible": False}, {"needs_accessible": True}, {},
     "no active practice within 60 min teaches year 1 in block Y1-B1 and is step-free"),
    ({"public_transport": False}, {"travel_mode": "public"}, {},
     "no active practice within 60 min teaches year 1 in block Y1-B1 and is reachable by public transport"),
    ({}, {}, {"exclusions": [Exclusion("S1", "N")]}, "excluded from the only suitable practice"),
], ids=["inactive", "year", "closed", "travel", "step-free", "public", "excluded"])
def test_reason_names_the_rule_that_empties_the_list(practice_kw, student_kw, tables, expected):
    data = dataset([practice("N", **practice_kw)], [student("S1", **student_kw)], minutes={("S1", "N"): 20}, **tables)
    assert reason_for(data) == expected


def test_reason_capacity_competition():
    data = dataset([practice("N"), practice("M")], [student("S0"), student("S1"), student("S2")],
                   minutes={("S1", "N"): 30, ("S1", "M"): 30})
    result = solve(data, travel_only())
    assert len(result.plan.unplaced) == 1
    reason = result.plan.unplaced[0].reason
    assert reason.startswith("lost to competition for places: the 2 practices that suit this student in block "
                             "Y1-B1 are all full (N held by S")
    assert reason.endswith("no plan places more student-blocks, so placing this student means unplacing another")


def test_reason_together_partner():
    data = dataset([practice("A"), practice("B")], [student("S1", max_travel_minutes=15), student("S2", max_travel_minutes=15)],
                   minutes={("S1", "A"): 10, ("S1", "B"): 50, ("S2", "A"): 50, ("S2", "B"): 10},
                   pairs=[Pair("S1", "S2", "together")])
    assert reason_for(data) == "together partner S2 can share no practice with room for both in block Y1-B1"
    assert explain_unplaced(data, travel_only(), "S2", "Y1-B1") == "together partner S1 can share no practice with room for both in block Y1-B1"


def _crowd(n=12, seed_minutes=7):
    ps = [practice(f"P{j}", capacity=2, max_students_per_day=None) for j in range(8)]
    ss = [student(f"S{i}") for i in range(n)]
    minutes = {(s.student_id, p.code): 5 + (i * seed_minutes + j * 13) % 40 for i, s in enumerate(ss) for j, p in enumerate(ps)}
    return dataset(ps, ss, minutes=minutes, pairs=[Pair("S0", "S1", "apart"), Pair("S2", "S3", "together")])


def test_deterministic_for_fixed_seed():
    data = _crowd()
    settings = Settings(workers=2, seed=7, time_limit_seconds=10)
    first = solve(data, settings).plan
    second = solve(data, settings).plan
    assert first.placements == second.placements and first.objective == second.objective


def test_min_change_keeps_unaffected_students():
    data = _crowd()
    settings = Settings(workers=1, seed=1, time_limit_seconds=10)
    before = solve(data, settings).plan
    withdrawn = before.placements[0].practice_code
    changed = dataclasses.replace(data, practices=tuple(dataclasses.replace(p, active=False) if p.code == withdrawn else p
                                                        for p in data.practices))
    result = solve(changed, settings, previous=before, min_change=True)
    after = where(result.plan)
    hit = {(p.student_id, p.block_id) for p in before.placements if p.practice_code == withdrawn}
    for p in before.placements:
        key = (p.student_id, p.block_id)
        if key not in hit:
            assert after[key] == p.practice_code
    assert {(m.student_id, m.block_id) for m in result.moves} == hit
    assert all(m.reason == "previous practice withdrew" for m in result.moves)
    assert check_plan(changed, settings, result.plan) == []


def test_stopped_solve_returns_a_valid_plan():
    data = _crowd(16)
    settings = Settings(workers=1, seed=1, time_limit_seconds=30)

    def stop_at_first(progress):
        if progress.objective is not None:
            task.cancel()

    task = TaskState(on_progress=stop_at_first)
    result = solve(data, settings, task=task)
    assert result.plan.status in ("stopped", "optimal")
    assert check_plan(data, settings, result.plan) == []
    assert len(result.plan.placements) + len(result.plan.unplaced) == 16


def test_progress_reports_objective_and_bound():
    task = TaskState()
    solve(_crowd(), Settings(workers=1, time_limit_seconds=10), task=task)
    assert any(p.objective is not None and p.bound is not None for p in task.history)
    assert task.history[-1].message.startswith("done")


def test_demo_small_is_feasible():
    demo = pytest.importorskip("scheduler.demo")
    data = demo.make_demo(1, "small")
    settings = Settings(workers=1, time_limit_seconds=20)
    result = solve(data, settings)
    assert check_plan(data, settings, result.plan) == []
    assert len(result.plan.placements) + len(result.plan.unplaced) == len(data.student_blocks())
    assert result.plan.status in ("optimal", "feasible")
    assert all(u.reason for u in result.plan.unplaced)
