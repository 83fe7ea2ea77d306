"""The CP-SAT adapter: the rulebook's rows as CP-SAT constraints, and the plan's costs as named penalty terms.

``CpSatBuilder`` turns the rows of ``scheduler.rules.ties`` (the rules that tie
placements together, the same rows HiGHS and GLOP are given) into CP-SAT
constraints: a row of ones at most 1 becomes a clause or an at-most-one, a row
no plan can break is left out, the rest are linear. The rules' own columns
(longest journey per year, students over a fair share, repeats) are integer
variables. Every penalty term is ``(name, variable, coefficient)`` in the
solver's integer hundredths, in the style of OR-Tools' shift scheduling
example: every penalty is named, so the app can say which wish was given up.
The per-placement aims (``scheduler.rules.aims``) price each arc here.
"""

from __future__ import annotations

import math
from typing import Callable, Sequence

import numpy as np
from ortools.sat.python import cp_model

from scheduler.rules import aims, ties
from scheduler.rules.units import tenths
from scheduler.solver.problem import MOVE_WEIGHT, SCALE, Problem

Term = tuple[str, cp_model.LinearExprT, int]


def _labels(p: Problem) -> dict[str, Callable[[int], str]]:
    """How the penalty of each rule's column is named, from its key."""
    data = p.candidates.data
    return {
        "fairness": lambda year: f"year {year}",
        "balance": lambda place: "{} in {}".format(data.practices[place // p.n_blocks].code,
                                                  data.blocks[place % p.n_blocks].block_id),
        "variety": lambda key: "{} twice at {}".format(data.students[key // p.n_practices].student_id,
                                                      data.practices[key % p.n_practices].code),
        "interprofessional": lambda arc: "{}@{} alone at {}".format(
            *p.candidates.key(p.units[int(p.arc_unit[arc])][0]), data.practices[int(p.arc_practice[arc])].code),
    }


class CpSatBuilder(ties.Builder[Problem]):
    """The CP-SAT model of the rules over the kept arcs: one Boolean per arc, the rules' rows and columns."""

    def __init__(self, problem: Problem, model: cp_model.CpModel, arcs: np.ndarray) -> None:
        super().__init__(problem, arcs)
        self.model = model
        data = problem.candidates.data
        chosen = [model.new_bool_var(f"place[{self.label(int(u))}->{data.practices[int(j)].code}]")
                  for u, j in zip(self.unit, problem.arc_practice[self.arcs])]
        self.vars: list[cp_model.IntVar | None] = list(chosen)
        """Every column's variable: the arcs', then each rule column's once a row needs it."""
        self.x = {int(a): v for a, v in zip(self.arcs, chosen)}
        """Global arc number -> its Boolean."""
        self.by_unit: dict[int, list[int]] = {}
        for a, u in zip(self.arcs.tolist(), self.unit.tolist()):
            self.by_unit.setdefault(u, []).append(a)
        self.columns: list[tuple[str, int, int, int, int]] = []
        """(rule, key, cost, lower, top) of each rule column, numbered after the arcs."""
        self.names = _labels(problem)

    def label(self, u: int) -> str:
        p = self.problem
        sid, block = p.candidates.key(p.units[u][0])
        return f"{sid}@{block}"

    def add_columns(self, rule: str, keys: np.ndarray, cost: np.ndarray, lower: np.ndarray,
                    top: np.ndarray) -> np.ndarray:
        first = len(self.vars)
        for key, c, lo, hi in zip(keys.tolist(), cost.tolist(), lower.tolist(), top.tolist()):
            self.columns.append((rule, int(key), int(round(c)), int(round(lo)), int(round(max(lo, hi)))))
            self.vars.append(None)  # made when a row needs it
        return first + np.arange(len(keys))

    def _var(self, c: int) -> cp_model.IntVar:
        var = self.vars[c]
        if var is None:
            rule, key, _, lower, top = self.columns[c - len(self.arcs)]
            var = self.vars[c] = self.model.new_int_var(lower, top, f"{rule}[{self.names[rule](key)}]")
        return var

    def _range(self, c: int) -> tuple[int, int]:
        if c < len(self.arcs):
            return 0, 1
        _, _, _, lower, top = self.columns[c - len(self.arcs)]
        return lower, top

    def add_rows(self, rule: str, keys: np.ndarray, row: np.ndarray, col: np.ndarray, val: np.ndarray,
                 lower: np.ndarray, upper: np.ndarray) -> None:
        order = np.lexsort((col, row))
        row, col, coef = row[order], col[order], np.rint(val[order]).astype(np.int64)
        starts = np.searchsorted(row, np.arange(len(keys) + 1))
        for r, key in enumerate(keys.tolist()):
            cols, coefs = col[starts[r]:starts[r + 1]].tolist(), coef[starts[r]:starts[r + 1]].tolist()
            lo, up = float(lower[r]), float(upper[r])
            ranges = [self._range(c) for c in cols]
            most = sum(v * (hi if v > 0 else low) for v, (low, hi) in zip(coefs, ranges))
            least = sum(v * (low if v > 0 else hi) for v, (low, hi) in zip(coefs, ranges))
            if most <= up and least >= lo:
                continue  # no plan breaks it
            self._constraint(cols, coefs, lo, up).WithName(f"{rule}[{key}]")

    def _constraint(self, cols: list[int], coefs: list[int], lo: float, up: float) -> cp_model.Constraint:
        n = len(self.arcs)
        if up == 1 and all(c < n for c in cols) and all(v == 1 for v in coefs):
            lits = [self._var(c) for c in cols]
            if lo == 1:
                return self.model.add_exactly_one(lits)
            if len(lits) == 2:
                return self.model.add_bool_or([~lit for lit in lits])
            return self.model.add_at_most_one(lits)
        expr = cp_model.LinearExpr.WeightedSum([self._var(c) for c in cols], coefs)
        if lo == -math.inf:
            return self.model.add(expr <= int(round(up)))
        if up == math.inf:
            return self.model.add(expr >= int(round(lo)))
        return self.model.add_linear_constraint(expr, int(round(lo)), int(round(up)))

    def column_terms(self) -> list[Term]:
        """The rules' columns as penalty terms (a column no row needs stays at its lower bound)."""
        terms: list[Term] = []
        for c, (rule, key, cost, lower, _) in enumerate(self.columns, start=len(self.arcs)):
            var = self.vars[c]
            if cost:
                terms.append((f"{rule}[{self.names[rule](key)}]", lower if var is None else var, cost))
        return terms

    def hint(self, rules: Sequence[ties.TyingRule], plan: np.ndarray) -> None:
        """Hints every variable with its value in ``plan`` (chosen arc per unit): the rules' checks give theirs."""
        chosen = set(int(a) for a in plan if a >= 0)
        for a, arc in self.x.items():
            self.model.add_hint(arc, a in chosen)
        with_columns = {rule for rule, *_ in self.columns}
        values = {rule.name: rule.check(self.problem, plan) for rule in rules if rule.name in with_columns}
        for c, (rule, key, _, lower, _) in enumerate(self.columns, start=len(self.arcs)):
            column = self.vars[c]
            if column is not None:
                amounts = values[rule]
                self.model.add_hint(column, amounts.get(key, lower) if isinstance(amounts, dict) else lower)


def build(problem: Problem, model: cp_model.CpModel, arcs: np.ndarray, *, placed: int | None,
          floors: dict[int, int] | None) -> tuple[CpSatBuilder, Sequence[ties.TyingRule]]:
    """The rulebook's model over ``arcs``: every hard rule, the count fixed at ``placed`` and the tying aims."""
    builder = CpSatBuilder(problem, model, arcs)
    rules = ties.model_rules(problem, soft=True, placed=placed, floors=floors)
    for rule in rules:
        rule.rows(builder)
    return builder, rules


def _per_arc(ctx: CpSatBuilder, name: str, values: np.ndarray) -> list[Term]:
    terms: list[Term] = []
    for a, coef in zip(ctx.arcs, values):
        if coef:
            terms.append((f"{name}[{ctx.x[int(a)].Name()[6:-1]}]", ctx.x[int(a)], int(coef)))
    return terms


def _member_values(ctx: CpSatBuilder, fn: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
    """Sum over a unit's members of fn(student index, practice index) for each kept arc."""
    p = ctx.problem
    out = np.zeros(len(ctx.arcs), dtype=np.int64)
    units = p.arc_unit[ctx.arcs]
    prac = p.arc_practice[ctx.arcs]
    size = p.unit_size[units]
    single = size == 1
    first = np.array([p.units[u][0] for u in units], dtype=np.int64) if len(units) else np.zeros(0, dtype=np.int64)
    out[single] = fn(p.candidates.sb_student[first[single]], prac[single], first[single])
    for i in np.nonzero(~single)[0]:
        members = np.array(p.units[units[i]], dtype=np.int64)
        out[i] = int(fn(p.candidates.sb_student[members], np.full(len(members), prac[i]), members).sum())
    return out


def _placement_aim(ctx: CpSatBuilder, name: str) -> list[Term]:
    """A per-placement aim of ``scheduler.rules.aims``, weighted, on every kept arc."""
    p = ctx.problem
    w = p.weight_tenths[name]
    if not w:
        return []
    threshold10 = int(tenths(p.settings.long_travel_threshold_minutes))
    values = _member_values(ctx, lambda s, j, k: aims.per_placement(
        p.journey_tenths[s, j], threshold10, p.rank_cost[s, j], p.history[s, j], p.flagged[j])[name])
    return _per_arc(ctx, name, w * values)


def travel(ctx: CpSatBuilder) -> list[Term]:
    """Soft: total one-way minutes of all placements (weight ``travel`` per minute)."""
    return _placement_aim(ctx, "travel")


def long_travel(ctx: CpSatBuilder) -> list[Term]:
    """Soft: minutes beyond the comfort threshold, counted again (weight ``long_travel``)."""
    return _placement_aim(ctx, "long_travel")


def preference(ctx: CpSatBuilder) -> list[Term]:
    """Soft: rank steps away from the student's first choice (unranked = one past their last rank)."""
    return _placement_aim(ctx, "preference")


def history(ctx: CpSatBuilder) -> list[Term]:
    """Soft: a placement at a practice the student has been to before (part of ``variety``)."""
    return _placement_aim(ctx, "variety")


def quality(ctx: CpSatBuilder) -> list[Term]:
    """Soft: a placement at a practice flagged for review (weight ``quality`` per student-block)."""
    return _placement_aim(ctx, "quality")


def moves(ctx: CpSatBuilder) -> list[Term]:
    """Soft: min-change re-planning, a student-block not at its previous practice (large weight)."""
    p = ctx.problem
    if p.previous is None:
        return []
    cost = int(MOVE_WEIGHT * SCALE)
    terms: list[Term] = []
    for u, arcs in ctx.by_unit.items():
        moved_if = [k for k in p.units[u] if p.previous[k] >= 0]
        if not moved_if:
            continue
        for a in arcs:
            n = sum(1 for k in moved_if if p.previous[k] != p.arc_practice[a])
            if n:
                terms.append((f"moves[{ctx.label(u)}]", ctx.x[a], n * cost))
        # unplaced: all previously placed members moved
        unplaced = 1 - cp_model.LinearExpr.sum([ctx.x[a] for a in arcs])
        terms.append((f"moves[{ctx.label(u)} unplaced]", unplaced, len(moved_if) * cost))
    return terms


PER_ARC_AIMS = (travel, long_travel, preference, history, quality, moves)
"""The aims priced on each arc (the rules' own columns price the rest: ``CpSatBuilder.column_terms``)."""
