"""The greedy completion of a plan (``repair.greedy_complete``): every rule kept, and only places with room tried."""

from __future__ import annotations

import numpy as np
from scarce_data import scarce

from scheduler.settings import Settings
from scheduler.solver import repair
from scheduler.solver.problem import build_problem
from scheduler.solver.state import keeps_every_rule


def test_the_greedy_completion_asks_only_about_places_with_room_and_keeps_every_rule(monkeypatch):
    # an empty start on scarce data: every unit is offered its arcs, and those left out make room by a move
    problem = build_problem(scarce(n_students=150, n_practices=30, seed=3), Settings())
    asked, full = [], []
    real = repair.State.fits

    def fits(state, u, arc):
        j, b = int(problem.arc_practice[arc]), int(problem.unit_block[u])
        asked.append(1)
        if state.load[j, b] + problem.unit_size[u] > problem.cap[j, b]:
            full.append((u, arc))
        return real(state, u, arc)

    monkeypatch.setattr(repair.State, "fits", fits)
    unit_arc = repair.greedy_complete(problem, np.full(problem.n_units, -1, dtype=np.int64))
    monkeypatch.undo()
    assert keeps_every_rule(problem, unit_arc)
    placed = int((unit_arc >= 0).sum())
    assert asked and full == []  # a full place is never asked about: its answer is known
    assert placed >= 0.9 * sum(1 for u in range(problem.n_units) if problem.arc_ptr[u + 1] > problem.arc_ptr[u])
