"""The main window: pages and shortcuts, the first start on an empty database, messages, remembered layout."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from scheduler.services import Workspace, data


def test_every_page_is_in_the_sidebar(make_window, planned_db):
    window = make_window(planned_db)
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == ["Overview", "Students", "Practices", "Blocks", "Plan", "Map", "Documents", "Requests", "Offers",
                      "Preferences", "Evaluations", "Settings", "Audit"]
    for i in range(window.sidebar.count()):
        assert window.sidebar.item(i).toolTip()


def test_ctrl_number_and_ctrl_f_move_around(make_window, planned_db, qtbot):
    window = make_window(planned_db)
    window.show()
    qtbot.waitExposed(window)
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.practices
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() is window.blocks
    window.find_action.trigger()  # the Blocks page has no search box: Ctrl+F goes to the students
    assert window.current_page() is window.students
    qtbot.waitUntil(lambda: window.students.filters.search.hasFocus())


def test_shortcuts_are_the_usual_ones(make_window, planned_db):
    window = make_window(planned_db)
    shortcuts = {a.text().replace("&", ""): a.shortcut().toString() for a in
                 (window.import_action, window.print_action, window.undo_action, window.redo_action, window.find_action)}
    assert shortcuts["Import data…"] == "Ctrl+O" and shortcuts["Print…"] == "Ctrl+P"
    assert shortcuts["Find"] == "Ctrl+F" and window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert window.redo_action.shortcut().toString() == "Ctrl+Y"


def test_first_start_on_an_empty_database_offers_the_demo(make_window, empty_db):
    window = make_window(empty_db)
    assert window.overview.empty_banner.isVisibleTo(window)
    assert window.demo_action.isEnabled()
    window.overview.demo_button.click()
    assert window.state.snapshot.counts["students"] > 0
    assert not window.overview.empty_banner.isVisibleTo(window)
    assert window.overview.cards["students"].value.text() == f"{window.state.snapshot.counts['students']:,}"


def test_a_database_that_cannot_be_opened_is_explained_not_dumped(make_window, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    window = make_window(str(blocker / "sub" / "x.db"))
    assert window.message_bar.isVisibleTo(window)
    text = window.message_bar.label.text()
    assert "database" in text.lower() and "Traceback" not in text


def test_window_size_page_and_splitter_are_remembered(make_window, planned_db, tmp_path, qtbot):
    settings = QSettings(str(tmp_path / "remember.ini"), QSettings.Format.IniFormat)
    window = make_window(planned_db, settings=settings)
    window.resize(700, 500)
    window.show_page(2)
    window.students.splitter.setSizes([700, 300])
    window.students.table.horizontalHeader().moveSection(1, 4)
    window.close()
    again = make_window(planned_db, settings=settings)
    assert (again.width(), again.height()) == (700, 500)
    assert again.current_page() is again.practices
    assert again.students.table.horizontalHeader().visualIndex(1) == 4
    sizes = again.students.splitter.sizes()
    assert sizes[0] > sizes[1]


def test_overview_shows_the_current_plan(make_window, planned_db):
    window = make_window(planned_db)
    snapshot = window.state.snapshot
    assert snapshot.plan is not None and snapshot.plan.is_current
    assert window.overview.cards["placed"].value.text() == f"{len(snapshot.plan.placements):,}"
    assert "Plan A" in window.overview.plan_line.text()
    assert window.windowTitle().startswith("Plan A")


def test_reload_reads_changes_made_elsewhere(make_window, planned_db):
    window = make_window(planned_db)
    with Workspace.open(planned_db) as ws:
        settings = data.load_settings(ws)
        data.save_settings(ws, settings.with_weights(travel=7.0))
    window.reload_action.trigger()
    assert window.plan.weight_spins["travel"].value() == 7.0


def test_each_table_exports_to_excel_with_names_in_the_last_folder_used(make_window, planned_db, tmp_path):
    from pathlib import Path

    import openpyxl

    window = make_window(planned_db)
    asked = []

    def save_as(title, suggested, _filter):
        asked.append(suggested)
        return str(tmp_path / Path(suggested).name)

    window.ask_save_path = save_as
    window.qsettings.setValue("paths/last", str(tmp_path))
    for page, kind in ((window.students, "students"), (window.practices, "practices"), (window.plan, "placements")):
        window.show_page(window.pages.index(page))
        window.excel_action.trigger()
        assert asked[-1] == str(tmp_path / f"Plan A - {kind}.xlsx")
        assert (tmp_path / f"Plan A - {kind}.xlsx").exists()
    window.plan.results.setCurrentWidget(window.plan.unplaced_panel)
    window.excel_action.trigger()
    sheet = openpyxl.load_workbook(tmp_path / "Plan A - unplaced.xlsx").worksheets[0]
    unplaced = len(window.state.snapshot.plan.unplaced)
    assert sheet.max_row == unplaced + 2 and sheet.cell(1, 1).value == f"Unplaced, all {unplaced:,} rows"
    assert sheet.cell(2, 2).value == "Name"


def test_f1_opens_the_bundled_guide(make_window, planned_db):
    from PySide6.QtGui import QKeySequence

    window = make_window(planned_db)
    assert window.help_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert window.help_action.shortcut().toString() == "F1"
    dialog = window.show_help()
    text = dialog.browser.toPlainText()
    for task in ("Import data", "Run", "Move", "Lock", "Print", "Excel", "Keep changes small"):
        assert task in text
    dialog.reject()


def test_the_status_bar_shows_that_changes_are_saved(make_window, planned_db):
    window = make_window(planned_db)
    assert window.saved_label.text() == ""
    row = next(r for r in window.students.model.rows() if r.placed)
    window.set_locked(row, True)
    assert window.saved_label.text().startswith("All changes saved")
