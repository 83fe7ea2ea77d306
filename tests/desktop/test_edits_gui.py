"""Manual changes from the window: move (with the dialog), refusal and override, swap, lock; all undoable."""

from __future__ import annotations

import pytest
from modals import answer_modal
from PySide6.QtWidgets import QInputDialog, QMessageBox

from scheduler.services import Workspace, edits
from scheduler.services.edits import allocation_state


def placed_rows(window):
    return [r for r in window.students.model.rows() if r.placed]


def options_for(db, row):
    with Workspace.open(db) as ws:
        return edits.allowed_moves(ws, "Plan A", row.student.student_id, row.block.block_id)


def where(window, row) -> str | None:
    return allocation_state(window.state.snapshot.plan, row.student.student_id, row.block.block_id).practice_code


@pytest.fixture
def window(make_window, planned_db):
    return make_window(planned_db)


def test_move_then_undo_and_redo(window, planned_db):
    row = next(r for r in placed_rows(window) if any(o.allowed for o in options_for(planned_db, r)))
    target = next(o.practice_code for o in options_for(planned_db, row) if o.allowed)
    before = row.practice.code
    window.move(row, target)
    assert where(window, row) == target
    assert window.state.snapshot.plan.status == "edited"
    student = row.student.full_name
    assert window.undo_action.isEnabled() and window.undo_action.text().replace("&", "").startswith(
        f"Undo: move {student} to ")
    toolbar_text = window.undo_tool.text()
    assert student in window.undo_tool.toolTip()
    window.undo_action.trigger()
    assert where(window, row) == before and window.undo_tool.text() == toolbar_text == "Undo"
    assert window.statusBar().currentMessage().startswith(f"Undone: move {student}")
    window.redo_action.trigger()
    assert where(window, row) == target
    with Workspace.open(planned_db) as ws:
        actions = [e.action for e in edits.list_edits(ws, "Plan A")]
    assert actions == ["move", "undo", "move"]  # each service called once per change
    assert window.plan.edit_model.rowCount() == 3


def test_refused_move_explains_and_override_is_recorded(window, planned_db, qtbot):
    row = placed_rows(window)[0]
    forbidden = next(o for o in options_for(planned_db, row) if not o.allowed)
    window.confirm_override = lambda text: None
    window.move(row, forbidden.practice_code)
    qtbot.waitUntil(lambda: window.message_bar.isVisibleTo(window))
    assert "Not changed" in window.message_bar.label.text()
    assert where(window, row) == row.practice.code
    assert window.undo_stack.count() == 0 and window.undo_stack.index() == 0
    asked = []
    window.confirm_override = lambda text: asked.append(text) or "the GP asked for this student"
    window.move(row, forbidden.practice_code)
    qtbot.waitUntil(lambda: where(window, row) == forbidden.practice_code)
    assert forbidden.reason.split(";")[0] in asked[0]
    assert window.undo_stack.count() == 1  # the refused try left the stack
    placed = next(p for p in window.state.snapshot.plan.placements
                  if (p.student_id, p.block_id) == (row.student.student_id, row.block.block_id))
    assert placed.lock_reason == "the GP asked for this student" and placed.override
    with Workspace.open(planned_db) as ws:
        assert edits.list_edits(ws, "Plan A")[-1].action == "move (override)"
    window.undo_action.trigger()
    assert where(window, row) == row.practice.code


def test_swap_and_undo(window):
    window.confirm_override = lambda text: "by agreement"
    rows = placed_rows(window)
    a = rows[0]
    b = next(r for r in rows if r.block.block_id == a.block.block_id and r.practice.code != a.practice.code)
    window.swap(a, b)
    assert (where(window, a), where(window, b)) == (b.practice.code, a.practice.code)
    window.undo_action.trigger()
    assert (where(window, a), where(window, b)) == (a.practice.code, b.practice.code)


def test_lock_button_locks_and_undo_unlocks(window):
    page = window.students
    page.filters.checks["unplaced"].setChecked(False)
    row = placed_rows(window)[0]
    page.select([(row.student.student_id, row.block.block_id)])
    assert page.lock_button.isEnabled() and page.lock_button.text() == "&Lock"
    window.ask_lock_reason = lambda row: ""
    page.lock_button.click()
    key = (row.student.student_id, row.block.block_id)
    assert allocation_state(window.state.snapshot.plan, *key).locked
    assert page.selected_rows()[0].locked and page.lock_button.text() == "Un&lock"
    window.undo_action.trigger()
    assert not allocation_state(window.state.snapshot.plan, *key).locked


