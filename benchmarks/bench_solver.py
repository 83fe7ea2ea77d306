"""Benchmark of the allocation engine on the full demo data set, against a greedy baseline and an exact MILP.

    .venv/bin/python benchmarks/bench_solver.py [--milp-time 300] [--engine-time 60] [--backend HIGHS|SCIP]
                                              [--only travel|default]

For two weightings (travel only; the default weights) it runs, in one go:
(a) greedy nearest-free-practice, what officers do by hand; (b) an exact MILP
of the same rules built here with ``pywraplp`` (HiGHS or SCIP), first
maximising the number placed, then minimising the weighted soft terms with
that number fixed; (c) the engine (``scheduler.solver.solve``). Every plan is
checked against every hard rule by a checker written here, independent of
the solver's code, and scored here too. Prints placed, total and longest
travel, the soft objective, time and proven gap side by side.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scheduler.domain import DataSet  # noqa: E402
from scheduler.settings import SOFT_TERMS, Settings  # noqa: E402
from scheduler.travel import travel_matrix  # noqa: E402

VERBOSE = False
TRAVEL_ONLY = {"travel": 1.0, "long_travel": 0.0, "fairness": 0.0, "balance": 0.0, "preference": 0.0, "variety": 0.0}


# -- the rules, written again from data-format.md (no solver code) ---------------------------

class Rules:
    def __init__(self, data: DataSet, settings: Settings) -> None:
        self.data, self.settings = data, settings
        m = travel_matrix(data, settings)
        self.minutes = np.round(m.minutes, 1)
        self.si = {s.student_id: i for i, s in enumerate(data.students)}
        self.pi = {p.code: j for j, p in enumerate(data.practices)}
        self.bi = {b.block_id: i for i, b in enumerate(data.blocks)}
        self.cap = {(p.code, b.block_id): data.capacity(p, b.block_id) for p in data.practices for b in data.blocks}
        self.excluded = {(e.student_id, e.practice_code) for e in data.exclusions}
        self.need = [(s, b) for b in data.blocks for s in data.students if b.attended_by(s)]
        # dates -> blocks on site; maximal sets only
        on: dict = defaultdict(set)
        for b in data.blocks:
            for d in b.teaching_dates():
                on[d].add(b.block_id)
        sets = {frozenset(v) for v in on.values()}
        self.day_sets = [s for s in sets if not any(s < o for o in sets)]
        self.on_date = on

    def allowed(self, s, b, p) -> bool:
        limit = s.max_travel_minutes if s.max_travel_minutes is not None else self.settings.default_max_travel_minutes
        return (p.active and b.year in p.years and self.cap[(p.code, b.block_id)] > 0
                and (s.student_id, p.code) not in self.excluded
                and (p.accessible or not s.needs_accessible)
                and (p.public_transport or s.travel_mode != "public")
                and self.minutes[self.si[s.student_id], self.pi[p.code]] <= limit + 1e-9)

    def options(self) -> dict[tuple[str, str], list[int]]:
        """Allowed practice indices of each student-block, nearest first."""
        data = self.data
        out = {}
        for s, b in self.need:
            row = self.minutes[self.si[s.student_id]]
            js = [j for j in np.argsort(row, kind="stable") if self.allowed(s, b, data.practices[j])]
            out[(s.student_id, b.block_id)] = js
        return out


def check(rules: Rules, placed: dict[tuple[str, str], str], unplaced: set[tuple[str, str]]) -> list[str]:
    """Every hard-rule violation of a plan (placed: (student, block) -> practice code)."""
    data, bad = rules.data, []
    students = {s.student_id: s for s in data.students}
    practices = {p.code: p for p in data.practices}
    blocks = {b.block_id: b for b in data.blocks}
    need = {(s.student_id, b.block_id) for s, b in rules.need}
    for key in need:
        if (key in placed) == (key in unplaced):
            bad.append(f"{key} not exactly once in placements/unplaced")
    for (sid, bid), code in placed.items():
        if (sid, bid) not in need or not rules.allowed(students[sid], blocks[bid], practices[code]):
            bad.append(f"{sid} {bid} {code} breaks a per-placement rule")
    load = Counter((code, bid) for (sid, bid), code in placed.items())
    for (code, bid), n in load.items():
        if n > rules.cap[(code, bid)]:
            bad.append(f"{code} {bid} over capacity")
    for day, bids in rules.on_date.items():
        per = Counter(code for (sid, bid), code in placed.items() if bid in bids)
        for code, n in per.items():
            lim = practices[code].max_students_per_day
            if lim is not None and n > lim:
                bad.append(f"{code} over rooms on {day}")
    for pair in data.pairs:
        for b in data.blocks:
            a, c = (pair.student_a, b.block_id), (pair.student_b, b.block_id)
            if a in need and c in need:
                if pair.kind == "together" and placed.get(a) != placed.get(c):
                    bad.append(f"together {a} {c} split")
                if pair.kind == "apart" and a in placed and placed.get(a) == placed.get(c):
                    bad.append(f"apart {a} {c} together")
    return bad


def score(rules: Rules, placed: dict[tuple[str, str], str]) -> dict[str, float]:
    """Soft terms of a plan, computed here from their definitions."""
    data, st = rules.data, rules.settings
    t = {k: float(rules.minutes[rules.si[k[0]], rules.pi[c]]) for k, c in placed.items()}
    year = {s.student_id: s.year for s in data.students}
    terms = dict.fromkeys(SOFT_TERMS, 0.0)
    terms["travel"] = sum(t.values())
    terms["long_travel"] = sum(max(0.0, v - st.long_travel_threshold_minutes) for v in t.values())
    longest: dict[int, float] = {}
    for (sid, _), v in t.items():
        longest[year[sid]] = max(longest.get(year[sid], 0.0), v)
    terms["fairness"] = sum(longest.values())
    share = fair_shares(rules)
    load = Counter((c, bid) for (sid, bid), c in placed.items())
    terms["balance"] = sum(max(0, n - share[key]) for key, n in load.items())
    ranks: dict = defaultdict(dict)
    for p in data.preferences:
        ranks[p.student_id][p.practice_code] = p.rank
    for (sid, _), c in placed.items():
        if ranks.get(sid):
            terms["preference"] += ranks[sid][c] - 1 if c in ranks[sid] else max(ranks[sid].values())
    hist = {(h.student_id, h.practice_code) for h in data.history}
    terms["variety"] = sum(1 for (sid, _), c in placed.items() if (sid, c) in hist)
    per = Counter((sid, c) for (sid, _), c in placed.items())
    terms["variety"] += sum(n - 1 for n in per.values() if n > 1)
    return terms


def fair_shares(rules: Rules) -> dict[tuple[str, str], int]:
    """Per practice and block: ceil(demand / capacity offered among candidates * capacity)."""
    opts = rules.options_cache
    out = {}
    for b in rules.data.blocks:
        keys = [k for k in opts if k[1] == b.block_id]
        used = {j for k in keys for j in opts[k]}
        offered = sum(min(rules.cap[(rules.data.practices[j].code, b.block_id)], rooms(rules, j, b)) for j in used)
        share = min(1.0, len(keys) / offered) if offered else 1.0
        for j, p in enumerate(rules.data.practices):
            out[(p.code, b.block_id)] = math.ceil(share * min(rules.cap[(p.code, b.block_id)], rooms(rules, j, b)) - 1e-9)
    return out


def rooms(rules: Rules, j: int, b) -> int:
    lim = rules.data.practices[j].max_students_per_day
    return 10**9 if lim is None or not b.teaching_dates() else lim


def objective(weights: dict[str, float], terms: dict[str, float]) -> float:
    return sum(weights.get(k, 0.0) * terms[k] for k in SOFT_TERMS)


# -- (a) greedy ---------------------------------------------------------------------------------

def greedy(rules: Rules) -> dict[tuple[str, str], str]:
    data = rules.data
    opts = rules.options_cache
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
        if load[(code, bid)] + n > rules.cap[(code, bid)]:
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


# -- (b) exact MILP -----------------------------------------------------------------------------

def milp(rules: Rules, weights: dict[str, float], backend: str, time_limit: float):
    from ortools.linear_solver import pywraplp

    data, st = rules.data, rules.settings
    opts = rules.options_cache
    start = time.perf_counter()
    solver = pywraplp.Solver.CreateSolver(backend)
    if VERBOSE:
        solver.EnableOutput()
    x: dict[tuple[str, str, int], object] = {}
    per_place = defaultdict(list)
    per_key = {}
    unplaced = []
    for (sid, bid), js in opts.items():
        vs = []
        for j in js:
            v = solver.BoolVar("")
            x[(sid, bid, j)] = v
            vs.append(v)
            per_place[(j, bid)].append(v)
        per_key[(sid, bid)] = vs
        if vs:
            # one unplaced variable per student-block keeps the "how many placed" row short
            u = solver.BoolVar("")
            unplaced.append(u)
            solver.Add(solver.Sum(vs) + u == 1)
    for (j, bid), vs in per_place.items():
        if len(vs) > rules.cap[(data.practices[j].code, bid)]:
            solver.Add(solver.Sum(vs) <= rules.cap[(data.practices[j].code, bid)])
    for j, p in enumerate(data.practices):
        if p.max_students_per_day is None:
            continue
        for ds in rules.day_sets:
            vs = [v for bid in ds for v in per_place.get((j, bid), [])]
            if len(vs) > p.max_students_per_day:
                solver.Add(solver.Sum(vs) <= p.max_students_per_day)
    for pair in data.pairs:
        for b in data.blocks:
            a, c = (pair.student_a, b.block_id), (pair.student_b, b.block_id)
            if a not in opts or c not in opts:
                continue
            ja, jc = set(opts[a]), set(opts[c])
            if pair.kind == "together":
                for j in ja | jc:
                    va, vc = x.get((a[0], a[1], j)), x.get((c[0], c[1], j))
                    if va is not None and vc is not None:
                        solver.Add(va == vc)
                    elif va is not None:
                        solver.Add(va == 0)
                    elif vc is not None:
                        solver.Add(vc == 0)
                # both placed or both not (a lone partner would be "split")
                solver.Add(solver.Sum(per_key[a]) == solver.Sum(per_key[c]))
            else:
                for j in ja & jc:
                    solver.Add(x[(a[0], a[1], j)] + x[(c[0], c[1], j)] <= 1)
    n_options = sum(1 for vs in per_key.values() if vs)
    unplaced_expr = solver.Sum(unplaced)
    build = time.perf_counter() - start
    print(f"  MILP built in {build:.1f}s: {solver.NumVariables()} variables, {solver.NumConstraints()} constraints",
          flush=True)

    solver.Minimize(unplaced_expr)
    solver.SetTimeLimit(int(time_limit * 1000))
    status1 = solver.Solve()
    n_placed = n_options - round(solver.Objective().Value())
    count_proven = status1 == pywraplp.Solver.OPTIMAL
    print(f"  MILP phase 1 (most placed): {n_placed}, status {status1}, {time.perf_counter() - start:.1f}s", flush=True)
    solver.Add(unplaced_expr <= n_options - n_placed)

    # soft terms
    terms = []
    thr = st.long_travel_threshold_minutes
    ranks: dict = defaultdict(dict)
    for p in data.preferences:
        ranks[p.student_id][p.practice_code] = p.rank
    hist = {(h.student_id, h.practice_code) for h in data.history}
    for (sid, bid, j), v in x.items():
        t = float(rules.minutes[rules.si[sid], j])
        code = data.practices[j].code
        cost = weights["travel"] * t + weights["long_travel"] * max(0.0, t - thr)
        if ranks.get(sid):
            cost += weights["preference"] * (ranks[sid][code] - 1 if code in ranks[sid] else max(ranks[sid].values()))
        cost += weights["variety"] * ((sid, code) in hist)
        if cost:
            terms.append((cost, v))
    if weights["fairness"]:
        year_of = {b.block_id: b.year for b in data.blocks}
        longest = {y: solver.NumVar(0, 10**4, "") for y in set(year_of.values())}
        for (sid, bid), js in opts.items():
            if js:
                solver.Add(longest[year_of[bid]] >= solver.Sum(float(rules.minutes[rules.si[sid], j]) * x[(sid, bid, j)] for j in js))
        terms += [(weights["fairness"], v) for v in longest.values()]
    if weights["balance"]:
        share = fair_shares(rules)
        for (j, bid), vs in per_place.items():
            s = share[(data.practices[j].code, bid)]
            if len(vs) > s:
                over = solver.NumVar(0, len(vs), "")
                solver.Add(over >= solver.Sum(vs) - s)
                terms.append((weights["balance"], over))
    if weights["variety"]:
        by_student = defaultdict(list)
        for (sid, bid, j), v in x.items():
            by_student[(sid, j)].append(v)
        for vs in by_student.values():
            if len(vs) > 1:
                rep = solver.NumVar(0, len(vs), "")
                solver.Add(rep >= solver.Sum(vs) - 1)
                terms.append((weights["variety"], rep))
    solver.Minimize(solver.Sum(c * v for c, v in terms))
    solver.SetTimeLimit(int(max(1.0, time_limit - (time.perf_counter() - start)) * 1000))
    status2 = solver.Solve()
    seconds = time.perf_counter() - start
    if status2 not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):  # no plan: no values to read
        return {}, seconds, None, {"build": build, "status": (status1, status2), "bound": None}
    placed = {(sid, bid): data.practices[j].code for (sid, bid, j), v in x.items() if v.solution_value() > 0.5}
    obj = solver.Objective().Value()
    bound = solver.Objective().BestBound()
    proven = count_proven and status2 == pywraplp.Solver.OPTIMAL
    gap = 0.0 if proven else (max(0.0, (obj - bound) / abs(obj)) if obj else None)
    return placed, seconds, gap, {"build": build, "status": (status1, status2), "bound": bound}


def _milp_child(queue, rules, weights, backend, time_limit):
    queue.put(milp(rules, weights, backend, time_limit))


def milp_with_watchdog(rules: Rules, weights, backend: str, time_limit: float):
    """The MILP in a child process, stopped if it overruns its limit (HiGHS can, inside presolve)."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_milp_child, args=(queue, rules, weights, backend, time_limit))
    child.start()
    try:
        return queue.get(timeout=time_limit + 60)
    except Exception:
        return None
    finally:
        child.join(timeout=1)
        if child.is_alive():
            child.kill()
            child.join()


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
    ap.add_argument("--backend", default="HIGHS", choices=["HIGHS", "SCIP"])
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
        rules.options_cache = rules.options()
        print(f"\n{title}: weights {weights}")
        print(f"  {'method':<22}{'placed':>7}{'travel min':>12}{'longest':>9}{'objective':>12}{'time':>10}{'gap':>10}  hard rules")
        t = time.perf_counter()
        g = greedy(rules)
        need = {(s.student_id, b.block_id) for s, b in rules.need}
        row("(a) greedy nearest", rules, weights, g, need - set(g), time.perf_counter() - t, None)
        m = None
        if not args.no_milp:
            out = milp_with_watchdog(rules, weights, args.backend, args.milp_time)
            if out is None:
                print(f"  {'(b) MILP ' + args.backend:<22} no answer within {args.milp_time + 60:.0f} s "
                      "(the solver overran its time limit and was stopped)")
            else:
                placed, secs, gap, info = out
                if info["status"][1] not in (0, 1):  # neither OPTIMAL nor FEASIBLE
                    print(f"  {'(b) MILP ' + args.backend:<22} no plan within {args.milp_time:.0f} s "
                          f"(status {info['status'][1]}, {secs:.1f}s; most placed proven {info['status'][0] == 0})")
                else:
                    m = row(f"(b) MILP {args.backend}", rules, weights, placed, need - set(placed), secs, gap,
                            f"(build {info['build']:.1f}s)")
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
