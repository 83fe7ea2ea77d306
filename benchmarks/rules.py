"""The hard rules and soft terms of docs/data-format.md, written again here, independent of the solver's code.

Used by the exact MILP (``benchmarks.milp``) and to check every plan a
benchmark measures. Only the travel estimate (``scheduler.travel``, the
contract's minutes) is shared with the app; nothing here imports
``scheduler.solver``.

    rules = Rules(data, settings)
    rules.options[k]            # allowed practice indices of student-block rules.need[k], nearest first
    check(rules, placed, unplaced)   # every hard-rule violation, as text ([] for a good plan)
    score(rules, placed)        # the six soft terms, from their definitions
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from functools import cached_property

import numpy as np

from scheduler.domain import DataSet, Plan
from scheduler.settings import SOFT_TERMS, Settings
from scheduler.travel import travel_matrix

Key = tuple[str, str]
"""(student_id, block_id)"""


class Rules:
    """A data set's hard rules in index form: who needs a place, where each may go, what limits hold."""

    def __init__(self, data: DataSet, settings: Settings) -> None:
        self.data, self.settings = data, settings
        self.minutes = np.round(travel_matrix(data, settings).minutes, 1)
        self.si = {s.student_id: i for i, s in enumerate(data.students)}
        self.pi = {p.code: j for j, p in enumerate(data.practices)}
        self.bi = {b.block_id: i for i, b in enumerate(data.blocks)}
        cap = np.array([[p.capacity] * len(data.blocks) for p in data.practices], dtype=np.int64)
        cap = cap.reshape(len(data.practices), len(data.blocks))
        seen = set()
        for row in data.capacities:  # an override replaces the practice's default for that block
            key = (row.practice_code, row.block_id)
            if key not in seen and row.practice_code in self.pi and row.block_id in self.bi:
                seen.add(key)
                cap[self.pi[row.practice_code], self.bi[row.block_id]] = row.capacity
        self.cap_table = cap
        self.excluded = {(e.student_id, e.practice_code) for e in data.exclusions}
        valid: dict[tuple[str, str], object] = {}
        for c in data.clearances:  # the latest date of each kind held
            valid[(c.student_id, c.kind)] = max(valid.get((c.student_id, c.kind), c.valid_until), c.valid_until)
        self.clearance_until = valid
        self.tutors: dict[str, list] = defaultdict(list)
        for t in data.tutors:
            self.tutors[t.practice_code].append(t)
        self.need: list[tuple] = [(s, b) for b in data.blocks for s in data.students if b.attended_by(s)]
        self.need_keys: list[Key] = [(s.student_id, b.block_id) for s, b in self.need]
        on: dict = defaultdict(set)
        for b in data.blocks:
            for d in b.teaching_dates():
                on[d].add(b.block_id)
        sets = {frozenset(v) for v in on.values()}
        self.day_sets: list[frozenset[str]] = sorted((s for s in sets if not any(s < o for o in sets)), key=sorted)
        """Maximal sets of blocks on site together on some date: rooms per day hold on each."""
        self.on_date = on
        shown = max(1, settings.evaluation_min_answers)
        self.flagged = {q.practice_code for q in data.scores
                        if q.students >= shown and q.mean < settings.quality_flag_below}
        """Practices whose evaluation score (from enough students) is below the flag."""

    def cap(self, code: str, block_id: str) -> int:
        return int(self.cap_table[self.pi[code], self.bi[block_id]])

    def limit(self, student) -> float:
        return student.max_travel_minutes if student.max_travel_minutes is not None \
            else self.settings.default_max_travel_minutes

    def cleared(self, s, b) -> bool:
        """With any clearances in the data, every kind the settings require runs through the block's last day."""
        if not self.clearance_until:
            return True
        return all(self.clearance_until.get((s.student_id, kind), b.start_date.min) >= b.end_date
                   for kind in self.settings.required_clearances)

    def tutored(self, p, b) -> bool:
        """With any tutors in the data, the practice has an active one trained by the block's first day and not
        due a refresher before its last."""
        return not self.tutors or any(t.active and t.trained_on <= b.start_date and t.refresher_due >= b.end_date
                                      for t in self.tutors.get(p.code, ()))

    def allowed(self, s, b, p) -> bool:
        """The per-placement rules: active, teaches the year, open in the block, not excluded,
        step-free if needed, reachable by public transport if the student uses it, within the travel limit,
        approved through the block's end, hosting the student's programme, the student cleared for the block,
        a tutor in date through it, not flagged for review when the settings avoid flagged practices."""
        if self.settings.avoid_flagged_practices and p.code in self.flagged:
            return False
        return (p.active and b.year in p.years and self.cap(p.code, b.block_id) > 0 and self.tutored(p, b)
                and (p.approved_until is None or p.approved_until >= b.end_date)
                and (not p.programmes or s.programme in p.programmes) and self.cleared(s, b)
                and (s.student_id, p.code) not in self.excluded
                and (p.accessible or not s.needs_accessible)
                and (p.public_transport or s.travel_mode != "public")
                and self.minutes[self.si[s.student_id], self.pi[p.code]] <= self.limit(s) + 1e-9)

    @cached_property
    def options(self) -> list[np.ndarray]:
        """Allowed practice indices of each ``need[k]``, nearest first (the same rules as ``allowed``, vectorised)."""
        data = self.data
        active = np.array([p.active for p in data.practices], dtype=bool)
        accessible = np.array([p.accessible for p in data.practices], dtype=bool)
        public = np.array([p.public_transport for p in data.practices], dtype=bool)
        open_in = [active & (self.cap_table[:, i] > 0) & np.array([b.year in p.years for p in data.practices], dtype=bool)
                   for i, b in enumerate(data.blocks)]
        excluded = defaultdict(set)
        for sid, code in self.excluded:
            if code in self.pi:
                excluded[sid].add(self.pi[code])
        out = []
        for s, b in self.need:
            i = self.si[s.student_id]
            ok = open_in[self.bi[b.block_id]].copy()
            ok &= np.array([p.approved_until is None or p.approved_until >= b.end_date for p in data.practices],
                           dtype=bool)
            ok &= np.array([not p.programmes or s.programme in p.programmes for p in data.practices], dtype=bool)
            ok &= np.array([self.tutored(p, b) for p in data.practices], dtype=bool)
            if not self.cleared(s, b):
                ok[:] = False
            if s.needs_accessible:
                ok &= accessible
            if s.travel_mode == "public":
                ok &= public
            ok &= self.minutes[i] <= self.limit(s) + 1e-9
            ok[list(excluded.get(s.student_id, ()))] = False
            if self.settings.avoid_flagged_practices:
                ok[[self.pi[code] for code in self.flagged if code in self.pi]] = False
            js = np.nonzero(ok)[0]
            out.append(js[np.argsort(self.minutes[i, js], kind="stable")] if len(js) else js)
        return out

    @property
    def options_by_key(self) -> dict[Key, list[int]]:
        return {key: opts.tolist() for key, opts in zip(self.need_keys, self.options)}


