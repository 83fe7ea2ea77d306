"""The plan services and the plan commands: solve, store, list, copy, rename, compare, export, CLI."""

from __future__ import annotations

import csv

import pytest

from scheduler.cli.main import main
from scheduler.demo import make_demo
from scheduler.services import PlanNotFound, Workspace, plans
from scheduler.settings import Settings
from scheduler.store import repository

FAST = Settings(time_limit_seconds=10, workers=1, seed=1)


@pytest.fixture
def ws(db_url):
    workspace = Workspace.open(db_url)
    with workspace.session() as s:
        repository.replace_dataset(s, make_demo(1, "small"))
    yield workspace
    workspace.close()


def test_solve_saves_a_current_plan(ws):
    outcome = plans.solve(ws, "Plan 1", settings=FAST)
    assert outcome.plan.status in ("optimal", "feasible")
    stored = plans.load_plan(ws)
    assert stored.name == "Plan 1" and stored.is_current
    assert len(stored.placements) == len(outcome.plan.placements)
    assert outcome.summary.placed == len(stored.placements)
    assert [p.name for p in plans.list_plans(ws)] == ["Plan 1"]


def test_copy_rename_compare_delete(ws):
    plans.solve(ws, "Plan 1", settings=FAST)
    plans.copy_plan(ws, "Plan 1", "What if")
    plans.rename_plan(ws, "What if", "Scenario B")
    comparison = plans.compare_plans(ws, "Plan 1", "Scenario B")
    assert comparison.moves == [] and comparison.figures_a == comparison.figures_b
    plans.set_current_plan(ws, "Scenario B")
    assert plans.load_plan(ws).name == "Scenario B"
    plans.delete_plan(ws, "Plan 1")
    with pytest.raises(PlanNotFound):
        plans.load_plan(ws, "Plan 1")


def test_export_lists_every_student_block_once(ws, tmp_path):
    plans.solve(ws, "Plan 1", settings=FAST)
    placements, unplaced = plans.export_plan(ws, tmp_path / "out")
    with open(placements, encoding="utf-8-sig") as f:
        placed_rows = list(csv.DictReader(f))
    with open(unplaced, encoding="utf-8-sig") as f:
        unplaced_rows = list(csv.DictReader(f))
    assert list(placed_rows[0]) == ["student_id", "block_id", "practice_code", "travel_minutes", "locked"]
    keys = [(r["student_id"], r["block_id"]) for r in placed_rows + unplaced_rows]
    data = make_demo(1, "small")
    assert sorted(keys) == sorted((s.student_id, b.block_id) for s, b in data.student_blocks())
    assert all(r["reason"] for r in unplaced_rows)


def test_min_change_resolve_keeps_the_plan(ws):
    first = plans.solve(ws, "Plan 1", settings=FAST).plan
    again = plans.solve(ws, "Plan 1", settings=FAST, min_change=True, replace=True)
    assert again.moves == []
    assert set(again.plan.placements) == set(first.placements)


def test_cli_solve_export_plans(ws, tmp_path, capsys):
    db = ws.url
    assert main(["solve", "--db", db, "--time-limit", "10", "--workers", "1", "--weight", "variety=10",
                 "--plan", "Trial"]) == 0
    out = capsys.readouterr().out
    assert "student-blocks placed" in out and "status" in out and "year 1" in out
    assert main(["plans", "--db", db]) == 0
    assert "Trial" in capsys.readouterr().out
    assert main(["export", str(tmp_path / "x"), "--db", db]) == 0
    assert (tmp_path / "x" / "placements.csv").exists() and (tmp_path / "x" / "unplaced.csv").exists()


def test_cli_rejects_unknown_weight(ws, capsys):
    assert main(["solve", "--db", ws.url, "--weight", "speed=3"]) == 1
    assert "--weight" in capsys.readouterr().err


def test_solving_under_an_existing_name_needs_replace_and_leaves_the_old_plan_alone(ws):
    first = plans.solve(ws, "Plan 1", settings=FAST).plan
    with pytest.raises(plans.PlanExists) as refused:
        plans.solve(ws, "Plan 1", settings=FAST.with_weights(travel=0.0))
    assert refused.value.suggestion == "Plan 2"
    assert plans.load_plan(ws, "Plan 1").placements == first.placements
    assert [p.name for p in plans.list_plans(ws)] == ["Plan 1"]
    replaced = plans.solve(ws, "Plan 1", settings=FAST, replace=True).plan
    assert replaced.name == "Plan 1" and [p.name for p in plans.list_plans(ws)] == ["Plan 1"]


def test_a_lock_with_its_reason_carries_into_a_new_plan_of_another_name(ws):
    from scheduler.services import edits

    first = plans.solve(ws, "Plan 1", settings=FAST).plan
    p = first.placements[0]
    target = next(o for o in edits.allowed_moves(ws, "Plan 1", p.student_id, p.block_id) if o.allowed)
    edits.move_student(ws, "Plan 1", p.student_id, p.block_id, target.practice_code, "jo", reason="asked by the GP")
    second = plans.solve(ws, "Plan 2", settings=FAST).plan
    kept = next(q for q in second.placements if (q.student_id, q.block_id) == (p.student_id, p.block_id))
    assert kept.practice_code == target.practice_code and kept.locked
    assert kept.locked_by == "jo" and kept.lock_reason == "asked by the GP" and kept.locked_at is not None
    stored = plans.load_plan(ws, "Plan 2")
    assert next(q for q in stored.placements if q == kept).lock_reason == "asked by the GP"


