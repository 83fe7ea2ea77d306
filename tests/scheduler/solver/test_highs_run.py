"""HiGHS in a worker process (``scheduler.solver.highs_run``): the same answer as here, and always ended when due."""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pytest

from scheduler.solver import highs_run


def _knapsacks(n: int = 400, m: int = 40, seconds: float = 60.0) -> highs_run.Job:
    """A multi-knapsack HiGHS takes far longer than a second to prove."""
    rng = np.random.default_rng(0)
    weights = rng.integers(10, 100, (m, n)).astype(float)
    return highs_run.Job(
        n_integer=n, cost=-rng.integers(10, 100, n).astype(float), col_lower=np.zeros(n), col_upper=np.ones(n),
        row_lower=np.full(m, -np.inf), row_upper=weights.sum(axis=1) // 3, starts=(np.arange(m) * n).astype(np.int32),
        index=np.tile(np.arange(n, dtype=np.int32), m), value=weights.ravel(), hint=None, rel_gap=1e-4,
        seconds=seconds)


def _small() -> highs_run.Job:
    """Pick at most one of three, worth 1, 3 and 2: the best is 3."""
    return highs_run.Job(
        n_integer=3, cost=np.array([-1.0, -3.0, -2.0]), col_lower=np.zeros(3), col_upper=np.ones(3),
        row_lower=np.array([-np.inf]), row_upper=np.array([1.0]), starts=np.array([0], dtype=np.int32),
        index=np.arange(3, dtype=np.int32), value=np.ones(3), hint=None, rel_gap=None, seconds=10.0)


def test_the_worker_answers_as_this_process_does():
    here = highs_run.run_here(_small(), lambda: False)
    with highs_run.Worker() as worker:
        there = worker.run(_small(), time.perf_counter() + 30, lambda: False)
    assert here.optimal and there.optimal
    assert here.objective == there.objective == -3.0
    assert list(there.values.round()) == [0.0, 1.0, 0.0]


def test_a_stop_ends_the_worker_at_once():
    with highs_run.Worker() as worker:
        answer = worker.run(_knapsacks(), time.perf_counter() + 60, lambda: True)
        assert answer is None or not answer.optimal
        assert worker._process is None  # ended, not left running


def test_a_worker_ended_on_the_way_leaves_its_best_plan_behind():
    job = _knapsacks(seconds=60)
    with highs_run.Worker() as worker:
        assert worker.start()
        start = time.perf_counter()
        # ended after 3 s, long before HiGHS proves this one; by then it has found plans
        answer = worker.run(job, start + 60, lambda: time.perf_counter() > start + 3)
        assert worker._process is None
    assert answer is not None and answer.found and not answer.optimal
    chosen = answer.values.round()
    weights = job.value.reshape(len(job.row_upper), -1)
    assert (weights @ chosen <= job.row_upper).all()
    assert answer.objective == job.cost @ chosen < 0
    assert answer.dual_bound is None or answer.dual_bound <= answer.objective


def test_this_process_hears_of_each_better_plan():
    heard = []
    answer = highs_run.run_here(_small(), lambda: False, heard.append)
    assert heard and heard[-1].objective == answer.objective == -3.0
    assert [f.objective for f in heard] == sorted((f.objective for f in heard), reverse=True)
    assert list(heard[-1].chosen) == [1]


@pytest.mark.wine_limitation(reason="a Windows Python under Wine takes 1 to 5 s to start, and sending the 200 KB job "
                             "waits until the worker reads it (measured: the send 1.0 s, the whole wait 1.6 to 4.9 s)")
def test_the_caller_never_waits_much_past_its_deadline():
    # the job asks HiGHS for 60 s; the caller's deadline is half a second away
    with highs_run.Worker() as worker:
        assert worker.start()
        start = time.perf_counter()
        answer = worker.run(_knapsacks(seconds=60), start + 0.5, lambda: False)
        waited = time.perf_counter() - start
    assert answer is None or not answer.optimal
    assert waited < 0.5 + highs_run.GRACE_SECONDS + 1.0


def test_a_worker_process_imports_neither_or_tools_nor_the_engine():
    """A worker imports ``scheduler.solver.highs_run``, so the package's top must stay light (it starts quicker)."""
    code = ("import sys, scheduler.solver.highs_run; "
            "print(sorted(m for m in ('ortools', 'pandas', 'scheduler.solver.engine') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _transport_lp(n: int = 150):
    """A one-thread HiGHS holding an n x n assignment LP (a fraction of a second to solve from cold)."""
    rng = np.random.default_rng(0)
    starts_a = (np.arange(n) * n).astype(np.int32)
    index_a = np.arange(n * n, dtype=np.int32)
    index_b = np.arange(n * n, dtype=np.int32).reshape(n, n).T.ravel()
    h = highs_run.loaded(rng.random(n * n), np.zeros(n * n), np.ones(n * n), np.concatenate([np.ones(n), np.full(n, -np.inf)]),
                         np.ones(2 * n), np.concatenate([starts_a, starts_a + n * n]), np.concatenate([index_a, index_b]),
                         np.ones(2 * n * n))
    return h


def test_a_later_run_gets_the_time_it_is_allowed_although_highs_clock_runs_on():
    import highspy

    h = _transport_lp()
    h.run()
    first = h.getRunTime()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal and first > 0
    chosen = np.nonzero(np.asarray(h.getSolution().col_value) > 0.5)[0][:3].astype(np.int32)
    h.changeColsCost(3, chosen, np.full(3, 2.0))  # three chosen now dearest: a few pivots to do (~1/5 of the first)
    left = 0.9 * first
    h.setOptionValue("time_limit", left)  # the time left, given as HiGHS's limit: already used up
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit
    highs_run.allow(h, left)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal


def _serve_after_a_slow_start(jobs, answers) -> None:
    """A worker that takes 20 s to start reading, as one might on a slow PC or under Wine."""
    time.sleep(20)
    highs_run._serve(jobs, answers)


def test_a_stop_is_heard_while_a_slow_worker_has_not_yet_read_a_large_job():
    job = _knapsacks(n=20_000, m=40)  # 40 x 20,000 coefficients: megabytes, far more than a pipe holds
    with highs_run.Worker(serve=_serve_after_a_slow_start) as worker:
        assert worker.start()
        start = time.perf_counter()
        answer = worker.run(job, start + 60, lambda: time.perf_counter() > start + 0.5)
        waited = time.perf_counter() - start
        assert worker._process is None
    assert answer is None
    assert waited < 10  # not the 20 s the worker takes to start
