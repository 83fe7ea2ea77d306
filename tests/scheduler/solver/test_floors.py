"""Floors on each year's longest journey (``solver/floors.py``): proven, and not merely low."""

from __future__ import annotations

import numpy as np
import pytest
from scarce_data import scarce

from scheduler.settings import Settings
from scheduler.solver import candidates, count, floors, lp, mip
from scheduler.solver.problem import build_problem


def _problem(seed: int):
    s = Settings(time_limit_seconds=60, workers=1, seed=1)
    data = scarce(n_students=90, n_practices=24, seed=seed)
    return build_problem(data, s, candidates.build(data, s))


def _longest_by_year(problem, unit_arc) -> dict[int, int]:
    arcs = unit_arc[unit_arc >= 0]
    years = problem.unit_year[problem.arc_unit[arcs]]
    return {int(y): int(problem.arc_tmax10[arcs[years == y]].max()) for y in np.unique(years)}


@pytest.mark.parametrize("seed", [3, 5, 6])
def test_every_plan_placing_the_most_reaches_each_floor(seed):
    problem = _problem(seed)
    all_arcs = np.arange(len(problem.arc_unit))
    most = mip.solve_mip(problem, all_arcs, soft=False, time_limit=60)
    assert most.optimal
    placed = int(most.value)
    found = floors.year_floors(problem, placed, all_arcs, {}, time_limit=60)
    assert found  # some year has a floor above nothing
    year_of_arc = problem.unit_year[problem.arc_unit]
    for year, floor in found.items():
        # a floor: no plan placing as many keeps every journey of the year shorter
        shorter = all_arcs[~((year_of_arc == year) & (problem.arc_tmax10 >= floor))]
        assert mip.solve_mip(problem, shorter, soft=False, time_limit=60).value < placed
        # and the highest the count's LP proves: with the journeys of just the floor allowed, it places them all
        within = all_arcs[~((year_of_arc == year) & (problem.arc_tmax10 > floor))]
        assert count.count(problem, within).value >= placed - 1e-6
    # every plan of the most placed meets them, the best for the soft aims too
    best = mip.solve_mip(problem, all_arcs, soft=True, placed=placed, time_limit=60)
    for year, longest in _longest_by_year(problem, best.unit_arc).items():
        assert longest >= found.get(year, 0)


def test_a_known_floor_is_kept_and_no_time_means_no_new_floor():
    problem = _problem(3)
    all_arcs = np.arange(len(problem.arc_unit))
    placed = int(mip.solve_mip(problem, all_arcs, soft=False, time_limit=60).value)
    known = {int(problem.unit_year[0]): 1}
    assert floors.year_floors(problem, placed, all_arcs, known, time_limit=0.0) == known


@pytest.mark.parametrize("seed", [3, 6])
def test_floors_leave_the_best_plan_as_it_is_and_raise_the_lp(seed):
    problem = _problem(seed)
    all_arcs = np.arange(len(problem.arc_unit))
    placed = int(mip.solve_mip(problem, all_arcs, soft=False, time_limit=60).value)
    found = floors.year_floors(problem, placed, all_arcs, {}, time_limit=60)
    plain = mip.solve_mip(problem, all_arcs, soft=True, placed=placed, time_limit=60)
    floored = mip.solve_mip(problem, all_arcs, soft=True, placed=placed, t_lower=found, time_limit=60)
    assert plain.optimal and floored.optimal
    assert floored.value == pytest.approx(plain.value, abs=0.5)
    few = plain.unit_arc[plain.unit_arc >= 0]
    assert lp.solve_lp(problem, few, placed, found).value > lp.solve_lp(problem, few, placed, {}).value + 1.0
