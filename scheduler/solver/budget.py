"""The time budget: each step's share of the time left, named once, and what a step may spend when it runs.

A step that runs a model asks ``Budget.seconds(state, share)``. The shares
are of the time *left* when the step starts, so a step that ends early leaves
its time to the next. Why each share is what it is: docs/engine.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from scheduler.solver import highs_run
from scheduler.solver.state import State


@dataclass(frozen=True)
class Shares:
    count_support_mip: float = 0.15
    """Each small count MIP, over the count LP's support (``ProveCount``)."""
    count_mip: float = 0.5
    """The count MIP over all arcs, which proves the count."""
    floors: float = 0.1
    """Each year's floor on its longest journey (``Floors``)."""
    pricing_lp: float = 0.4
    """The soft-aims LP by pricing (``PricingLP``)."""
    round_mip: float = 0.1
    """The count MIP that puts back places the LP's rounding lost."""
    search: float = 0.25
    """Each MIP that only looks for a better plan before the proof (RINS, the small MIPs); the proof the rest."""
    search_beside: float = 0.3
    """RINS's share when it runs beside the proof; the neighbourhoods follow until the proof ends."""


SHARES = Shares()

MIN_SECONDS = 0.2
"""Below this much time left no model is started."""
MIN_SEARCH_SECONDS = 1.0
"""Below this much time left no MIP that only looks for plans is started (nor the soft-aims LP)."""
MIN_COUNT_MIP_SECONDS = 0.5
"""The least a count MIP is given, however little time is left."""


def never() -> bool:
    return False


@dataclass(frozen=True)
class Budget:
    """What one step may spend: the HiGHS process its MIPs run in, and ``halt``, which ends it early (the proof
    it ran beside has finished)."""

    worker: highs_run.Worker | None
    halt: Callable[[], bool] = never

    def seconds(self, state: State, share: float) -> float:
        return state.time_left() * share

    def halted(self) -> bool:
        return self.halt()