def plan_maps(plan: Plan) -> tuple[dict[Key, str], set[Key]]:
    """A plan as (placed: (student, block) -> practice code, unplaced keys)."""
    return ({(p.student_id, p.block_id): p.practice_code for p in plan.placements},
            {(u.student_id, u.block_id) for u in plan.unplaced})


def check(rules: Rules, placed: dict[Key, str], unplaced: set[Key]) -> list[str]:
    """Every hard-rule violation of a plan (placed: (student, block) -> practice code); [] when it keeps them all."""
    data, bad = rules.data, []
    students = {s.student_id: s for s in data.students}
    practices = {p.code: p for p in data.practices}
    blocks = {b.block_id: b for b in data.blocks}
    need = set(rules.need_keys)
    for key in need:
        if (key in placed) == (key in unplaced):
            bad.append(f"{key} not exactly once in placements/unplaced")
    for key in (set(placed) | set(unplaced)) - need:
        bad.append(f"{key} is not a student-block that needs a placement")
    for (sid, bid), code in placed.items():
        if (sid, bid) in need and (code not in practices or not rules.allowed(students[sid], blocks[bid], practices[code])):
            bad.append(f"{sid} {bid} {code} breaks a per-placement rule")
    load = Counter((code, bid) for (sid, bid), code in placed.items() if code in practices)
    for (code, bid), n in load.items():
        if n > rules.cap(code, bid):
            bad.append(f"{code} {bid} over capacity ({n} > {rules.cap(code, bid)})")
    for day, bids in rules.on_date.items():
        per = Counter(code for (sid, bid), code in placed.items() if bid in bids)
        for code, n in per.items():
            lim = practices[code].max_students_per_day if code in practices else None
            if lim is not None and n > lim:
                bad.append(f"{code} over rooms on {day} ({n} > {lim})")
    for pair in data.pairs:
        for b in data.blocks:
            a, c = (pair.student_a, b.block_id), (pair.student_b, b.block_id)
            if a in need and c in need:
                if pair.kind == "together" and placed.get(a) != placed.get(c):
                    bad.append(f"together {a} {c} split")
                if pair.kind == "apart" and a in placed and placed.get(a) == placed.get(c):
                    bad.append(f"apart {a} {c} together")
    return bad


