"""The ``quality`` aim measured: the count with and without it, and how many placements leave flagged practices.

No data set of the demo or the generator holds evaluations, so each practice is given a made-up score here
(seeded: four in five practices answered, by 1 to 12 students, means around 3.7 of 5), and the engine solves the
data set with the quality weight at 0 and at ``--weight``, the other weights as given.

    python -m benchmarks.bench_quality --data demo --time-limit 60
    python -m benchmarks.bench_quality --data scarce-1000 --travel-only
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import time

from benchmarks.generate import PRESETS, generate
from scheduler.demo import make_demo
from scheduler.domain import DataSet, PracticeScore
from scheduler.rules.quality import practice_flags
from scheduler.settings import Settings


def with_scores(data: DataSet, seed: int = 26) -> DataSet:
    rng = random.Random(seed)
    scores = []
    for p in data.practices:
        if rng.random() < 0.8:
            mean = min(5.0, max(1.0, rng.gauss(3.7, 0.6)))
            scores.append(PracticeScore(p.code, round(mean, 2), rng.randint(1, 12)))
    return dataclasses.replace(data, scores=tuple(scores))


def main(argv: list[str] | None = None) -> int:
    from scheduler.solver import check_plan, solve

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default="demo", help="'demo' (the full demo) or a preset of benchmarks.generate")
    ap.add_argument("--weight", type=float, default=30.0, help="the quality weight to compare with 0")
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--travel-only", action="store_true", help="every other weight 0 but travel's")
    args = ap.parse_args(argv)
    data = with_scores(make_demo(1, "full") if args.data == "demo" else generate(PRESETS[args.data]))
    base = Settings(time_limit_seconds=args.time_limit, workers=2, seed=1)
    if args.travel_only:
        base = base.with_weights(**{name: 0.0 for name in base.weights if name != "travel"})
    flags = practice_flags(data, base)
    flagged = {p.code for p, f in zip(data.practices, flags) if f}
    print(f"{args.data}: {len(data.students)} students, {len(data.practices)} practices, {len(flagged)} flagged")
    print("weight | placed | proven most | at flagged | status | gap | seconds")
    for weight in (0.0, args.weight):
        settings = base.with_weights(quality=weight)
        start = time.perf_counter()
        result = solve(data, settings)
        seconds = time.perf_counter() - start
        plan = result.plan
        assert check_plan(data, settings, plan) == []
        at_flagged = sum(1 for p in plan.placements if p.practice_code in flagged)
        gap = "-" if plan.bound is None or not plan.objective else f"{(plan.objective - plan.bound) / plan.objective:.2%}"
        print(f"{weight:g} | {len(plan.placements):,} | {plan.placed_bound} | {at_flagged} | {plan.status} | {gap} "
              f"| {seconds:.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
