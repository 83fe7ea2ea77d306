"""``advise``: the extra place that places a stranded student, confirmed; JSON keys as documented."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import func, select
from test_rulebook import world

from scheduler.cli.main import main
from scheduler.domain import CapacityOverride
from scheduler.progress import Cancelled, TaskState
from scheduler.services import Workspace, advice, data, edits, plans
from scheduler.settings import Settings
from scheduler.store import repository
from scheduler.store.models import PlanAdviceRow


def test_one_more_place_at_the_full_practice_places_the_stranded_student(tmp_path, capsys):
    data = world({"capacity": 1}, capacities=[CapacityOverride("Q", "B1", 0)])
    db = tmp_path / "advise.db"
    with Workspace.open(db) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, data)
            repository.save_settings(s, Settings(time_limit_seconds=10, workers=1))
        plan = plans.solve(ws, "Plan 1").plan
    assert len(plan.unplaced) == 1 and plan.placed_bound == 2
    assert main(["advise", "--json", "--db", str(db)]) == 0
    advice = json.loads(capsys.readouterr().out)
    assert advice[0] == {"practice_code": "P", "block_id": "B1", "kind": "place", "placed_gain": 1, "minutes_gain": 0.0}
    assert main(["advise", "--db", str(db)]) == 0
    assert "P in B1: one more place places 1 more student-block(s)" in capsys.readouterr().out


def test_rooms_that_bind_are_advised_as_one_more_a_day(tmp_path, capsys):
    data = world({"capacity": 3, "max_students_per_day": 2}, capacities=[CapacityOverride("Q", "B1", 0),
                                                                          CapacityOverride("Q", "B2", 0)])
    db = tmp_path / "rooms.db"
    with Workspace.open(db) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, data)
            repository.save_settings(s, Settings(time_limit_seconds=10, workers=1))
        plans.solve(ws, "Plan 1")
    assert main(["advise", "--json", "--top", "1", "--db", str(db)]) == 0
    advice = json.loads(capsys.readouterr().out)
    assert [(a["practice_code"], a["kind"], a["placed_gain"]) for a in advice] == [("P", "per_day", 1)]


def _stranded_world(tmp_path):
    data = world({"capacity": 1}, capacities=[CapacityOverride("Q", "B1", 0)])
    db = tmp_path / "kept.db"
    with Workspace.open(db) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, data)
            repository.save_settings(s, Settings(time_limit_seconds=10, workers=1))
        plans.solve(ws, "Plan 1")
        plans.set_current_plan(ws, "Plan 1")
    return db


def test_the_advice_is_kept_with_the_plan_with_its_date_and_goes_stale_when_things_change(tmp_path):
    db = _stranded_world(tmp_path)
    with Workspace.open(db) as ws:
        assert advice.kept_advice(ws, "Plan 1") is None
        before = dt.datetime.now().replace(microsecond=0)
        task = TaskState()
        report = advice.advise(ws, "Plan 1", task=task, keep=True)
        kept = advice.kept_advice(ws, "Plan 1")
        assert kept is not None and kept.changed_since == []
        assert kept.report == report and before <= kept.made_at <= dt.datetime.now()
        assert [(p.done, p.total) for p in task.history][-1] == (task.history[-1].total,) * 2  # progress to the end
        assert len(task.history) >= 3
        plans.rename_plan(ws, "Plan 1", "Plan One")  # the advice goes with the plan and still holds
        assert advice.kept_advice(ws, "Plan One").changed_since == []
        placed = plans.load_plan(ws, "Plan One").placements[0]
        edits.set_locked(ws, "Plan One", placed.student_id, placed.block_id, True, "officer")
        assert advice.kept_advice(ws, "Plan One").changed_since == [
            "the plan 'Plan One' it started from was changed (edits or locks)"]
        data.save_settings(ws, dataclasses.replace(data.load_settings(ws), tariff_per_session=80.0))
        assert any("the settings changed" in c for c in advice.kept_advice(ws, "Plan One").changed_since)
        plans.delete_plan(ws, "Plan One")
        with ws.session() as s:
            assert s.execute(select(func.count()).select_from(PlanAdviceRow)).scalar() == 0


def test_a_stopped_advice_run_keeps_nothing_and_the_cli_keeps_nothing(tmp_path):
    db = _stranded_world(tmp_path)
    with Workspace.open(db) as ws:
        task = TaskState()
        task.on_progress = lambda _progress: task.cancel()  # Stop at the first progress report
        with pytest.raises(Cancelled):
            advice.advise(ws, "Plan 1", task=task, keep=True)
        assert advice.kept_advice(ws, "Plan 1") is None
        advice.advise(ws, "Plan 1")  # the CLI's and the quality report's runs do not replace the window's
        assert advice.kept_advice(ws, "Plan 1") is None
