"""The Plan page: Run (synchronously and on a real thread), Stop, weights, scenarios and comparison."""

from __future__ import annotations

import multiprocessing

import pytest

from scheduler.services import Workspace, data


def test_run_makes_a_plan_and_shows_its_results(make_window, data_db):
    window = make_window(data_db)
    page = window.plan
    assert window.state.snapshot.plan is None and page.name_edit.text() == "Plan 1"
    page.time_spin.setValue(5)
    page.run_button.click()
    plan = window.state.snapshot.plan
    assert plan is not None and plan.name == "Plan 1"
    assert page.plan_model.rowCount() == 1
    assert page.year_model.rowCount() == 5
    assert sum(c for _, c in page.histogram.bins) == len(plan.placements)
    assert page.unplaced_model.rowCount() == len(plan.unplaced)
    assert "Plan 1" in page.progress.message.text()
    assert window.students.model.rowCount() == len(plan.placements) + len(plan.unplaced)


def test_weights_and_time_limit_go_to_the_solver_and_are_kept(make_window, data_db):
    window = make_window(data_db)
    page = window.plan
    page.weight_spins["travel"].setValue(3.5)
    page.weight_spins["variety"].setValue(0.0)
    page.time_spin.setValue(4)
    page.run_solve()
    with Workspace.open(data_db) as ws:
        settings = data.load_settings(ws)
    assert settings.weights["travel"] == 3.5 and settings.weights["variety"] == 0.0
    assert settings.time_limit_seconds == 4


def test_scenarios_copy_rename_make_current_delete(make_window, planned_db):
    window = make_window(planned_db)
    page = window.plan
    answers = iter(["Plan B", "Plan C"])
    page.ask_text = lambda *a: next(answers)
    page.confirm = lambda *a: True
    page._select_plans(["Plan A"])
    page.copy_button.click()
    names = [p.name for p in window.state.snapshot.plans]
    assert sorted(names) == ["Plan A", "Plan B"] and window.state.snapshot.plan.name == "Plan B"
    page._select_plans(["Plan B"])
    page.rename_button.click()
    assert sorted(p.name for p in window.state.snapshot.plans) == ["Plan A", "Plan C"]
    page._select_plans(["Plan C"])
    page.current_button.click()
    assert window.state.snapshot.current_plan_name == "Plan C"
    page._select_plans(["Plan A"])
    page.delete_button.click()
    assert [p.name for p in window.state.snapshot.plans] == ["Plan C"]


def test_new_plan_sets_the_name_for_the_next_run(make_window, planned_db):
    window = make_window(planned_db)
    window.plan.ask_text = lambda *a: "Scenario with cars"
    window.plan.new_button.click()
    assert window.plan.name_edit.text() == "Scenario with cars"


def test_compare_two_plans_side_by_side(make_window, planned_db):
    window = make_window(planned_db)
    page = window.plan
    page.ask_text = lambda *a: "Plan B"
    page._select_plans(["Plan A"])
    page.copy_button.click()
    page._select_plans(["Plan A", "Plan B"])
    assert page.compare_button.isEnabled()
    page.compare_button.click()
    dialog = window.compare_dialog
    figures = {dialog.model.index(r, 0).data(): (dialog.model.index(r, 1).data(), dialog.model.index(r, 2).data())
               for r in range(dialog.model.rowCount())}
    assert figures["Placed"][0] == figures["Placed"][1]
    assert figures["Student-blocks at a different practice"] == ("0", "0")
    assert "Longest journey (min)" in figures and "Year 3: longest journey (min)" in figures
    assert dialog.moves_model.rowCount() == 0


