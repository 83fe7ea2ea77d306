"""Runs the table of steps: owns the HiGHS worker processes, and runs the proof beside the search when asked.

With one process (``InTurn``) every step's MIPs run in turn on the worker. With
two (``SideBySide``: aims that tie units together, two workers and a large
problem) the proving MIP runs on the worker, waited on from a thread of the
runner's, while the search steps run on the helper process, each HiGHS on a
core of its own, until the proof ends: HiGHS alone finds better plans slowly
with those aims, and a proof that must wait for the search has little time left.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Union

from scheduler.solver import highs_run
from scheduler.solver import mip as mip_mod
from scheduler.solver.budget import MIN_SEARCH_SECONDS, Budget
from scheduler.solver.state import State
from scheduler.solver.steps import Step
from scheduler.solver.steps.proof import Proof


@dataclass(frozen=True)
class InTurn:
    """Soft-aims steps run one after another on one process (no helper process)."""

    steps: tuple[Step, ...]

    def applies(self, state: State) -> bool:
        return not state.beside and state.soft_aims_open


@dataclass(frozen=True)
class SideBySide:
    """The proof on the worker while the search steps run on the helper process, until the proof ends."""

    proof: Proof
    search: tuple[Step, ...]

    def applies(self, state: State) -> bool:
        return state.beside and state.soft_aims_open and not state.stopped and state.time_left() > MIN_SEARCH_SECONDS


Entry = Union[Step, InTurn, SideBySide]


class Runner:
    """The worker processes of one solve (``highs_run.Worker``), started before the first step when the problem
    is large (they load while the flow and the LPs run), ended when the solve ends."""

    def __init__(self, large: bool, beside: bool) -> None:
        self.worker = highs_run.Worker()
        self.helper = highs_run.Worker()
        self.large, self.beside = large, beside

    def __enter__(self) -> Runner:
        if self.large:
            self.worker.start()
        if self.beside:
            self.helper.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.worker.close()
        self.helper.close()

    def run(self, entries: Sequence[Entry], state: State) -> None:
        for entry in entries:
            if not entry.applies(state):
                continue
            if isinstance(entry, InTurn):
                for step in entry.steps:
                    if step.applies(state):
                        step.run(state, Budget(self.worker))
            elif isinstance(entry, SideBySide):
                self._side_by_side(entry, state)
            else:
                entry.run(state, Budget(self.worker))

    def _side_by_side(self, entry: SideBySide, state: State) -> None:
        keep = entry.proof.arcs(state)
        done = threading.Event()
        abort = threading.Event()  # the search failed: the proof is not waited for
        prove = entry.proof.prover(state, keep, Budget(self.worker, abort.is_set))
        outcome: list[mip_mod.MipResult] = []
        failure: list[BaseException] = []

        def in_thread() -> None:
            try:
                outcome.append(prove())
            except BaseException as error:  # raised again in the solve's own thread below
                failure.append(error)
            finally:
                done.set()

        state.say("proving the plan best")
        state.stats.proof_beside_search = True
        thread = threading.Thread(target=in_thread, name="soft-aims-proof", daemon=True)
        thread.start()
        try:
            for step in entry.search:
                if step.applies(state):
                    step.run(state, Budget(self.helper, done.is_set))
        except BaseException:
            abort.set()
            raise
        finally:
            thread.join()
        if failure:
            raise failure[0]
        entry.proof.take(state, outcome[0], keep)
