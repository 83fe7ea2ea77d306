"""A generated data set shaped like the full demo (used until ``scheduler.demo`` exists, and as a fallback).

472 real Greater Manchester practice sites; 2,000 students (400 per year)
living near them; blocks of five years that overlap in dates on shared
weekdays; room limits, exclusions, pairs, history and preferences.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

from scheduler.domain import (Block, CapacityOverride, DataSet, Exclusion, HistoryEntry, Pair, Practice,
                              Preference, Student)

SITES = Path("/work/shared/data/greater-manchester-gp-sites.csv")


def _sites() -> list[dict]:
    here = Path(__file__).resolve().parents[1] / "resources" / "data" / "greater-manchester-gp-sites.csv"
    path = here if here.exists() else SITES
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def make_bench_data(seed: int = 1, students_per_year: int = 400, n_practices: int | None = None) -> DataSet:
    rng = np.random.default_rng(seed)
    sites = _sites()[:n_practices] if n_practices else _sites()
    practices = []
    for i, row in enumerate(sites):
        years = frozenset(int(y) for y in np.nonzero(rng.random(5) < 0.6)[0] + 1) or frozenset({int(rng.integers(1, 6))})
        practices.append(Practice(
            code=f"P{i:05d}", name=row["name"], years=years, capacity=int(rng.integers(1, 6)),
            postcode=row["postcode"], latitude=float(row["latitude"]), longitude=float(row["longitude"]),
            accessible=bool(rng.random() < 0.6), public_transport=bool(rng.random() < 0.9),
            max_students_per_day=int(rng.integers(2, 6)) if rng.random() < 0.3 else None,
            active=bool(rng.random() < 0.97)))
    lat = np.array([p.latitude for p in practices])
    lon = np.array([p.longitude for p in practices])
    students = []
    modes = ["public", "car", "bike", "walk"]
    n = 0
    for year in range(1, 6):
        for k in range(students_per_year):
            home = int(rng.integers(len(practices)))
            mode = modes[int(rng.choice(4, p=[0.5, 0.3, 0.12, 0.08]))]
            students.append(Student(
                student_id=f"S{n:05d}", first_name="Student", last_name=str(n), year=year,
                group="A" if k % 2 == 0 else "B",
                latitude=float(lat[home] + rng.normal(0, 0.03)), longitude=float(lon[home] + rng.normal(0, 0.045)),
                travel_mode=mode, max_travel_minutes=30.0 if rng.random() < 0.05 else None,
                needs_accessible=bool(rng.random() < 0.03)))
            n += 1
    d = dt.date
    mon_fri = frozenset(range(5))
    blocks = (
        Block("Y1-B1", 1, d(2026, 9, 29), d(2026, 12, 8), weekdays=frozenset({1}), name="Year 1 Tuesdays"),
        Block("Y2-B1", 2, d(2027, 1, 7), d(2027, 3, 25), weekdays=frozenset({3}), name="Year 2 Thursdays"),
        Block("Y3-B1", 3, d(2026, 10, 5), d(2026, 10, 30), weekdays=mon_fri),
        Block("Y3-B2", 3, d(2026, 11, 2), d(2026, 11, 27), weekdays=mon_fri),
        Block("Y4-B1", 4, d(2027, 1, 11), d(2027, 2, 5), weekdays=mon_fri),
        Block("Y5-B1", 5, d(2026, 9, 7), d(2026, 10, 2), weekdays=mon_fri),
        Block("Y5-B2", 5, d(2027, 2, 15), d(2027, 3, 12), weekdays=mon_fri),
    )
    ids = [s.student_id for s in students]
    by_year = {y: [s.student_id for s in students if s.year == y] for y in range(1, 6)}
    exclusions = tuple(Exclusion(ids[int(rng.integers(len(ids)))], practices[int(rng.integers(len(practices)))].code)
                       for _ in range(60))
    pairs = []
    for y in range(1, 6):
        chosen = rng.choice(len(by_year[y]), 12, replace=False)
        for i in range(0, 8, 2):
            pairs.append(Pair(by_year[y][chosen[i]], by_year[y][chosen[i + 1]], "together"))
        pairs.append(Pair(by_year[y][chosen[8]], by_year[y][chosen[9]], "apart"))
        pairs.append(Pair(by_year[y][chosen[10]], by_year[y][chosen[11]], "apart"))
    history, preferences = [], []
    for s in students:
        dist = (lat - s.latitude) ** 2 + ((lon - s.longitude) * 0.6) ** 2
        near = np.argsort(dist)[:12]
        if s.year > 1:
            history.append(HistoryEntry(s.student_id, practices[int(rng.choice(near[:6]))].code, "2025/26"))
        if rng.random() < 0.3:
            for r, j in enumerate(rng.choice(near, 3, replace=False)):
                preferences.append(Preference(s.student_id, practices[int(j)].code, r + 1))
    capacities = tuple(CapacityOverride(practices[int(rng.integers(len(practices)))].code, b.block_id,
                                        int(rng.integers(0, 4))) for b in blocks for _ in range(10))
    return DataSet(practices=tuple(practices), students=tuple(students), blocks=blocks, capacities=capacities,
                   exclusions=exclusions, pairs=tuple(pairs), history=tuple(history), preferences=tuple(preferences))
