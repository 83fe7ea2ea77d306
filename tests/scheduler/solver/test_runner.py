"""The runner (``solver/runner.py``): the table's gates, and the proof beside the search ended when the search fails."""

from __future__ import annotations

import time

import pytest
from scarce_data import COUPLED, scarce
from scarce_data import settings as scarce_settings

from scheduler.settings import Settings
from scheduler.solver import solve
from scheduler.solver.budget import Budget
from scheduler.solver.engine import STEPS, _problem
from scheduler.solver.runner import InTurn, Runner, SideBySide
from scheduler.solver.state import State, keeps_every_rule
from scheduler.solver.stats import Stats
from scheduler.solver.steps.cpsat import CpSatFallback
from scheduler.solver.steps.first_plan import FirstPlan
from scheduler.solver.steps.proof import Proof

TRAVEL_ONLY = {"travel": 1.0, "long_travel": 0.0, "fairness": 0.0, "balance": 0.0, "preference": 0.0, "variety": 0.0}


def _benchmark(name: str):
    generate = pytest.importorskip("benchmarks.generate")
    return generate.generate(generate.PRESETS[name])


def test_a_plan_the_flow_proves_best_runs_no_later_step():
    data = _benchmark("tiny")
    result = solve(data, Settings(time_limit_seconds=30, workers=1).with_weights(**TRAVEL_ONLY))
    assert result.plan.status == "optimal"
    ran = set(result.stats)
    assert {"seconds_flow", "seconds_repair"} <= ran
    assert not ran & {"seconds_count_lp", "seconds_lp", "seconds_mip", "seconds_cpsat", "seconds_mip_near_lp"}


def test_places_short_run_the_count_proof_and_the_soft_aims_after_it():
    data = _benchmark("small-scarce")
    result = solve(data, Settings(time_limit_seconds=30, workers=1))
    assert result.plan.status == "optimal" and result.plan.placed_bound == len(result.plan.placements)
    assert {"seconds_count_lp", "seconds_floors", "seconds_lp", "seconds_mip"} <= set(result.stats)
    assert "seconds_cpsat" not in result.stats and "proof_beside_search" not in result.stats


class _FailingSearch:
    """A search step that fails at once."""

    def applies(self, state: State) -> bool:
        return True

    def run(self, state: State, budget: Budget) -> None:
        raise RuntimeError("search failed")


def test_a_search_that_fails_beside_the_proof_ends_the_proof_and_is_raised():
    data = _benchmark("pairs-600")  # default weights: its proof takes far longer than this test waits
    settings = Settings(time_limit_seconds=90, workers=2)
    stats = Stats()
    problem, _ = _problem(data, settings, None, False, (), stats)
    state = State(problem, settings, None, time.perf_counter(), beside=True, stats=stats)
    bounding = tuple(step for step in STEPS if not isinstance(step, (InTurn, SideBySide)))[:5]
    with Runner(large=True, beside=True) as runner:
        runner.run(bounding, state)
        assert state.count_proven and not state.proven_best
        start = time.perf_counter()
        with pytest.raises(RuntimeError, match="search failed"):
            runner.run((SideBySide(Proof(), search=(_FailingSearch(),)),), state)
        waited = time.perf_counter() - start
    assert waited < 10.0  # not the proof's 80 s or so


def test_the_cp_sat_fallback_improves_at_the_count_reached_and_proves_nothing():
    settings = scarce_settings(10.0, **COUPLED)
    data = scarce(n_students=90, n_practices=24, seed=1)
    stats = Stats()
    problem, _ = _problem(data, settings, None, False, (), stats)
    state = State(problem, settings, None, time.perf_counter(), stats=stats)
    FirstPlan().run(state, Budget(None))
    assert not state.count_proven  # places are short: the flow's count is not reached by its plan
    placed, cost = state.best.placed, state.best.upper
    fallback = CpSatFallback()
    assert fallback.applies(state)
    fallback.run(state, Budget(None))
    assert state.best.placed == placed and state.best.upper <= cost
    assert state.proven.lower is None and stats.rounds == 1 and stats.seconds_cpsat is not None
    assert keeps_every_rule(problem, state.best.unit_arc)
