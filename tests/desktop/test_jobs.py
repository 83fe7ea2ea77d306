"""The background-job helper: callbacks on the GUI thread, progress, failures in plain English, cancelling."""

from __future__ import annotations

import gc
import logging
import weakref

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from desktop.jobs import JobRunner
from scheduler.progress import Cancelled


def count_students(ws):
    from scheduler.services import data

    return data.counts(ws)["students"]


def test_synchronous_job_opens_its_own_workspace(qtbot, data_db):
    runner = JobRunner(data_db, synchronous=True)
    results = []
    job = runner.run(count_students, on_success=results.append)
    assert results == [60] and job.done and not runner.is_busy()


def test_progress_reaches_the_callback(qtbot):
    runner = JobRunner(None, synchronous=True)

    def work(task):
        for i in range(3):
            task.report("step", i + 1, 3)
        return "done"

    seen, results = [], []
    runner.run(work, needs_workspace=False, on_progress=lambda p: seen.append(p.done), on_success=results.append)
    assert seen == [1, 2, 3] and results == ["done"]


def test_failure_becomes_a_plain_message_and_the_log_keeps_no_personal_data(qtbot, caplog):
    runner = JobRunner(None, synchronous=True)
    messages = []
    runner.failed.connect(messages.append)

    def work():
        raise ValueError("student Łucja Nguyễn has no home")

    with caplog.at_level(logging.ERROR):
        runner.run(work, needs_workspace=False, name="check")
    assert messages == ["Student Łucja Nguyễn has no home."]
    assert "ValueError" in caplog.text and "Łucja" not in caplog.text


def test_cancelled_work_calls_neither_callback(qtbot):
    runner = JobRunner(None, synchronous=True)
    calls = []

    def work():
        raise Cancelled()

    runner.run(work, needs_workspace=False, on_success=calls.append, on_failure=calls.append)
    assert calls == []


def test_real_thread_delivers_on_the_gui_thread(qtbot):
    runner = JobRunner(None)
    worker_threads, callback_threads = [], []

    def work():
        worker_threads.append(QThread.currentThread())
        return 42

    job = runner.run(work, needs_workspace=False, on_success=lambda r: callback_threads.append((r, QThread.currentThread())))
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    gui = QApplication.instance().thread()
    assert callback_threads == [(42, gui)] and worker_threads[0] is not gui


def test_a_new_start_with_the_same_key_discards_the_old_task(qtbot):
    runner = JobRunner(None)
    results = []

    def wait_for_cancel(label, task):
        task._cancel.wait(timeout=10)  # returns as soon as the second start cancels this task
        return label

    first = runner.run(wait_for_cancel, "first", needs_workspace=False, key="k", on_success=results.append)
    second = runner.run(lambda label: label, "second", needs_workspace=False, key="k", on_success=results.append)
    qtbot.waitUntil(lambda: first.done and second.done, timeout=5000)
    assert results == ["second"] and first.discarded


def test_a_worker_process_reports_its_failure_in_plain_english(qtbot, empty_db):
    from desktop.errors import plain_message
    from desktop.operations import solve_plan
    from scheduler.settings import Settings

    runner = JobRunner(empty_db)
    errors = []
    job = runner.run(solve_plan, "Plan 1", Settings(time_limit_seconds=1), False, in_process=True,
                     on_failure=errors.append)
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert len(errors) == 1
    assert "import one first" in plain_message(errors[0])


def test_closing_the_window_during_a_solve_ends_the_worker_process(make_window, data_db, qtbot):
    import multiprocessing

    window = make_window(data_db, synchronous=False)
    window.plan.time_spin.setValue(60)
    window.plan.run_solve()
    qtbot.waitUntil(lambda: any(p.name == "gp-placements worker" for p in multiprocessing.active_children()),
                    timeout=10_000)
    window.close()
    assert not window.jobs.is_busy()
    qtbot.waitUntil(lambda: not any(p.name == "gp-placements worker" for p in multiprocessing.active_children()),
                    timeout=10_000)


def test_a_finished_job_is_deleted_and_keeps_no_result(qtbot):
    class Result:
        pass

    runner = JobRunner(None)
    results = []
    job = runner.run(Result, needs_workspace=False, on_success=lambda r: results.append(weakref.ref(r)))
    with qtbot.waitSignal(job.destroyed, timeout=5000):
        pass
    gc.collect()
    assert len(results) == 1 and results[0]() is None and not runner.is_busy()


def test_shutdown_waits_for_both_pools(qtbot):
    import threading

    runner = JobRunner(None)
    release = threading.Event()
    ended = []

    def work(label):
        release.wait(timeout=10)
        ended.append(label)

    runner.run(work, "pool", needs_workspace=False)
    runner.run(work, "serial", needs_workspace=False, serial=True)
    release.set()
    assert runner.shutdown(5000)
    assert sorted(ended) == ["pool", "serial"] and not runner.is_busy()
