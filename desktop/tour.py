"""A tour of the window: every page and every dialog shown in turn, each handed to a visitor while it is open.

The screenshots (``desktop.screenshots``) and the screen-fit test
(``tests/desktop/test_screen_fit.py``) both take this tour, so a dialog added
here is photographed and checked at the office screen sizes alike. The tour
changes the database (it copies a plan, sends the offers, preferences and
evaluations rounds): run it on a throw-away copy. Message boxes that Qt
builds and runs itself are visited from a timer while they are open, then
closed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

Visitor = Callable[[str, QWidget], None]
"""Called with a name (e.g. "plan", "import-check") and the window or dialog showing it."""


def _prepare_page(window, key: str) -> None:
    """Something typical on each page: a selected student, a previewed timetable, one block on the map."""
    snapshot = window.state.snapshot
    if key == "students":
        page = window.students
        if snapshot.clearances:  # those to chase first, as an officer would sort them
            column = next(i for i, c in enumerate(page.model.columns) if c.title == "Clearances")
            page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        if page.proxy.rowCount():
            row = page.proxy.row_at(min(7, page.proxy.rowCount() - 1))
            page.select([(row.student.student_id, row.block.block_id)])
    elif key == "practices":
        window.practices.table.selectRow(0)
    elif key == "documents":
        page = window.documents
        if page.practice_list.count():
            page.practice_list.setCurrentRow(0)
            page.preview_selected()
    elif key == "plan":
        window.plan.results.setCurrentIndex(0)
    elif key == "map":  # one block reads better than all eight on top of each other
        third_year = [b.block_id for b in snapshot.dataset.blocks if b.year == 3]
        if third_year:
            window.map.filters.combos["block"].setCurrentText(third_year[0])
    elif key == "requests":
        page = window.requests
        open_rows = [r for r in range(page.proxy.rowCount()) if page.proxy.row_at(r).status == "open"]
        if open_rows:
            page.table.selectRow(open_rows[0])
    elif key == "offers":
        window.offers.replies.table.selectRow(0)
    elif key == "preferences":
        window.preferences.replies.table.selectRow(0)
    elif key == "evaluations":
        window.evaluations.replies.table.selectRow(0)


def make_a_replan(window, visit: Visitor, seconds: float) -> None:
    """Re-plans the shown plan for ``seconds`` under a new name, so that the Plan page shows a run's result.

    A run stopped early or worse than the current plan asks whether to make it current: that box is visited.
    """
    page = window.plan
    page.time_spin.setValue(max(1, round(seconds)))
    page.min_change_check.setChecked(True)
    _modal("keep-current-box", visit, page.run_solve, optional=True)


def tour_pages(window, visit: Visitor) -> list[str]:
    names = []
    for index, page in enumerate(window.pages):
        window.show_page(index)
        _prepare_page(window, page.key)
        visit(page.key, window)
        names.append(page.key)
    if window.plan.unplaced_proxy.rowCount():
        window.show_page(window.pages.index(window.plan))
        window.plan.results.setCurrentIndex(1)  # the Unplaced tab
        window.plan.unplaced_table.selectRow(0)
        visit("plan-unplaced", window)
        names.append("plan-unplaced")
    window.plan.results.setCurrentIndex(0)
    return names


def _modal(name: str, visit: Visitor, run: Callable[[], object], optional: bool = False) -> None:
    """Visits the modal dialog that ``run`` opens and waits in (a QMessageBox, a QInputDialog), then closes it.

    ``optional``: ``run`` may open none, and then nothing is visited.
    """
    running = [True]

    def look() -> None:
        if not running[0]:
            return
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not open yet: look again once it is
            QTimer.singleShot(20, look)
            return
        visit(name, dialog)
        dialog.reject() if isinstance(dialog, QDialog) else dialog.close()

    QTimer.singleShot(0, look)
    try:
        run()
    finally:
        running[0] = False


def _swap_and_lock_boxes(window, seen: Visitor, plan_name: str) -> None:
    """The question a swap asks (both journeys before and after) and the lock's reason box."""
    from desktop import operations

    rows = [r for r in window.students.model.rows() if r.placed]
    if not rows:
        return
    a = rows[0]
    b = next((r for r in rows if r.block.block_id == a.block.block_id and r.practice.code != a.practice.code), None)
    previews: list = []
    if b is not None:
        window.jobs.run(operations.swap_preview, plan_name, a.block.block_id, a.student.student_id,
                        b.student.student_id, name="swap preview", on_success=previews.append)
    if previews:
        _modal("swap-box", seen, lambda: window.confirm_swap(window.swap_text(a, b, previews[0])))
    _modal("lock-reason-box", seen, lambda: window.ask_lock_reason(a))


