"""Neighbourhoods for a large-neighbourhood search: the units near a few practices choose again, the rest stay.

Each neighbourhood is a set of arcs for a small soft-aims MIP (``mip.solve_mip``
with the count fixed): every unit's arc in the plan, and for the units that
could use the chosen practices, their few arcs of smallest reduced cost. The
practices are those nearest, by journey time, to the students placed at one
practice drawn at random: the units that compete for the same places and
rooms, and share a practice's fair share (``balance``), choose together.

Why: with the aims that tie units together, HiGHS's own search over large
models is slow to find better plans, and so are RINS and the small MIPs; many
small neighbourhoods, most proven best in a second or two, find them
(docs/engine.md, "Measurements").
"""

from __future__ import annotations

import numpy as np

from scheduler.solver.problem import Problem

NEAR_PRACTICES = 25
"""Practices per neighbourhood at first; the size then follows how the MIPs fare (``Neighbourhoods.tell``)."""
ARCS_PER_UNIT = 8
"""Each free unit's arcs of smallest reduced cost in the neighbourhood's MIP."""
MIP_SECONDS = 3.0
"""Time limit of each neighbourhood's MIP."""


class Neighbourhoods:
    """Draws neighbourhoods around the plan given; grows them while their MIPs are proven quickly, shrinks them
    when a MIP runs out of time."""

    def __init__(self, problem: Problem, cheap: np.ndarray, seed: int) -> None:
        """``cheap``: each unit's ``ARCS_PER_UNIT`` arcs of smallest reduced cost (a mask)."""
        self.problem = problem
        self.cheap = cheap
        self.rng = np.random.default_rng(seed)
        self.size = NEAR_PRACTICES
        self.members = [np.asarray(m, dtype=np.int64) for m in problem.units]

    def arcs(self, unit_arc: np.ndarray) -> np.ndarray:
        """The arcs of the next neighbourhood (a mask): the plan's, and the free units' cheapest."""
        p = self.problem
        placed = np.nonzero(unit_arc >= 0)[0]
        chosen = np.zeros(len(p.arc_unit), dtype=bool)
        chosen[unit_arc[placed]] = True
        if not len(placed):
            return chosen
        centre = p.arc_practice[unit_arc[self.rng.choice(placed)]]
        there = placed[p.arc_practice[unit_arc[placed]] == centre]
        students = p.candidates.sb_student[np.concatenate([self.members[u] for u in there])]
        journey = p.journey_tenths[students].mean(axis=0)
        near = np.zeros(p.n_practices, dtype=bool)
        near[np.argsort(journey, kind="stable")[:self.size]] = True
        near[centre] = True  # where places are scarce its students may be placed far from it
        free = np.zeros(p.n_units, dtype=bool)
        free[p.arc_unit[self.cheap & near[p.arc_practice]]] = True
        free[placed[near[p.arc_practice[unit_arc[placed]]]]] = True
        return np.asarray(chosen | (self.cheap & free[p.arc_unit]))

    def tell(self, proven: bool, seconds: float) -> None:
        """How the last neighbourhood's MIP fared: not proven in its time, smaller; proven quickly, larger."""
        if not proven:
            self.size = max(5, int(self.size * 0.8))
        elif seconds < MIP_SECONDS / 4:
            self.size = min(self.problem.n_practices, int(self.size * 1.25) + 1)
