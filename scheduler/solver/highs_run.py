"""HiGHS on one model given as arrays: in this process, or in a worker process that can always be stopped.

HiGHS keeps its time limit and can be interrupted almost everywhere, but not
in parts of its set-up and presolve, where it has run for minutes past its
limit and deaf to a cancel (docs/engine.md, "Measurements"). So the engine runs
every MIP in a worker process of its own, which is ended when its time is up
(``GRACE_SECONDS``) or when the officer presses Stop. The worker sends each
better plan as soon as HiGHS finds it, so the best one outlives the worker.
``run_here`` serves callers without a worker (small models only).

This module imports only numpy and highspy, so a worker starts quickly.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Callable, Iterator

import numpy as np

if TYPE_CHECKING:
    import highspy

SMALL_MODEL = 20_000
"""Columns up to which a caller without a worker runs a model in this process; the engine starts its worker at
once for problems with more arcs than this (on first use otherwise)."""
GRACE_SECONDS = 1.0
"""How long past the caller's deadline a worker may take to answer before it is ended."""
HEADROOM_SECONDS = 2.0
"""HiGHS's own limit ends this long before the caller's deadline (or at ``OWN_LIMIT_SHARE`` of the time left, if
sooner; never before half of it): HiGHS looks at its clock only now and then, and a worker ended loses its bound
with its plan."""
OWN_LIMIT_SHARE = 0.9
"""HiGHS's own limit, at most this share of the time left."""


@dataclass
class Job:
    n_integer: int
    """The first ``n_integer`` columns are integer (0/1 arcs); the rest continuous."""
    cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    starts: np.ndarray
    index: np.ndarray
    value: np.ndarray
    hint: np.ndarray | None
    """Values of the integer columns to start from."""
    rel_gap: float | None
    """Stop when the gap is under this share of the objective; None: only when it is under ``abs_gap``."""
    seconds: float
    """HiGHS's time limit."""
    abs_gap: float = 0.99
    """With ``rel_gap`` None: the gap under which the plan is proven best (under one for integer costs)."""


@dataclass
class Answer:
    optimal: bool
    found: bool
    values: np.ndarray | None
    """The integer columns' values in the plan found."""
    objective: float | None
    dual_bound: float | None


@dataclass
class Found:
    """A better plan, sent by the worker as soon as HiGHS finds it: a worker ended later does not take it along."""
    chosen: np.ndarray
    """The integer columns at one."""
    objective: float
    dual_bound: float | None

    def answer(self, n_integer: int) -> Answer:
        values = np.zeros(n_integer)
        values[self.chosen] = 1.0
        return Answer(optimal=False, found=True, values=values, objective=self.objective, dual_bound=self.dual_bound)


def _silence_stdout() -> None:
    """HiGHS prints a banner on stdout the first time; a worker never needs stdout."""
    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.close(fd)
    except OSError:
        pass


_BANNER_SHOWN = False
_LOCK = threading.Lock()


def new_highs() -> "highspy.Highs":
    """A HiGHS instance in this process; its banner (once per process, on stdout) kept out of the CLI's output."""
    global _BANNER_SHOWN
    import highspy

    with _LOCK:
        if _BANNER_SHOWN:
            return highspy.Highs()
        _BANNER_SHOWN = True
        try:
            import sys

            fd = sys.stdout.fileno()
            sys.stdout.flush()
        except (AttributeError, OSError, ValueError):
            return highspy.Highs()  # no console (the window): nothing to keep clean
        saved = os.dup(fd)
        try:
            with open(os.devnull, "w") as devnull:
                os.dup2(devnull.fileno(), fd)
                return highspy.Highs()
        finally:
            os.dup2(saved, fd)
            os.close(saved)


def loaded(cost: np.ndarray, col_lower: np.ndarray, col_upper: np.ndarray, row_lower: np.ndarray,
           row_upper: np.ndarray, starts: np.ndarray, index: np.ndarray, value: np.ndarray) -> "highspy.Highs":
    """A quiet, one-thread HiGHS in this process holding the model (rows as ``mip.build_model`` gives them)."""
    h = new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.addCols(len(cost), cost, col_lower, col_upper, 0, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32),
              np.zeros(0))
    h.addRows(len(row_lower), row_lower, row_upper, len(index), starts, index, value)
    return h


def allow(h: "highspy.Highs", seconds: float) -> None:
    """Lets the next ``h.run()`` take ``seconds`` more. HiGHS's clock runs on across the runs of one model (a
    limit of the time left alone would end a later run as soon as it starts)."""
    h.setOptionValue("time_limit", h.getRunTime() + seconds)


@contextlib.contextmanager
def cancel_when(h: "highspy.Highs", stop: Callable[[], bool] | None) -> Iterator[None]:
    """Within the block, ``stop`` is polled from a watcher thread and, once true, cancels HiGHS's run (HiGHS
    releases the GIL while it solves)."""
    if stop is None:
        yield
        return
    done = threading.Event()
    h.HandleUserInterrupt = True

    def watch() -> None:
        while not done.wait(0.1):
            if stop():
                h.cancelSolve()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()


