"""An exact MILP of the placement problem, solved with HiGHS (``highspy``), to measure the engine against.

One binary ``x[k, j]`` per student-block ``k`` and practice ``j`` the
per-placement rules allow (``benchmarks.rules``, written independently of
the solver). The cross-student rules are rows built here:

- each student-block at most one practice:            sum_j x[k, j] <= 1
- capacity of practice j in block b:                  sum_{k in b} x[k, j] <= cap[j, b]
- rooms per day of practice j, for each maximal set D of blocks on site together on some date
  (so across the years):                              sum_{b in D, k in b} x[k, j] <= max_students_per_day[j]
- ``together`` partners a, c in a block both attend:  x[a, j] = x[c, j] for every j (an arc only one of them
  has is fixed to 0), so both are placed, at the same practice, or neither
- ``apart`` partners:                                 x[a, j] + x[c, j] <= 1

Lexicographic, as the contract orders the aims: stage ``count`` maximises
the student-blocks placed; stage ``travel`` (or ``weighted``) then minimises
total travel minutes (or the settings' weighted soft terms) with at least
that many placed. Travel costs are integer tenths of a minute, as the
engine's, and the gap tolerance is below one tenth: "optimal" is exact.

    result = solve_milp(data, settings, time_limit=300, stage="travel")
    result.placed, result.max_placed, result.travel, result.status, result.seconds

``stage="count"`` alone gives ``placed`` and the proven ``max_placed``;
``stage="travel"``/``"weighted"`` runs the count stage first (sharing the
time limit) unless ``placed`` is given. ``solve_milp_guarded`` runs the same
in a child process that is stopped if HiGHS overruns its limit.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from benchmarks.rules import Key, Rules, fair_shares, preference_ranks
from benchmarks.rules import travel as travel_of
from scheduler.domain import DataSet
from scheduler.settings import Settings

STAGES = ("count", "travel", "weighted")


@dataclass
class MilpResult:
    """What a MILP run found and proved. Times are wall seconds including building the model."""

    stage: str
    status: str
    """``optimal`` (the stage's objective proven), ``time limit``, ``infeasible`` or HiGHS's status text."""
    placed: int | None = None
    """Student-blocks the plan places."""
    max_placed: int | None = None
    """Proven upper bound on the student-blocks any plan can place (= placed when the count is proven)."""
    count_status: str = ""
    objective: float | None = None
    """The last stage's objective: placed (count), travel minutes (travel) or the weighted sum (weighted)."""
    bound: float | None = None
    """HiGHS's proven bound on that objective."""
    travel: float | None = None
    """Total travel minutes of the plan found."""
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    """Processor seconds of this process over all its threads (less sensitive to a busy machine than wall time)."""
    count_seconds: float = 0.0
    build_seconds: float = 0.0
    variables: int = 0
    rows: int = 0
    placements: dict[Key, str] = field(default_factory=dict)

    @property
    def count_proven(self) -> bool:
        return self.placed is not None and self.placed == self.max_placed

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        if self.stage == "count":
            return max(0.0, (self.bound - self.objective) / max(1.0, abs(self.bound)))
        return max(0.0, (self.objective - self.bound) / max(1e-9, abs(self.objective))) if self.objective else 0.0


class _Model:
    """The x columns and hard-rule rows of one data set, in arrays, ready for HiGHS."""

    def __init__(self, rules: Rules) -> None:
        data = rules.data
        self.rules = rules
        ks, js = [], []
        for k, opts in enumerate(rules.options):
            ks.append(np.full(len(opts), k, dtype=np.int64))
            js.append(opts)
        self.arc_k = np.concatenate(ks) if ks else np.zeros(0, dtype=np.int64)
        self.arc_j = np.concatenate(js).astype(np.int64) if js else np.zeros(0, dtype=np.int64)
        student_of = np.array([rules.si[s.student_id] for s, _ in rules.need], dtype=np.int64)
        block_of = np.array([rules.bi[b.block_id] for _, b in rules.need], dtype=np.int64)
        self.arc_s = student_of[self.arc_k] if len(self.arc_k) else self.arc_k
        self.arc_b = block_of[self.arc_k] if len(self.arc_k) else self.arc_k
        self.minutes10 = np.rint(rules.minutes[self.arc_s, self.arc_j] * 10).astype(np.int64)
        self.n = len(self.arc_k)
        self.upper = np.ones(self.n)
        self.rows: list[tuple[np.ndarray, np.ndarray, float, float]] = []  # (columns, values, lower, upper)
        index = {(int(k), int(j)): a for a, (k, j) in enumerate(zip(self.arc_k, self.arc_j))}
        self.index = index

        order = np.argsort(self.arc_k, kind="stable")
        bounds = np.searchsorted(self.arc_k[order], np.arange(len(rules.need) + 1))
        for k in range(len(rules.need)):
            cols = order[bounds[k]:bounds[k + 1]]
            if len(cols) > 1:
                self._row(cols, None, -np.inf, 1.0)
        self.first_shared_row = len(self.rows)
        """Rows from here on are the rules between student-blocks: capacity, rooms per day, pairs."""
        by_place = defaultdict(list)
        for a in range(self.n):
            by_place[(int(self.arc_j[a]), int(self.arc_b[a]))].append(a)
        for (j, b), cols in by_place.items():
            if len(cols) > rules.cap_table[j, b]:
                self._row(np.array(cols), None, -np.inf, float(rules.cap_table[j, b]))
        for j, p in enumerate(data.practices):
            if p.max_students_per_day is None:
                continue
            for day_set in rules.day_sets:
                cols = [a for bid in day_set for a in by_place.get((j, rules.bi[bid]), [])]
                if len(cols) > p.max_students_per_day:
                    self._row(np.array(cols), None, -np.inf, float(p.max_students_per_day))
        need_k = {key: k for k, key in enumerate(rules.need_keys)}
        for pair in data.pairs:
            for b in data.blocks:
                ka, kc = need_k.get((pair.student_a, b.block_id)), need_k.get((pair.student_b, b.block_id))
                if ka is None or kc is None:
                    continue
                ja, jc = set(rules.options[ka].tolist()), set(rules.options[kc].tolist())
                if pair.kind == "together":
                    for j in ja | jc:
                        if j in ja and j in jc:
                            self._row(np.array([index[(ka, j)], index[(kc, j)]]), np.array([1.0, -1.0]), 0.0, 0.0)
                        else:
                            self.upper[index[(ka, j)] if j in ja else index[(kc, j)]] = 0.0
                else:
                    for j in ja & jc:
                        self._row(np.array([index[(ka, j)], index[(kc, j)]]), None, -np.inf, 1.0)

    def _row(self, cols: np.ndarray, values: np.ndarray | None, lower: float, upper: float) -> None:
        self.rows.append((cols, np.ones(len(cols)) if values is None else values, lower, upper))


def _highs(time_limit: float, verbose: bool, threads: int):
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", verbose)
    h.setOptionValue("time_limit", float(max(0.1, time_limit)))
    h.setOptionValue("threads", int(threads))
    h.setOptionValue("random_seed", 1)
    return h


def _add_rows(h, rows: list[tuple[np.ndarray, np.ndarray, float, float]]) -> None:
    if not rows:
        return
    lengths = np.array([len(c) for c, *_ in rows], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int32)
    index = np.concatenate([c for c, *_ in rows]).astype(np.int32)
    value = np.concatenate([v for _, v, *_ in rows]).astype(np.float64)
    lower = np.array([r[2] for r in rows], dtype=np.float64)
    upper = np.array([r[3] for r in rows], dtype=np.float64)
    h.addRows(len(rows), lower, upper, len(index), starts, index, value)


def _status_text(h) -> str:
    import highspy

    s = h.getModelStatus()
    if s == highspy.HighsModelStatus.kOptimal:
        return "optimal"
    if s == highspy.HighsModelStatus.kTimeLimit:
        return "time limit"
    if s == highspy.HighsModelStatus.kInfeasible:
        return "infeasible"
    return h.modelStatusToString(s)


def solve_milp(data: DataSet, settings: Settings, time_limit: float = 300.0, stage: str = "travel",
               placed: int | None = None, rules: Rules | None = None, verbose: bool = False,
               threads: int | None = None) -> MilpResult:
    """Solves the data set exactly with HiGHS (see the module docstring); never raises on a time limit.

    ``stage``: ``count`` (most placed), ``travel`` (then least total travel) or ``weighted`` (then the
    least weighted soft terms of ``settings.weights``). ``placed``, if given, skips the count stage and
    requires at least that many placed. ``threads`` defaults to ``settings.workers``.
    """
    import highspy

    if stage not in STAGES:
        raise ValueError(f"stage must be one of {STAGES}, not {stage!r}")
    start = time.perf_counter()
    cpu_start = time.process_time()
    deadline = start + time_limit
    rules = rules or Rules(data, settings)
    model = _Model(rules)
    h = _highs(time_limit, verbose, threads or settings.workers)
    inf = highspy.kHighsInf
    n = model.n
    h.addCols(n, np.zeros(n), np.zeros(n), model.upper, 0, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32),
              np.zeros(0))
    if n:
        h.changeColsIntegrality(n, np.arange(n, dtype=np.int32), np.full(n, highspy.HighsVarType.kInteger, dtype=np.uint8))
    _add_rows(h, model.rows)
    result = MilpResult(stage=stage, status="", build_seconds=time.perf_counter() - start, variables=n,
                        rows=len(model.rows))
    solution = None
    if placed is None:
        h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        if n:
            h.changeColsCost(n, np.arange(n, dtype=np.int32), np.ones(n))
        h.run()
        result.count_status = _status_text(h)
        info = h.getInfo()
        if info.primal_solution_status == 2:  # kSolutionStatusFeasible
            solution = np.array(h.getSolution().col_value)
            placed = int(round(solution[:n].sum())) if n else 0
        result.placed = placed
        result.max_placed = int(math.floor(info.mip_dual_bound + 1e-6)) if n and math.isfinite(info.mip_dual_bound) \
            else (0 if not n else None)
        if result.max_placed is not None:  # a loose bound early on can exceed the student-blocks that have a column
            result.max_placed = min(result.max_placed, sum(1 for opts in rules.options if len(opts)))
        if result.count_status == "optimal":
            result.max_placed = placed
        result.count_seconds = time.perf_counter() - start
        if stage == "count":
            result.status, result.objective, result.bound = result.count_status, placed, result.max_placed
            return _finish(result, rules, model, solution, start, cpu_start)
        if placed is None:  # no plan at all within the time: nothing to minimise over
            result.status = result.count_status
            return _finish(result, rules, model, None, start, cpu_start)
    else:
        result.placed = placed
    # second stage: at least `placed` placed, least travel (or weighted soft terms)
    costs, extra = _soft_costs(rules, model, settings, stage)
    h.changeObjectiveSense(highspy.ObjSense.kMinimize)
    if n:
        h.changeColsCost(n, np.arange(n, dtype=np.int32), costs)
    _add_extra(h, n, extra)
    h.addRow(float(placed), inf, n, np.arange(n, dtype=np.int32), np.ones(n))
    if stage == "travel":
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.99)  # integer costs: a gap under one tenth of a minute is none
    else:
        h.setOptionValue("mip_rel_gap", 1e-7)
    h.setOptionValue("time_limit", float(max(0.1, deadline - time.perf_counter())))
    if solution is not None:
        start_values = np.concatenate([solution[:n], np.zeros(h.getNumCol() - n)])
        sol = highspy.HighsSolution()
        sol.col_value = start_values.tolist()
        h.setSolution(sol)
    h.run()
    result.status = _status_text(h)
    info = h.getInfo()
    found = info.primal_solution_status == 2
    scale = 10.0 if stage == "travel" else 1.0
    result.objective = info.objective_function_value / scale if found else None
    result.bound = info.mip_dual_bound / scale if math.isfinite(info.mip_dual_bound) else None
    if result.status == "optimal" and found:
        result.bound = min(result.bound if result.bound is not None else result.objective, result.objective)
    values = np.array(h.getSolution().col_value) if found else None
    if values is None and solution is not None:
        values = solution  # the count stage's plan still stands
    return _finish(result, rules, model, values, start, cpu_start)


