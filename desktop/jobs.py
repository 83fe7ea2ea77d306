"""The one place where the desktop runs work off the GUI thread.

Modelled on Anki's ``CollectionOp``/``QueryOp`` (a job has success and
failure callbacks that run on the GUI thread) and on Orange3's concurrent
helpers (the worker is a plain function that receives a Qt-free
``scheduler.progress.TaskState`` for progress and cancellation; here its
reports are turned into a Qt signal). A job that needs the database gets its
own ``Workspace`` opened from the database URL inside the worker thread, so a
session never crosses threads.

Starting a job with a ``key`` that is already running cancels the old one and
drops its result. Tests set ``synchronous=True`` (Picard's fake thread pool):
the worker then runs at once on the calling thread, through the same code.

A job started with ``in_process=True`` (the solve) runs its worker in a child
process, so that C code holding Python's global lock cannot freeze the
window; progress, the result or the error come back through a queue and a
cancel request goes the other way.
"""

from __future__ import annotations

import inspect
import logging
import multiprocessing
import pickle
import queue as queue_module
import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

from desktop.errors import log_exception, plain_message
from scheduler.processes import die_with_parent
from scheduler.progress import Cancelled, Progress, TaskState

log = logging.getLogger(__name__)

SuccessCallback = Callable[[Any], None]
FailureCallback = Callable[[BaseException], None]
ProgressCallback = Callable[[Progress], None]


class _Relay(QObject):
    """Carries a worker thread's news to the job object on the GUI thread."""

    progressed = Signal(object)
    done = Signal(object, object)  # result, exception


