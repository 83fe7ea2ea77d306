"""Two officers, one plan, in the window: a change from an out-of-date plan is refused with who changed it,
reloads and is re-applied on request; another officer's save is noticed by polling."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from scheduler.services import Workspace, edits, plans
from scheduler.services.edits import allocation_state


def where(plan, student_id, block_id) -> str | None:
    return allocation_state(plan, student_id, block_id).practice_code


def two_allowed_moves(db, window):
    """Two different placed student-blocks, each with a practice the rules allow."""
    found = []
    with Workspace.open(db) as ws:
        for row in window.students.model.rows():
            if not row.placed or any(r.block.block_id == row.block.block_id for r, _ in found):
                continue
            allowed = [o.practice_code for o in edits.allowed_moves(ws, "Plan A", row.student.student_id,
                                                                   row.block.block_id) if o.allowed]
            if allowed:
                found.append((row, allowed[0]))
            if len(found) == 2:
                return found
    raise AssertionError("the demo plan has no two movable students")


def test_an_out_of_date_change_is_refused_then_reapplied_on_top(make_window, planned_db, monkeypatch, qtbot):
    window = make_window(planned_db)
    (mine, my_target), (theirs, their_target) = two_allowed_moves(planned_db, window)
    with Workspace.open(planned_db) as other:  # another officer, another PC
        other.database.user = "j.smith"
        edits.move_student(other, "Plan A", theirs.student.student_id, theirs.block.block_id, their_target, "j.smith")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _parent, _title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    window.move(mine, my_target)
    qtbot.waitUntil(lambda: bool(asked))  # the refusal is handled once the undo stack is done with the command
    assert asked[0].startswith("Plan 'Plan A' was changed by j.smith at ")
    assert "(moved 1 student)" in asked[0]

    def final_plan():
        with Workspace.open(planned_db) as ws:
            return plans.load_plan(ws, "Plan A")

    qtbot.waitUntil(lambda: where(final_plan(), mine.student.student_id, mine.block.block_id) == my_target)
    final = final_plan()
    assert where(final, theirs.student.student_id, theirs.block.block_id) == their_target  # theirs is kept
    assert where(final, mine.student.student_id, mine.block.block_id) == my_target  # mine was re-applied
    assert window.state.snapshot.plan.version == final.version


def test_polling_reloads_when_another_officer_saves(make_window, planned_db):
    window = make_window(planned_db)
    (row, target), _ = two_allowed_moves(planned_db, window)
    window.plan_watcher.poll()
    shown = window.state.snapshot.plan.version
    with Workspace.open(planned_db) as other:
        edits.move_student(other, "Plan A", row.student.student_id, row.block.block_id, target, "j.smith")
    window.plan_watcher.poll()
    assert window.state.snapshot.plan.version == shown + 1
    assert where(window.state.snapshot.plan, row.student.student_id, row.block.block_id) == target


def test_a_solve_refused_because_its_plan_changed_can_be_kept_as_a_new_plan(make_window, planned_db, monkeypatch):
    import pickle

    from scheduler.services.conflicts import PlanChanged

    window = make_window(planned_db)
    shown = window.state.snapshot.plan
    error = pickle.loads(pickle.dumps(PlanChanged("Plan A", "j.smith", None, "moved 1 student", version=3,
                                                  unsaved=shown)))  # as it comes back from the solve's process
    assert "j.smith" in str(error) and error.unsaved == shown
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    window.plan._solve_failed(error)
    with Workspace.open(planned_db) as ws:
        names = [p.name for p in plans.list_plans(ws)]
        kept = plans.load_plan(ws, "Plan A (2)")
    assert names == ["Plan A", "Plan A (2)"] and kept.placements == shown.placements
    assert window.state.snapshot.plan.name == "Plan A (2)"


def test_the_window_records_changes_under_the_databases_login(make_window, planned_db, qtbot):
    """On a team server the database's login (not the operating-system user) goes into edits and requests."""
    from desktop.state import load_snapshot

    with Workspace.open(planned_db) as ws:
        ws.database.user = "a.khan"  # as a server connection's login
        snapshot = load_snapshot(ws)
    assert snapshot.user == "a.khan"
    window = make_window(planned_db)
    window.state._loaded(snapshot)
    assert window.state.user == "a.khan"
