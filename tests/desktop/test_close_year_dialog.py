"""File > Close the year…: the preview, the confirmation an incomplete plan needs, the close, and a stale preview
refused with nothing changed."""

from __future__ import annotations

from scheduler.services import Workspace, data, plans, requests, years


def _dialog(window, qtbot):
    dialog = window.open_close_year_dialog()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.closing is not None, timeout=10_000)
    return dialog


def test_closing_the_year_from_the_window_previews_then_closes_with_the_officers_confirmation(
        make_window, planned_db, qtbot):
    with Workspace.open(planned_db) as ws:
        plan = plans.load_plan(ws, plans.list_plans(ws)[0].name)
    assert plan.unplaced  # the small demo leaves some students unplaced: the officer must confirm
    window = make_window(planned_db)
    dialog = _dialog(window, qtbot)
    assert dialog.plan_choice.currentText() == plan.name
    pairs = len({(p.student_id, p.practice_code) for p in plan.placements})
    assert f"history rows to add ({plan.name}): {pairs:,}" in dialog.preview.text()
    assert "unplaced" in dialog.warning.text() and dialog.anyway.isVisible()
    assert not dialog.close_button.isEnabled()
    dialog.anyway.setChecked(True)
    assert dialog.close_button.isEnabled() and dialog.close_button.text() == "Close 2026/27"
    dialog.close_button.click()
    with Workspace.open(planned_db) as ws:
        held = {y["academic_year"]: y for y in years.years_held(ws)}
        assert held["2026/27"]["closed"] and held["2026/27"]["final_plan"] == plan.name
        assert plans.list_plans(ws) == [] and data.load_settings(ws).academic_year == "2027/28"
    qtbot.waitUntil(lambda: window.state.snapshot.plan is None and not window.state.snapshot.plans, timeout=10_000)
    assert "Closed 2026/27" in window.statusBar().currentMessage()


def test_a_preview_that_went_stale_closes_nothing(make_window, planned_db, qtbot):
    window = make_window(planned_db)
    dialog = _dialog(window, qtbot)
    dialog.anyway.setChecked(True)
    with Workspace.open(planned_db) as ws:  # meanwhile, on another PC of the office
        student, block = data.load_dataset(ws).student_blocks()[0]
        requests.add_request(ws, student.student_id, block.block_id, "nearer", "colleague", max_minutes=20)
    dialog.close_button.click()
    assert "Nothing was closed" in dialog.refusal.text() and "changed since the preview" in dialog.refusal.text()
    with Workspace.open(planned_db) as ws:
        assert not any(y["closed"] for y in years.years_held(ws))
        assert plans.list_plans(ws)
    qtbot.waitUntil(lambda: dialog.closing is not None, timeout=10_000)  # the preview is read again
    assert "change requests to archive: 1" in dialog.preview.text()