def _finish(result: MilpResult, rules: Rules, model: _Model, values: np.ndarray | None, start: float,
            cpu_start: float) -> MilpResult:
    if values is not None:
        chosen = np.nonzero(values[:model.n] > 0.5)[0]
        result.placements = {rules.need_keys[int(model.arc_k[a])]: rules.data.practices[int(model.arc_j[a])].code
                             for a in chosen}
        result.placed = len(result.placements)
        result.travel = travel_of(rules, result.placements)
    result.seconds = time.perf_counter() - start
    result.cpu_seconds = time.process_time() - cpu_start
    return result


@dataclass
class _Extra:
    """Continuous columns of the weighted objective and their rows (column indices relative to the first)."""

    costs: list[float] = field(default_factory=list)
    uppers: list[float] = field(default_factory=list)
    rows: list[tuple[list[int], list[int], list[float], float]] = field(default_factory=list)
    """(x columns, extra columns, values in that order, lower bound): sum >= lower."""


def _soft_costs(rules: Rules, model: _Model, settings: Settings, stage: str) -> tuple[np.ndarray, _Extra]:
    extra = _Extra()
    if stage == "travel":
        return model.minutes10.astype(np.float64), extra
    data, w = rules.data, settings.weights
    minutes = model.minutes10 / 10.0
    costs = w["travel"] * minutes + w["long_travel"] * np.maximum(0.0, minutes - settings.long_travel_threshold_minutes)
    ranks = preference_ranks(data)
    hist = {(h.student_id, h.practice_code) for h in data.history}
    for a in range(model.n):
        sid = data.students[int(model.arc_s[a])].student_id
        code = data.practices[int(model.arc_j[a])].code
        if ranks.get(sid):
            costs[a] += w["preference"] * (ranks[sid][code] - 1 if code in ranks[sid] else max(ranks[sid].values()))
        if (sid, code) in hist:
            costs[a] += w["variety"]
    if w["fairness"]:
        # longest journey of each year: L_y >= sum_j t[k, j] x[k, j] for every student-block k of the year
        years = sorted({data.blocks[int(b)].year for b in model.arc_b})
        col = {y: len(extra.costs) + i for i, y in enumerate(years)}
        extra.costs += [w["fairness"]] * len(years)
        extra.uppers += [1e4] * len(years)
        by_k = defaultdict(list)
        for a in range(model.n):
            by_k[int(model.arc_k[a])].append(a)
        for k, arcs in by_k.items():
            y = rules.need[k][1].year
            extra.rows.append((arcs, [col[y]], [-float(minutes[a]) for a in arcs] + [1.0], 0.0))
    if w["balance"]:
        share = fair_shares(rules)
        by_place = defaultdict(list)
        for a in range(model.n):
            by_place[(int(model.arc_j[a]), int(model.arc_b[a]))].append(a)
        for (j, b), arcs in by_place.items():
            s = share[(data.practices[j].code, data.blocks[b].block_id)]
            if len(arcs) > s:
                c = len(extra.costs)
                extra.costs.append(w["balance"])
                extra.uppers.append(float(len(arcs)))
                extra.rows.append((arcs, [c], [-1.0] * len(arcs) + [1.0], -float(s)))
    if w["variety"]:
        by_student = defaultdict(list)
        for a in range(model.n):
            by_student[(int(model.arc_s[a]), int(model.arc_j[a]))].append(a)
        for arcs in by_student.values():
            if len(arcs) > 1:
                c = len(extra.costs)
                extra.costs.append(w["variety"])
                extra.uppers.append(float(len(arcs)))
                extra.rows.append((arcs, [c], [-1.0] * len(arcs) + [1.0], -1.0))
    return costs, extra


