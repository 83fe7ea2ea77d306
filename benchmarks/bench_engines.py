"""The benchmark suite with an old engine and this tree's side by side, in one run: one markdown table.

    PYTHONPATH=. .venv/bin/python benchmarks/bench_engines.py --old /path/to/old/checkout [--repeat]
        [--only NAME[,NAME]] [--time-limit 120] [--default-time 60]

For each instance of ``bench_suite.SUITE`` (or ``--only``), in this order:

1. the exact MILP (``benchmarks.milp``, this tree), once: most student-blocks
   placed, then least travel with that many;
2. each engine in a process of its own, with ``PYTHONPATH`` set to its tree,
   so that it runs that tree's ``scheduler`` through that tree's
   ``benchmarks.bench_suite.run_engine`` (as its own suite runs it): travel
   only under ``--time-limit``, then the default weights up to
   ``--default-time``. Which engine goes first alternates from instance to
   instance; ``--repeat`` runs this tree's engine a second time, to measure
   the run-to-run noise.

Both engines' plans are scored here, by ``benchmarks.rules`` (independent of
either solver): travel, and the default-weights objective. Columns per
engine: placed, travel, time, ratio = engine time / MILP time (``>`` when its
plan is worse than the MILP's), the default-weights objective and the gap the
engine proved for it. ``worse`` flags an instance where this tree's plan is
worse than the old one's: fewer placed, or as many and more travel (travel
only) or a higher objective (default weights). Then, per engine: the median
and worst travel-only ratio and the largest default-weights gap; with
``--repeat``, how far the two runs of this tree's engine differ. Progress goes
to stderr, the table to stdout. Run it alone on the machine: the ratios are
times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_suite import SAME_TRAVEL, SUITE, TRAVEL_ONLY, EngineRun, Row, fmt_gap, fmt_ratio, log  # noqa: E402
from benchmarks.generate import PRESETS, generate  # noqa: E402
from benchmarks.milp import MilpResult, solve_milp_guarded  # noqa: E402
from benchmarks.rules import Rules, objective, score  # noqa: E402
from scheduler.settings import Settings  # noqa: E402

HERE = Path(__file__).resolve().parents[1]

CHILD = r"""
import dataclasses, json, sys
from pathlib import Path

args = json.loads(sys.argv[1])
import scheduler
if not Path(scheduler.__file__).resolve().is_relative_to(Path(args["tree"]).resolve()):
    raise SystemExit(f"scheduler came from {scheduler.__file__}, not from {args['tree']}")
import scheduler.solver as engine
from benchmarks.bench_suite import TRAVEL_ONLY, run_engine
from benchmarks.generate import PRESETS, generate
from benchmarks.rules import Rules
from scheduler.settings import Settings

plans = []
solve = engine.solve


def kept(*a, **k):  # run_engine imports solve when called: the plan is kept for scoring
    result = solve(*a, **k)
    plans.append(result.plan)
    return result


engine.solve = kept
data = generate(PRESETS[args["name"]])
out = {}
for label, seconds, marks in (("travel", args["time_limit"], ()), ("default", args["default_time"], (30.0,))):
    settings = Settings(workers=2, seed=1, time_limit_seconds=seconds)
    if label == "travel":
        settings = settings.with_weights(**TRAVEL_ONLY)
    run = run_engine(data, settings, Rules(data, settings), marks=marks)
    out[label] = {"run": dataclasses.asdict(run),
                  "placements": [[p.student_id, p.block_id, p.practice_code] for p in plans[-1].placements]}
print(json.dumps(out))
"""
"""The engine's side, run with ``python -c`` in the tree under test (whose ``benchmarks`` it imports)."""


@dataclass
class EngineSide:
    """One engine on one instance: its travel-only and default-weights runs, the latter scored here."""

    label: str
    travel: EngineRun
    default: EngineRun
    default_objective: float


@dataclass
class Instance:
    name: str
    milp: MilpResult
    rows: dict[str, Row]
    """Per engine label: ``bench_suite.Row`` of its travel-only and default runs (for ratio and match)."""
    sides: dict[str, EngineSide]