def test_compare_lists_the_students_a_hand_edit_moved(make_window, planned_db):
    from desktop.models.allocations import allocation_rows
    from scheduler.services import edits

    window = make_window(planned_db)
    page = window.plan
    page.ask_text = lambda *a: "Plan B"
    page._select_plans(["Plan A"])
    page.copy_button.click()
    assert window.state.snapshot.plan.name == "Plan B"
    rows = [r for r in allocation_rows(window.state.snapshot.dataset, window.state.snapshot.plan) if r.placed]
    with Workspace.open(planned_db) as ws:
        row, target = next((r, o.practice_code) for r in rows
                           for o in edits.allowed_moves(ws, "Plan B", r.student.student_id, r.block.block_id)
                           if o.allowed)
    window.move(row, target)
    page._select_plans(["Plan A", "Plan B"])
    page.compare_button.click()
    moves = window.compare_dialog.moves_model
    assert moves.rowCount() == 1
    column_of_b = 3 if window.compare_dialog.comparison.b == "Plan B" else 2
    assert (moves.index(0, 0).data(), moves.index(0, column_of_b).data()) == (row.student.student_id, target)


def test_run_and_stop_on_a_real_thread_keeps_the_best_plan(make_window, data_db, qtbot):
    window = make_window(data_db, synchronous=False)
    page = window.plan
    page.time_spin.setValue(60)
    job = page.run_solve()
    assert job is not None and page.is_solving()
    qtbot.waitUntil(lambda: any(p.name == "gp-placements worker" for p in multiprocessing.active_children()),
                    timeout=10_000)
    qtbot.waitUntil(lambda: page.progress.last is not None, timeout=30_000)
    assert page.is_solving()
    page.progress.stop_button.click()
    qtbot.waitUntil(lambda: not page.is_solving(), timeout=60_000)
    qtbot.waitUntil(lambda: window.state.snapshot.plan is not None, timeout=15_000)
    plan = window.state.snapshot.plan
    assert plan.name == "Plan 1" and plan.placements and plan.status == "stopped"
    assert page.progress.message.text().startswith("Plan 1: stopped early,")
    assert page.run_button.isEnabled() and not page.progress.stop_button.isEnabled()


def test_replan_with_minimal_change_keeps_locked_placements(make_window, planned_db):
    window = make_window(planned_db)
    row = next(r for r in window.students.model.rows() if r.placed)
    window.set_locked(row, True)
    page = window.plan
    page.min_change_check.setChecked(True)
    page.time_spin.setValue(5)
    asked = []
    page.ask_make_current = lambda outcome: asked.append(outcome) or True  # the officer takes the re-plan
    page.run_solve()
    assert "kept changes small" in asked[0].kept_because  # its cost counts moves: asked, not made current
    plan = window.state.snapshot.plan
    assert plan.name == asked[0].plan.name and plan.is_current
    kept = next(p for p in plan.placements if (p.student_id, p.block_id) == (row.student.student_id, row.block.block_id))
    assert kept.practice_code == row.practice.code and kept.locked
    assert "moved from the previous plan" in page.progress.message.text()


def test_a_minimal_change_replan_leaves_the_current_plan_current_unless_the_officer_chooses(make_window,
                                                                                          planned_db):
    window = make_window(planned_db)
    page = window.plan
    page.min_change_check.setChecked(True)
    page.time_spin.setValue(5)

    def keep_plan_a(_outcome):  # while the question is open, the plan watcher polls: the new plan is ours
        window.plan_watcher.poll()
        return False

    page.ask_make_current = keep_plan_a
    page.run_solve()
    assert "Another officer" not in window.statusBar().currentMessage()
    assert {p.name: p.is_current for p in window.state.snapshot.plans}["Plan A"]
    assert window.state.snapshot.plan.name == "Plan A"
    assert "stays the current plan" in page.progress.message.text()


def test_export_the_shown_plan(make_window, planned_db, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = make_window(planned_db)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "out"))
    window.export_action.trigger()
    assert (tmp_path / "out" / "placements.csv").exists() and (tmp_path / "out" / "unplaced.csv").exists()


