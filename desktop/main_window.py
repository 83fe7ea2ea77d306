"""The main window: a sidebar of pages, menus and toolbar with shortcuts, messages, undo, and the edit flows."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop import workers
from desktop.context import AppContext
from desktop.dialogs.compare_dialog import CompareDialog, compare_job
from desktop.dialogs.import_wizard import ImportWizard
from desktop.dialogs.load_plan_dialog import open_load_plan
from desktop.dialogs.move_dialog import MoveDialog
from desktop.errors import plain_message
from desktop.jobs import JobRunner
from desktop.logs import log_file_path
from desktop.models.allocations import AllocationRow
from desktop.pages.base import Page
from desktop.pages.blocks import BlocksPage
from desktop.pages.documents import DocumentsPage
from desktop.pages.map import MapPage
from desktop.pages.overview import OverviewPage
from desktop.pages.plan import PlanPage
from desktop.pages.practices import PracticesPage
from desktop.pages.settings import SettingsPage
from desktop.pages.students import StudentsPage
from desktop.state import AppState, Snapshot
from desktop.undo import LockCommand, MoveCommand, SwapCommand
from scheduler.domain import Plan
from scheduler.services import edits
from scheduler.services.edits import EditRefused, allocation_state

APP_TITLE = "GP Placement Scheduler"

PAGE_ICONS = {
    "Overview": QStyle.StandardPixmap.SP_DesktopIcon,
    "Students": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "Practices": QStyle.StandardPixmap.SP_DirHomeIcon,
    "Blocks": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "Plan": QStyle.StandardPixmap.SP_MediaPlay,
    "Map": QStyle.StandardPixmap.SP_DriveNetIcon,
    "Documents": QStyle.StandardPixmap.SP_FileIcon,
    "Settings": QStyle.StandardPixmap.SP_FileDialogListView,
}


def export_plan_job(ws, folder: str, plan_name: str | None):
    from scheduler.services import plans

    return plans.export_plan(ws, folder, name=plan_name)


def write_template_job(path: str):
    from scheduler.services import data

    return data.write_template(path)


class MessageBar(QFrame):
    """Plain-English messages at the top of the window (errors stay until closed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        self.label = QLabel("")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton("Close")
        close.setToolTip("Hide this message")
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str, kind: str = "error") -> None:
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        self.show()