def run_side(label: str, tree: Path, name: str, time_limit: float, default_time: float,
             rules_default: Rules, weights: dict[str, float]) -> EngineSide:
    args = {"tree": str(tree), "name": name, "time_limit": time_limit, "default_time": default_time}
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(args)], cwd=tree, env=env, capture_output=True,
                          text=True, timeout=time_limit + default_time + 600)
    if done.returncode != 0:
        raise RuntimeError(f"{label} engine ({tree}) on {name} failed: {done.stderr.strip().splitlines()[-1:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    runs = {}
    for kind in ("travel", "default"):
        fields = out[kind]["run"]
        fields["gap_at"] = {float(k): v for k, v in fields["gap_at"].items()}
        runs[kind] = EngineRun(**fields)
    placed = {(sid, bid): code for sid, bid, code in out["default"]["placements"]}
    side = EngineSide(label, runs["travel"], runs["default"], objective(weights, score(rules_default, placed)))
    log(f"  {label}: travel only placed {side.travel.placed}, travel {side.travel.travel:.1f}, "
        f"{side.travel.seconds:.1f}s; default placed {side.default.placed}, objective {side.default_objective:.1f}, "
        f"gap {fmt_gap(side.default.gap)}, {side.default.seconds:.1f}s")
    return side


def run_instance(index: int, name: str, engines: list[tuple[str, Path]], time_limit: float,
                 default_time: float) -> Instance:
    data = generate(PRESETS[name])
    travel_only = Settings(workers=2, seed=1, time_limit_seconds=time_limit).with_weights(**TRAVEL_ONLY)
    default = Settings(workers=2, seed=1, time_limit_seconds=default_time)
    rules, rules_default = Rules(data, travel_only), Rules(data, default)
    log(f"{name}: {len(data.students)} students, {len(rules.need)} student-blocks")
    milp = solve_milp_guarded(data, travel_only, time_limit=time_limit, stage="travel", rules=rules, threads=1)
    log(f"  MILP: {milp.status}, placed {milp.placed} of max {milp.max_placed}, travel {milp.travel}, "
        f"{milp.seconds:.1f}s")
    order = engines if index % 2 == 0 else engines[::-1]
    sides = {label: run_side(label, tree, name, time_limit, default_time, rules_default, default.weights)
             for label, tree in order}
    reachable = sum(1 for opts in rules.options if len(opts))
    rows = {label: Row(PRESETS[name], len(rules.need), reachable, 0, milp, side.travel, side.default, 0.0)
            for label, side in sides.items()}
    return Instance(name, milp, rows, sides)


def better_or_same(a_placed: int, a_cost: float, b_placed: int, b_cost: float, tolerance: float) -> bool:
    """Whether plan a is at least as good as plan b: more placed, or as many and no dearer (within tolerance)."""
    return a_placed > b_placed or (a_placed == b_placed and a_cost <= b_cost + tolerance)


def worse_than(a: EngineSide, b: EngineSide) -> list[str]:
    """Where a's plans are worse than b's: fewer placed, or as many and more travel or a higher objective."""
    out = []
    if not better_or_same(a.travel.placed, a.travel.travel, b.travel.placed, b.travel.travel, SAME_TRAVEL):
        out.append("travel only")
    if not better_or_same(a.default.placed, a.default_objective, b.default.placed, b.default_objective,
                          1e-6 * max(1.0, abs(b.default_objective))):
        out.append("default weights")
    return out


def worse(inst: Instance, label: str = "new") -> list[str]:
    """What a run of this tree's engine did worse than the old engine on the instance."""
    return worse_than(inst.sides[label], inst.sides["old"])


COLUMNS = {
    "placed": lambda s, r: str(s.travel.placed),
    "travel": lambda s, r: f"{s.travel.travel:.1f}",
    "s": lambda s, r: f"{s.travel.seconds:.1f}",
    "ratio": lambda s, r: fmt_ratio(r),
    "default placed": lambda s, r: str(s.default.placed),
    "default objective": lambda s, r: f"{s.default_objective:.1f}",
    "default gap": lambda s, r: fmt_gap(s.default.gap),
}
"""Each engine's figures on an instance (``s``: its side, ``r``: its ``bench_suite.Row``), one cell for all."""


def table(instances: list[Instance], labels: list[str]) -> str:
    head = "| instance | MILP placed | MILP travel | " + " | ".join(COLUMNS) + " | checks | worse |"
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for inst in instances:
        m = inst.milp
        cells = [inst.name, "-" if m.placed is None else str(m.placed),
                 "-" if m.travel is None else f"{m.travel:.1f}" + ("" if m.status == "optimal" else "*")]
        cells += [" / ".join(cell(inst.sides[lab], inst.rows[lab]) for lab in labels) for cell in COLUMNS.values()]
        bad = sum(len(s.travel.violations) + len(s.default.violations) for s in inst.sides.values())
        flags = [f"{lab}: {', '.join(w)}" for lab in labels if lab != "old" for w in [worse(inst, lab)] if w]
        cells += ["OK" if not bad else f"{bad} violations", "; ".join(flags) or "-"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


@dataclass
class Figures:
    median_ratio: float | None
    worst_ratio: float | None
    worst_at: str
    largest_gap: float | None
    gap_at: str


def figures(instances: list[Instance], label: str) -> Figures:
    ratios = [(inst.rows[label].ratio, inst.name) for inst in instances if inst.rows[label].ratio is not None]
    gaps = [(inst.sides[label].default.gap, inst.name) for inst in instances
            if inst.sides[label].default.gap is not None]
    worst = max(ratios, default=(None, "-"), key=lambda rn: rn[0] or 0.0)
    largest = max(gaps, default=(None, "-"), key=lambda gn: gn[0] or 0.0)
    return Figures(statistics.median(r for r, _ in ratios) if ratios else None, worst[0], worst[1],
                   largest[0], largest[1])


def fmt(value: float | None, spec: str = ".2f") -> str:
    return "-" if value is None else format(value, spec)


def summary(instances: list[Instance], labels: list[str]) -> str:
    out = []
    for lab in labels:
        f = figures(instances, lab)
        out.append(f"- {lab}: median travel-only ratio {fmt(f.median_ratio)}, worst {fmt(f.worst_ratio)} "
                   f"({f.worst_at}), largest default-weights gap {fmt_gap(f.largest_gap)} ({f.gap_at})")
    flagged = [inst.name for inst in instances if worse(inst)]
    out.append(f"- worse plan (new against old): {', '.join(flagged) if flagged else 'none'} "
               f"of {len(instances)} instances")
    if "new again" in labels:
        out.append("- run-to-run noise (new against new again): " + noise(instances))
    bad = sum(len(s.travel.violations) + len(s.default.violations) for inst in instances for s in inst.sides.values())
    out.append(f"- hard-rule violations in engine plans: {bad}")
    return "\n".join(out)


def noise(instances: list[Instance]) -> str:
    """How far two runs of the same engine differ: the summary figures, time and objective per instance."""
    a, b = figures(instances, "new"), figures(instances, "new again")
    times = [abs(i.sides["new"].travel.seconds - i.sides["new again"].travel.seconds)
             / max(i.sides["new"].travel.seconds, i.sides["new again"].travel.seconds, 1e-9) for i in instances]
    objectives = [abs(i.sides["new"].default_objective - i.sides["new again"].default_objective)
                  / max(abs(i.sides["new"].default_objective), 1e-9) for i in instances]
    differ = [i.name for i in instances if worse_than(i.sides["new"], i.sides["new again"])
              or worse_than(i.sides["new again"], i.sides["new"])]
    gaps = "-" if a.largest_gap is None or b.largest_gap is None else f"{abs(a.largest_gap - b.largest_gap):.2%}"
    return (f"median ratio {fmt(a.median_ratio)} / {fmt(b.median_ratio)}, worst {fmt(a.worst_ratio)} / "
            f"{fmt(b.worst_ratio)}, largest gap differs by {gaps}; travel-only time differs by up to "
            f"{max(times, default=0.0):.0%}, default objective by up to {max(objectives, default=0.0):.3%}; "
            f"plans differ on {', '.join(differ) if differ else 'none'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--old", required=True, type=Path, help="a checkout of the old engine (its own scheduler and "
                                                            "benchmarks), e.g. a git worktree at an older commit")
    ap.add_argument("--only", help="comma-separated instance names (any preset of benchmarks.generate)")
    ap.add_argument("--repeat", action="store_true", help="run this tree's engine twice and state the noise")
    ap.add_argument("--time-limit", type=float, default=120.0, help="seconds for the MILP and the travel-only runs")
    ap.add_argument("--default-time", type=float, default=60.0, help="seconds of the default-weights runs")
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()] if args.only else list(SUITE)
    unknown = [n for n in names if n not in PRESETS]
    if unknown:
        ap.error(f"unknown instance(s) {', '.join(unknown)}; known: {', '.join(sorted(PRESETS))}")
    old = args.old.resolve()
    if not (old / "scheduler").is_dir() or not (old / "benchmarks" / "bench_suite.py").is_file():
        ap.error(f"{old} holds no scheduler package and benchmarks/bench_suite.py")
    engines = [("old", old), ("new", HERE)] + ([("new again", HERE)] if args.repeat else [])
    labels = [label for label, _ in engines]
    start = time.perf_counter()
    instances = [run_instance(i, name, engines, args.time_limit, args.default_time) for i, name in enumerate(names)]
    print(f"Old engine ({old}, {revision(old)}) against this tree ({revision(HERE)}): MILP and travel only "
          f"{args.time_limit:.0f} s, default weights {args.default_time:.0f} s, each engine in its own process, "
          f"which goes first alternating by instance. Each engine cell: {' / '.join(labels)}. A * on the MILP's "
          f"travel: not proven least; ratio = engine s / MILP s, > when the engine's plan is worse than the "
          f"MILP's; default objective scored by benchmarks.rules, gap as the engine proved it.\n")
    print(table(instances, labels))
    print()
    print(summary(instances, labels))
    print(f"- whole run: {time.perf_counter() - start:.0f} s")
    clean = all(not s.travel.violations and not s.default.violations for i in instances for s in i.sides.values())
    return 0 if clean else 1


def revision(tree: Path) -> str:
    done = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown revision"


if __name__ == "__main__":
    raise SystemExit(main())