def run_here(job: Job, stop: Callable[[], bool] | None = None,
             on_found: Callable[[Found], None] | None = None) -> Answer:
    """Runs the job; ``stop`` cancels it (``cancel_when``); ``on_found`` hears of each better plan on the way."""
    import highspy

    h = loaded(job.cost, job.col_lower, job.col_upper, job.row_lower, job.row_upper, job.starts, job.index, job.value)
    h.setOptionValue("random_seed", 1)
    if job.rel_gap is None:
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", job.abs_gap)
    else:
        h.setOptionValue("mip_rel_gap", job.rel_gap)
    n = job.n_integer
    h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger, dtype=np.uint8))
    if job.hint is not None:
        h.setSolution(n, np.arange(n, dtype=np.int32), job.hint)  # HiGHS completes the other columns
    if on_found is not None:
        def improving(event: "highspy.highs.HighsCallbackEvent") -> None:
            out = event.data_out
            bound = out.mip_dual_bound
            chosen = np.flatnonzero(np.asarray(out.mip_solution)[:n] > 0.5).astype(np.int32)
            on_found(Found(chosen, float(out.objective_function_value), bound if math.isfinite(bound) else None))

        h.cbMipImprovingSolution.subscribe(improving)
    h.setOptionValue("time_limit", float(max(0.05, job.seconds)))
    with cancel_when(h, stop):
        h.run()
    info = h.getInfo()
    found = info.primal_solution_status == 2  # kSolutionStatusFeasible
    return Answer(
        optimal=h.getModelStatus() == highspy.HighsModelStatus.kOptimal, found=found,
        values=np.asarray(h.getSolution().col_value)[:n] if found else None,
        objective=info.objective_function_value if found else None,
        dual_bound=info.mip_dual_bound if math.isfinite(info.mip_dual_bound) else None)


def _serve(jobs: Connection, answers: Connection) -> None:
    from scheduler.processes import die_with_parent

    die_with_parent()
    _silence_stdout()
    while True:
        job = jobs.recv()
        if job is None:
            return
        due = time.perf_counter() + job.seconds
        # HiGHS looks at its own clock only now and then; a cancel at the due time is looked at more often, and
        # keeps the bound reached
        answers.send(run_here(job, lambda: time.perf_counter() > due, answers.send))


def _send_quietly(pipe: Connection, job: Job) -> None:
    """Sends ``job``; a worker ended before it read the job (a Stop, the deadline) is no fault of the sender."""
    with contextlib.suppress(OSError):  # BrokenPipeError
        pipe.send(job)


class Worker:
    """One worker process for the MIPs of one solve, started on demand, ended when stopped or overdue."""

    def __init__(self, serve: Callable[[Connection, Connection], None] | None = None) -> None:
        self._serve = serve or _serve
        """What the process runs (tests give one that starts slowly)."""
        self._process: BaseProcess | None = None
        self._sender: threading.Thread | None = None
        self._jobs: Connection | None = None
        self._answers: Connection | None = None

    def start(self) -> bool:
        """Starts the process if none runs (it then loads while the caller goes on with other work).

        False when no process can be started (a script without a ``__main__`` guard, say)."""
        if self._process is not None and self._process.is_alive():
            return True
        self.close()
        context = multiprocessing.get_context("spawn")  # fork is unsafe from a multi-threaded GUI process
        # two one-way pipes, not a two-way one: that would be a socket pair, and the app opens no socket
        job_out, job_in = context.Pipe(duplex=False)
        answer_out, answer_in = context.Pipe(duplex=False)
        process = context.Process(target=self._serve, args=(job_out, answer_in), daemon=True, name="highs")
        try:
            process.start()
        except (RuntimeError, OSError, AssertionError):  # AssertionError: in a daemon process
            job_in.close()
            answer_out.close()
            return False
        finally:
            job_out.close()
            answer_in.close()
        self._process, self._jobs, self._answers = process, job_in, answer_out
        return True

    def run(self, job: Job, deadline: float, stop: Callable[[], bool]) -> Answer | None:
        """The answer; when the worker was ended (stopped, or past ``deadline`` by ``GRACE_SECONDS``), the best
        plan it had sent, without a proof, or None.

        Without a worker process the job runs here, stopped as well as HiGHS allows."""
        if not self.start():
            return run_here(job, lambda: stop() or time.perf_counter() > deadline)
        left = deadline - time.perf_counter()
        own = max(min(left * OWN_LIMIT_SHARE, left - HEADROOM_SECONDS), left / 2)
        job = replace(job, seconds=min(job.seconds, max(0.05, own)))
        overdue = deadline + GRACE_SECONDS
        best: Found | None = None
        assert self._jobs is not None and self._answers is not None, "start() opened both pipes"
        # sent from a thread: a job larger than the pipe's buffer waits until the worker reads it, and a worker
        # still starting (seconds under Wine, on a slow PC) would hold the caller past a Stop or its deadline
        self._sender = threading.Thread(target=_send_quietly, args=(self._jobs, job), daemon=True, name="highs job")
        self._sender.start()
        try:
            while True:
                if self._answers.poll(0.1):
                    message = self._answers.recv()
                    if isinstance(message, Answer):
                        return message
                    best = message
                if stop() or time.perf_counter() > overdue:
                    break
        except (EOFError, OSError, BrokenPipeError):
            pass
        self.close()
        return best.answer(job.n_integer) if best is not None else None

    def close(self) -> None:
        if self._process is None:
            return
        if self._process.is_alive():
            self._process.kill()
        self._process.join(timeout=5)
        if self._sender is not None:  # its send fails at once now that no process reads the pipe
            self._sender.join(timeout=5)
            self._sender = None
        for end in (self._jobs, self._answers):
            if end is not None:
                end.close()
        self._process, self._jobs, self._answers = None, None, None

    def __enter__(self) -> "Worker":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