class MainWindow(QMainWindow):

    def __init__(self, db: str | None = None, *, synchronous_jobs: bool = False, settings: QSettings | None = None,
                 demo_scale: str = "full") -> None:
        super().__init__()
        self.setWindowTitle(APP_TITLE)
        self.demo_scale = demo_scale
        self.jobs = JobRunner(db, synchronous=synchronous_jobs, parent=self)
        self.state = AppState(self.jobs, self)
        self.undo_stack = QUndoStack(self)
        self.qsettings = settings or QSettings()
        self.ctx = AppContext(self.jobs, self.state, self.undo_stack, self.qsettings, self.show_error, self.show_status)
        self.jobs.failed.connect(self.show_error)
        self.jobs.busy_changed.connect(self._busy_changed)
        self.state.changed.connect(self._snapshot_changed)

        self.message_bar = MessageBar()
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Pages")
        self.sidebar.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        self.overview = OverviewPage(self.ctx)
        self.students = StudentsPage(self.ctx)
        self.practices = PracticesPage(self.ctx)
        self.blocks = BlocksPage(self.ctx)
        self.plan = PlanPage(self.ctx)
        self.map = MapPage(self.ctx)
        self.documents = DocumentsPage(self.ctx)
        self.settings_page = SettingsPage(self.ctx)
        self.pages: list[Page] = [self.overview, self.students, self.practices, self.blocks, self.plan, self.map,
                                  self.documents, self.settings_page]
        for number, page in enumerate(self.pages, start=1):
            item = QListWidgetItem(self.style().standardIcon(PAGE_ICONS[page.title]), page.title, self.sidebar)
            item.setToolTip(f"{page.tooltip} (Ctrl+{number})")
            self.stack.addWidget(page)
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        width = max(self.sidebar.sizeHintForColumn(0), self.fontMetrics().horizontalAdvance("Documents") + 40) + 24
        self.sidebar.setFixedWidth(width)

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.message_bar)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.sidebar)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.setToolTip("Working…")
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.busy)
        self._make_actions()
        self._wire_pages()
        self.sidebar.setCurrentRow(0)
        self.restore_window()
        if synchronous_jobs:
            self.state.reload()
        else:
            QTimer.singleShot(0, self.state.reload)

    # actions, menus, toolbar --------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut=None, tip: str = "", icon: QStyle.StandardPixmap | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                              if shortcut is not None else tip)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.triggered.connect(slot)
        return action

    def _make_actions(self) -> None:
        S = QStyle.StandardPixmap
        self.import_action = self._action("&Import data…", self.open_import_wizard, QKeySequence.StandardKey.Open,
                                          "Import practices, students and blocks from CSV files or a workbook", S.SP_DialogOpenButton)
        self.demo_action = self._action("Load &demo data", self.load_demo, None, "Fill an empty database with the demo data set")
        self.template_action = self._action("Save an empty &template…", self.save_template, None,
                                            "A workbook with every sheet and column the import expects")
        self.export_action = self._action("&Export the plan…", self.export_plan, None,
                                          "Write the shown plan's placements and unplaced list as CSV files")
        self.print_action = self._action("&Print…", self.print_document, QKeySequence.StandardKey.Print,
                                         "Print the document shown on the Documents page", S.SP_FileDialogStart)
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, "Close the program")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo_action.setIcon(self.style().standardIcon(S.SP_ArrowBack))
        self.undo_action.setToolTip("Undo the last change to the plan (Ctrl+Z)")
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.setIcon(self.style().standardIcon(S.SP_ArrowForward))
        self.redo_action.setToolTip("Redo the change (Ctrl+Y)")
        self.find_action = self._action("&Find", self.focus_search, QKeySequence.StandardKey.Find,
                                        "Search the table on this page")
        self.run_action = self._action("&Run", self.run_plan, "Ctrl+R", "Make a plan with the weights on the Plan page",
                                       S.SP_MediaPlay)
        self.stop_action = self._action("&Stop", self.plan.stop_solve, "Ctrl+.", "Stop the search and keep the best plan",
                                        S.SP_MediaStop)
        self.stop_action.setEnabled(False)
        self.load_plan_action = self._action("&Load plan from file…", lambda: open_load_plan(self), None,
                                             "Check a placements.csv or workbook edited by hand, then load it as a plan")
        self.reload_action = self._action("Re&load", lambda: self.state.reload(), QKeySequence.StandardKey.Refresh,
                                          "Read everything from the database again", S.SP_BrowserReload)
        self.about_action = self._action("&About", self.show_about, None, "About this program")
        self.log_action = self._action("Open the &log folder", self.open_log_folder, None,
                                       "Where technical details of problems are written")
        self.page_actions = []
        for number, page in enumerate(self.pages, start=1):
            action = self._action(page.title, lambda _c=False, n=number - 1: self.show_page(n), f"Ctrl+{number}",
                                  page.tooltip)
            self.page_actions.append(action)

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for a in (self.import_action, self.demo_action, self.template_action, None, self.export_action,
                  self.print_action, None, self.quit_action):
            file_menu.addSeparator() if a is None else file_menu.addAction(a)
        edit_menu = menu.addMenu("&Edit")
        for a in (self.undo_action, self.redo_action, None, self.find_action):
            edit_menu.addSeparator() if a is None else edit_menu.addAction(a)
        plan_menu = menu.addMenu("&Plan")
        for a in (self.run_action, self.stop_action, None, self.load_plan_action, self.reload_action):
            plan_menu.addSeparator() if a is None else plan_menu.addAction(a)
        view_menu = menu.addMenu("&View")
        for a in self.page_actions:
            view_menu.addAction(a)
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.log_action)
        help_menu.addAction(self.about_action)

        toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        for a in (self.import_action, None, self.undo_action, self.redo_action, None, self.run_action,
                  self.stop_action, None, self.print_action, self.reload_action):
            toolbar.addSeparator() if a is None else toolbar.addAction(a)
        self.addToolBar(toolbar)

    def _wire_pages(self) -> None:
        self.overview.demo_requested.connect(self.load_demo)
        self.overview.import_requested.connect(self.open_import_wizard)
        self.overview.plan_requested.connect(lambda: self.show_page(self.pages.index(self.plan)))
        self.students.move_requested.connect(self.open_move_dialog)
        self.students.swap_requested.connect(lambda a, b: self.swap(a, b))
        self.students.lock_requested.connect(lambda row, locked: self.set_locked(row, locked))
        self.plan.compare_requested.connect(self.open_compare)
        self.plan.run_button.clicked.connect(self._solve_state_changed)
        self.plan.solve_finished.connect(lambda _o: self._solve_state_changed())

    # pages and messages ---------------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        self.sidebar.setCurrentRow(index)

    def current_page(self) -> Page:
        return self.pages[self.stack.currentIndex()]

    def focus_search(self) -> None:
        if not self.current_page().focus_search():
            self.show_page(self.pages.index(self.students))
            self.students.focus_search()

    def show_error(self, text: str) -> None:
        self.message_bar.show_message(text, "error")
        self.statusBar().showMessage("There was a problem: see the message at the top.", 8000)

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def _busy_changed(self, busy: bool) -> None:
        self.busy.setVisible(busy)

    def _snapshot_changed(self, snapshot: Snapshot) -> None:
        title = APP_TITLE
        if snapshot.plan is not None:
            title = f"{snapshot.plan.name} – {APP_TITLE}"
        self.setWindowTitle(title)
        empty = snapshot.is_empty
        self.demo_action.setEnabled(empty)
        self.export_action.setEnabled(snapshot.plan is not None)

    def _solve_state_changed(self) -> None:
        solving = self.plan.is_solving()
        self.run_action.setEnabled(not solving)
        self.stop_action.setEnabled(solving)

    def run_plan(self) -> None:
        self.show_page(self.pages.index(self.plan))
        self.plan.run_solve()
        self._solve_state_changed()

    # data -----------------------------------------------------------------------------------------
    def open_import_wizard(self) -> ImportWizard:
        wizard = ImportWizard(self.ctx, has_data=not self.state.snapshot.is_empty, parent=self)
        wizard.imported.connect(self._imported)
        self._keep_dialog(wizard)
        wizard.open()
        return wizard

    def _imported(self, result: workers.ImportCheck) -> None:
        self.undo_stack.clear()
        if not result.ok:
            self.show_error(f"Nothing was imported: {len(result.errors)} error(s) in the data.")
            return
        counts = result.counts
        self.show_status(f"Imported {counts.get('students', 0):,} students, {counts.get('practices', 0):,} practices "
                         f"and {counts.get('blocks', 0):,} blocks.")
        self.message_bar.hide()
        self.state.shown_plan_name = None
        self.state.reload()

    def load_demo(self) -> None:
        self.show_status("Loading the demo data set…")
        self.jobs.run(workers.load_demo, self.demo_scale, name="load demo", key="demo", in_process=True,
                      on_success=self._imported, on_failure=lambda e: self.show_error(plain_message(e)))

    def save_template(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save an empty template", str(Path.home() / "placements-template.xlsx"),
                                              "Excel workbooks (*.xlsx)")
        if path:
            self.jobs.run(write_template_job, path, needs_workspace=False, name="template",
                          on_success=lambda p: self.show_status(f"Template saved as {p}"))

    def export_plan(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export the plan to a folder", str(Path.home()))
        if folder:
            self.jobs.run(export_plan_job, folder, self.state.shown_plan_name, name="export plan",
                          on_success=lambda _r: self.show_status(f"Plan exported to {folder}"))

    def print_document(self) -> None:
        self.show_page(self.pages.index(self.documents))
        self.documents.print_preview()

    # manual changes to the plan -------------------------------------------------------------------
    def _plan_name(self) -> str | None:
        """The plan to change by hand; None (with a message) while a new plan is being made."""
        plan = self.state.snapshot.plan
        if plan is not None and self.plan.is_solving():
            self.show_error("A plan is being made: wait for it to finish (or press Stop) before changing one by hand.")
            return None
        return plan.name if plan else None

    def _plan_edited(self, plan: Plan) -> None:
        self.state.show_plan(plan)
        self.plan.refresh_edits()

    def _command_args(self, keys: list[tuple[str, str]]) -> dict:
        plan = self.state.snapshot.plan
        assert plan is not None
        return dict(jobs=self.jobs, plan_name=plan.name, user=self.state.user,
                    before=[allocation_state(plan, sid, bid) for sid, bid in keys], on_plan=self._plan_edited,
                    on_failed=self._undo_failed)

    def _undo_failed(self, error: BaseException) -> None:
        """An undo or redo that failed leaves the stack's position wrong: it is emptied and the plan reloaded."""
        self.show_error(plain_message(error))
        # deferred: with synchronous jobs this runs inside QUndoStack.undo(), which must finish first
        QTimer.singleShot(0, self._reset_undo)

    def _reset_undo(self) -> None:
        self.undo_stack.clear()
        self.state.reload()

    def confirm_override(self, reasons: str) -> bool:
        """Asks whether to break the rules anyway (tests replace this)."""
        answer = QMessageBox.warning(
            self, "This change breaks a rule",
            f"{reasons}\n\nMake the change anyway? The override is recorded with your name.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def open_move_dialog(self, row: AllocationRow) -> MoveDialog | None:
        name = self._plan_name()
        if name is None:
            return None
        dialog = MoveDialog(self.ctx, row, name, self)
        self._keep_dialog(dialog)
        dialog.accepted.connect(lambda: self._move_chosen(row, dialog.choice()))
        dialog.load()
        dialog.open()
        return dialog

    def _move_chosen(self, row: AllocationRow, choice: tuple[str, bool] | None) -> None:
        if choice is not None:
            self.move(row, choice[0], override=choice[1])

    def move(self, row: AllocationRow, practice_code: str, override: bool = False) -> None:
        sid, bid = row.student.student_id, row.block.block_id
        self._edit("move", edits.move_student, (sid, bid, practice_code, self.state.user, override), [(sid, bid)],
                   lambda args: MoveCommand(student_id=sid, block_id=bid, practice_code=practice_code,
                                            override=override, **args),
                   f"Moved {sid} to {practice_code} in {bid}.",
                   lambda e: self._edit_refused(e, lambda: self.move(row, practice_code, True)))

    def swap(self, row_a: AllocationRow, row_b: AllocationRow, override: bool = False) -> None:
        block = row_a.block.block_id
        a, b = row_a.student.student_id, row_b.student.student_id
        self._edit("swap", edits.swap_students, (block, a, b, self.state.user, override), [(a, block), (b, block)],
                   lambda args: SwapCommand(block_id=block, student_a=a, student_b=b, override=override, **args),
                   f"Swapped {a} and {b} in {block}.",
                   lambda e: self._edit_refused(e, lambda: self.swap(row_a, row_b, True)))

    def set_locked(self, row: AllocationRow, locked: bool) -> None:
        sid, bid = row.student.student_id, row.block.block_id
        self._edit("lock", edits.set_locked, (sid, bid, locked, self.state.user), [(sid, bid)],
                   lambda args: LockCommand(student_id=sid, block_id=bid, locked=locked, **args),
                   None, lambda e: self.show_error(plain_message(e)))

    def _edit(self, job: str, service: Callable[..., Plan], service_args: tuple, keys: list[tuple[str, str]],
              make_command: Callable[[dict], QUndoCommand], status: str | None,
              on_failure: Callable[[BaseException], None]) -> None:
        """Runs one hand edit of the shown plan; once it is made, it goes on the undo stack."""
        name = self._plan_name()
        if name is None:
            return
        args = self._command_args(keys)

        def done(plan: Plan) -> None:
            self.undo_stack.push(make_command(args))
            self._plan_edited(plan)
            if status:
                self.show_status(status)

        self.jobs.run(service, name, *service_args, name=job, serial=True, on_success=done, on_failure=on_failure)

    def _edit_refused(self, error: BaseException, retry_with_override) -> None:
        if isinstance(error, EditRefused):
            if self.confirm_override("Not allowed: " + "; ".join(error.reasons) + "."):
                retry_with_override()
            else:
                self.show_error("Not changed: " + "; ".join(error.reasons) + ".")
            return
        self.show_error(plain_message(error))

    def open_compare(self, name_a: str, name_b: str) -> None:
        def show(comparison) -> None:
            dialog = CompareDialog(comparison, self)
            self._keep_dialog(dialog)
            self.compare_dialog = dialog
            dialog.open()

        self.show_status(f"Comparing {name_a} and {name_b}…")
        self.jobs.run(compare_job, name_a, name_b, name="compare", in_process=True, on_success=show)

    def _keep_dialog(self, dialog) -> None:
        """One dialog of the window at a time: the previous one is freed when the next opens.

        A dialog's own jobs are dropped when it closes or is replaced, so none reports to a freed dialog.
        """
        previous = getattr(self, "_dialog", None)
        if previous is not None:
            _discard_jobs_of(previous)
            try:
                previous.deleteLater()
            except RuntimeError:  # already freed by Qt
                pass
        self._dialog = dialog
        dialog.finished.connect(lambda _result: _discard_jobs_of(dialog))

    # help -----------------------------------------------------------------------------------------
    def show_about(self) -> None:
        from scheduler import __version__

        QMessageBox.about(self, f"About {APP_TITLE}",
                          f"<b>{APP_TITLE}</b> {__version__}<br>Places medical students with GP practices for every "
                          "placement block, prints the timetables and keeps the plan right through the year.<br>"
                          "Works offline: nothing is sent over the network.")

    def open_log_folder(self) -> None:
        folder = log_file_path().parent
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # window state ---------------------------------------------------------------------------------
    def restore_window(self) -> None:
        geometry = self.qsettings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = QApplication.primaryScreen()
            available = screen.availableGeometry() if screen else None
            if available is not None:
                self.resize(min(1400, available.width() - 40), min(900, available.height() - 40))
        state = self.qsettings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        page = self.qsettings.value("window/page", 0)
        try:
            self.show_page(int(page))
        except (TypeError, ValueError):
            pass
        for p in self.pages:
            p.restore_layout()

    def save_window(self) -> None:
        self.qsettings.setValue("window/geometry", self.saveGeometry())
        self.qsettings.setValue("window/state", self.saveState())
        self.qsettings.setValue("window/page", self.stack.currentIndex())
        for p in self.pages:
            p.save_layout()
        self.qsettings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window()
        self.jobs.shutdown(10_000)
        super().closeEvent(event)


def _discard_jobs_of(dialog) -> None:
    own_jobs = getattr(dialog, "own_jobs", None)
    if own_jobs is not None:
        own_jobs.discard()
