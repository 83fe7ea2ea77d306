"""The Qt-free task state: progress reports reach the listener and cancellation is seen by the worker."""

import threading

import pytest

from scheduler.progress import Cancelled, TaskState


def test_reports_reach_the_listener_with_gap():
    seen = []
    task = TaskState(on_progress=seen.append)
    task.report("solving", objective=110.0, bound=100.0)
    assert seen[0].message == "solving"
    assert seen[0].gap == pytest.approx(10 / 110)
    assert task.history == seen


def test_cancel_from_another_thread_is_seen_by_the_worker():
    task = TaskState()
    threading.Thread(target=task.cancel).start()
    assert task._cancel.wait(5)
    assert task.cancelled
    with pytest.raises(Cancelled):
        task.raise_if_cancelled()


def test_fraction_for_counted_work():
    task = TaskState()
    task.report(done=3, total=12)
    assert task.history[-1].fraction == 0.25