def _add_extra(h, n: int, extra: _Extra) -> None:
    if not extra.costs:
        return
    m = len(extra.costs)
    h.addCols(m, np.array(extra.costs), np.zeros(m), np.array(extra.uppers), 0, np.zeros(0, dtype=np.int32),
              np.zeros(0, dtype=np.int32), np.zeros(0))
    rows = [(np.array(xs + [n + c for c in cs], dtype=np.int64), np.array(vals, dtype=np.float64), lower, np.inf)
            for xs, cs, vals, lower in extra.rows]
    _add_rows(h, rows)


def _child(queue, solve, args, kwargs) -> None:
    import os

    if not kwargs.get("verbose"):  # HiGHS prints a banner on stdout whatever its options say
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    queue.put(solve(*args, **kwargs))


def run_guarded(solve, args: tuple, kwargs: dict, time_limit: float, grace: float, killed):
    """``solve(*args, **kwargs)`` in a child process, killed ``grace`` seconds after ``time_limit``; then
    ``killed(seconds)`` is returned (HiGHS can overrun its limit in presolve).

    The child is spawned, not forked: a fork of a process whose HiGHS has started its worker threads (the
    engine's, run before in the same process) hangs in its first solve."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    start = time.perf_counter()
    child = ctx.Process(target=_child, args=(queue, solve, args, kwargs))
    child.start()
    try:
        return queue.get(timeout=time_limit + grace)
    except Exception:
        return killed(time.perf_counter() - start)
    finally:
        child.join(timeout=1)
        if child.is_alive():
            child.kill()
            child.join()


def solve_milp_guarded(data: DataSet, settings: Settings, time_limit: float = 300.0, grace: float = 60.0,
                       **kwargs) -> MilpResult:
    """``solve_milp`` in a child process that is stopped if HiGHS overruns its limit (``run_guarded``)."""
    return run_guarded(solve_milp, (data, settings, time_limit), kwargs, time_limit, grace,
                       lambda seconds: MilpResult(stage=kwargs.get("stage", "travel"),
                                                  status="killed (overran its time limit)", seconds=seconds))
