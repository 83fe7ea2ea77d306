"""What the engine's steps hand on to each other: the best plan so far, what is proven, and the clock.

Every step of ``engine.STEPS`` reads and updates one ``State``: it offers plans
(``Incumbent.offer`` keeps one only if it keeps every rule and is better by
the order of aims), tightens the proven bounds, and leaves what later steps
build on (the flow relaxation, the soft-aims LP) in ``Evidence``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from scheduler.progress import TaskState
from scheduler.settings import Settings
from scheduler.solver import repair as repair_mod
from scheduler.solver.bound import Relaxation
from scheduler.solver.problem import SCALE, Problem, evaluate, sb_assignment, scaled_objective
from scheduler.solver.stats import Stats

COUPLING_AIMS = ("fairness", "balance", "variety", "interprofessional")
"""Soft aims that tie units together: with any of them weighed, HiGHS is given our plan to start from, and (with two
workers and a large problem) the proof runs beside the search for plans."""


def no_plan() -> np.ndarray:
    return np.zeros(0, dtype=np.int64)


def keeps_every_rule(problem: Problem, unit_arc: np.ndarray) -> bool:
    """Whether the plan (chosen arc per unit) keeps the places, rooms and pairs' rules."""
    check = repair_mod.State(problem)
    for unit in range(problem.n_units):
        arc = int(unit_arc[unit])
        if arc >= 0:
            if not check.fits(unit, arc):
                return False
            check.put(unit, arc)
    return True


def placed_by(problem: Problem, unit_arc: np.ndarray) -> int:
    """Student-blocks a plan (chosen arc per unit) places."""
    return int(problem.unit_size[unit_arc >= 0].sum())


@dataclass
class Incumbent:
    """The best plan found: its arc per unit (-1 = unplaced), its placements per student-block and its cost."""

    unit_arc: np.ndarray = field(default_factory=no_plan)
    assign: np.ndarray = field(default_factory=no_plan)
    """Practice of each student-block (-1 = unplaced)."""
    terms: dict[str, float] = field(default_factory=dict)
    placed: int = 0
    upper: int = 0
    """Scaled soft objective of the plan."""

    @property
    def found(self) -> bool:
        return len(self.assign) > 0


@dataclass
class Proven:
    """What no plan can beat: the count (``placed_bound``) and the soft aims at the incumbent's count (``lower``)."""

    placed_bound: int | None = None
    """No plan places more student-blocks."""
    lower: int | None = None
    """No plan placing as many costs less (scaled); None = not known."""


@dataclass
class Evidence:
    """What the bounding steps leave for the searching ones."""

    relaxation: Relaxation | None = None
    """The per-year flow relaxation (``FirstPlan``)."""
    year_floors: dict[int, int] | None = None
    """Proven floors on each year's longest journey (tenths of a minute) for plans placing the incumbent's count."""
    lp_primal: np.ndarray | None = None
    """The soft-aims LP's solution (0 outside it)."""
    lp_score: np.ndarray | None = None
    """Each arc's reduced cost at the soft-aims LP's last duals, proven or not: the arcs restricted models take."""
    lp_reduced: np.ndarray | None = None
    """The same, only when the LP was solved to the end: then exact for fixing arcs."""


@dataclass
class State:
    """One solve: the problem, the incumbent, what is proven, what earlier steps found, the clock and the stats."""

    problem: Problem
    settings: Settings
    task: TaskState | None
    start: float
    beside: bool = False
    """The proof runs beside the search for plans, in a second process (``runner.Runner``)."""
    best: Incumbent = field(default_factory=Incumbent)
    proven: Proven = field(default_factory=Proven)
    evidence: Evidence = field(default_factory=Evidence)
    stats: Stats = field(default_factory=Stats)
    stopped: bool = False

    @property
    def relaxation(self) -> Relaxation:
        assert self.evidence.relaxation is not None, "FirstPlan runs first"
        return self.evidence.relaxation

    @property
    def count_proven(self) -> bool:
        bound = self.proven.placed_bound
        return bound is not None and self.best.placed >= bound

    @property
    def proven_best(self) -> bool:
        """The count is proven and no plan placing as many costs less than the incumbent."""
        lower = self.proven.lower
        return self.count_proven and lower is not None and self.best.upper <= lower

    @property
    def soft_aims_open(self) -> bool:
        """The count is proven and the incumbent not yet proven best: the soft aims' MIPs have work."""
        return self.count_proven and not self.proven_best

    @property
    def at_flow_count(self) -> bool:
        return self.best.placed == self.relaxation.placed

    @property
    def coupled(self) -> bool:
        """Some weighed aim ties units together (``COUPLING_AIMS``)."""
        return any(self.problem.weight_tenths[name] for name in COUPLING_AIMS)

    def time_left(self) -> float:
        return self.settings.time_limit_seconds - (time.perf_counter() - self.start)

    def cancelled(self) -> bool:
        return self.task is not None and self.task.cancelled

    def say(self, message: str) -> None:
        """A progress report (the incumbent and the proven bounds) to the officer's window; notes a Stop."""
        if self.task is not None:
            found, lower = self.best.found, self.proven.lower
            self.task.report(message, objective=self.best.upper / SCALE if found else None,
                             bound=None if lower is None or not self.count_proven else lower / SCALE,
                             placed=self.best.placed if found else None, placed_bound=self.proven.placed_bound)
            self.stopped = self.stopped or self.task.cancelled

    def offer(self, unit_arc: np.ndarray | None) -> bool:
        """Keeps the plan if it keeps every rule and places more, or as many at a lower cost."""
        if unit_arc is None:
            return False
        assign = sb_assignment(self.problem, unit_arc)
        terms = evaluate(self.problem, assign)
        placed, upper = int((assign >= 0).sum()), scaled_objective(self.problem, terms)
        best = self.best
        if best.found and (placed, -upper) <= (best.placed, -best.upper):
            return False
        if best.found and not keeps_every_rule(self.problem, unit_arc):
            return False
        self.best = Incumbent(unit_arc, assign, terms, placed, upper)
        return True

    def offer_count_plan(self, unit_arc: np.ndarray | None) -> None:
        """A plan of a count MIP, which ignores the soft aims: completed greedily so it is a fair start for them."""
        if unit_arc is not None and placed_by(self.problem, unit_arc) > self.best.placed:
            self.offer(repair_mod.greedy_complete(self.problem, unit_arc))

    def offer_soft_plan(self, unit_arc: np.ndarray | None) -> None:
        """A plan of a soft-aims MIP, kept if it places the proven count and costs less."""
        self.stopped = self.stopped or self.cancelled()
        if unit_arc is not None and placed_by(self.problem, unit_arc) == self.best.placed:
            if self.offer(unit_arc):
                self.say("improving the plan")

    def with_plan_arcs(self, mask: np.ndarray) -> np.ndarray:
        """``mask`` with the incumbent's arcs and every arc of a locked unit added."""
        problem, unit_arc = self.problem, self.best.unit_arc
        mask = mask.copy()
        mask[unit_arc[unit_arc >= 0]] = True
        for unit in np.nonzero(problem.unit_locked >= 0)[0]:
            mask[problem.arc_ptr[unit]:problem.arc_ptr[unit + 1]] = True
        return mask

    def cap_count(self, bound: int) -> None:
        """A new proven bound on the count: the lower of it and the one known."""
        known = self.proven.placed_bound
        self.proven.placed_bound = bound if known is None else min(known, bound)

    def raise_lower(self, lower: int) -> None:
        """A new proven bound on the soft aims: the higher of it and the one known."""
        known = self.proven.lower
        self.proven.lower = lower if known is None else max(known, lower)