def test_a_stop_that_ends_without_a_plan_leaves_the_page_ready(make_window, data_db, qtbot, monkeypatch):
    from scheduler.progress import Cancelled

    def gives_up(ws, name, settings, min_change, replace, locks_from, task):
        task._cancel.wait(timeout=10)  # returns as soon as Stop is pressed
        raise Cancelled()  # what a stop that outlives CANCEL_GRACE_SECONDS delivers

    monkeypatch.setattr("desktop.pages.plan.solve_plan", gives_up)
    window = make_window(data_db, synchronous=False)
    page = window.plan
    ended = []
    page.solve_finished.connect(ended.append)
    page.run_solve()
    assert page.is_solving() and not page.run_button.isEnabled()
    page.progress.stop_button.click()
    qtbot.waitUntil(lambda: ended == [None], timeout=10_000)
    assert not page.is_solving() and page.run_button.isEnabled()
    assert not page.progress.stop_button.isEnabled() and page.progress.bar.format() == "Done"
    assert "Stopped" in page.progress.message.text()


def test_running_under_an_existing_name_keeps_the_old_plan_unless_replace_is_chosen(make_window, planned_db):
    from scheduler.services import plans

    with Workspace.open(planned_db) as ws:
        before = plans.load_plan(ws, "Plan A")
    window = make_window(planned_db)
    page = window.plan
    assert page.name_edit.text() == "Plan 1"  # a new name by default, never the shown plan's
    asked = []
    page.ask_replace = lambda name, new: asked.append((name, new)) or "new"
    page.name_edit.setText("Plan A")
    page.run_solve()
    assert asked == [("Plan A", "Plan 1")]
    with Workspace.open(planned_db) as ws:
        assert plans.load_plan(ws, "Plan A").placements == before.placements
        assert sorted(p.name for p in plans.list_plans(ws)) == ["Plan 1", "Plan A"]
    assert window.state.snapshot.plan.name == "Plan 1"
    page.ask_replace = lambda name, new: None  # Cancel: nothing runs
    page.name_edit.setText("Plan A")
    assert page.run_solve() is None
    with Workspace.open(planned_db) as ws:
        assert len(plans.list_plans(ws)) == 2
    page.ask_replace = lambda name, new: "replace"
    page.name_edit.setText("Plan A")
    page.run_solve()
    with Workspace.open(planned_db) as ws:
        assert sorted(p.name for p in plans.list_plans(ws)) == ["Plan 1", "Plan A"]
        assert plans.load_plan(ws).name == "Plan A"


def test_a_lock_made_in_one_plan_is_kept_by_a_new_plans_run(make_window, planned_db):
    from scheduler.services import edits

    window = make_window(planned_db)
    plan = window.state.snapshot.plan
    row = next(r for r in window.students.model.rows() if r.placed and not r.locked)
    sid, bid = row.student.student_id, row.block.block_id
    with Workspace.open(planned_db) as ws:
        target = next(o for o in edits.allowed_moves(ws, plan.name, sid, bid) if o.allowed)
    window.move(row, target.practice_code)  # a move by hand is locked, so that new plans keep it
    moved = next(p for p in window.state.snapshot.plan.placements if (p.student_id, p.block_id) == (sid, bid))
    assert moved.practice_code == target.practice_code and moved.locked and moved.locked_by == window.state.user
    window.plan.run_solve()
    new = window.state.snapshot.plan
    assert new.name != plan.name
    kept = next(p for p in new.placements if (p.student_id, p.block_id) == (sid, bid))
    assert kept.practice_code == target.practice_code and kept.locked and kept.locked_by == window.state.user


