"""The Audit page lists the recorded events newest first and filters them by officer, action and text."""

from __future__ import annotations

import pytest

from desktop.main_window import MainWindow
from scheduler.domain import Placement, Plan
from scheduler.services import Workspace, audit, edits
from scheduler.store import repository


@pytest.fixture
def window(qtbot, tmp_path):
    from scheduler.demo import make_demo

    db = str(tmp_path / "audit.db")
    demo = make_demo(1, "small")
    with Workspace.open(db) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, demo)
            student, block = next(iter(demo.student_blocks()))
            repository.save_plan(s, Plan("Plan 1", (Placement(student.student_id, block.block_id,
                                                              demo.practices[0].code, 10.0),), is_current=True))
        audit.record(ws, "import", "demo", "", "60 students", user="a.khan")
        edits.set_locked(ws, "Plan 1", student.student_id, block.block_id, True, "j.smith")
    from PySide6.QtCore import QSettings

    win = MainWindow(db, synchronous_jobs=True, settings=QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show_page(win.pages.index(win.audit))
    return win


def test_events_newest_first_with_filters(window, qtbot):
    page = window.audit
    page.refresh()
    # the daily backup made when the window opened is the newest
    assert [e.action for e in page.model.rows()] == ["backup", "lock", "import"]
    assert [e.user for e in page.model.rows()][1:] == ["j.smith", "a.khan"]
    page.filters.combos["user"].setCurrentText("a.khan")
    assert [e.action for e in page.model.rows()] == ["import"]
    page.filters.combos["user"].setCurrentIndex(0)
    page.filters.search.setText("locked")
    page.filters.flush()
    assert [e.action for e in page.model.rows()] == ["lock"]
    assert "Database:" in window.database_label.text() and "audit.db" in window.database_label.text()


def test_the_first_start_of_a_day_backs_the_database_up_once(window, tmp_path):
    from scheduler.services import backups as backup_service
    from scheduler.store import backups

    made = list(backups.default_folder().glob("audit-*-daily.sqlite"))
    assert len(made) == 1 and backups.read_backup(made[0]).revision is not None
    with Workspace.open(str(tmp_path / "audit.db")) as ws:
        assert backup_service.daily_backup(ws) is None
