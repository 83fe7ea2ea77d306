"""``advise``: the extra place that places a stranded student, confirmed; JSON keys as documented."""

from __future__ import annotations

import json

from test_rulebook import world

from scheduler.cli.main import main
from scheduler.domain import CapacityOverride
from scheduler.services import Workspace, plans
from scheduler.settings import Settings
from scheduler.store import repository


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
