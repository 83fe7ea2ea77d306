"""``Proof``: the soft aims with the proven count fixed, as one MIP over every arc a better plan may use.

The arcs are cut by exact reduced-cost fixing (the LP's reduced costs, when the
LP was solved to the end), so HiGHS's bound is a bound for the whole problem.
With aims that tie units together HiGHS is slow to find plans of its own, so
it starts from ours. It runs after the search steps (one process) or beside
them (two: ``runner.Runner``).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from scheduler.solver import mip as mip_mod
from scheduler.solver.budget import MIN_SECONDS, Budget
from scheduler.solver.state import State
from scheduler.solver.steps.arcs import mip_floors, needed_arcs


class Proof:
    def applies(self, state: State) -> bool:
        return state.soft_aims_open and not state.stopped and state.time_left() > MIN_SECONDS

    def run(self, state: State, budget: Budget) -> None:
        keep = self.arcs(state)
        state.say("proving the plan best")
        self.take(state, self.prover(state, keep, budget)(), keep)

    def arcs(self, state: State) -> np.ndarray:
        """Every arc a better plan may use."""
        return needed_arcs(state)

    def prover(self, state: State, keep: np.ndarray, budget: Budget) -> Callable[[], mip_mod.MipResult]:
        """The proving MIP over ``keep``, ready to run (here, or in the runner's thread beside the search)."""
        hint = state.best.unit_arc.copy() if state.coupled else None
        placed, floors = state.best.placed, mip_floors(state)

        def prove() -> mip_mod.MipResult:
            return mip_mod.solve_mip(state.problem, np.nonzero(keep)[0], soft=True, placed=placed, t_lower=floors,
                                     hint=hint, time_limit=state.time_left(), task=state.task, worker=budget.worker,
                                     halt=budget.halt)
        return prove

    def take(self, state: State, out: mip_mod.MipResult, keep: np.ndarray) -> None:
        """The proving MIP's plan, if better, and its bound."""
        state.stats.seconds_mip = out.seconds
        state.stats.variables = out.columns
        state.stats.arcs_kept = int(keep.sum())
        state.offer_soft_plan(out.unit_arc)
        # the proof is HiGHS's bound, never its "optimal": given a start, HiGHS can value it after presolve below
        # its cost, prune all that would beat that, and call the start optimal; its bound stays a true bound
        if out.bound is not None:
            state.raise_lower(min(state.best.upper, int(math.ceil(out.bound - 1e-6))))
