"""Which wish was given up: the named penalties read back as one plain sentence per placement."""

from __future__ import annotations

import numpy as np
from solver_factories import dataset, practice, student, travel_only

from scheduler.domain import HistoryEntry, Preference
from scheduler.solver import candidates, solve
from scheduler.solver.problem import build_problem
from scheduler.solver.wishes import given_up


def wishes(data, settings):
    plan = solve(data, settings).plan
    cands = candidates.build(data, settings)
    problem = build_problem(data, settings, cands)
    assign = np.full(cands.n_sb, -1, dtype=np.int64)
    for p in plan.placements:
        assign[cands.sb_index[(p.student_id, p.block_id)]] = cands.practice_index[p.practice_code]
    return given_up(problem, assign)


def test_first_choice_full_names_the_choice_and_the_extra_minutes():
    data = dataset([practice("P1"), practice("P2")], [student("S1"), student("S2")],
                   minutes={("S1", "P1"): 10, ("S1", "P2"): 16, ("S2", "P1"): 5, ("S2", "P2"): 40},
                   preferences=[Preference("S1", "P1", 1), Preference("S1", "P2", 2), Preference("S2", "P1", 1)])
    got = wishes(data, travel_only(preference=5.0))
    assert got == {("S1", "Y1-B1"): "first choice P1 was full in Y1-B1; placed at second choice, 6 min further"}


def test_nearest_practice_full_and_a_practice_had_before():
    data = dataset([practice("N"), practice("F")], [student("S1"), student("S2", max_travel_minutes=10)],
                   minutes={("S1", "N"): 5, ("S1", "F"): 25, ("S2", "N"): 6, ("S2", "F"): 30},
                   history=[HistoryEntry("S1", "F")])
    got = wishes(data, travel_only(variety=1.0))
    assert got == {("S1", "Y1-B1"): "nearest suitable practice N was full in Y1-B1; placed 20 min further; "
                                     "placed again at F, a practice they had before"}


def test_a_student_at_their_nearest_first_choice_gave_up_nothing():
    data = dataset([practice("P1"), practice("P2")], [student("S1")], minutes={("S1", "P1"): 5, ("S1", "P2"): 9},
                   preferences=[Preference("S1", "P1", 1)])
    assert wishes(data, travel_only(preference=1.0)) == {}