def test_a_stopped_run_never_replaces_a_better_plan(ws, monkeypatch):
    import dataclasses

    from scheduler import solver
    from scheduler.domain import Unplaced
    from scheduler.solver.result import SolveResult

    first = plans.solve(ws, "Plan 1", settings=FAST).plan

    def stopped_early(data, settings, **kw):  # a run stopped with one student-block fewer placed
        p = first.placements[0]
        worse = dataclasses.replace(first, placements=first.placements[1:], status="stopped",
                                    unplaced=first.unplaced + (Unplaced(p.student_id, p.block_id, "stopped"),))
        return SolveResult(worse)

    monkeypatch.setattr(solver, "solve", stopped_early)
    outcome = plans.solve(ws, "Plan 1", settings=FAST, replace=True)
    assert outcome.plan.name == "Plan 1 (stopped)"
    assert plans.load_plan(ws, "Plan 1").placements == first.placements
    assert [p.name for p in plans.list_plans(ws)] == ["Plan 1", "Plan 1 (stopped)"]


def _stopped_worse_than(first, monkeypatch) -> None:
    import dataclasses

    from scheduler import solver
    from scheduler.solver.result import SolveResult

    def stopped_early(data, settings, **kw):  # a stopped run at a higher cost than the current plan
        return SolveResult(dataclasses.replace(first, status="stopped", objective=(first.objective or 0) * 2 + 1))

    monkeypatch.setattr(solver, "solve", stopped_early)


def test_a_stopped_run_is_saved_beside_the_current_plan_which_stays_current(ws, monkeypatch):
    first = plans.solve(ws, "Plan 1", settings=FAST).plan
    _stopped_worse_than(first, monkeypatch)
    outcome = plans.solve(ws, "Plan 2", settings=FAST)
    assert not outcome.plan.is_current
    assert outcome.kept_current.name == "Plan 1" and outcome.kept_current.objective == first.objective
    assert outcome.kept_current_figures.placed == len(first.placements)
    assert plans.load_plan(ws).name == "Plan 1"
    assert {p.name: p.is_current for p in plans.list_plans(ws)} == {"Plan 1": True, "Plan 2": False}
    forced = plans.solve(ws, "Plan 3", settings=FAST, make_current=True)
    assert forced.kept_current is None and plans.load_plan(ws).name == "Plan 3"


def test_a_finished_run_that_places_fewer_keeps_the_current_plan(ws, monkeypatch):
    import dataclasses

    from scheduler import solver
    from scheduler.solver.result import SolveResult

    first = plans.solve(ws, "Plan 1", settings=FAST).plan
    monkeypatch.setattr(solver, "solve", lambda data, settings, **kw: SolveResult(
        dataclasses.replace(first, placements=first.placements[1:])))
    assert plans.solve(ws, "Plan 2", settings=FAST).kept_current.name == "Plan 1"
    assert plans.load_plan(ws).name == "Plan 1"


def test_a_run_whose_cost_cannot_be_compared_is_saved_beside_and_the_officer_asked(ws):
    import dataclasses

    first = plans.solve(ws, "Plan 1", settings=FAST).plan
    replan = plans.solve(ws, "Re-plan", settings=FAST, min_change=True)  # as many placed; its cost counts moves
    assert len(replan.plan.placements) == len(first.placements) and not replan.plan.is_current
    assert replan.kept_current.name == "Plan 1" and "kept changes small" in replan.kept_because
    assert plans.load_plan(ws).name == "Plan 1"
    other = dataclasses.replace(FAST, weights={**FAST.weights, "variety": 10.0})
    weighed = plans.solve(ws, "Other weights", settings=other)
    if len(weighed.plan.placements) == len(first.placements):
        assert weighed.kept_current.name == "Plan 1" and "other weights" in weighed.kept_because
    same = plans.solve(ws, "Same again", settings=FAST)  # the same run again: as good, so it is current
    assert same.kept_current is None and plans.load_plan(ws).name == "Same again"


def test_cli_solve_keeps_an_existing_plan_unless_told_to_replace(ws, capsys):
    db = ws.url
    args = ["solve", "--db", db, "--time-limit", "10", "--workers", "1", "--quiet"]
    assert main(args) == 0 and main(args) == 0
    assert [p.name for p in plans.list_plans(ws)] == ["Plan 1", "Plan 2"]
    capsys.readouterr()
    assert main(args + ["--plan", "Plan 1"]) == 1
    assert "--replace" in capsys.readouterr().err
    assert main(args + ["--plan", "Plan 1", "--replace"]) == 0
    assert sorted(p.name for p in plans.list_plans(ws)) == ["Plan 1", "Plan 2"]
