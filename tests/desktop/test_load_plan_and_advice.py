"""Plan > Load plan from file… (breaks listed before anything is saved) and the Where to recruit tab."""

from __future__ import annotations

import csv
import datetime as dt

from desktop.dialogs.load_plan_dialog import check_job, show_findings
from scheduler.services import Workspace, plans


def exported(planned_db: str, tmp_path) -> str:
    with Workspace.open(planned_db) as ws:
        path, _ = plans.export_plan(ws, tmp_path / "out")
    return str(path)


def checked(db: str, path: str):
    with Workspace.open(db) as ws:
        return check_job(ws, path)


def test_a_clean_file_loads_as_a_new_plan(make_window, planned_db, tmp_path, qtbot):
    window = make_window(planned_db)
    dialog = show_findings(window, checked(planned_db, exported(planned_db, tmp_path)))
    qtbot.addWidget(dialog)
    assert "keep every hard rule" in dialog.headline.text()
    assert dialog.load_button.isEnabled() and not dialog.accept_overrides.isVisible()
    dialog.name.setText("From Excel")
    dialog.accept()
    assert "From Excel" in {p.name for p in window.state.snapshot.plans}


def test_a_broken_file_lists_the_breaks_and_saves_nothing_unless_accepted(make_window, planned_db, tmp_path, qtbot):
    path = exported(planned_db, tmp_path)
    with open(path, encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    rows.append(rows[1])  # the first student placed twice in the block
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    window = make_window(planned_db)
    dialog = show_findings(window, checked(planned_db, path))
    qtbot.addWidget(dialog)
    assert f"row {len(rows)}: student {rows[1][0]}" in dialog.findings.toPlainText()
    assert not dialog.load_button.isEnabled()
    dialog.reject()
    assert [p.name for p in window.state.snapshot.plans] == ["Plan A"]
    dialog = show_findings(window, checked(planned_db, path))
    qtbot.addWidget(dialog)
    dialog.accept_overrides.setChecked(True)
    assert dialog.load_button.isEnabled()


def test_where_to_recruit_lists_confirmed_advice(make_window, planned_db):
    window = make_window(planned_db)
    panel = window.plan.advice
    panel.find()
    assert "no plan can place more than" in panel.summary.text()
    assert panel.model.rowCount() >= 1


def test_where_to_recruit_shows_progress_and_its_result_is_kept_with_the_plan(make_window, planned_db, qsettings):
    window = make_window(planned_db)
    panel = window.plan.advice
    assert panel.when.text() == "" and panel.model.rowCount() == 0  # nothing kept yet
    shown = []
    show_progress = panel._progress
    panel._progress = lambda p: shown.append((panel.bar.isVisibleTo(panel), panel.stop_button.isVisibleTo(panel),
                                              p.message)) or show_progress(p)
    panel.find()
    assert shown and all(bar and stop for bar, stop, _ in shown)  # progress and Stop while it ran
    assert any(m.startswith("Counting") for *_, m in shown)
    assert not panel.bar.isVisibleTo(panel) and not panel.stop_button.isVisibleTo(panel)
    rows = panel.model.rowCount()
    assert rows >= 1
    window.close()
    again = make_window(planned_db)  # the tab opened again, another day: the last result, with its date
    panel = again.plan.advice
    assert panel.model.rowCount() == rows and "no plan can place more than" in panel.summary.text()
    assert panel.when.text().startswith(f"Worked out {dt.date.today():%d %b %Y}") and "Plan A" in panel.when.text()
    assert "nothing has changed since" in panel.when.text()
    row = next(r for r in again.students.model.rows() if r.placed)
    again.set_locked(row, True)
    assert panel.model.rowCount() == rows
    assert "Out of date: the plan 'Plan A' it started from was changed" in panel.when.text()


def test_stop_ends_the_advice_run_and_keeps_the_advice_kept_before(make_window, planned_db):
    window = make_window(planned_db)
    panel = window.plan.advice
    panel.find()
    first = [(r.practice, r.block, r.change) for r in panel.model.rows()]
    row = next(r for r in window.students.model.rows() if r.placed)
    window.set_locked(row, True)
    assert "Out of date" in panel.when.text()
    show_progress = panel._progress
    panel._progress = lambda p: (show_progress(p), panel.stop_button.click())
    panel.find()
    assert not panel.running and panel.button.isEnabled() and not panel.stop_button.isVisibleTo(panel)
    assert panel.summary.text().startswith("Stopped; nothing new was kept.")
    assert [(r.practice, r.block, r.change) for r in panel.model.rows()] == first
    assert "Out of date" in panel.when.text()  # the one kept before, still marked stale
