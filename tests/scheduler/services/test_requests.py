"""Change requests: recorded, decided, kept by the next plan; the minimal-change re-plan moves nobody else."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.domain import Block, DataSet, Practice, Student, TravelOverride
from scheduler.services import Workspace, plans
from scheduler.services.requests import (
    RequestInvalid,
    accept_request,
    add_request,
    decline_request,
    list_requests,
    replan,
)
from scheduler.store import repository

PRACTICES = tuple(Practice(f"P{j}", f"Surgery {j}", frozenset({3}), capacity=3, latitude=53.47, longitude=-2.23)
                  for j in range(1, 5))
STUDENTS = tuple(Student(f"S{i}", "Stu", f"Dent{i}", 3, travel_mode="car") for i in range(1, 9))
BLOCKS = (Block("B1", 3, dt.date(2026, 10, 5), dt.date(2026, 10, 30)),
          Block("B2", 3, dt.date(2027, 1, 11), dt.date(2027, 2, 5)))
DATA = DataSet(practices=PRACTICES, students=STUDENTS, blocks=BLOCKS,
               travel=tuple(TravelOverride(s.student_id, p.code, 10.0 + 7 * ((i + j) % 4))
                            for i, s in enumerate(STUDENTS) for j, p in enumerate(PRACTICES)))


@pytest.fixture
def ws(tmp_path):
    with Workspace.open(str(tmp_path / "placements.db")) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, DATA)
        plans.solve(ws, "Plan 1")
        yield ws


def at(plan, student, block="B1") -> str | None:
    return next((p.practice_code for p in plan.placements if (p.student_id, p.block_id) == (student, block)), None)


def test_an_accepted_avoid_request_is_kept_by_the_minimal_change_replan(ws):
    before = plans.load_plan(ws, "Plan 1")
    where = at(before, "S1")
    request = add_request(ws, "S1", "B1", "avoid", user="officer", reason="a relative works there",
                          practice_code=where)
    assert [r.status for r in list_requests(ws)] == ["open"]
    decision = accept_request(ws, request.id, user="lead")
    assert decision.request.status == "accepted" and decision.request.decided_by == "lead"
    assert decision.breaks == [f"the student asked not to go to {where} (request {request.id}, accepted)"]
    after = replan(ws, "Plan 2").plan
    assert at(after, "S1") not in (None, where)
    others = {(p.student_id, p.block_id, p.practice_code) for p in before.placements if p.student_id != "S1"}
    assert others <= {(p.student_id, p.block_id, p.practice_code) for p in after.placements}
    fresh = plans.solve(ws, "Plan 3").plan  # any later plan keeps it too
    assert at(fresh, "S1") != where


def test_a_practice_request_moves_and_locks_the_student(ws):
    before = plans.load_plan(ws, "Plan 1")
    target = next(p.code for p in PRACTICES if p.code != at(before, "S2", "B2"))
    request = add_request(ws, "S2", "B2", "practice", user="officer", practice_code=target)
    decision = accept_request(ws, request.id, user="lead")
    placed = {(p.student_id, p.block_id): p for p in decision.plan.placements}
    assert placed[("S2", "B2")].practice_code == target and placed[("S2", "B2")].locked
    after = replan(ws, "Plan 2").plan
    assert at(after, "S2", "B2") == target


def test_an_away_request_leaves_the_block_unplaced_with_the_reason(ws):
    request = add_request(ws, "S3", "B2", "away", user="officer", away_from=dt.date(2027, 1, 20),
                          away_to=dt.date(2027, 1, 22))
    accept_request(ws, request.id, user="lead")
    plan = replan(ws, "Plan 2").plan
    reasons = {(u.student_id, u.block_id): u.reason for u in plan.unplaced}
    assert reasons[("S3", "B2")] == f"the student is away 20/01/2027 to 22/01/2027 (request {request.id}, accepted)"
    assert at(plan, "S3", "B1") is not None


def test_a_nearer_request_and_a_declined_one(ws):
    near = add_request(ws, "S4", "B1", "nearer", user="officer", max_minutes=10)
    other = add_request(ws, "S5", "B1", "avoid", user="officer", practice_code="P1")
    accept_request(ws, near.id, user="lead")
    assert decline_request(ws, other.id, user="lead").status == "declined"
    plan = replan(ws, "Plan 2").plan
    assert next(p.travel_minutes for p in plan.placements if (p.student_id, p.block_id) == ("S4", "B1")) <= 10
    with pytest.raises(RequestInvalid, match="already declined"):
        accept_request(ws, other.id, user="lead")


@pytest.mark.parametrize("kwargs, message", [
    ({"student_id": "S99", "block_id": "B1", "kind": "avoid", "practice_code": "P1"}, "no student S99"),
    ({"student_id": "S1", "block_id": "B9", "kind": "avoid", "practice_code": "P1"}, "does not attend a block B9"),
    ({"student_id": "S1", "block_id": "B1", "kind": "teleport"}, "not a kind of request"),
    ({"student_id": "S1", "block_id": "B1", "kind": "nearer"}, "most minutes agreed"),
    ({"student_id": "S1", "block_id": "B1", "kind": "away", "away_from": dt.date(2027, 1, 2),
      "away_to": dt.date(2027, 1, 1)}, "first not after the last"),
])
def test_bad_requests_are_refused_with_the_reason(ws, kwargs, message):
    with pytest.raises(RequestInvalid, match=message):
        add_request(ws, user="officer", **kwargs)
    assert list_requests(ws) == []
