"""File > Years…: the years on record, and a closed year's plans and placements shown read-only from its archive."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView

from scheduler.services import Workspace, plans, years


def test_the_years_dialog_lists_the_years_and_shows_a_closed_years_plans_read_only(make_window, planned_db, qtbot):
    with Workspace.open(planned_db) as ws:
        final = plans.list_plans(ws)[0]
        kept = plans.load_plan(ws, final.name)
        years.close_year(ws, final.name, confirmed=True)
    window = make_window(planned_db)
    dialog = window.open_years_dialog()
    qtbot.addWidget(dialog)
    listed = [[dialog.years.item(r, c).text() for c in range(3)] for r in range(dialog.years.rowCount())]
    assert listed == [["2026/27", "closed", final.name], ["2027/28", "current", ""]]
    dialog.years.selectRow(0)
    assert "a closed year: read-only" in dialog.heading.text()
    assert [dialog.plans.item(r, 0).text() for r in range(dialog.plans.rowCount())] == [final.name]
    assert dialog.plans.item(0, 1).text() == f"{len(kept.placements):,}" and dialog.plans.item(0, 3).text() == "yes"
    dialog.plans.selectRow(0)
    shown = {tuple(dialog.placements.item(r, c).text() for c in range(3)) for r in range(dialog.placements.rowCount())}
    assert shown == {(p.student_id, p.block_id, p.practice_code) for p in kept.placements}
    for table in (dialog.years, dialog.plans, dialog.placements):
        assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    with Workspace.open(planned_db) as ws:
        assert plans.list_plans(ws) == []  # the archive was read, the current year has no plan back
    dialog.years.selectRow(1)
    assert "is the current year" in dialog.heading.text() and dialog.plans.rowCount() == 0
