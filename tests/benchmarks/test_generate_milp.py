"""The benchmark generator and the exact MILP on tiny instances: deterministic data, correct optima, honest checks."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from benchmarks.generate import PRESETS, Spec, generate
from benchmarks.milp import solve_milp
from benchmarks.rules import Rules, check, travel
from scheduler.domain import Block, DataSet, Pair, Practice, Student
from scheduler.settings import Settings

TRAVEL_ONLY = {"travel": 1.0, "long_travel": 0.0, "fairness": 0.0, "balance": 0.0, "preference": 0.0, "variety": 0.0}


def settings() -> Settings:
    return Settings(workers=1).with_weights(**TRAVEL_ONLY)


def test_the_same_spec_gives_the_same_data_and_the_knobs_shape_it():
    spec = Spec("t", students=100, practices=30, scarcity=0.9, together=0.2, apart=0.1, rooms_share=1.0,
                rooms=(1, 2), adjustments=0.5, car_share=0.5, history_depth=1, seed=5)
    data = generate(spec)
    assert data == generate(spec)
    assert data != generate(dataclasses.replace(spec, seed=6))
    assert len(data.students) == 100 and len(data.practices) == 30
    for block in data.blocks:
        demand = sum(1 for s in data.students if block.attended_by(s))
        places = sum(data.capacity(p, block.block_id) for p in data.practices if p.active and block.year in p.years)
        assert places == round(0.9 * demand)
    assert all(p.max_students_per_day in (1, 2) for p in data.practices)
    kinds = [p.kind for p in data.pairs]
    assert kinds.count("together") >= 8 and kinds.count("apart") >= 3
    by_id = {s.student_id: s for s in data.students}
    for pair in data.pairs:
        a, b = by_id[pair.student_a], by_id[pair.student_b]
        assert (a.year, a.group) == (b.year, b.group)
        if pair.kind == "together":
            assert a.travel_mode == b.travel_mode
    assert sum(s.needs_accessible or s.max_travel_minutes is not None for s in data.students) > 20
    assert all(h.student_id in by_id for h in data.history)
    assert {h.academic_year for h in data.history} == {"2025/26"}  # history depth 1: only last year


def test_the_generated_csv_reads_back_as_the_same_data(tmp_path):
    from scheduler.exchange import check as check_dataset
    from scheduler.exchange import write_dataset_csv

    data = generate(PRESETS["tiny"])
    write_dataset_csv(data, tmp_path)
    result = check_dataset(tmp_path)
    assert result.ok and not result.warnings
    assert result.dataset == data


def _line(n_students: int, practices: list[Practice], pairs=(), per_day_blocks=False) -> DataSet:
    """Students on a line of longitude, all year 3; two overlapping blocks when per_day_blocks."""
    students = tuple(Student(f"S{i}", "A", "B", 3, latitude=53.45, longitude=-2.30 + 0.01 * i, travel_mode="car")
                     for i in range(n_students))
    blocks = (Block("B1", 3, dt.date(2027, 1, 11), dt.date(2027, 1, 15)),)
    if per_day_blocks:
        blocks += (Block("B2", 3, dt.date(2027, 1, 13), dt.date(2027, 1, 20), group=""),)
    return DataSet(practices=tuple(practices), students=students, blocks=blocks, pairs=tuple(pairs))


def _practice(code: str, lon: float, capacity: int, **kw) -> Practice:
    return Practice(code, code, frozenset({3}), capacity, latitude=53.45, longitude=lon, **kw)


def test_count_then_travel_is_the_true_optimum_of_a_tiny_instance():
    # three students, one place near the first two, two places far away: all placed, the nearest one stays near
    data = _line(3, [_practice("NEAR", -2.30, 1), _practice("FAR", -2.20, 2)])
    rules = Rules(data, settings())
    result = solve_milp(data, settings(), time_limit=30, stage="travel", rules=rules)
    assert (result.status, result.placed, result.max_placed) == ("optimal", 3, 3)
    assert result.placements[("S0", "B1")] == "NEAR"
    best = min(travel(rules, {("S0", "B1"): a, ("S1", "B1"): b, ("S2", "B1"): c})
               for a, b, c in (("NEAR", "FAR", "FAR"), ("FAR", "NEAR", "FAR"), ("FAR", "FAR", "NEAR")))
    assert result.travel == pytest.approx(best) and result.objective == pytest.approx(best)
    assert check(rules, result.placements, set()) == []


def test_rooms_per_day_across_overlapping_blocks_cap_the_count():
    # each block alone has 2 places, but the blocks overlap on Wed-Fri and the practice has 2 rooms
    data = _line(2, [_practice("P", -2.30, 2, max_students_per_day=2)], per_day_blocks=True)
    result = solve_milp(data, settings(), time_limit=30, stage="count")
    assert (result.status, result.placed, result.max_placed) == ("optimal", 2, 2)
    rules = Rules(data, settings())
    assert check(rules, result.placements, set(rules.need_keys) - set(result.placements)) == []
    three = {("S0", "B1"): "P", ("S1", "B1"): "P", ("S0", "B2"): "P"}
    assert any("over rooms" in v for v in check(rules, three, {("S1", "B2")}))


def test_together_partners_move_as_one_and_apart_partners_never_meet():
    practices = [_practice("A", -2.30, 1), _practice("B", -2.29, 2)]
    together = _line(2, practices, pairs=[Pair("S0", "S1", "together")])
    result = solve_milp(together, settings(), time_limit=30, stage="travel")
    assert result.placements == {("S0", "B1"): "B", ("S1", "B1"): "B"}
    apart = _line(3, [_practice("A", -2.30, 3)], pairs=[Pair("S0", "S1", "apart")])
    result = solve_milp(apart, settings(), time_limit=30, stage="count")
    assert result.max_placed == 2 and result.placements.get(("S0", "B1")) != result.placements.get(("S1", "B1"))
    rules = Rules(together, settings())
    assert any("split" in v for v in check(rules, {("S0", "B1"): "A", ("S1", "B1"): "B"}, set()))


def test_a_generated_instance_has_the_same_optimum_by_milp_as_by_the_engine():
    from scheduler.solver import solve

    data = generate(PRESETS["tiny"])
    milp = solve_milp(data, settings(), time_limit=60, stage="travel")
    plan = solve(data, dataclasses.replace(settings(), time_limit_seconds=60)).plan
    rules = Rules(data, settings())
    placed = {(p.student_id, p.block_id): p.practice_code for p in plan.placements}
    assert check(rules, placed, {(u.student_id, u.block_id) for u in plan.unplaced}) == []
    assert milp.status == "optimal" and milp.count_proven
    assert (len(placed), round(travel(rules, placed), 1)) == (milp.placed, round(milp.travel, 1))


def test_the_weighted_stage_scores_the_plan_it_returns():
    from benchmarks.rules import objective, score

    data = generate(PRESETS["tiny"])
    st = Settings(workers=1)
    result = solve_milp(data, st, time_limit=60, stage="weighted")
    rules = Rules(data, st)
    assert result.status == "optimal"
    assert objective(st.weights, score(rules, result.placements)) == pytest.approx(result.objective, abs=1e-4)
