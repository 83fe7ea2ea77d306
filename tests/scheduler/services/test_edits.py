"""Hand edits of a plan: every hard rule refuses a move with its reason, overrides and edits are recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.domain import Block, CapacityOverride, DataSet, Exclusion, Pair, Placement, Plan, Practice, Student
from scheduler.services import Workspace, edits
from scheduler.services.edits import EditRefused, allocation_state
from scheduler.store import repository

HOME = (53.4700, -2.2300)
MON, FRI = dt.date(2026, 9, 7), dt.date(2026, 9, 11)


def practice(code: str, **kw) -> Practice:
    values = dict(name=f"Surgery {code}", years=frozenset({3, 4}), capacity=2, latitude=HOME[0] + 0.005,
                  longitude=HOME[1], accessible=True)
    values.update(kw)
    return Practice(code=code, **values)


def student(sid: str, year: int = 3, **kw) -> Student:
    return Student(student_id=sid, first_name="First", last_name=f"Last{sid}", year=year, latitude=HOME[0],
                   longitude=HOME[1], **kw)


DATA = DataSet(
    practices=(
        practice("NEAR1", max_students_per_day=3),
        practice("NEAR2", capacity=1, accessible=False),
        practice("OPEN1"),
        practice("OPEN2"),
        practice("INACT", active=False),
        practice("Y4ONLY", years=frozenset({4})),
        practice("STEPS", accessible=False),
        practice("NOBUS", public_transport=False),
        practice("FAR", latitude=HOME[0] + 1.0),
        practice("CLOSED", capacity=0),
    ),
    students=(student("S1"), student("S2"), student("S3", needs_accessible=True), student("S4"), student("S6"),
              student("S5", year=4)),
    blocks=(Block("B1", 3, MON, FRI), Block("B2", 4, MON, FRI)),
    capacities=(CapacityOverride("NEAR1", "B1", 3),),
    exclusions=(Exclusion("S1", "OPEN2", "sibling works there"),),
    pairs=(Pair("S4", "S6", "together"), Pair("S1", "S2", "apart")),
)

PLAN = Plan(
    name="Plan A",
    placements=(
        Placement("S1", "B1", "NEAR1", 12.0), Placement("S3", "B1", "NEAR1", 12.0), Placement("S2", "B1", "NEAR2", 12.0),
        Placement("S4", "B1", "OPEN1", 12.0), Placement("S6", "B1", "OPEN1", 12.0), Placement("S5", "B2", "NEAR1", 12.0),
    ),
    status="optimal", objective=100.0, bound=100.0, is_current=True,
)


@pytest.fixture
def ws(db_url):
    with Workspace.open(db_url) as workspace:
        with workspace.session() as s:
            repository.replace_dataset(s, DATA)
            repository.save_plan(s, PLAN)
        yield workspace


def reasons_for(ws, sid: str, code: str) -> str:
    options = {o.practice_code: o for o in edits.allowed_moves(ws, "Plan A", sid, "B1")}
    return options[code].reason


def test_allowed_moves_lists_every_other_practice_allowed_first(ws):
    options = edits.allowed_moves(ws, "Plan A", "S2", "B1")
    codes = [o.practice_code for o in options]
    assert sorted(codes) == sorted(p.code for p in DATA.practices if p.code != "NEAR2")
    allowed = [o.practice_code for o in options if o.allowed]
    assert set(allowed) == {"OPEN2", "STEPS"}
    assert codes[:2] == allowed  # allowed first, then nearest
    assert all(o.reason == "" for o in options if o.allowed)
    assert all(o.reason for o in options if not o.allowed)
    open2 = next(o for o in options if o.practice_code == "OPEN2")
    assert open2.free_places == 2 and 0 < open2.travel_minutes < 60


@pytest.mark.parametrize(("sid", "code", "expected"), [
    ("S2", "INACT", "inactive"),
    ("S2", "Y4ONLY", "does not teach year 3"),
    ("S2", "CLOSED", "offers no places"),
    ("S2", "OPEN1", "full"),
    ("S2", "NEAR1", "consulting rooms"),
    ("S2", "NEAR1", "kept apart from S1"),
    ("S2", "NOBUS", "public transport"),
    ("S2", "FAR", "over the student's limit"),
    ("S3", "STEPS", "step-free"),
    ("S1", "OPEN2", "conflict of interest"),
    ("S4", "OPEN2", "paired with S6"),
])
def test_each_hard_rule_names_itself(ws, sid, code, expected):
    assert expected in reasons_for(ws, sid, code)


def test_the_exclusion_reason_itself_is_never_shown(ws):
    assert "sibling" not in reasons_for(ws, "S1", "OPEN2")


def test_move_saves_locks_marks_edited_and_records(ws):
    plan = edits.move_student(ws, "Plan A", "S2", "B1", "OPEN2", "officer1")
    moved = allocation_state(plan, "S2", "B1")
    assert moved.practice_code == "OPEN2" and moved.locked and moved.travel_minutes > 0
    assert plan.status == "edited" and plan.objective is None
    with ws.session() as s:
        stored = repository.load_plan(s, "Plan A")
    assert allocation_state(stored, "S2", "B1").practice_code == "OPEN2"
    assert len(stored.placements) == len(PLAN.placements)
    [record] = edits.list_edits(ws, "Plan A")
    assert (record.user, record.action) == ("officer1", "move")
    assert "S2" in record.detail and "NEAR2 -> OPEN2" in record.detail


def test_rule_breaking_move_is_refused_and_nothing_changes(ws):
    with pytest.raises(EditRefused) as refused:
        edits.move_student(ws, "Plan A", "S2", "B1", "FAR", "officer1")
    assert any("limit" in r for r in refused.value.reasons)
    with ws.session() as s:
        assert repository.load_plan(s, "Plan A").placements == PLAN.placements
    assert edits.list_edits(ws, "Plan A") == []


def test_override_is_allowed_and_recorded_with_the_reason(ws):
    plan = edits.move_student(ws, "Plan A", "S2", "B1", "FAR", "officer1", override=True)
    assert allocation_state(plan, "S2", "B1").practice_code == "FAR"
    [record] = edits.list_edits(ws, "Plan A")
    assert record.action == "move (override)" and "limit" in record.detail


def test_swap_exchanges_practices(ws):
    plan = edits.swap_students(ws, "Plan A", "B1", "S1", "S2", "officer2")
    assert allocation_state(plan, "S1", "B1").practice_code == "NEAR2"
    assert allocation_state(plan, "S2", "B1").practice_code == "NEAR1"
    assert edits.list_edits(ws, "Plan A")[-1].action == "swap"


def test_swap_that_breaks_a_rule_is_refused(ws):
    with pytest.raises(EditRefused) as refused:
        edits.swap_students(ws, "Plan A", "B1", "S3", "S2", "officer2")
    assert any(r.startswith("S3:") and "step-free" in r for r in refused.value.reasons)


def test_swap_needs_two_placed_students_at_different_practices(ws):
    with pytest.raises(EditRefused):
        edits.swap_students(ws, "Plan A", "B1", "S4", "S6", "officer2")


def test_lock_and_unlock_keep_the_plan_status(ws):
    plan = edits.set_locked(ws, "Plan A", "S4", "B1", True, "officer1")
    assert allocation_state(plan, "S4", "B1").locked and plan.status == "optimal"
    plan = edits.set_locked(ws, "Plan A", "S4", "B1", False, "officer1")
    assert not allocation_state(plan, "S4", "B1").locked
    assert [e.action for e in edits.list_edits(ws, "Plan A")] == ["lock", "unlock"]


def test_restore_puts_back_exactly_what_was_there(ws):
    before = [allocation_state(PLAN, "S1", "B1"), allocation_state(PLAN, "S2", "B1")]
    edits.swap_students(ws, "Plan A", "B1", "S1", "S2", "officer1")
    plan = edits.restore_allocations(ws, "Plan A", before, "officer1")
    assert [allocation_state(plan, s, "B1") for s in ("S1", "S2")] == before
    assert edits.list_edits(ws, "Plan A")[-1].action == "undo"


def test_unplace_then_move_back(ws):
    plan = edits.unplace_student(ws, "Plan A", "S2", "B1", "officer1")
    assert allocation_state(plan, "S2", "B1").practice_code is None
    options = edits.allowed_moves(ws, "Plan A", "S2", "B1")
    assert "NEAR2" in {o.practice_code for o in options if o.allowed}
    plan = edits.move_student(ws, "Plan A", "S2", "B1", "NEAR2", "officer1")
    assert allocation_state(plan, "S2", "B1").practice_code == "NEAR2"


def test_unknown_plan_or_block_is_reported(ws):
    from scheduler.store.errors import PlanNotFound

    with pytest.raises(PlanNotFound):
        edits.allowed_moves(ws, "No such plan", "S2", "B1")
    with pytest.raises(LookupError):
        edits.move_student(ws, "Plan A", "S2", "B9", "OPEN2", "officer1")
