"""Benchmark: every document for a full-size plan (472 practices, 2,000 students).

Uses ``scheduler.demo.make_demo(1, "full")`` when it exists (else a generated
stand-in of the same size), assigns each student-block to the nearest
practice with a free place (a quick greedy stand-in for the solver), then
writes all documents three times and prints the median time per document
kind, the total, the number of files and their size. The bar is 30 s on two
cores.

    .venv/bin/python benchmarks/bench_documents.py [--workers N] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scheduler.domain import Block, DataSet, Placement, Plan, Practice, Student, Unplaced  # noqa: E402
from scheduler.reports.batch import default_workers, write_all  # noqa: E402
from scheduler.reports.index import PlanIndex  # noqa: E402
from scheduler.settings import Settings  # noqa: E402
from scheduler.travel import travel_matrix  # noqa: E402

FIRST = ["Olivia", "Mohammed", "Łucja", "Nguyễn", "Жанна", "Γιώργος", "محمد", "伟", "Aoife", "Kwame", "Priya", "Tomás"]
LAST = ["Smith", "Khan", "Wójcik", "Trần", "Иванова", "Παπαδόπουλος", "علي", "陈", "O'Neill", "Mensah", "Patel", "Ruiz"]


def stand_in_data(seed: int = 1) -> DataSet:
    rng = random.Random(seed)
    practices = tuple(
        Practice(f"P{i:05d}", f"Practice {i} Medical Centre", frozenset(rng.sample(range(1, 6), rng.randint(1, 4))),
                 capacity=rng.randint(1, 6), address=f"{i} High Street, Manchester", postcode="M1 1AA",
                 latitude=53.48 + rng.uniform(-0.2, 0.2), longitude=-2.24 + rng.uniform(-0.3, 0.3),
                 tutor=f"Dr Tutor {i}", email=f"practice{i}@nhs.example", max_students_per_day=rng.choice([None, 6, 8]))
        for i in range(472))
    students = tuple(
        Student(f"{10000000 + i}", rng.choice(FIRST), rng.choice(LAST), 1 + i % 5, email=f"s{i}@student.example.ac.uk",
                latitude=53.48 + rng.uniform(-0.15, 0.15), longitude=-2.24 + rng.uniform(-0.2, 0.2),
                travel_mode=rng.choice(["car", "public", "public", "bike"]))
        for i in range(2000))
    blocks = []
    for year in range(1, 6):
        for b in range(3):
            start = dt.date(2026, 9, 7) + dt.timedelta(weeks=12 * b + year)
            blocks.append(Block(f"Y{year}-B{b + 1}", year, start, start + dt.timedelta(days=4 * 7 + 4),
                                name=f"Year {year} GP block {b + 1}",
                                weekdays=frozenset({(year + b) % 5, (year + b + 2) % 5})))
    return DataSet(practices=practices, students=students, blocks=tuple(blocks))


def load_data() -> tuple[DataSet, str]:
    try:
        from scheduler.demo import make_demo  # engineer A's demo data
    except ImportError:
        return stand_in_data(), "generated stand-in (scheduler.demo not available)"
    return make_demo(1, "full"), "scheduler.demo.make_demo(1, 'full')"


def quick_plan(data: DataSet, settings: Settings) -> Plan:
    """Each student-block to the nearest practice teaching the year with a free place (not the solver)."""
    matrix = travel_matrix(data, settings)
    minutes = np.asarray(matrix.minutes)
    order = np.argsort(minutes, axis=1)
    index = PlanIndex(data, Plan("quick"))
    used: dict[tuple[str, str], int] = defaultdict(int)
    placements, unplaced = [], []
    for block in data.blocks:
        for i, student in enumerate(data.students):
            if not block.attended_by(student):
                continue
            for j in order[i][:80]:
                practice = data.practices[j]
                if used[practice.code, block.block_id] < index.capacity(practice, block):
                    used[practice.code, block.block_id] += 1
                    placements.append(Placement(student.student_id, block.block_id, practice.code,
                                                float(round(minutes[i, j], 1))))
                    break
            else:
                unplaced.append(Unplaced(student.student_id, block.block_id,
                                         "no practice among the 80 nearest has a free place"))
    return Plan("Benchmark", tuple(placements), tuple(unplaced), status="feasible", is_current=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    data, source = load_data()
    plan = quick_plan(data, settings)
    print(f"data: {source}: {len(data.practices)} practices, {len(data.students)} students, {len(data.blocks)} blocks; "
          f"plan: {len(plan.placements)} placed, {len(plan.unplaced)} unplaced; workers: {args.workers}")
    totals, kinds = [], defaultdict(list)
    result = None
    for run in range(args.runs):
        folder = Path(tempfile.mkdtemp(prefix="bench-documents-"))
        try:
            t0 = time.perf_counter()
            result = write_all(data, plan, settings, folder, workers=args.workers)
            totals.append(time.perf_counter() - t0)
            for kind, seconds in result.seconds_by_kind.items():
                kinds[kind].append(seconds)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"run {run + 1}: {totals[-1]:.1f} s")
    assert result is not None
    counts = {"practice": result.practices, "student": result.students}
    print("time per kind of document (median over runs, added up over workers):")
    for kind, values in kinds.items():
        n = counts.get(kind, 1)
        each = f"  ({1000 * statistics.median(values) / n:.1f} ms each)" if n > 1 else ""
        print(f"  {kind:<14} {statistics.median(values):6.2f} s{each}")
    print(f"files: {result.files:,} ({result.practices} practice timetables, {result.students} student schedules, "
          f"4 summaries); total size {result.bytes / 1e6:.1f} MB")
    median = statistics.median(totals)
    print(f"total (wall clock): median {median:.1f} s of {args.runs} runs, {args.workers} worker(s) "
          f"(bar: 30 s) -> {'PASS' if median < 30 else 'FAIL'}")

if __name__ == "__main__":
    main()
