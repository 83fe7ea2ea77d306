"""``gp-placements check`` and ``import-plan`` on plan files: every way the contract forbids, named by row,
student and rule; a clean exported plan checks clean and loads back identically."""

from __future__ import annotations

import pytest
from test_rulebook import CASES, IDS, plan_with

from scheduler.cli.main import main
from scheduler.exchange import write_placements_csv
from scheduler.services import Workspace
from scheduler.store import repository


def stored(tmp_path, data, plan=None):
    db = tmp_path / "plans.db"
    with Workspace.open(db) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, data)
            if plan is not None:
                repository.save_plan(s, plan)
    return str(db)


@pytest.mark.parametrize("rule,broken,met,others", CASES, ids=IDS)
def test_check_names_row_student_and_rule_of_each_break(tmp_path, capsys, rule, broken, met, others, ):
    db = stored(tmp_path, broken)
    plan = plan_with(others)
    path = write_placements_csv(plan.placements, tmp_path / "placements.csv")
    assert main(["check", str(path), "--db", db]) == 1
    out = capsys.readouterr().out
    row = 1 + len(plan.placements)  # S1's row is the last one (header = row 1)
    assert f"row {row}: student S1 in B1 at P: " in out
    assert main(["import-plan", str(path), "--db", db]) == 1
    assert main(["import-plan", str(path), "--db", db, "--accept-overrides", "--name", "Edited"]) == 0
    with Workspace.open(db) as ws, ws.session() as s:
        assert [e.action for e in repository.list_edits(s, "Edited")] == ["import", "import (override)"]


@pytest.mark.parametrize("rule,broken,met,others", CASES, ids=IDS)
def test_check_accepts_a_plan_that_keeps_the_rule(tmp_path, capsys, rule, broken, met, others):
    db = stored(tmp_path, met)
    target = "Q" if rule in ("together", "apart") else "P"
    path = write_placements_csv(plan_with(others, target).placements, tmp_path / "placements.csv")
    assert main(["check", str(path), "--db", db]) == 0


def test_unknown_rows_and_bad_cells_are_named(tmp_path, capsys):
    db = stored(tmp_path, CASES[0][2])
    path = tmp_path / "placements.csv"
    path.write_text("student_id,block_id,practice_code,travel_minutes,locked\nS1,B1,P,20,no\nS9,B1,P,1,no\n"
                    "S2,B1,ZZZ,1,no\nS1,B1,Q,1,perhaps\n", encoding="utf-8")
    assert main(["check", str(path), "--db", db]) == 1
    out = capsys.readouterr().out
    assert "placements, row 5, locked:" in out


def test_exported_plan_checks_clean_and_loads_back_identically(tmp_path, capsys):
    from solver_free_plan import clean_world_plan

    data, plan = clean_world_plan()
    db = stored(tmp_path, data, plan)
    assert main(["export", str(tmp_path / "out"), "--db", db]) == 0
    exported = tmp_path / "out" / "placements.csv"
    assert main(["check", str(exported), "--db", db]) == 0
    assert "not in the file (unplaced)" in capsys.readouterr().out
    assert main(["import-plan", str(exported), "--name", "Back", "--db", db]) == 0
    assert main(["export", str(tmp_path / "back"), "--plan", "Back", "--db", db]) == 0
    assert (tmp_path / "back" / "placements.csv").read_bytes() == exported.read_bytes()
