"""The plain MILP baseline (scipy, one model, unplaced slacks): the same optimum as the exact MILP, every rule kept."""

from __future__ import annotations

import datetime as dt

from benchmarks.bench_suite import EngineRun, Row
from benchmarks.generate import PRESETS, Spec, generate
from benchmarks.milp import MilpResult, solve_milp
from benchmarks.plain_milp import PlainResult, solve_plain
from benchmarks.rules import Rules, check
from scheduler.domain import Block, DataSet, Practice, Student
from scheduler.settings import Settings

TRAVEL_ONLY = {"travel": 1.0, "long_travel": 0.0, "fairness": 0.0, "balance": 0.0, "preference": 0.0, "variety": 0.0}
CROWDED = Spec("crowded", students=120, practices=30, scarcity=0.95, together=0.2, apart=0.1, rooms_share=1.0,
               rooms=(1, 2), adjustments=0.2, seed=4)
"""Short of places, every practice with a rooms limit, many pairs: every shared rule binds somewhere."""


def settings() -> Settings:
    return Settings(workers=1).with_weights(**TRAVEL_ONLY)


def test_the_plain_milp_finds_the_exact_milps_optimum_and_keeps_every_rule():
    for spec in (CROWDED, PRESETS["small-scarce"]):
        data = generate(spec)
        rules = Rules(data, settings())
        plain = solve_plain(data, settings(), time_limit=60, rules=rules)
        exact = solve_milp(data, settings(), time_limit=60, stage="travel", rules=rules)
        assert plain.status == "optimal" and exact.status == "optimal"
        assert plain.violations == [] and check(rules, plain.placements, set(rules.need_keys) - set(plain.placements)) == []
        assert plain.placed == exact.placed < len(rules.need_keys)  # short: the count is what binds
        assert abs(plain.travel - exact.travel) <= 1e-4 * plain.objective
        assert plain.variables == sum(len(o) for o in rules.options) + len(rules.need_keys)


def test_placing_one_more_outweighs_any_travel():
    # two students at the west end; one place beside them, one 15 km east: both are placed
    students = tuple(Student(f"S{i}", "A", "B", 3, latitude=53.45, longitude=-2.30, travel_mode="car")
                     for i in range(2))
    practices = (Practice("NEAR", "Near", frozenset({3}), 1, latitude=53.45, longitude=-2.30),
                 Practice("FAR", "Far", frozenset({3}), 1, latitude=53.45, longitude=-2.08))
    data = DataSet(practices=practices, students=students,
                   blocks=(Block("B1", 3, dt.date(2027, 1, 11), dt.date(2027, 1, 15)),))
    result = solve_plain(data, settings(), time_limit=30)
    assert result.status == "optimal" and result.placed == 2
    assert sorted(result.placements.values()) == ["FAR", "NEAR"]
    assert result.unplaced_weight > result.travel


def _row(milp: MilpResult, plain: PlainResult, engine_seconds: float) -> Row:
    engine = EngineRun("optimal", 10, 10, 100.0, engine_seconds, engine_seconds, 0.0, [])
    return Row(PRESETS["tiny"], 10, 10, 12, milp, plain, engine, None, 0.0)


def test_the_suites_ratio_is_against_the_faster_baseline_that_found_a_plan():
    milp = MilpResult("travel", "optimal", placed=10, max_placed=10, travel=100.0, seconds=40.0)
    fast = PlainResult("optimal", placed=10, travel=100.0, seconds=10.0)
    assert _row(milp, fast, 5.0).baseline == ("plain", 10.0) and _row(milp, fast, 5.0).ratio == 0.5
    slow = PlainResult("optimal", placed=10, travel=100.0, seconds=80.0)
    assert _row(milp, slow, 5.0).ratio == 5.0 / 40.0
    nothing = PlainResult("no plan", seconds=1.0)
    assert _row(milp, nothing, 5.0).baseline == ("MILP", 40.0)
    better = PlainResult("optimal", placed=10, travel=90.0, seconds=10.0)
    assert not _row(milp, better, 5.0).matches  # the engine's 100 minutes lose to the plain MILP's 90


def test_the_regional_run_reports_rules_count_gap_and_memory():
    from benchmarks.bench_suite import REGIONAL, run_regional

    assert REGIONAL == ("regional",)
    row, kept = run_regional("tiny", 10.0)  # the same run as the regional preset's, on a set that ends in seconds
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert kept and cells[0] == "tiny" and cells[-1] == "OK"
    assert cells[6] == "yes" and float(cells[10]) > 0.05  # count proven; a peak of some GB, not zero
    assert int(cells[4]) == int(cells[5])  # placed = its proven bound
