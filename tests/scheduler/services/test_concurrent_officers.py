"""Two officers on one plan, on both back ends: the second save from an out-of-date plan is refused with
who changed it, when and how, and no change is lost."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from scheduler.domain import Block, DataSet, Placement, Plan, Practice, Student
from scheduler.services import Workspace, audit, conflicts, data, edits, plans
from scheduler.services.conflicts import PlanChanged, SettingsChanged
from scheduler.settings import Settings
from scheduler.store import repository

HOME = (53.47, -2.23)


def practice(code: str, capacity: int = 3) -> Practice:
    return Practice(code, f"Surgery {code}", frozenset({3}), capacity=capacity, latitude=HOME[0] + 0.01,
                    longitude=HOME[1], accessible=True)


DATA = DataSet(
    practices=(practice("P1"), practice("P2"), practice("P3")),
    students=tuple(Student(f"S{i}", "First", f"Last{i}", 3, latitude=HOME[0], longitude=HOME[1]) for i in range(1, 5)),
    blocks=(Block("B1", 3, dt.date(2026, 9, 7), dt.date(2026, 9, 11)),),
)
PLAN = Plan("Plan A", tuple(Placement(f"S{i}", "B1", "P1" if i < 3 else "P2", 5.0) for i in range(1, 5)),
            status="optimal", is_current=True)


@pytest.fixture
def officers(db_url):
    """Alice and Bob, each with their own connection to one database holding PLAN at version 1."""
    with Workspace.open(db_url) as setup, setup.session() as s:
        repository.replace_dataset(s, DATA)
        repository.save_plan(s, PLAN)
    alice, bob = Workspace.open(db_url), Workspace.open(db_url)
    alice.database.user, bob.database.user = "alice", "bob"
    yield alice, bob
    alice.close()
    bob.close()


def where(plan: Plan) -> dict[str, str]:
    return {p.student_id: p.practice_code for p in plan.placements}


def test_the_second_officer_gets_the_conflict_message_and_no_change_is_lost(officers):
    alice, bob = officers
    seen_by_alice, seen_by_bob = plans.load_plan(alice, "Plan A"), plans.load_plan(bob, "Plan A")
    assert seen_by_alice.version == seen_by_bob.version == 1

    edits.move_student(alice, "Plan A", "S1", "B1", "P3", "alice", expected_version=seen_by_alice.version)
    edits.set_locked(alice, "Plan A", "S3", "B1", True, "alice", expected_version=2)
    with pytest.raises(PlanChanged) as refused:
        edits.move_student(bob, "Plan A", "S2", "B1", "P2", "bob", expected_version=seen_by_bob.version)

    message = str(refused.value)
    assert message.startswith("Plan 'Plan A' was changed by alice at ")
    assert message.endswith("(locked 1 placement). Reload and re-apply your change?")
    assert refused.value.version == 3
    after_alice = plans.load_plan(bob, "Plan A")
    assert where(after_alice) == {"S1": "P3", "S2": "P1", "S3": "P2", "S4": "P2"}  # Bob's move wrote nothing

    reloaded = plans.load_plan(bob, "Plan A")
    edits.move_student(bob, "Plan A", "S2", "B1", "P2", "bob", expected_version=reloaded.version)
    final = plans.load_plan(alice, "Plan A")
    assert where(final) == {"S1": "P3", "S2": "P2", "S3": "P2", "S4": "P2"}  # both officers' changes are there
    assert {p.student_id for p in final.placements if p.locked} >= {"S3"}
    assert final.version == 4
    assert [(e.user, e.action) for e in audit.events(alice)] == [("alice", "move"), ("alice", "lock"), ("bob", "move")]


def test_a_save_racing_another_inside_its_transaction_is_refused(officers):
    alice, bob = officers
    with bob.session() as s:
        stale = repository.load_plan(s, "Plan A")
        edits.unplace_student(alice, "Plan A", "S4", "B1", "alice")  # commits while Bob's unit of work is open
        with pytest.raises(PlanChanged, match="changed by alice .*moved 1 student"):
            repository.save_plan(s, Plan("Plan A", stale.placements[:1], is_current=True, version=stale.version))
    assert "S4" not in where(plans.load_plan(bob, "Plan A"))
    assert len(plans.load_plan(bob, "Plan A").placements) == 3


def test_simultaneous_moves_one_wins_and_the_other_is_told(officers):
    alice, bob = officers
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def officer(ws: Workspace, student: str) -> None:
        start.wait()
        try:
            outcomes[student] = edits.move_student(ws, "Plan A", student, "B1", "P3", ws.database.user,
                                                   expected_version=1)
        except PlanChanged as exc:
            outcomes[student] = exc

    threads = [threading.Thread(target=officer, args=(alice, "S1")), threading.Thread(target=officer, args=(bob, "S2"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    refused = [k for k, v in outcomes.items() if isinstance(v, PlanChanged)]
    assert len(refused) == 1
    winner = "S1" if refused == ["S2"] else "S2"
    final = plans.load_plan(alice, "Plan A")
    assert final.version == 2 and where(final)[winner] == "P3" and where(final)[refused[0]] == "P1"


def test_a_solve_whose_plan_changed_meanwhile_is_refused_and_can_be_kept_as_a_new_plan(officers):
    alice, bob = officers
    done = []

    def alice_edits_during_the_solve(_progress) -> None:
        if not done:
            done.append(edits.move_student(alice, "Plan A", "S1", "B1", "P3", "alice"))

    from scheduler.progress import TaskState

    with pytest.raises(PlanChanged, match="changed by alice .*moved 1 student") as refused:
        plans.solve(bob, "Plan A", settings=Settings(time_limit_seconds=5, workers=1), replace=True,
                    task=TaskState(on_progress=alice_edits_during_the_solve))
    assert done and where(plans.load_plan(bob, "Plan A"))["S1"] == "P3"  # Alice's change stands
    kept = conflicts.save_as_new_plan(bob, refused.value.unsaved, "Plan A (Bob's solve)")
    assert kept.version == 1 and len(kept.placements) == 4
    assert [p.name for p in plans.list_plans(bob)] == ["Plan A", "Plan A (Bob's solve)"]
    assert plans.load_plan(alice).name == "Plan A (Bob's solve)"


def test_settings_saved_from_an_old_version_are_refused(officers):
    alice, bob = officers
    version = data.settings_version(bob)
    data.save_settings(alice, Settings(seed=7), expected_version=data.settings_version(alice))
    with pytest.raises(SettingsChanged, match="Reload and re-apply"):
        data.save_settings(bob, Settings(seed=9), expected_version=version)
    assert data.load_settings(bob).seed == 7
    data.save_settings(bob, Settings(seed=9), expected_version=data.settings_version(bob))
    assert data.load_settings(alice).seed == 9
    (event, _) = [e for e in audit.events(alice) if e.action == "settings"]
    assert (event.user, event.before, event.after) == ("alice", "seed: 1", "seed: 7")


def test_polling_notices_another_officers_save(officers):
    alice, bob = officers
    seen = conflicts.plan_versions(bob)
    assert seen == {"Plan A": 1}
    edits.move_student(alice, "Plan A", "S1", "B1", "P3", "alice")
    assert conflicts.plan_versions(bob) == {"Plan A": 2}