class Job(QObject):
    """A handle on one running piece of work."""

    finished = Signal()

    def __init__(self, name: str, task: TaskState, on_success: SuccessCallback | None,
                 on_failure: FailureCallback | None, on_progress: ProgressCallback | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.task = task
        self.done = False
        self.discarded = False
        self.succeeded = False
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        self._relay = _Relay()
        self._relay.progressed.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)
        self._relay.done.connect(self._deliver_result, Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        """Asks the worker to stop; a solver stopped this way still delivers its best plan."""
        self.task.cancel()

    def discard(self) -> None:
        """Cancels and forgets: no callback will run for this job."""
        self.discarded = True
        self.task.cancel()

    @property
    def running(self) -> bool:
        return not self.done

    @Slot(object)
    def _deliver_progress(self, progress: Progress) -> None:
        if self.discarded or self.done:
            return
        if self._on_progress is not None:
            self._on_progress(progress)

    @Slot(object, object)
    def _deliver_result(self, result: Any, error: BaseException | None) -> None:
        if self.done:
            return
        self.done = True
        try:
            if self.discarded:
                return
            if error is None:
                self.succeeded = True
                if self._on_success is not None:
                    self._on_success(result)
            elif isinstance(error, Cancelled):
                pass  # the user stopped it and there is nothing to show
            elif self._on_failure is not None:
                self._on_failure(error)
        finally:
            self._on_success = self._on_failure = self._on_progress = None
            self.finished.emit()

    def abandon(self) -> None:
        """Marks a discarded job as over without waiting for its worker's news (used on close)."""
        self.discarded = True
        self._deliver_result(None, None)


class JobGroup:
    """The jobs one dialog started, so that all of them can be dropped when the dialog goes away."""

    def __init__(self) -> None:
        self._jobs: list[Job] = []

    def add(self, job: Job) -> Job:
        self._jobs = [j for j in self._jobs if j.running] + [job]
        return job

    def running(self) -> list[Job]:
        return [j for j in self._jobs if j.running]

    def discard(self) -> None:
        for job in self.running():
            job.discard()
        self._jobs = []


class _Runnable(QRunnable):
    def __init__(self, body: Callable[[], None]) -> None:
        super().__init__()
        self._body = body
        self.setAutoDelete(True)

    def run(self) -> None:
        self._body()


class JobRunner(QObject):
    """Starts jobs on a thread pool (or at once, in tests) and keeps track of them."""

    failed = Signal(str)
    """A plain-English message for any job that failed without its own failure callback."""
    busy_changed = Signal(bool)
    job_started = Signal(str)
    """The name of a job that has just started."""
    job_finished = Signal(str, bool)
    """The name of a job that has ended, and whether it succeeded."""

    def __init__(self, db_url: str | None, *, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_url = db_url
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(3)
        self._serial_pool = QThreadPool(self)
        self._serial_pool.setMaxThreadCount(1)
        self._jobs: list[Job] = []
        self._by_key: dict[str, Job] = {}

    def run(self, work: Callable[..., Any], *args: Any, name: str = "", key: str | None = None,
            on_success: SuccessCallback | None = None, on_failure: FailureCallback | None = None,
            on_progress: ProgressCallback | None = None, needs_workspace: bool = True,
            serial: bool = False, in_process: bool = False, task: TaskState | None = None) -> Job:
        """Runs ``work(ws, *args)`` or ``work(*args)`` (``needs_workspace=False``) off the GUI thread.

        If ``work`` takes a ``task`` keyword argument it receives the job's TaskState (``task``, when the caller
        wants to stop it before ``run`` returns, as a synchronous job in a test does).
        ``serial`` jobs (changes to a plan, undo, redo) run one after another in the order started.
        """
        if key is not None and key in self._by_key and self._by_key[key].running:
            self._by_key[key].discard()
        task = task or TaskState(keep_history=False)
        job = Job(name or getattr(work, "__name__", "job"), task, on_success,
                  on_failure or self._report_failure, on_progress, parent=self)
        task.on_progress = job._deliver_progress if self.synchronous else job._relay.progressed.emit
        self._jobs.append(job)
        if key is not None:
            self._by_key[key] = job
        job.finished.connect(lambda: self._forget(job))
        wants_task = _accepts_task(work)
        db_url = self.db_url

        def body() -> tuple[Any, BaseException | None]:
            result: Any = None
            error: BaseException | None = None
            try:
                result = _NOT_RUN
                if in_process and not self.synchronous:
                    try:
                        result = run_in_child_process(work, args, db_url if needs_workspace else _NO_WORKSPACE, task,
                                                      abandoned=lambda: job.discarded)
                    except WorkerNotStarted:
                        log.warning("could not start a worker process; running %s on a thread", job.name)
                if result is _NOT_RUN:
                    result = _run_here(work, args, db_url, needs_workspace, task if wants_task else None)
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread
                if not isinstance(exc, Cancelled):
                    log_exception(job.name, exc)
                result, error = None, exc
            return result, error

        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        self.job_started.emit(job.name)
        if self.synchronous:
            job._deliver_result(*body())
        else:
            pool = self._serial_pool if serial else self._pool
            pool.start(_Runnable(lambda: job._relay.done.emit(*body())))
        return job

    def running_jobs(self) -> list[Job]:
        return [job for job in self._jobs if job.running]

    def is_busy(self) -> bool:
        return bool(self.running_jobs())

    def cancel_all(self) -> None:
        for job in self.running_jobs():
            job.discard()

    def wait_for_done(self, msecs: int = 30_000) -> bool:
        """Blocks until both pools are empty (each gets up to ``msecs``)."""
        pool_done = self._pool.waitForDone(msecs)
        serial_done = self._serial_pool.waitForDone(msecs)
        return pool_done and serial_done

    def shutdown(self, msecs: int = 30_000) -> bool:
        """Discards every job, waits for the workers and forgets the jobs (used on close)."""
        self.cancel_all()
        finished = self.wait_for_done(msecs)
        for job in list(self._jobs):
            job.abandon()
        return finished

    def _forget(self, job: Job) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
            self.job_finished.emit(job.name, job.succeeded)
        job.setParent(None)
        job.deleteLater()
        for key, known in list(self._by_key.items()):
            if known is job:
                del self._by_key[key]
        if not self._jobs:
            self.busy_changed.emit(False)

    def _report_failure(self, error: BaseException) -> None:
        self.failed.emit(plain_message(error))


def _run_here(work: Callable[..., Any], args: tuple, db_url: str | None, needs_workspace: bool,
              task: TaskState | None) -> Any:
    """Runs the worker on the current thread, in a workspace of its own when it needs one."""
    kwargs = {"task": task} if task is not None else {}
    if not needs_workspace:
        return work(*args, **kwargs)
    from scheduler.services.workspace import Workspace

    ws = Workspace.open(db_url)
    try:
        return work(ws, *args, **kwargs)
    finally:
        ws.close()


def _accepts_task(work: Callable[..., Any]) -> bool:
    try:
        return "task" in inspect.signature(work).parameters
    except (TypeError, ValueError):
        return False



_NO_WORKSPACE = "<no workspace>"
_NOT_RUN = object()


class WorkerNotStarted(Exception):
    """The child process could not be started (the job then runs on a thread instead)."""
CANCEL_GRACE_SECONDS = 60.0
"""How long a cancelled child may take to hand back its best result before it is ended."""


def run_in_child_process(work: Callable[..., Any], args: tuple, db_url: str | None, task: TaskState,
                         abandoned: Callable[[], bool] = lambda: False) -> Any:
    """Runs ``work`` in a fresh process; forwards its progress to ``task`` and ``task``'s cancel to it.

    A cancelled child gets time to hand back its best result (Stop keeps the best plan); an abandoned
    one (the window is closing, or a newer job replaced it) is ended at once.
    """
    context = multiprocessing.get_context("spawn")
    messages = context.Queue()
    stop = context.Event()
    # not a daemon, so that it may start processes of its own (the engine runs large MIPs in one); it still
    # ends with the window's process (die_with_parent) and is ended below when abandoned or overdue
    child = context.Process(target=_child_main, args=(work, args, db_url, messages, stop), daemon=False,
                            name="gp-placements worker")
    try:
        child.start()
    except (OSError, RuntimeError, pickle.PicklingError, AttributeError) as exc:
        raise WorkerNotStarted() from exc
    cancelled_at: float | None = None
    try:
        while True:
            if task.cancelled and cancelled_at is None:
                stop.set()
                cancelled_at = time.monotonic()
            if abandoned() or (cancelled_at is not None and time.monotonic() - cancelled_at > CANCEL_GRACE_SECONDS):
                raise Cancelled()
            try:
                kind, payload = messages.get(timeout=0.05)
            except queue_module.Empty:
                if not child.is_alive() and messages.empty():
                    raise RuntimeError(f"the worker process stopped unexpectedly (exit code {child.exitcode})")
                continue
            if kind == "progress":
                if task.on_progress is not None:
                    task.on_progress(payload)
            elif kind == "result":
                return payload
            else:
                raise payload
    finally:
        if abandoned():
            child.terminate()
        child.join(timeout=5)
        if child.is_alive():
            child.terminate()
            child.join(timeout=5)


def _child_main(work: Callable[..., Any], args: tuple, db_url: str | None, messages, stop) -> None:
    """The child process: its own workspace and task state; everything goes back through ``messages``."""
    die_with_parent()
    task = TaskState(keep_history=False, on_progress=lambda progress: messages.put(("progress", progress)))

    def watch_for_stop() -> None:
        while not task.cancelled:
            if stop.wait(0.1):
                task.cancel()

    threading.Thread(target=watch_for_stop, daemon=True).start()
    try:
        needs_workspace = db_url != _NO_WORKSPACE
        result = _run_here(work, args, db_url if needs_workspace else None, needs_workspace,
                           task if _accepts_task(work) else None)
        messages.put(("result", result))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the window
        messages.put(("error", exc if _picklable(exc) else RuntimeError(str(exc))))
    task.cancel()  # ends the watcher


def _picklable(value: object) -> bool:
    try:
        pickle.loads(pickle.dumps(value))
        return True
    except Exception:  # noqa: BLE001 - anything that does not survive the trip is replaced
        return False