def test_move_dialog_lists_allowed_practices_and_needs_override_for_others(window, planned_db, qtbot):
    row = placed_rows(window)[0]
    options = options_for(planned_db, row)
    window.confirm_override = lambda text: "unused"
    dialog = window.open_move_dialog(row)
    qtbot.addWidget(dialog)
    allowed = [o for o in options if o.allowed]
    assert dialog.proxy.rowCount() == len(allowed)
    dialog.filters.checks["forbidden"].setChecked(True)
    assert dialog.proxy.rowCount() == len(options)
    forbidden = next(o for o in options if not o.allowed)
    assert dialog.select_practice(forbidden.practice_code)
    assert not dialog._ok().isEnabled() and dialog.override.isVisibleTo(dialog)
    assert "Not allowed" in dialog.reason.text()
    dialog.override.setChecked(True)
    assert not dialog._ok().isEnabled()  # an override needs a reason
    dialog.why.setText("the practice agreed to take one more")
    assert dialog._ok().isEnabled()
    assert dialog.choice() == (forbidden.practice_code, True, "the practice agreed to take one more")
    dialog._ok().click()
    assert where(window, row) == forbidden.practice_code
    placed = next(p for p in window.state.snapshot.plan.placements
                  if (p.student_id, p.block_id) == (row.student.student_id, row.block.block_id))
    assert placed.lock_reason == "the practice agreed to take one more" and placed.override


def test_swap_button_needs_two_students_of_one_block(window):
    page = window.students
    rows = placed_rows(window)
    a = rows[0]
    b = next(r for r in rows if r.block.block_id == a.block.block_id and r.student.student_id != a.student.student_id)
    c = next(r for r in rows if r.block.block_id != a.block.block_id)
    page.select([(a.student.student_id, a.block.block_id), (b.student.student_id, b.block.block_id)])
    assert page.swap_button.isEnabled()
    page.select([(a.student.student_id, a.block.block_id), (c.student.student_id, c.block.block_id)])
    assert not page.swap_button.isEnabled()


def test_locking_a_placement_keeps_what_was_typed_in_the_forms(window):
    window.settings_page.school.setText("Typed but not saved")
    window.settings_page.max_travel.setValue(77)
    window.plan.weight_spins["travel"].setValue(9.5)
    window.plan.name_edit.setText("Plan typed")
    page = window.students
    page.filters.checks["unplaced"].setChecked(False)
    row = placed_rows(window)[0]
    page.select([(row.student.student_id, row.block.block_id)])
    window.ask_lock_reason = lambda row: ""
    page.lock_button.click()
    assert allocation_state(window.state.snapshot.plan, row.student.student_id, row.block.block_id).locked
    assert window.settings_page.school.text() == "Typed but not saved"
    assert window.settings_page.max_travel.value() == 77
    assert window.plan.weight_spins["travel"].value() == 9.5
    assert window.plan.name_edit.text() == "Plan typed"


def test_closing_the_move_dialog_drops_its_job(make_window, planned_db, qtbot):
    window = make_window(planned_db, synchronous=False)
    row = placed_rows(window)[0]
    dialog = window.open_move_dialog(row)
    job = dialog.own_jobs.running()[0]
    dialog.reject()
    assert job.discarded
    qtbot.waitUntil(lambda: not window.jobs.is_busy(), timeout=10_000)
    assert dialog.model.rowCount() == 0 and not dialog.own_jobs.running()


def test_a_failed_undo_empties_the_stack_and_reloads_the_plan(window, planned_db, qtbot, monkeypatch):
    row = next(r for r in placed_rows(window) if any(o.allowed for o in options_for(planned_db, r)))
    target = next(o.practice_code for o in options_for(planned_db, row) if o.allowed)
    window.move(row, target)
    assert window.undo_stack.count() == 1

    def fails(*_args, **_kwargs):
        raise ValueError("the plan changed elsewhere")

    monkeypatch.setattr(edits, "restore_allocations", fails)
    loads = []
    window.state.changed.connect(loads.append)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.undo_stack.count() == 0 and len(loads) > 0, timeout=5000)
    assert "plan changed elsewhere" in window.message_bar.label.text()
    assert not window.undo_action.isEnabled() and where(window, row) == target