def _done(dialog: QDialog | None) -> None:
    if dialog is not None:
        dialog.reject()


def _preference_returns(window, seen: Visitor, work_folder: Path) -> None:
    """Sends the preferences round, reads back its first workbook with a few students' ranks changed, and
    saves them."""
    from openpyxl import load_workbook

    from scheduler.preference_round.workbook import HEADER_ROW, RANK_COLUMN, SHEET

    window.show_page(window.pages.index(window.preferences))
    page = window.preferences
    round_folder = work_folder / "preferences"
    round_folder.mkdir(parents=True, exist_ok=True)
    page.ask_folder = lambda: str(round_folder)
    page.send_workbooks()
    sent = sorted(round_folder.glob("*.xlsx"))
    if not sent:
        return
    book = load_workbook(sent[0])
    sheet = book[SHEET]
    first_rows: dict[str, int] = {}
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        first_rows.setdefault(sheet[f"A{row}"].value, row)
    for student, row in list(first_rows.items())[:6]:  # the nearest practice becomes each one's first choice
        for other in range(row, sheet.max_row + 1):
            if sheet[f"A{other}"].value != student:
                break
            sheet[f"{RANK_COLUMN}{other}"] = 1 if other == row else None
    returned = work_folder / "preferences-returned.xlsx"
    book.save(returned)
    page.returns_dialog = None
    page.import_returns([str(returned)])
    if page.returns_dialog is not None:
        seen("preference-returns-dialog", page.returns_dialog)
        page.returns_dialog.save_button.click()
        seen("preferences-replied", window)  # the page with the round sent and a few replies read


def _evaluation_returns(window, seen: Visitor, work_folder: Path) -> None:
    """Sends the evaluations round, answers the first few students' workbooks (one with a concern), saves them,
    and asks what was done about the concern."""
    from openpyxl import load_workbook

    from scheduler.evaluations import layout as L

    window.show_page(window.pages.index(window.evaluations))
    page = window.evaluations
    round_folder = work_folder / "evaluations"
    round_folder.mkdir(parents=True, exist_ok=True)
    page.ask_folder = lambda: str(round_folder)
    page.send_workbooks()
    returned = []
    for number, sent in enumerate(sorted(round_folder.glob("*.xlsx"))[:4]):
        book = load_workbook(sent)
        sheet = book[L.SHEET]
        for letter, score in zip(L.SCORE_COLUMNS, (4, 5, 3, 4, 5 - number % 3)):
            sheet[f"{letter}{L.FIRST_ROW}"] = score
        if number == 0:
            sheet[f"{L.COMMENT_COLUMN}{L.FIRST_ROW}"] = "Left alone on the first day with no induction"
            sheet[f"{L.CONCERN_COLUMN}{L.FIRST_ROW}"] = L.CONCERN_YES
        returned.append(work_folder / f"evaluation-returned-{number}.xlsx")
        book.save(returned[-1])
    if not returned:
        return
    page.returns_dialog = None
    page.import_returns([str(p) for p in returned])
    if page.returns_dialog is None:
        return
    seen("evaluation-returns-dialog", page.returns_dialog)
    page.returns_dialog.save_button.click()
    if page.concern_model.rowCount():
        page.concern_table.selectRow(0)
        concern = page.selected_concern()
        _modal("concern-action-box", seen, lambda: page.ask_action(concern))
    seen("evaluations-replied", window)  # the page with the round sent, a few replies read and a concern


