"""The engine against an exact MILP on generated data it was not tuned to: one markdown table.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_suite.py [--only NAME[,NAME]] [--quick]
                                                             [--time-limit 120] [--default-time 60]

For each instance of ``SUITE`` (``benchmarks.generate`` presets, 150 to
2,000 students, ample to scarce), in one run and one process:

1. the exact MILP (``benchmarks.milp``, HiGHS): most student-blocks placed,
   proven, then least total travel with that many placed;
1b. the plain MILP (``benchmarks.plain_milp``): ``scipy.optimize.milp`` with
   default options on one model, unplaced slacks weighted to come first,
   timed around the ``milp`` call alone;
2. the engine (``scheduler.solver.solve``, as ``services.plans.solve`` calls
   it) with travel as the only aim, under the same time limit;
3. the engine with the default weights, up to ``--default-time`` seconds,
   its proven gap read from its progress reports at 30 s and at the end.

Every engine plan and the plain MILP's are checked against every hard rule by ``benchmarks.rules``
(independent of the solver). Columns: student-blocks needing a place, the
MILP's proven maximum, what the engine placed and the bound on the count it
reports, travel minutes of both, times, ratio = engine time / the faster
baseline's time (the exact MILP from data to answer, the plain MILP its
``milp`` call; each stops when it has proved its plan best or at the limit;
``>`` when the engine's plan is worse than either baseline's), the CPU ratio
against the exact MILP, and the default-weights gaps. A ``*`` on the
MILP's travel: not proven least within the limit. ``--quick`` runs seven
instances up to 1,000 students with a 60 s limit and a 30 s default-weights run.
``--only regional`` (10,000 learners, 1,416 sites; not in the whole suite,
which it would lengthen by about ten minutes) runs the engine alone with the
default weights for ``REGIONAL_SECONDS``: rules kept, count proven, gap and
the peak memory of the run. Progress goes to stderr, the table to stdout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import PRESETS, Spec, generate  # noqa: E402
from benchmarks.milp import MilpResult, solve_milp_guarded  # noqa: E402
from benchmarks.plain_milp import PlainResult, solve_plain_guarded  # noqa: E402
from benchmarks.rules import Rules, check_plan, plan_maps, travel  # noqa: E402
from scheduler.progress import TaskState  # noqa: E402
from scheduler.settings import Settings  # noqa: E402

TRAVEL_ONLY = {"travel": 1.0, "long_travel": 0.0, "fairness": 0.0, "balance": 0.0, "preference": 0.0, "variety": 0.0}

SUITE: tuple[str, ...] = (
    "small-ample", "small-scarce", "pairs-600", "rooms-600", "scarce-800-rural", "scarce-1000",
    "scarce-1000-adjust", "ample-1000", "prefs-1200", "tight-1500", "ample-2000", "scarce-2000-rooms",
)
QUICK: tuple[str, ...] = ("small-ample", "small-scarce", "pairs-600", "rooms-600", "scarce-800-rural", "scarce-1000",
                          "ample-1000")
REGIONAL = ("regional",)
"""Instances run with the default weights alone (``run_regional``): a MILP of their size would not end."""
REGIONAL_SECONDS = 300.0
SAME_TRAVEL = 0.05
"""Minutes of total travel within which two plans count as the same optimum (the engine rounds to tenths)."""


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


@dataclass
class EngineRun:
    status: str
    placed: int
    placed_bound: int | None
    travel: float
    seconds: float
    cpu_seconds: float
    gap: float | None
    violations: list[str]
    gap_at: dict[float, float | None] = field(default_factory=dict)


def placed_bound(plan, stats: dict, task: TaskState) -> int | None:
    """The bound on the count the engine reports, wherever this engine version puts it."""
    for value in (getattr(plan, "placed_bound", None), stats.get("placed_bound")):
        if value is not None:
            return int(value)
    reported = [p.placed_bound for p in task.history if getattr(p, "placed_bound", None) is not None]
    if reported:
        return int(reported[-1])
    # older engines: a proven objective bound is only given once the count is proven
    return len(plan.placements) if plan.bound is not None else None


def proven_gap(report, count_proven_at_end: bool) -> float | None:
    """A progress report's gap, only when the count was proven by then: an objective bound for plans that place
    more says nothing about this plan. Reports without the count fields are judged by the end of the run."""
    placed, bound = getattr(report, "placed", None), getattr(report, "placed_bound", None)
    if placed is not None and bound is not None:
        return report.gap if placed >= bound else None
    return report.gap if count_proven_at_end else None


def cpu_with_workers() -> float:
    """Processor seconds of this process and of its ended child processes (the engine's HiGHS worker)."""
    times = os.times()
    return time.process_time() + times.children_user + times.children_system


def run_engine(data, settings: Settings, rules: Rules, marks: tuple[float, ...] = ()) -> EngineRun:
    from scheduler.solver import solve

    task = TaskState()
    start, cpu_start = time.perf_counter(), cpu_with_workers()
    result = solve(data, settings, task=task, name="bench")
    seconds, cpu_seconds = time.perf_counter() - start, cpu_with_workers() - cpu_start
    plan = result.plan
    placed, _ = plan_maps(plan)
    bound = placed_bound(plan, result.stats, task)
    gap_at = {}
    for mark in marks:
        if seconds <= mark:
            gap_at[mark] = plan.gap
        else:
            seen = [p for p in task.history if p.elapsed <= mark and p.objective is not None]
            gap_at[mark] = proven_gap(seen[-1], bound is not None and bound <= len(placed)) if seen else None
    return EngineRun(plan.status, len(placed), bound, travel(rules, placed), seconds,
                     cpu_seconds, plan.gap, check_plan(rules, plan), gap_at)


@dataclass
class Row:
    spec: Spec
    need: int
    reachable: int
    """Student-blocks with at least one practice the per-placement rules allow."""
    places: int
    milp: MilpResult
    plain: PlainResult
    engine: EngineRun
    default: EngineRun | None
    seconds: float

    @property
    def scarce(self) -> bool:
        return "scarce" in self.spec.name

    @property
    def short(self) -> float | None:
        """How far the best plan falls short of placing everyone, as a fraction of the student-blocks."""
        return None if self.milp.max_placed is None else 1 - self.milp.max_placed / self.need

    @property
    def matches(self) -> bool:
        """The engine's travel-only plan is as good as each baseline's: as many placed, no more travel if as many."""
        e = self.engine
        return all(e.placed > m.placed or (e.placed == m.placed and e.travel <= m.travel + SAME_TRAVEL)
                   for m in (self.milp, self.plain) if m.placed is not None and m.travel is not None)

    @property
    def baseline(self) -> tuple[str, float] | None:
        """The faster baseline that found a plan, (name, seconds); None when neither did."""
        found = [(m.seconds, name) for name, m in (("MILP", self.milp), ("plain", self.plain))
                 if m.placed is not None and m.seconds]
        return (min(found)[1], min(found)[0]) if found else None

    @property
    def milp_proven(self) -> bool:
        return self.milp.status == "optimal"

    @property
    def ratio(self) -> float | None:
        """Against the faster baseline; None when neither found a plan in its time: nothing to measure against."""
        return self.engine.seconds / self.baseline[1] if self.baseline else None

    @property
    def cpu_ratio(self) -> float | None:
        return self.engine.cpu_seconds / self.milp.cpu_seconds \
            if self.milp.cpu_seconds and self.milp.placed is not None else None


def run_instance(name: str, time_limit: float, default_time: float | None, milp_threads: int = 1) -> Row:
    start = time.perf_counter()
    spec = PRESETS[name]
    data = generate(spec)
    travel_only = Settings(workers=2, seed=1, time_limit_seconds=time_limit).with_weights(**TRAVEL_ONLY)
    rules = Rules(data, travel_only)
    need = len(rules.need)
    reachable = sum(1 for opts in rules.options if len(opts))
    places = int(sum(rules.cap_table[j, rules.bi[b.block_id]] for b in data.blocks
                     for j, p in enumerate(data.practices) if p.active and b.year in p.years))
    log(f"{name}: {len(data.students)} students, {len(data.practices)} practices, {need} student-blocks, "
        f"{places} places")
    milp = solve_milp_guarded(data, travel_only, time_limit=time_limit, stage="travel", rules=rules,
                              threads=milp_threads)
    log(f"  MILP: {milp.status} (count {milp.count_status}), placed {milp.placed} of max {milp.max_placed}, "
        f"travel {milp.travel}, {milp.seconds:.1f}s (count {milp.count_seconds:.1f}s, cpu {milp.cpu_seconds:.1f}s, "
        f"{milp.variables} columns)")
    plain = solve_plain_guarded(data, travel_only, time_limit=time_limit, rules=rules)
    log(f"  plain MILP: {plain.status}, placed {plain.placed}, travel {plain.travel}, {plain.seconds:.1f}s "
        f"(build {plain.build_seconds:.1f}s, gap {plain.gap}, {plain.variables} columns), "
        f"{len(plain.violations)} violations {plain.violations[:2]}")
    engine = run_engine(data, travel_only, rules)
    log(f"  engine travel only: {engine.status}, placed {engine.placed} (bound {engine.placed_bound}), "
        f"travel {engine.travel:.1f}, {engine.seconds:.1f}s (cpu {engine.cpu_seconds:.1f}s), {len(engine.violations)} violations {engine.violations[:2]}")
    default = None
    if default_time:
        settings = Settings(workers=2, seed=1, time_limit_seconds=default_time)
        default = run_engine(data, settings, Rules(data, settings), marks=(30.0,))
        log(f"  engine default weights: {default.status}, placed {default.placed}, gap {fmt_gap(default.gap)} "
            f"(at 30 s {fmt_gap(default.gap_at.get(30.0))}), {default.seconds:.1f}s, "
            f"{len(default.violations)} violations {default.violations[:2]}")
    return Row(spec, need, reachable, places, milp, plain, engine, default, time.perf_counter() - start)


def run_regional(name: str, seconds: float) -> tuple[str, bool]:
    """The engine alone with the default weights on a region-sized instance: one table row, and whether it kept
    every hard rule. Peak memory: the largest resident size of this process or of an ended child."""
    import resource

    spec = PRESETS[name]
    data = generate(spec)
    settings = Settings(workers=2, seed=1, time_limit_seconds=seconds)
    rules = Rules(data, settings)
    log(f"{name}: {len(data.students)} learners, {len(data.practices)} sites, {len(rules.need)} student-blocks")
    run = run_engine(data, settings, rules)
    peak_kb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    proven = run.placed_bound is not None and run.placed >= run.placed_bound
    log(f"  engine default weights: {run.status}, placed {run.placed} (bound {run.placed_bound}), gap "
        f"{fmt_gap(run.gap)}, {run.seconds:.1f}s, peak {peak_kb / 2**20:.2f} GB, {len(run.violations)} violations")
    row = (f"| {name} | {len(data.students)} | {len(data.practices)} | {len(rules.need)} | {run.placed} "
           f"| {run.placed_bound if run.placed_bound is not None else 'n/a'} | {'yes' if proven else 'no'} "
           f"| {fmt_gap(run.gap)} | {run.status} | {run.seconds:.1f} | {peak_kb / 2**20:.2f} "
           f"| {'OK' if not run.violations else f'{len(run.violations)} violations'} |")
    return row, not run.violations


def fmt_gap(gap: float | None) -> str:
    return "n/a" if gap is None else f"{gap:.2%}"


def fmt_ratio(row: Row, cpu: bool = False) -> str:
    ratio = row.cpu_ratio if cpu else row.ratio
    if ratio is None:
        return "-"
    text = f"{ratio:.2f}"
    return text if row.matches else f">{text}"


def table(rows: list[Row], default_time: float | None) -> str:
    head = ("| instance | students | student-blocks | reachable | places | MILP max | short | engine placed "
            "| engine count bound | MILP travel | plain travel | engine travel | MILP s | plain s | engine s | ratio "
            "| CPU ratio "
            + ("| default gap 30 s " if (default_time or 0) > 30 else "")
            + f"| default gap {default_time or 0:.0f} s | checks |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for r in rows:
        m, e, d = r.milp, r.engine, r.default
        milp_max = f"{m.max_placed}" + ("" if m.count_proven else f" (found {m.placed})")
        milp_travel = "-" if m.travel is None else f"{m.travel:.1f}" + ("" if r.milp_proven else "*")
        plain = r.plain
        plain_travel = "-" if plain.travel is None else f"{plain.travel:.1f}" + ("" if plain.status == "optimal" else "*")
        bad = len(e.violations) + (len(d.violations) if d else 0) + len(r.plain.violations)
        lines.append(
            f"| {r.spec.name} | {r.spec.students} | {r.need} | {r.reachable} | {r.places} | {milp_max} "
            f"| {'-' if r.short is None else f'{r.short:.1%}'} "
            f"| {e.placed} | {e.placed_bound if e.placed_bound is not None else 'n/a'} | {milp_travel} "
            f"| {plain_travel} | {e.travel:.1f} | {m.seconds:.1f} | {plain.seconds:.1f} | {e.seconds:.1f} "
            f"| {fmt_ratio(r)} | {fmt_ratio(r, cpu=True)} "
            + (f"| {fmt_gap(d.gap_at.get(30.0)) if d else '-'} " if (default_time or 0) > 30 else "")
            + f"| {fmt_gap(d.gap) if d else '-'} "
            f"| {'OK' if not bad else f'{bad} violations'} |")
    return "\n".join(lines)


def summary(rows: list[Row], default_time: float | None) -> str:
    out = []
    ratios = [r.ratio for r in rows if r.ratio is not None]
    if ratios:
        worst = max(rows, key=lambda r: r.ratio or 0.0)
        faster = [r.baseline[0] for r in rows if r.baseline]
        out.append(f"- ratio engine/faster baseline (travel only): median {statistics.median(ratios):.2f}, worst "
                   f"{worst.ratio:.2f} ({worst.spec.name}); the plain MILP the faster on {faster.count('plain')} of "
                   f"{len(faster)}; engine's plan as good as both baselines' on {sum(r.matches for r in rows)} of "
                   f"{len(rows)}")
    scarce = [r for r in rows if r.scarce]
    if scarce:
        ok = [r for r in scarce if r.matches and r.engine.placed_bound == r.milp.max_placed]
        sr = [r.ratio for r in scarce if r.ratio is not None]
        out.append(f"- scarce instances: engine placed the proven maximum, reported it proven and matched the "
                   f"least travel on {len(ok)} of {len(scarce)}; median ratio {statistics.median(sr):.2f} (bar 1.0)")
    big = [r for r in rows if not r.scarce and r.spec.students >= 1000]
    if big:
        out.append("- ample, 1,000 students or more: ratio " + ", ".join(f"{r.spec.name} {fmt_ratio(r)}" for r in big)
                   + " (bar 0.5 each)")
    with_default = [r for r in rows if r.default]
    if with_default:
        under = [r for r in with_default if r.default.gap is not None and r.default.gap < 0.01]
        out.append(f"- default weights: proven gap under 1% within {default_time:.0f} s on {len(under)} of "
                   f"{len(with_default)}")
    bad = sum(len(r.engine.violations) + (len(r.default.violations) if r.default else 0) for r in rows)
    out.append(f"- hard-rule violations in engine plans: {bad}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="comma-separated instance names (any preset of benchmarks.generate)")
    ap.add_argument("--quick", action="store_true", help="seven instances up to 1,000 students, 60 s limit, 30 s default-weights run")
    ap.add_argument("--time-limit", type=float, help="seconds for the MILP and the travel-only engine run "
                                                     "(default 120, quick 60)")
    ap.add_argument("--default-time", type=float, help="seconds of the default-weights engine run, 0 to skip "
                                                       "(default 60, quick 30)")
    ap.add_argument("--milp-threads", type=int, default=1,
                    help="HiGHS threads for the MILP (default 1, as the engine's HiGHS: with 2 its idle worker spins, "
                         "and on a busy machine the count of scarce-1000 took 30.7 s against 4.5 s)")
    args = ap.parse_args(argv)
    names = list(QUICK if args.quick else SUITE)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in PRESETS]
        if unknown:
            ap.error(f"unknown instance(s) {', '.join(unknown)}; known: {', '.join(sorted(PRESETS))}")
    time_limit = args.time_limit or (60.0 if args.quick else 120.0)
    default_time = args.default_time if args.default_time is not None else (30.0 if args.quick else 60.0)
    start = time.perf_counter()
    regional = [run_regional(name, REGIONAL_SECONDS) for name in names if name in REGIONAL]
    rows = [run_instance(name, time_limit, default_time or None, args.milp_threads) for name in names
            if name not in REGIONAL]
    if rows:
        print(f"Engine vs exact MILP (HiGHS, {args.milp_threads} thread(s)) and plain MILP (scipy, default options), "
              f"time limit {time_limit:.0f} s, run one after the other (the engine: each HiGHS on 1 thread, two at "
              f"once with the default weights); default weights up to {default_time:.0f} s.\n")
        print(table(rows, default_time))
        print()
        print(summary(rows, default_time or None))
    if regional:
        print(f"\nAt a region's scale: the engine alone, default weights, {REGIONAL_SECONDS:.0f} s.\n")
        print("| instance | learners | sites | student-blocks | placed | count bound | count proven | gap | status "
              "| engine s | peak GB | checks |")
        print("|" + "---|" * 12)
        print("\n".join(row for row, _ in regional))
    print(f"- whole run: {time.perf_counter() - start:.0f} s")
    return 0 if all(ok for _, ok in regional) and all(
        not r.engine.violations and not (r.default and r.default.violations) for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