def test_swap_shows_both_journeys_before_and_after_and_asks_first(window, planned_db):
    rows = placed_rows(window)
    a = rows[0]
    b = next(r for r in rows if r.block.block_id == a.block.block_id and r.practice.code != a.practice.code)
    with Workspace.open(planned_db) as ws:
        preview = edits.swap_preview(ws, "Plan A", a.block.block_id, a.student.student_id, b.student.student_id)
    after = {sid: minutes for sid, _here, _now, _there, minutes in preview.journeys}
    questions = []
    window.confirm_swap = lambda text: questions.append(text) or False
    window.confirm_override = lambda text: "by agreement"
    page = window.students
    page.filters.checks["unplaced"].setChecked(False)
    page.select([(a.student.student_id, a.block.block_id), (b.student.student_id, b.block.block_id)])
    page.swap_button.click()
    assert len(questions) == 1
    for row, other in ((a, b), (b, a)):
        line = next(x for x in questions[0].splitlines() if x.startswith(row.student.full_name + ":"))
        assert (f"{row.practice.name} {row.travel_minutes:,.0f} min → {other.practice.name} "
                f"{after[row.student.student_id]:,.0f} min") in line
    assert (where(window, a), where(window, b)) == (a.practice.code, b.practice.code)  # declined: nothing changed
    window.confirm_swap = lambda text: True
    page.swap_button.click()
    assert (where(window, a), where(window, b)) == (b.practice.code, a.practice.code)
    for row in (a, b):  # the journeys shown beforehand are the ones the swap made
        state = allocation_state(window.state.snapshot.plan, row.student.student_id, row.block.block_id)
        assert state.travel_minutes == pytest.approx(after[row.student.student_id])


def test_lock_asks_for_an_optional_reason_which_is_kept_and_shown(window):
    page = window.students
    page.filters.checks["unplaced"].setChecked(False)
    first, second = placed_rows(window)[:2]
    key = (first.student.student_id, first.block.block_id)
    window.ask_lock_reason = lambda row: None  # Cancel: nothing is locked
    page.select([key])
    page.lock_button.click()
    assert not allocation_state(window.state.snapshot.plan, *key).locked
    window.ask_lock_reason = lambda row: "agreed with the GP"
    page.select([key])
    page.lock_button.click()
    placement = next(p for p in window.state.snapshot.plan.placements if (p.student_id, p.block_id) == key)
    assert placement.locked and placement.lock_reason == "agreed with the GP"
    assert "locked: agreed with the GP" in [page.proxy.index(page.proxy.mapFromSource(
        page.model.index(page.model.position_of(*key), 0)).row(), c).data() for c in range(page.model.columnCount())]
    window.show_page(window.pages.index(window.plan))
    locks = window.plan.lock_model
    assert any(locks.index(r, c).data() == "agreed with the GP" for r in range(locks.rowCount())
               for c in range(locks.columnCount()))
    window.ask_lock_reason = lambda row: ""  # no reason given: locked all the same
    second_key = (second.student.student_id, second.block.block_id)
    window.show_page(window.pages.index(page))
    page.select([second_key])
    page.lock_button.click()
    assert allocation_state(window.state.snapshot.plan, *second_key).locked


def test_the_lock_dialog_takes_the_reason_typed(window):
    page = window.students
    page.filters.checks["unplaced"].setChecked(False)
    row = placed_rows(window)[0]
    key = (row.student.student_id, row.block.block_id)
    page.select([key])
    asked = []

    def type_reason(dialog):
        asked.append(dialog.labelText() if isinstance(dialog, QInputDialog) else type(dialog).__name__)
        dialog.setTextValue("  the GP asked for her  ")
        dialog.accept()

    answer_modal(type_reason)
    page.lock_button.click()
    assert "optional" in asked[0] and row.student.full_name in asked[0]
    placed = next(p for p in window.state.snapshot.plan.placements if (p.student_id, p.block_id) == key)
    assert placed.locked and placed.lock_reason == "the GP asked for her"


def test_the_swap_question_names_both_journeys_and_no_leaves_the_plan(window):
    rows = placed_rows(window)
    a = rows[0]
    b = next(r for r in rows if r.block.block_id == a.block.block_id and r.practice.code != a.practice.code)
    page = window.students
    page.filters.checks["unplaced"].setChecked(False)
    page.select([(a.student.student_id, a.block.block_id), (b.student.student_id, b.block.block_id)])
    asked = []

    def say_no(box):
        asked.append(box.text() if isinstance(box, QMessageBox) else type(box).__name__)
        box.button(QMessageBox.StandardButton.No).click()

    answer_modal(say_no)
    page.swap_button.click()
    text = asked[0]
    for row in (a, b):
        assert f"{row.student.full_name}: {row.practice.name} {row.travel_minutes:,.0f} min → " in text
    assert (where(window, a), where(window, b)) == (a.practice.code, b.practice.code)
    window.confirm_override = lambda text: "by agreement"
    answer_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    page.swap_button.click()
    assert (where(window, a), where(window, b)) == (b.practice.code, a.practice.code)
