"""The Requests page: a request recorded and accepted in the app is kept by the minimal-change re-plan it offers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex

from scheduler.services import Workspace, plans, requests


def _open(window):
    window.show_page(window.pages.index(window.requests))
    return window.requests


def test_an_accepted_request_is_kept_by_the_replan_which_moves_no_one_else(make_window, planned_db):
    window = make_window(planned_db)
    page = _open(window)
    before = window.state.snapshot.plan
    placement = before.placements[0]
    sid, bid, avoided = placement.student_id, placement.block_id, placement.practice_code

    dialog = page.open_new_request()
    dialog.set_choice(dialog.student, sid)
    dialog.set_choice(dialog.block, bid)
    dialog.set_choice(dialog.kind, "avoid")
    assert dialog.form.isRowVisible(dialog.practice) and not dialog.form.isRowVisible(dialog.minutes)
    dialog.set_choice(dialog.practice, avoided)
    dialog.reason.setText("a relative works there")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert not dialog.isVisible()
    assert page.model.rowCount() == 1
    row = page.model.row_at(0)
    assert (row.student_id, row.block_id, row.status, row.wish) == (sid, bid, "open", f"not to go to {avoided}")

    questions = []
    page.confirm = lambda title, text: questions.append(text) or True
    page.select([row.id])
    page.accept_button.click()
    assert questions and "moving as few students as possible" in questions[0]

    after = window.state.snapshot.plan
    assert after.name == f"{before.name} re-planned"
    assert {p.name for p in window.state.snapshot.plans} == {before.name, after.name}
    where = {(p.student_id, p.block_id): p.practice_code for p in after.placements}
    assert where.get((sid, bid)) not in (None, avoided)
    others = {(p.student_id, p.block_id, p.practice_code) for p in before.placements if p.student_id != sid}
    assert others <= set((p.student_id, p.block_id, p.practice_code) for p in after.placements)
    accepted = page.model.row_at(0)
    assert accepted.status == "accepted" and accepted.decided_by == window.state.user and accepted.decided
    assert not page.accept_button.isEnabled()
    with Workspace.open(planned_db) as ws:  # a later plan from scratch keeps it too
        fresh = plans.solve(ws, "Fresh").plan
    assert next(p.practice_code for p in fresh.placements if (p.student_id, p.block_id) == (sid, bid)) != avoided


def test_a_second_replan_gets_a_name_of_its_own_and_declines_stay_on_record(make_window, planned_db):
    with Workspace.open(planned_db) as ws:
        plan = plans.load_plan(ws)
        one, two = plan.placements[0], plan.placements[5]
        first = requests.add_request(ws, one.student_id, one.block_id, "nearer", "officer", max_minutes=60)
        second = requests.add_request(ws, two.student_id, two.block_id, "other", "officer", reason="new address")
    window = make_window(planned_db)
    page = _open(window)
    page.confirm = lambda *a: True
    page.filters.combos["status"].setCurrentText("open")
    assert page.proxy.rowCount() == 2
    page.select([second.id])
    page.decline_button.click()
    assert page.proxy.rowCount() == 1
    page.select([first.id])
    page.accept_button.click()
    page.replan(window.state.snapshot.plan.name)  # again, from the re-planned plan
    names = [p.name for p in window.state.snapshot.plans]
    assert sorted(names) == ["Plan A", "Plan A re-planned", "Plan A re-planned 2"]
    page.filters.combos["status"].setCurrentText("declined")
    assert page.proxy.rowCount() == 1 and page.proxy.row_at(0).id == second.id


def test_a_refused_request_is_explained_in_the_dialog_and_nothing_is_recorded(make_window, planned_db):
    window = make_window(planned_db)
    page = _open(window)
    dialog = page.open_new_request()
    dialog.set_choice(dialog.kind, "away")
    dialog.away_from.setDate(dialog.away_to.date().addDays(3))
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert dialog.isVisible() and "first not after the last" in dialog.problem.text()
    assert page.model.rowCount() == 0


def test_the_audit_records_every_accepted_and_declined_request(make_window, planned_db):
    with Workspace.open(planned_db) as ws:
        plan = plans.load_plan(ws)
        one, two, three = plan.placements[0], plan.placements[5], plan.placements[9]
        avoid = requests.add_request(ws, one.student_id, one.block_id, "avoid", "officer",
                                     practice_code=one.practice_code)
        other = requests.add_request(ws, two.student_id, two.block_id, "other", "officer", reason="new address")
        move = requests.add_request(ws, three.student_id, three.block_id, "practice", "officer",
                                    practice_code=three.practice_code)
    window = make_window(planned_db)
    page = _open(window)
    page.confirm = lambda *a: False  # no re-plan now
    for request, button in ((avoid, page.accept_button), (other, page.decline_button), (move, page.accept_button)):
        page.select([request.id])
        button.click()
    window.show_page(window.pages.index(window.audit))
    events = {(e.action, e.what) for e in window.audit.model.rows()}
    assert ("accept request", f"request {avoid.id}: {one.student_id} in {one.block_id} (avoid {one.practice_code})") in events
    assert ("decline request", f"request {other.id}: {two.student_id} in {two.block_id} (other)") in events
    assert ("accept request", f"request {move.id}: {three.student_id} in {three.block_id} "
            f"(practice {three.practice_code})") in events


@pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard")  # the offscreen platform's popups
def test_the_student_and_practice_pickers_match_ignoring_accents_and_case_on_any_part(make_window, planned_db,
                                                                                      qtbot):
    window = make_window(planned_db)
    page = _open(window)
    dialog = page.open_new_request()
    student = next(s for s in window.state.snapshot.dataset.students if s.full_name == "Órla Ó Súilleabháin")
    completer = dialog.student.completer()
    for typed in ("orla", "ÓRLA", "suilleabhain", "abhain orl", student.student_id[-4:]):
        dialog.student.lineEdit().clear()
        qtbot.keyClicks(dialog.student.lineEdit(), typed)
        found = [completer.completionModel().index(r, 0).data() for r in range(completer.completionModel().rowCount())]
        assert f"{student.full_name} ({student.student_id})" in found, typed
        assert len(found) < dialog.student.count()
    dialog.student.lineEdit().clear()
    qtbot.keyClicks(dialog.student.lineEdit(), "suilleabhain")
    completer.activated[QModelIndex].emit(completer.completionModel().index(0, 0))  # picked from the list
    assert dialog.student.currentData() == student.student_id
    completer.popup().hide()
    dialog.set_choice(dialog.kind, "practice")
    practice = window.state.snapshot.dataset.practices[0]
    word = practice.name.split()[0].upper()
    dialog.practice.lineEdit().clear()
    qtbot.keyClicks(dialog.practice.lineEdit(), word)
    found = [dialog.practice.completer().completionModel().index(r, 0).data()
             for r in range(dialog.practice.completer().completionModel().rowCount())]
    assert f"{practice.name} ({practice.code})" in found
