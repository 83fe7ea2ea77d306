"""Benchmark of the allocation engine on the full demo data set, against a greedy baseline and an exact MILP.

    .venv/bin/python benchmarks/bench_solver.py [--milp-time 300] [--engine-time 60] [--only travel|default]

For two weightings (travel only; the default weights) it runs, in one go:
(a) greedy nearest-free-practice, what officers do by hand; (b) the exact MILP
of ``benchmarks.milp`` (HiGHS), first maximising the number placed, then
minimising the travel (or the weighted soft terms) with that number fixed;
(c) the engine (``scheduler.solver.solve``). Every plan is checked against
every hard rule and scored by ``benchmarks.rules``, independent of the
solver's code. Prints placed, total and longest
travel, the soft objective, time and proven gap side by side.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.milp import solve_milp_guarded  # noqa: E402
from benchmarks.rules import Rules, check, objective, score  # noqa: E402
from scheduler.domain import DataSet  # noqa: E402
from scheduler.settings import Settings  # noqa: E402

VERBOSE = False
TRAVEL_ONLY = {"travel": 1.0, "long_travel": 0.0, "fairness": 0.0, "balance": 0.0, "preference": 0.0, "variety": 0.0}


# -- (a) greedy ---------------------------------------------------------------------------------

def greedy(rules: Rules) -> dict[tuple[str, str], str]:
    data = rules.data
    opts = rules.options_by_key
    load: Counter = Counter()
    day_load: Counter = Counter()
    placed: dict[tuple[str, str], str] = {}
    together = defaultdict(list)
    apart = defaultdict(list)
    for p in data.pairs:
        (together if p.kind == "together" else apart)[p.student_a].append(p.student_b)
        (together if p.kind == "together" else apart)[p.student_b].append(p.student_a)
    day_sets = {bid: [i for i, s in enumerate(rules.day_sets) if bid in s] for bid in rules.bi}

    def fits(code, bid, n):
        p = data.practices[rules.pi[code]]
        if load[(code, bid)] + n > rules.cap(code, bid):
            return False
        if p.max_students_per_day is not None:
            return all(day_load[(code, g)] + n <= p.max_students_per_day for g in day_sets[bid])
        return True

    for s in data.students:
        for b in data.blocks:
            key = (s.student_id, b.block_id)
            if key not in opts or key in placed:
                continue
            group = [key] + [(o, b.block_id) for o in together[s.student_id] if (o, b.block_id) in opts and (o, b.block_id) not in placed]
            common = [j for j in opts[key] if all(j in set(opts[g]) for g in group[1:])]
            for j in common:
                code = data.practices[j].code
                if any(placed.get((o, b.block_id)) == code for g in group for o in apart[g[0]]):
                    continue
                if fits(code, b.block_id, len(group)):
                    for g in group:
                        placed[g] = code
                    load[(code, b.block_id)] += len(group)
                    for gi in day_sets[b.block_id]:
                        day_load[(code, gi)] += len(group)
                    break
    return placed


# -- (b) exact MILP: benchmarks.milp ------------------------------------------------------------

def milp_plan(data: DataSet, settings: Settings, rules: Rules, time_limit: float):
    """The exact MILP (HiGHS), count first, then travel (when it is the only aim) or the weighted aims."""
    stage = "travel" if settings.weights == TRAVEL_ONLY else "weighted"
    return solve_milp_guarded(data, settings, time_limit=time_limit, stage=stage, rules=rules, verbose=VERBOSE)


# -- run ----------------------------------------------------------------------------------------

def load_data() -> tuple[DataSet, str]:
    from scheduler.demo import make_demo

    return make_demo(1, "full"), "scheduler.demo.make_demo(1, 'full')"


def row(name, rules, weights, placed, unplaced, seconds, gap, note=""):
    bad = check(rules, placed, unplaced)
    terms = score(rules, placed)
    longest = max((float(rules.minutes[rules.si[k[0]], rules.pi[c]]) for k, c in placed.items()), default=0.0)
    gap_text = "-" if gap is None else f"{gap:.3%}"
    print(f"  {name:<22}{len(placed):>7}{terms['travel']:>12.1f}{longest:>9.1f}{objective(weights, terms):>12.1f}"
          f"{seconds:>9.1f}s{gap_text:>10}  {'OK' if not bad else f'{len(bad)} VIOLATIONS: {bad[:3]}'} {note}")
    return {"placed": len(placed), "travel": terms["travel"], "objective": objective(weights, terms), "seconds": seconds,
            "gap": gap, "violations": len(bad)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--milp-time", type=float, default=300.0)
    ap.add_argument("--engine-time", type=float, default=60.0)
    ap.add_argument("--only", choices=["travel", "default"])
    ap.add_argument("--no-milp", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="show the MILP solver's log")
    args = ap.parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose

    from scheduler.solver import solve

    data, source = load_data()
    print(f"data: {source}: {len(data.students)} students, {len(data.practices)} practices, "
          f"{sum(1 for _ in data.student_blocks())} student-blocks; 2 workers")
    cases = [("travel only", TRAVEL_ONLY), ("default weights", None)]
    if args.only:
        cases = [cases[0] if args.only == "travel" else cases[1]]
    ok = True
    for title, weights in cases:
        settings = Settings(workers=2, seed=1, time_limit_seconds=args.engine_time)
        if weights:
            settings = settings.with_weights(**weights)
        weights = dict(settings.weights)
        rules = Rules(data, settings)
        print(f"\n{title}: weights {weights}")
        print(f"  {'method':<22}{'placed':>7}{'travel min':>12}{'longest':>9}{'objective':>12}{'time':>10}{'gap':>10}  hard rules")
        t = time.perf_counter()
        g = greedy(rules)
        need = set(rules.need_keys)
        row("(a) greedy nearest", rules, weights, g, need - set(g), time.perf_counter() - t, None)
        m = None
        if not args.no_milp:
            out = milp_plan(data, settings, rules, args.milp_time)
            if not out.placements:
                print(f"  {'(b) MILP HiGHS':<22} no plan within {args.milp_time:.0f} s ({out.status}, {out.seconds:.1f}s)")
            else:
                m = row("(b) MILP HiGHS", rules, weights, out.placements, need - set(out.placements), out.seconds,
                        out.gap, f"[{out.status}; count {out.count_status}, build {out.build_seconds:.1f}s]")
        t = time.perf_counter()
        result = solve(data, settings)
        secs = time.perf_counter() - t
        plan = result.plan
        e = row("(c) engine", rules, weights, {(p.student_id, p.block_id): p.practice_code for p in plan.placements},
                {(u.student_id, u.block_id) for u in plan.unplaced}, secs, plan.gap, f"[{plan.status}]")
        ok &= e["violations"] == 0
        if m and weights == {**weights, **TRAVEL_ONLY}:
            same = e["placed"] == m["placed"] and abs(e["travel"] - m["travel"]) < 0.05 + 1e-6 * m["travel"]
            fast = e["seconds"] <= m["seconds"] / 2
            print(f"  bar: same placed and travel as the MILP: {same}; at most half its time: {fast} "
                  f"(ratio {e['seconds'] / m['seconds']:.2f})")
            ok &= same and fast
        elif title == "default weights":
            good = plan.gap is not None and plan.gap < 0.01 and secs <= 60 + 5
            print(f"  bar: proven gap under 1% within 60 s: {good}")
            ok &= good
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
