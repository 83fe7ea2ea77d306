"""Plan > Load plan from file… (breaks listed before anything is saved) and the Where to recruit tab."""

from __future__ import annotations

import csv

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
