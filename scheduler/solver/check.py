"""Checks a plan against every hard rule of the data contract, through the rulebook (``scheduler.rules.hard``)."""

from __future__ import annotations

from collections import Counter

from scheduler.domain import DataSet, Plan
from scheduler.rules.hard import Facts, plan_breaks
from scheduler.settings import Settings


def check_plan(data: DataSet, settings: Settings, plan: Plan, facts: Facts | None = None) -> list[str]:
    """Every hard-rule break in the plan, in plain English (empty = the plan keeps every rule).

    Placements an officer locked are the officer's decision and are not reported; every student-block
    of the data must be placed or reported unplaced, exactly once.
    """
    facts = facts or Facts(data, settings)
    problems = [f"{(b.student_id, b.block_id)} at {b.practice_code}: {b.rule}: {b.text}"
                for b in plan_breaks(facts, plan.placements, excuse_locked=True)]
    placed = Counter((p.student_id, p.block_id) for p in plan.placements)
    unplaced = Counter((u.student_id, u.block_id) for u in plan.unplaced)
    for s, b in data.student_blocks():
        key = (s.student_id, b.block_id)
        if placed[key] + unplaced[key] != 1:
            problems.append(f"{key}: must be either placed or reported unplaced, exactly once")
    return sorted(set(problems))
