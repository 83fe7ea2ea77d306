"""Headline figures of a plan, for the window: per year, per practice, journeys (no Qt, no database).

The window shows the same figures the reports print: places offered and used
per practice come from the quality report's ``practice_use`` (one definition
of "offered"), and the per-year figures and journeys are computed here once
for every page. Each function takes the data set and plan the window holds.
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
    """Places offered over all blocks of the years a practice teaches, and places used by the plan, for every
    practice in data order (as the quality report counts them)."""
    from scheduler.reports.index import PlanIndex
    from scheduler.reports.quality import practice_use as report_use

    counted = {code: (offered, used) for code, offered, used in report_use(PlanIndex(data, plan or Plan("none")))}
    return [PracticeUse(p.code, p.name, *counted.get(p.code, (0, 0))) for p in data.practices]


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


def town_centres(practices, locations: dict[str, tuple[float, float]], at_least: int = 3) -> list[tuple[str, float, float]]:
    """(town, latitude, longitude) for each postal town with ``at_least`` practices, for the map's labels.

    The town is the last part of a practice's address that is not a number or a postcode; it is placed at
    the median position of its practices. Taken from the school's own data, so it works anywhere.
    """
    import statistics

    where: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for practice in practices:
        parts = [part.strip() for part in practice.address.split(",") if part.strip()]
        town = next((part for part in reversed(parts) if not any(c.isdigit() for c in part)), None)
        if town and practice.code in locations:
            where[town].append(locations[practice.code])
    return sorted((town, statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
                  for town, points in where.items() if len(points) >= at_least)
