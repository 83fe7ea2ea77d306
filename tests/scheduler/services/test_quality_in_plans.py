"""A practice flagged by its students' evaluations, in the database, steers the next solve: ``--weight quality``
moves students off it at the same count, ``--avoid-flagged`` places nobody there."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from scheduler.cli.main import main
from scheduler.demo import make_demo
from scheduler.evaluations.returns import Answer
from scheduler.services import Workspace, plans
from scheduler.store import evaluation_rows, repository

ARGS = ["--time-limit", "10", "--workers", "1", "--quiet", "--replace"]


@pytest.fixture
def flagged(db_url):
    """The small demo solved once; the practice with the most students there then gets poor answers from 3."""
    with Workspace.open(db_url) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, make_demo(1, "small"))
        assert main(["solve", "--db", ws.url, "--plan", "Plan 1", *ARGS]) == 0
        first = plans.load_plan(ws)
        code, _ = Counter(p.practice_code for p in first.placements).most_common(1)[0]
        there = [p for p in first.placements if p.practice_code == code][:3]
        marks: dict[str, int | None] = dict.fromkeys(evaluation_rows.QUESTION_COLUMNS, 1)
        with ws.session() as s:
            evaluation_rows.record_answers(s, [Answer(p.student_id, p.block_id, code, marks, "", False, "test")
                                               for p in there], dt.datetime(2026, 10, 1))
        yield ws, code, first


def at(plan, code: str) -> int:
    return sum(1 for p in plan.placements if p.practice_code == code)


def test_the_quality_weight_moves_students_off_a_flagged_practice_at_the_same_count(flagged):
    ws, code, first = flagged
    assert main(["solve", "--db", ws.url, "--plan", "Plan 1", "--weight", "quality=1000", *ARGS]) == 0
    weighted = plans.load_plan(ws, "Plan 1")
    assert len(weighted.placements) == len(first.placements)
    assert at(weighted, code) < at(first, code) and weighted.terms["quality"] == at(weighted, code)


def test_avoid_flagged_places_nobody_there(flagged):
    ws, code, first = flagged
    assert main(["solve", "--db", ws.url, "--plan", "Plan 2", "--avoid-flagged", *ARGS]) == 0
    assert at(plans.load_plan(ws, "Plan 2"), code) == 0 < at(first, code)
