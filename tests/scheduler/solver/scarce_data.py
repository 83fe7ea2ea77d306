"""Random data sets where places are scarce: 1-3 places per practice per block, 2-4 rooms, many pairs.

Also ``random_plan``: a poor plan that keeps every rule, to start searches from.

Not the demo's shape: blocks of different years share dates (rooms per day tie
the years together), ``together`` and ``apart`` pairs are common, and the
places offered fall a few percent short of the students, so the count of
student-blocks placed is the hard part.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import numpy as np

from scheduler.domain import Block, CapacityOverride, DataSet, Exclusion, Pair, Practice, PracticeScore, Student, Tutor
from scheduler.settings import Settings
from scheduler.solver.repair import greedy_complete

CENTRE = (53.48, -2.24)


def scarce(n_students: int = 120, n_practices: int = 30, seed: int = 0, short: float = 0.05,
           pairs: float = 0.15, years: tuple[int, ...] = (1, 2, 3), nursing: float = 0.0,
           tutors: float = 0.0, scored: float = 0.0) -> DataSet:
    """Two rotation groups per year; group G1 blocks of every year overlap in time, and so do G2's. With
    ``nursing``, that share of the unpaired students are nurses with blocks of their own on the same dates (other
    weekdays), and each nurse has a ``learn_together`` partner among the medical students of their group. With
    ``tutors``, each practice lists one or two GP tutors, and that share of them are out of date for some blocks
    (inactive, trained only after a block starts, or due a refresher before one ends). With ``scored``, that share
    of the practices have an evaluation score (1.5 to 5, from 1 to 6 students: some too few to count, some below
    the default flag of 3)."""
    rng = random.Random(seed)
    start = dt.date(2026, 9, 7)
    blocks = []
    for y in years:
        for g, offset in (("G1", 0), ("G2", 14)):
            first = start + dt.timedelta(days=offset)
            days = frozenset(rng.sample(range(5), rng.randint(2, 4)))
            blocks.append(Block(f"Y{y}-{g}", y, first, first + dt.timedelta(days=11), group=g, weekdays=days))
    students = []
    for i in range(n_students):
        lat = CENTRE[0] + rng.gauss(0, 0.08)
        lon = CENTRE[1] + rng.gauss(0, 0.12)
        students.append(Student(f"S{i:04d}", "First", f"Last{i}", year=years[i % len(years)],
                                group="G1" if rng.random() < 0.5 else "G2", latitude=lat, longitude=lon,
                                travel_mode=rng.choice(["car", "public", "public", "bike"]),
                                max_travel_minutes=rng.choice([None, None, None, 30.0, 45.0]),
                                needs_accessible=rng.random() < 0.05))
    practices = []
    for j in range(n_practices):
        practices.append(Practice(f"P{j:03d}", f"Surgery {j}", frozenset(rng.sample(years, rng.randint(1, len(years)))),
                                  capacity=rng.randint(1, 3), latitude=CENTRE[0] + rng.gauss(0, 0.09),
                                  longitude=CENTRE[1] + rng.gauss(0, 0.13), accessible=rng.random() < 0.7,
                                  public_transport=rng.random() < 0.9, max_students_per_day=rng.randint(2, 4)))
    # per block: as many places as students, less ``short``, spread over the practices that teach the year
    capacities = []
    for b in blocks:
        need = sum(1 for s in students if b.attended_by(s))
        teach = [p for p in practices if b.year in p.years]
        target = max(0, int(need * (1 - short)))
        cap = {p.code: 0 for p in teach}
        room = list(teach)
        while sum(cap.values()) < target and room:  # at most 3 places each: stop when all are full
            p = rng.choice(room)
            cap[p.code] += 1
            if cap[p.code] == 3:
                room.remove(p)
        capacities += [CapacityOverride(code, b.block_id, c) for code, c in cap.items()]
    pair_rows = []
    by_group: dict[tuple[int, str], list[Student]] = {}
    for s in students:
        by_group.setdefault((s.year, s.group), []).append(s)
    for members in by_group.values():
        rng.shuffle(members)
        n = int(len(members) * pairs)
        for a, b in zip(members[0:n:2], members[1:n:2]):
            pair_rows.append(Pair(a.student_id, b.student_id, rng.choice(["together", "apart"])))
    exclusions = [Exclusion(s.student_id, rng.choice(practices).code) for s in rng.sample(students, n_students // 10)]
    if nursing:
        students, blocks, learn = _with_nurses(students, blocks, pair_rows, nursing, random.Random(seed + 7919))
        pair_rows += learn
    tutor_rows = _tutors(practices, start, tutors, random.Random(seed + 104729)) if tutors else ()
    score_rng = random.Random(seed + 104729)
    scores = tuple(PracticeScore(p.code, round(score_rng.uniform(1.5, 5.0), 2), score_rng.randint(1, 6))
                   for p in practices if score_rng.random() < scored)
    return DataSet(practices=tuple(practices), students=tuple(students), blocks=tuple(blocks),
                   capacities=tuple(capacities), exclusions=tuple(exclusions), pairs=tuple(pair_rows),
                   tutors=tutor_rows, scores=scores)


def _tutors(practices: list[Practice], start: dt.date, share: float, rng: random.Random) -> tuple[Tutor, ...]:
    """One or two tutors per practice; ``share`` of them lapse or start within the term (days 0 to 25)."""
    rows = []
    for p in practices:
        for k in range(rng.randint(1, 2)):
            trained, due, active = start - dt.timedelta(days=400), start + dt.timedelta(days=400), True
            if rng.random() < share:
                change = rng.choice(["inactive", "later", "lapses"])
                active = change != "inactive"
                if change == "later":
                    trained = start + dt.timedelta(days=rng.randint(1, 20))
                elif change == "lapses":
                    due = start + dt.timedelta(days=rng.randint(0, 24))
            rows.append(Tutor(p.code, f"Tutor {k}", trained, due, active=active))
    return tuple(rows)


def _with_nurses(students: list[Student], blocks: list[Block], pairs: list[Pair], share: float,
                 rng: random.Random) -> tuple[list[Student], list[Block], list[Pair]]:
    paired = {s for p in pairs for s in (p.student_a, p.student_b)}
    free = [s.student_id for s in students if s.student_id not in paired]
    nurses = set(rng.sample(free, int(len(free) * share)))
    students = [dataclasses.replace(s, programme="nursing") if s.student_id in nurses else s for s in students]
    blocks = blocks + [dataclasses.replace(b, block_id=b.block_id.replace("Y", "N", 1), programme="nursing",
                                           weekdays=frozenset(rng.sample(range(5), rng.randint(2, 4))))
                       for b in blocks]
    medics: dict[str, list[str]] = {}
    for s in students:
        if s.student_id not in nurses:
            medics.setdefault(s.group, []).append(s.student_id)
    learn = [Pair(rng.choice(medics[s.group]), s.student_id, "learn_together")
             for s in students if s.student_id in nurses and medics.get(s.group)]
    return students, blocks, learn


COUPLED = {"fairness": 5.0, "balance": 5.0, "variety": 30.0, "long_travel": 2.0, "preference": 2.0,
           "interprofessional": 3.0}
"""Weights with the aims that tie units together, for ``settings(**COUPLED)``."""


def settings(time_limit: float = 30.0, avoid_flagged: bool = False, **weights) -> Settings:
    base = {"travel": 1.0, "long_travel": 0.0, "fairness": 0.0, "balance": 0.0, "preference": 0.0, "variety": 0.0,
            "interprofessional": 0.0, "quality": 0.0}
    base.update(weights)
    return Settings(time_limit_seconds=time_limit, workers=1, seed=1,
                    avoid_flagged_practices=avoid_flagged).with_weights(**base)


def random_plan(problem, seed: int) -> np.ndarray:
    """A random arc per unit, then what fits of it: a plan keeping every rule."""
    rng = np.random.default_rng(seed)
    unit_arc = np.array([rng.integers(problem.arc_ptr[u], problem.arc_ptr[u + 1]) if
                         problem.arc_ptr[u + 1] > problem.arc_ptr[u] else -1 for u in range(problem.n_units)])
    return greedy_complete(problem, unit_arc)
