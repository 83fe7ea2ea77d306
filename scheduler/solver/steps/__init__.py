"""The engine's steps, one module each: what a step proves or finds, and when it is worth running.

Each step has ``applies(state)`` (whether it can still help, given what is
proven and the time left) and ``run(state, budget)``; ``engine.STEPS`` lists
them in order and ``runner.Runner`` runs them (docs/engine.md has the diagram).
"""

from __future__ import annotations

from typing import Protocol

from scheduler.solver.budget import Budget
from scheduler.solver.state import State


class Step(Protocol):
    def applies(self, state: State) -> bool: ...

    def run(self, state: State, budget: Budget) -> None: ...
