"""Checks a plan against every hard rule of the data contract, straight from the domain objects."""

from __future__ import annotations

from collections import Counter

from scheduler.domain import DataSet, Plan
from scheduler.settings import Settings
from scheduler.solver.days import blocks_by_date
from scheduler.travel import travel_matrix


def check_plan(data: DataSet, settings: Settings, plan: Plan) -> list[str]:
    """Every hard-rule violation in the plan, in plain English (empty = the plan keeps every rule)."""
    problems: list[str] = []
    students = {s.student_id: s for s in data.students}
    practices = {p.code: p for p in data.practices}
    blocks = {b.block_id: b for b in data.blocks}
    matrix = travel_matrix(data, settings)
    excluded = {(e.student_id, e.practice_code) for e in data.exclusions}
    locked = {(p.student_id, p.block_id) for p in plan.placements if p.locked}
    need = {(s.student_id, b.block_id) for s, b in data.student_blocks()}
    seen: Counter = Counter()
    at: dict[tuple[str, str], str] = {}
    for pl in plan.placements:
        key = (pl.student_id, pl.block_id)
        seen[key] += 1
        at[key] = pl.practice_code
        s, b, p = students.get(pl.student_id), blocks.get(pl.block_id), practices.get(pl.practice_code)
        if s is None or b is None or p is None or key not in need:
            problems.append(f"{key}: placement for an unknown or non-attending student-block")
            continue
        if key in locked:
            continue
        if not p.active:
            problems.append(f"{key}: practice {p.code} is not active")
        if b.year not in p.years:
            problems.append(f"{key}: practice {p.code} does not teach year {b.year}")
        if key in excluded or (pl.student_id, p.code) in excluded:
            problems.append(f"{key}: excluded from {p.code}")
        if s.needs_accessible and not p.accessible:
            problems.append(f"{key}: {p.code} is not step-free")
        if s.travel_mode == "public" and not p.public_transport:
            problems.append(f"{key}: {p.code} is not reachable by public transport")
        limit = s.max_travel_minutes if s.max_travel_minutes is not None else settings.default_max_travel_minutes
        if round(matrix.between(s.student_id, p.code) * 10) > round(limit * 10):
            problems.append(f"{key}: journey to {p.code} beyond {limit:g} min")
    for key, n in seen.items():
        if n > 1:
            problems.append(f"{key}: placed {n} times")
    unplaced = {(u.student_id, u.block_id) for u in plan.unplaced}
    for key in need:
        if (key in at) == (key in unplaced):
            problems.append(f"{key}: must be either placed or reported unplaced, exactly once")
    load: Counter = Counter((code, bid) for (sid, bid), code in at.items())
    for (code, bid), n in load.items():
        if code in practices and bid in blocks and n > data.capacity(practices[code], bid):
            locked_here = sum(1 for (s, b) in locked if b == bid and at.get((s, b)) == code)
            if n > max(data.capacity(practices[code], bid), locked_here):
                problems.append(f"{code} has {n} students in {bid}, capacity {data.capacity(practices[code], bid)}")
    for day, ids in blocks_by_date(data.blocks).items():
        on = [data.blocks[i].block_id for i in ids]
        per: Counter = Counter(code for (sid, bid), code in at.items() if bid in on)
        for code, n in per.items():
            limit = practices[code].max_students_per_day
            if limit is not None and n > limit:
                problems.append(f"{code} has {n} students on {day.isoformat()}, room for {limit}")
    for pair in data.pairs:
        for b in data.blocks:
            ka, kb = (pair.student_a, b.block_id), (pair.student_b, b.block_id)
            if ka not in need or kb not in need:
                continue
            pa, pb = at.get(ka), at.get(kb)
            if pair.kind == "together" and pa != pb:
                problems.append(f"together pair {pair.student_a}/{pair.student_b} split in {b.block_id}")
            if pair.kind == "apart" and pa is not None and pa == pb:
                problems.append(f"apart pair {pair.student_a}/{pair.student_b} together in {b.block_id}")
    return sorted(set(problems))