def test_an_unplaced_student_can_be_explained_and_moved_from_the_unplaced_list(make_window, planned_db):
    window = make_window(planned_db)
    page = window.plan
    plan = window.state.snapshot.plan
    assert page.unplaced_model.rowCount() == len(plan.unplaced) > 0
    page.results.setCurrentWidget(page.unplaced_panel)
    page.unplaced_table.selectRow(0)
    row = page.selected_unplaced()
    told = []
    page.show_reason = lambda who, reason: told.append((who, reason))
    page._unplaced_action("why")
    assert told and told[0][1] == row.reason and row.student_id in told[0][0]
    opened = []
    window.open_move_dialog_for = lambda *args: opened.append(args)
    page.move_requested.disconnect()
    page.move_requested.connect(window.open_move_dialog_for)
    page.unplaced_table.doubleClicked.emit(page.unplaced_proxy.index(0, 0))
    page._unplaced_action("candidates")
    assert opened == [(row.student_id, row.block_id, False), (row.student_id, row.block_id, True)]


def test_the_move_dialog_for_an_unplaced_student_lists_every_practice_with_its_reason(make_window, planned_db, qtbot):
    window = make_window(planned_db)
    u = window.state.snapshot.plan.unplaced[0]
    dialog = window.open_move_dialog_for(u.student_id, u.block_id, show_forbidden=True)
    qtbot.addWidget(dialog)
    assert dialog.proxy.rowCount() == len(window.state.snapshot.dataset.practices)
    assert all(o.reason for o in dialog.options if not o.allowed)
    dialog.reject()


def test_the_locks_tab_lists_who_locked_what_when_and_why(make_window, planned_db):
    window = make_window(planned_db)
    row = next(r for r in window.students.model.rows() if r.placed and not r.locked)
    window.set_locked(row, True, reason="agreed with the practice")
    locks = window.plan.lock_model.rows()
    assert [(r.student_id, r.block_id, r.locked_by, r.reason) for r in locks] == [
        (row.student.student_id, row.block.block_id, window.state.user, "agreed with the practice")]
    assert locks[0].locked_at != "–" and "Loc&ks (1)" == window.plan.results.tabText(2)


def test_run_on_an_empty_database_says_what_to_do_instead_of_failing(make_window, empty_db):
    window = make_window(empty_db)
    window.run_action.trigger()
    assert window.plan.solve_job is None and window.message_bar.isHidden()
    assert "import your data" in window.statusBar().currentMessage()
    assert window.plan.progress.bar.format() != "Done"


def _stop_worse(monkeypatch):
    """The solver hands back what a Stop after a few seconds gives: a stopped plan costing more."""
    import dataclasses

    from scheduler import solver
    from scheduler.solver.result import SolveResult

    real = solver.solve

    def stopped_early(data, settings, **kw):
        plan = real(data, settings, **kw).plan
        return SolveResult(dataclasses.replace(plan, status="stopped", objective=(plan.objective or 0) * 2 + 100))

    monkeypatch.setattr(solver, "solve", stopped_early)


@pytest.mark.parametrize("choice", [False, True])
def test_a_stopped_run_leaves_the_current_plan_current_unless_the_officer_chooses(make_window, planned_db,
                                                                                    monkeypatch, choice):
    from desktop.dialogs.current_plan_choice import side_by_side

    _stop_worse(monkeypatch)
    window = make_window(planned_db)
    page = window.plan
    before = window.state.snapshot.plan
    asked = []
    page.ask_make_current = lambda outcome: asked.append(outcome) or choice
    page.name_edit.setText("Plan 2")
    page.run_solve()
    assert len(asked) == 1
    question = side_by_side(asked[0])
    assert "Plan A (current)" in question and "Plan 2 (new)" in question
    assert f"{before.objective:,.0f}" in question and f"{asked[0].plan.objective:,.0f}" in question
    current = {p.name for p in window.state.snapshot.plans if p.is_current}
    assert {p.name for p in window.state.snapshot.plans} == {"Plan A", "Plan 2"}
    if choice:
        assert current == {"Plan 2"} and window.state.snapshot.plan.name == "Plan 2"
    else:
        assert current == {"Plan A"} and window.state.snapshot.plan.name == "Plan A"
        assert "Plan A stays the current plan" in page.progress.message.text()
