"""On a scarce generated instance, the first place ``advise`` suggests lets the exact MILP place one more."""

from __future__ import annotations

import pytest

from benchmarks.generate import PRESETS, generate
from benchmarks.milp import solve_milp
from scheduler.rules.places import with_one_more
from scheduler.services import Workspace, plans
from scheduler.services.advice import advise
from scheduler.settings import Settings
from scheduler.store import repository


@pytest.mark.slow
def test_first_advised_place_lets_the_exact_milp_place_one_more(tmp_path):
    data = generate(PRESETS["small-scarce"])
    settings = Settings(time_limit_seconds=30, workers=1)
    with Workspace.open(tmp_path / "advise.db") as ws:
        with ws.session() as s:
            repository.replace_dataset(s, data)
            repository.save_settings(s, settings)
        plan = plans.solve(ws, "Plan 1").plan
        report = advise(ws, top=1)
    before = solve_milp(data, settings, time_limit=120, stage="count")
    assert before.count_proven and plan.placed_bound == before.max_placed == len(plan.placements)
    assert report.most_placeable == before.max_placed
    first = report.advice[0]
    assert first.placed_gain >= 1
    after = solve_milp(with_one_more(data, first.practice_code, first.block_id, first.kind), settings, time_limit=120,
                       stage="count")
    assert after.count_proven and after.max_placed == before.max_placed + first.placed_gain
