"""Headline figures of a plan for the pages: per year, per practice, travel times (plain Python, no Qt).

They only summarise what the services returned (data set + plan), so they are
computed where they are shown and tested without a window.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from scheduler.domain import DataSet, Plan


@dataclass(frozen=True, slots=True)
class YearFigures:
    year: int
    students: int
    student_blocks: int
    placed: int
    unplaced: int
    mean_travel: float
    longest_travel: float
    over_threshold: int


@dataclass(frozen=True, slots=True)
class PracticeUse:
    code: str
    name: str
    offered: int
    used: int

    @property
    def share(self) -> float:
        return self.used / self.offered if self.offered else 0.0


def year_figures(data: DataSet, plan: Plan | None, long_travel_minutes: float = 45.0) -> list[YearFigures]:
    year_of = {s.student_id: s.year for s in data.students}
    needed = Counter(s.year for s, _ in data.student_blocks())
    students = Counter(s.year for s in data.students)
    travel: dict[int, list[float]] = defaultdict(list)
    unplaced: Counter[int] = Counter()
    if plan is not None:
        for p in plan.placements:
            travel[year_of.get(p.student_id, 0)].append(p.travel_minutes)
        for u in plan.unplaced:
            unplaced[year_of.get(u.student_id, 0)] += 1
    rows = []
    for year in sorted(set(students) | set(needed)):
        minutes = travel.get(year, [])
        rows.append(YearFigures(
            year=year,
            students=students.get(year, 0),
            student_blocks=needed.get(year, 0),
            placed=len(minutes),
            unplaced=unplaced.get(year, 0),
            mean_travel=sum(minutes) / len(minutes) if minutes else 0.0,
            longest_travel=max(minutes, default=0.0),
            over_threshold=sum(1 for m in minutes if m > long_travel_minutes),
        ))
    return rows


def practice_use(data: DataSet, plan: Plan | None) -> list[PracticeUse]:
    """Places offered over all blocks of the years a practice teaches, and places used by the plan."""
    used = Counter(p.practice_code for p in plan.placements) if plan else Counter()
    rows = []
    for practice in data.practices:
        offered = 0
        if practice.active:
            offered = sum(data.capacity(practice, b.block_id) for b in data.blocks if b.year in practice.years)
        rows.append(PracticeUse(practice.code, practice.name, offered, used.get(practice.code, 0)))
    return rows


def travel_histogram(plan: Plan | None, bin_minutes: int = 5, last_bin: int = 90) -> list[tuple[int, int]]:
    """(bin start, count) pairs; the last bin holds everything from ``last_bin`` up."""
    counts: Counter[int] = Counter()
    if plan is not None:
        for p in plan.placements:
            start = min(int(p.travel_minutes // bin_minutes) * bin_minutes, last_bin)
            counts[start] += 1
    return [(start, counts.get(start, 0)) for start in range(0, last_bin + 1, bin_minutes)]


def mean_and_longest(plan: Plan | None) -> tuple[float, float]:
    if plan is None or not plan.placements:
        return 0.0, 0.0
    minutes = [p.travel_minutes for p in plan.placements]
    return sum(minutes) / len(minutes), max(minutes)
