"""The old-against-new harness (``benchmarks/bench_engines.py``): what counts as a worse plan, and each engine's
process runs the scheduler of its own tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from benchmarks.bench_engines import CHILD, HERE, EngineSide, worse_than
from benchmarks.bench_suite import EngineRun


def run(placed: int, travel: float) -> EngineRun:
    return EngineRun("feasible", placed, None, travel, 1.0, 1.0, None, [])


def side(placed: int, travel: float, default_placed: int, objective: float) -> EngineSide:
    return EngineSide("x", run(placed, travel), run(default_placed, 0.0), objective)


def test_a_plan_is_worse_with_fewer_placed_or_as_many_and_dearer():
    base = side(100, 5000.0, 100, 9000.0)
    assert worse_than(base, base) == []
    assert worse_than(side(100, 5000.04, 100, 9000.0), base) == []  # within the tenths the engine rounds to
    assert worse_than(side(100, 5000.2, 100, 9000.0), base) == ["travel only"]
    assert worse_than(side(99, 4000.0, 100, 9000.0), base) == ["travel only"]  # less travel, one fewer placed
    assert worse_than(side(101, 9999.0, 100, 9000.0), base) == []  # one more placed outweighs the travel
    assert worse_than(side(100, 5000.0, 100, 9000.1), base) == ["default weights"]
    assert worse_than(side(100, 5000.0, 99, 100.0), base) == ["default weights"]


def test_an_engine_process_refuses_a_scheduler_from_another_tree(tmp_path):
    args = {"tree": str(tmp_path), "name": "tiny", "time_limit": 1, "default_time": 1}
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(args)], cwd=HERE, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(HERE)}, timeout=120)
    assert done.returncode != 0
    assert f"not from {tmp_path}" in done.stderr