def check_plan(rules: Rules, plan: Plan) -> list[str]:
    return check(rules, *plan_maps(plan))


def travel(rules: Rules, placed: dict[Key, str]) -> float:
    """Total one-way minutes of a plan (the travel-only objective)."""
    return float(sum(rules.minutes[rules.si[sid], rules.pi[code]] for (sid, _), code in placed.items()))


def score(rules: Rules, placed: dict[Key, str]) -> dict[str, float]:
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
    ranks = preference_ranks(data)
    for (sid, _), c in placed.items():
        if ranks.get(sid):
            terms["preference"] += ranks[sid][c] - 1 if c in ranks[sid] else max(ranks[sid].values())
    hist = {(h.student_id, h.practice_code) for h in data.history}
    terms["variety"] = sum(1 for (sid, _), c in placed.items() if (sid, c) in hist)
    per = Counter((sid, c) for (sid, _), c in placed.items())
    terms["variety"] += sum(n - 1 for n in per.values() if n > 1)
    terms["quality"] = sum(1 for c in placed.values() if c in rules.flagged)
    return terms


def preference_ranks(data: DataSet) -> dict[str, dict[str, int]]:
    ranks: dict[str, dict[str, int]] = defaultdict(dict)
    for p in data.preferences:
        ranks[p.student_id][p.practice_code] = p.rank
    return ranks


def fair_shares(rules: Rules) -> dict[tuple[str, str], int]:
    """Per practice and block: ceil(demand / capacity offered among candidates * capacity)."""
    out = {}
    data = rules.data
    for b in data.blocks:
        ks = [k for k, (s, blk) in enumerate(rules.need) if blk.block_id == b.block_id]
        used = {int(j) for k in ks for j in rules.options[k]}
        offered = sum(min(rules.cap(data.practices[j].code, b.block_id), rooms(rules, j, b)) for j in used)
        share = min(1.0, len(ks) / offered) if offered else 1.0
        for j, p in enumerate(data.practices):
            out[(p.code, b.block_id)] = math.ceil(share * min(rules.cap(p.code, b.block_id), rooms(rules, j, b)) - 1e-9)
    return out


def rooms(rules: Rules, j: int, b) -> int:
    lim = rules.data.practices[j].max_students_per_day
    return 10**9 if lim is None or not b.teaching_dates() else lim


def objective(weights: dict[str, float], terms: dict[str, float]) -> float:
    return sum(weights.get(k, 0.0) * terms[k] for k in SOFT_TERMS)
