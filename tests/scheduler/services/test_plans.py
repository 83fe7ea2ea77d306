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
    again = plans.solve(ws, "Plan 1", settings=FAST, min_change=True)
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
