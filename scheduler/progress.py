"""A Qt-free task-state object for long jobs: progress reports and cancellation.

A worker function receives a ``TaskState``; it calls ``report`` as it goes
and checks ``cancelled`` (or calls ``raise_if_cancelled``) between steps. The
GUI adapts ``on_progress`` to a Qt signal; the CLI prints; tests inspect
``history``. Thread-safe: the worker runs on another thread than the reader.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from scheduler.domain import relative_gap


class Cancelled(Exception):
    """Raised inside a worker when the user asked it to stop and it cannot return a partial result."""


@dataclass(frozen=True, slots=True)
class Progress:
    """One progress report. ``done``/``total`` for counted work; the solver fills the objective fields."""

    message: str = ""
    done: int = 0
    total: int = 0
    objective: float | None = None
    bound: float | None = None
    elapsed: float = 0.0
    placed: int | None = None
    """Student-blocks the best plan found so far places (solver only)."""
    placed_bound: int | None = None
    """Proven upper bound on the student-blocks any plan can place (None until known)."""

    @property
    def fraction(self) -> float | None:
        return self.done / self.total if self.total else None

    @property
    def gap(self) -> float | None:
        return relative_gap(self.objective, self.bound)


@dataclass
class TaskState:
    on_progress: Callable[[Progress], None] | None = None
    keep_history: bool = True
    history: list[Progress] = field(default_factory=list)
    _cancel: threading.Event = field(default_factory=threading.Event)
    _started: float = field(default_factory=time.monotonic)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def raise_if_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def report(self, message: str = "", done: int = 0, total: int = 0,
               objective: float | None = None, bound: float | None = None,
               placed: int | None = None, placed_bound: int | None = None) -> None:
        progress = Progress(message, done, total, objective, bound, self.elapsed, placed, placed_bound)
        if self.keep_history:
            self.history.append(progress)
        if self.on_progress is not None:
            self.on_progress(progress)