def tour_dialogs(window, visit: Visitor, work_folder: Path, import_folder: str | None = None) -> list[str]:
    """Opens every dialog of the window with realistic content; returns the names visited."""
    from desktop import operations
    from desktop.dialogs.load_plan_dialog import check_job, show_findings

    names: list[str] = []

    def seen(name: str, widget: QWidget) -> None:
        visit(name, widget)
        names.append(name)

    snapshot = window.state.snapshot
    plan = snapshot.plan
    window.show_page(window.pages.index(window.students))
    if import_folder:
        wizard = window.open_import_wizard()
        wizard.source.replace_check.setChecked(True)
        seen("import-source", wizard)
        wizard.source.path_edit.setText(import_folder)
        wizard.next()
        wizard.check.only_problems.setChecked(True)
        tabs = wizard.check.tabs
        students = next((i for i in range(tabs.count()) if tabs.tabText(i).startswith("students")), 0)
        tabs.setCurrentIndex(students)
        seen("import-check", wizard)
        if wizard.check.isComplete():
            wizard.next()
            seen("import-confirm", wizard)
        wizard.reject()
    from desktop.dialogs.column_mapping_dialog import ColumnMappingDialog

    sits = ["STU_CODE", "SPR_CODE", "Forename", "Surname", "Programme of Study", "Year of Programme",
            "Email Address", "Nationality", "postcode"]  # a records system's own export
    mapping = ColumnMappingDialog({"students": sits}, None, "SITS", window)
    mapping.choose("students", "student_id", "STU_CODE")
    seen("column-mapping-dialog", mapping)
    mapping.reject()
    years = window.open_years_dialog()
    if years.years.rowCount():
        years.years.selectRow(0)
    seen("years-dialog", years)
    years.reject()
    closing = window.open_close_year_dialog()
    seen("close-year-dialog", closing)
    closing.reject()
    if plan is not None:
        rows = [r for r in window.students.model.rows() if r.placed]
        if rows:
            dialog = window.open_move_dialog(rows[min(7, len(rows) - 1)])
            dialog.filters.checks["forbidden"].setChecked(True)
            dialog.table.selectRow(0)
            seen("move-dialog", dialog)
            dialog.reject()
        copy = f"{plan.name} (copy)"
        window.jobs.run(operations.plan_call, "copy_plan", plan.name, copy, name="copy plan")
        window.compare_dialog = None
        window.open_compare(plan.name, copy)
        if window.compare_dialog is not None:
            seen("compare-dialog", window.compare_dialog)
            window.compare_dialog.reject()
        exported: list = []
        window.jobs.run(operations.export_plan, str(work_folder / "plan"), plan.name, name="export plan",
                        on_success=exported.append)
        checks: list = []
        if exported:
            window.jobs.run(check_job, str(exported[0][0]), name="check plan file", on_success=checks.append)
        if checks:
            dialog = show_findings(window, checks[0])
            seen("load-plan-dialog", dialog)
            dialog.reject()
        page = window.plan
        window.show_page(window.pages.index(page))
        _modal("replace-plan-box", seen, lambda: page.ask_replace(plan.name, copy))
        _modal("delete-plan-box", seen, lambda: page.confirm(
            "Delete plan", f"Delete the plan {plan.name} and its history of changes?"))
        _modal("new-plan-box", seen, lambda: page.ask_text("New plan", "Name of the new plan:", "Plan 3"))
        if plan.unplaced:
            u = plan.unplaced[0]
            _modal("why-not-placed-box", seen, lambda: page.show_reason(f"{u.student_id} in {u.block_id}", u.reason))
            _modal("override-box", seen, lambda: window.confirm_override(f"Not allowed: {u.reason}."))
        _swap_and_lock_boxes(window, seen, plan.name)
    if not snapshot.is_empty:
        students = window.students
        window.show_page(window.pages.index(students))
        students.filters.search.setText(snapshot.dataset.students[0].last_name)
        _modal("export-rows-box", seen, lambda: window.ask_rows_to_export(window.table_shown()))
        students.filters.search.setText("")
        window.show_page(window.pages.index(window.offers))
        offers = window.offers
        round_folder = work_folder / "offers"
        round_folder.mkdir(parents=True, exist_ok=True)
        offers.ask_folder = lambda: str(round_folder)
        offers.send_offers()
        returns = sorted(round_folder.glob("*.xlsx"))[:3]
        if returns:
            offers.returns_dialog = None
            offers.import_returns([str(p) for p in returns])
            if offers.returns_dialog is not None:
                seen("offer-returns-dialog", offers.returns_dialog)
                offers.returns_dialog.reject()
        _preference_returns(window, seen, work_folder)
        if plan is not None:
            _evaluation_returns(window, seen, work_folder)
        window.show_page(window.pages.index(window.requests))
        dialog = window.requests.open_new_request()
        seen("request-dialog", dialog)
        dialog.reject()
    dialog = window.open_team_database()
    seen("team-database-dialog", dialog)
    dialog.reject()
    dialog = window.show_help()
    seen("help-dialog", dialog)
    dialog.reject()
    _modal("about-box", seen, window.show_about)
    return names
