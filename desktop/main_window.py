"""The main window: a sidebar of pages, menus and toolbar with shortcuts, messages, undo, and the edit flows."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QByteArray, QObject, QSettings, QSize, Qt, QTime, QTimer, QUrl, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop import operations, team
from desktop.context import AppContext
from desktop.dialogs.backup_actions import BackupActions, daily_backup_job
from desktop.dialogs.compare_dialog import CompareDialog
from desktop.dialogs.help_dialog import HelpDialog
from desktop.dialogs.import_wizard import ImportWizard
from desktop.dialogs.load_plan_dialog import open_load_plan
from desktop.dialogs.move_dialog import MoveDialog
from desktop.dialogs.swap_confirm import ask_to_swap, swap_question
from desktop.dialogs.team_database import TeamDatabaseDialog
from desktop.errors import plain_message
from desktop.folders import in_last_folder, last_folder, remember
from desktop.jobs import JobRunner
from desktop.logs import log_file_path
from desktop.models.allocations import AllocationRow, allocation_rows
from desktop.pages.audit import AuditPage
from desktop.pages.base import Page
from desktop.pages.blocks import BlocksPage
from desktop.pages.documents import DocumentsPage
from desktop.pages.evaluations import EvaluationsPage
from desktop.pages.map import MapPage
from desktop.pages.offers import OffersPage
from desktop.pages.overview import OverviewPage
from desktop.pages.plan import PlanPage
from desktop.pages.practices import PracticesPage
from desktop.pages.preferences import PreferencesPage
from desktop.pages.requests import RequestsPage
from desktop.pages.settings import SettingsPage
from desktop.pages.students import StudentsPage
from desktop.pdf_printing import PrinterNotStarted, choose_printer, page_count, print_pdf
from desktop.state import AppState, Snapshot
from desktop.text import plural
from desktop.undo import LockCommand, MoveCommand, PlanEditCommand, SwapCommand
from desktop.widgets.fit_scroll import FitScrollArea
from desktop.widgets.screen_fit import fit_to_screen
from scheduler.domain import Plan
from scheduler.private_files import private_folder
from scheduler.services.conflicts import PlanChanged
from scheduler.services.edits import EditRefused, allocation_state

APP_TITLE = "GP Placement Scheduler"

SMALL_SCREEN = QSize(1600, 900)
"""Logical pixels: on a screen with less room than this (any laptop at 125%) the window opens maximised."""

SAVING_JOBS = {"edit", "undo", "redo", "solve", "import", "load demo", "save settings", "copy plan", "rename plan",
               "delete plan", "make current", "record request", "decline request",
               "send offers", "import offer returns", "send preferences", "import preference returns",
               "send evaluations", "import evaluations", "record concern action"}
"""Jobs that write to the database: the status bar says "Saving…" and then when all was saved."""

PAGE_ICONS = {
    "Overview": QStyle.StandardPixmap.SP_DesktopIcon,
    "Students": QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "Practices": QStyle.StandardPixmap.SP_DirHomeIcon,
    "Blocks": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "Plan": QStyle.StandardPixmap.SP_MediaPlay,
    "Map": QStyle.StandardPixmap.SP_DriveNetIcon,
    "Documents": QStyle.StandardPixmap.SP_FileIcon,
    "Settings": QStyle.StandardPixmap.SP_FileDialogListView,
    "Audit": QStyle.StandardPixmap.SP_FileDialogInfoView,
    "Requests": QStyle.StandardPixmap.SP_MessageBoxQuestion,
    "Offers": QStyle.StandardPixmap.SP_DialogSaveButton,
    "Preferences": QStyle.StandardPixmap.SP_DialogApplyButton,
    "Evaluations": QStyle.StandardPixmap.SP_DialogYesButton,
}


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
        self.local_db = db
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
        self.audit = AuditPage(self.ctx)
        self.requests = RequestsPage(self.ctx)
        self.offers = OffersPage(self.ctx)
        self.preferences = PreferencesPage(self.ctx)
        self.evaluations = EvaluationsPage(self.ctx)
        self.pages: list[Page] = [self.overview, self.students, self.practices, self.blocks, self.plan, self.map,
                                  self.documents, self.requests, self.offers, self.preferences, self.evaluations,
                                  self.settings_page, self.audit]
        for number, page in enumerate(self.pages, start=1):
            item = QListWidgetItem(self.style().standardIcon(PAGE_ICONS[page.title]), page.title, self.sidebar)
            item.setToolTip(f"{page.tooltip} (Ctrl+{number})" if number <= 9 else page.tooltip)
            # a page scrolls below its minimum size rather than making the window bigger than the screen
            self.stack.addWidget(FitScrollArea(page))
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
        from scheduler.services.workspace import describe_database
        self.database_label = QLabel(f"Database: {describe_database(db)}")
        self.database_label.setToolTip("The database this window reads and changes")
        self.statusBar().addPermanentWidget(self.database_label)
        self.saved_label = QLabel("")
        self.saved_label.setObjectName("savedState")
        self.saved_label.setToolTip("Every change is written to the database as soon as it is made: there is no "
                                    "Save button to forget.")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.jobs.job_started.connect(self._job_started)
        self.jobs.job_finished.connect(self._job_finished)
        self._make_actions()
        self._wire_pages()
        self.plan_watcher = team.PlanWatcher(self.ctx, self)
        self.jobs.run(daily_backup_job, name="daily backup", on_failure=lambda e: self.show_status(
            f"The daily backup could not be made: {plain_message(e)}"))
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
        self.close_year_action = self._action("&Close the year…", self.open_close_year_dialog, None,
                                              "Make the final plan into history, archive the year and move on "
                                              "to the next (with a preview, and a backup first)")
        self.years_action = self._action("&Years…", self.open_years_dialog, None,
                                         "The academic years on record, and a closed year's plans (read-only)")
        self.template_action = self._action("Save an empty &template…", self.save_template, None,
                                            "A workbook with every sheet and column the import expects")
        self.export_action = self._action("&Export the plan…", self.export_plan, None,
                                          "Write the shown plan's placements and unplaced list as CSV files, "
                                          "and placements.xlsx with names")
        self.excel_action = self._action("Export this table to E&xcel…", lambda: self.export_to_excel(), "Ctrl+E",
                                         "Save the table on this page as it is shown (its columns, and the "
                                         "rows its filters leave, or all rows) as an Excel workbook or CSV file")
        self.print_table_action = self._action("Print t&his table…", self.print_table, "Ctrl+Shift+P",
                                               "Print the table on this page as it is shown (its columns, and "
                                               "the rows its filters leave, or all rows), the filter stated "
                                               "at the top")
        self.print_action = self._action("&Print…", self.print_document, QKeySequence.StandardKey.Print,
                                         "Print the document shown on the Documents page", S.SP_FileDialogStart)
        self.team_action = self._action("Open &team database…", self.open_team_database, None,
                                        "Work on the team's shared database on a server")
        self.local_action = self._action("Open &local database", lambda: self.switch_database(self.local_db), None,
                                         "Work on the database file on this computer")
        self.backup_actions = BackupActions(self, self.ctx)
        self.backup_action = self._action("&Back up…", self.backup_actions.back_up, None,
                                          "Save a copy of the whole database to a file you choose")
        self.restore_action = self._action("&Restore…", self.backup_actions.restore, None,
                                           "Replace the database's content with a backup (it is backed up first)")
        self.quit_action = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, "Close the program")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo:")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo_action.setIcon(self.style().standardIcon(S.SP_ArrowBack))
        self.undo_action.setToolTip("Undo the last change to the plan (Ctrl+Z)")
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo:")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.setIcon(self.style().standardIcon(S.SP_ArrowForward))
        self.redo_action.setToolTip("Redo the change (Ctrl+Y)")
        # the toolbar's buttons keep short texts (the menu says what will be undone), so the toolbar never shifts
        self.undo_tool = self._action("Undo", self.undo_stack.undo, None, "Undo the last change to the plan (Ctrl+Z)",
                                      S.SP_ArrowBack)
        self.redo_tool = self._action("Redo", self.undo_stack.redo, None, "Redo the change (Ctrl+Y)", S.SP_ArrowForward)
        self.undo_tool.setEnabled(False)
        self.redo_tool.setEnabled(False)
        self.undo_stack.canUndoChanged.connect(self.undo_tool.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_tool.setEnabled)
        self.undo_action.setText("&Undo")
        self.redo_action.setText("&Redo")
        # with nothing to undo the menu says "Undo", not "Undo:"; the toolbar's tooltips say what
        _follow(self.undo_stack.undoTextChanged, self.undo_action, lambda a, text: text or a.setText("&Undo"))
        _follow(self.undo_stack.redoTextChanged, self.redo_action, lambda a, text: text or a.setText("&Redo"))
        _follow(self.undo_stack.undoTextChanged, self.undo_tool,
                lambda a, text: a.setToolTip(f"Undo: {text} (Ctrl+Z)" if text else "Nothing to undo"))
        _follow(self.undo_stack.redoTextChanged, self.redo_tool,
                lambda a, text: a.setToolTip(f"Redo: {text} (Ctrl+Y)" if text else "Nothing to redo"))
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
        self.help_action = self._action("&Guide", self.show_help, QKeySequence.StandardKey.HelpContents,
                                        "A short guide to the year's tasks", S.SP_DialogHelpButton)
        self.log_action = self._action("Open the &log folder", self.open_log_folder, None,
                                       "Where technical details of problems are written")
        self.page_actions = []
        for number, page in enumerate(self.pages, start=1):
            action = self._action(page.title, lambda _c=False, n=number - 1: self.show_page(n),
                                  f"Ctrl+{number}" if number <= 9 else None, page.tooltip)
            self.page_actions.append(action)

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for a in (self.team_action, self.local_action, None, self.import_action, self.demo_action,
                  self.template_action, self.years_action, self.close_year_action, None, self.export_action, self.excel_action,
                  self.print_action, self.print_table_action, None,
                  self.backup_action, self.restore_action, None, self.quit_action):
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
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.log_action)
        help_menu.addAction(self.about_action)

        toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        for a in (self.import_action, None, self.undo_tool, self.redo_tool, None, self.run_action,
                  self.stop_action, None, self.print_action, self.reload_action):
            toolbar.addSeparator() if a is None else toolbar.addAction(a)
        self.addToolBar(toolbar)

    def _wire_pages(self) -> None:
        self.overview.demo_requested.connect(self.load_demo)
        self.overview.import_requested.connect(self.open_import_wizard)
        self.overview.plan_requested.connect(lambda: self.show_page(self.pages.index(self.plan)))
        self.students.move_requested.connect(self.open_move_dialog)
        self.students.swap_requested.connect(self.swap_requested)
        self.students.lock_requested.connect(self.lock_requested)
        self.plan.compare_requested.connect(self.open_compare)
        self.plan.move_requested.connect(self.open_move_dialog_for)
        self.practices.map_requested.connect(self.show_on_map)
        self.map.view.practice_clicked.connect(self._select_practice)
        self.plan.run_button.clicked.connect(self._solve_state_changed)
        self.plan.solve_finished.connect(lambda _o: self._solve_state_changed())

    # the database -----------------------------------------------------------------------------------
    def open_team_database(self) -> TeamDatabaseDialog:
        dialog = TeamDatabaseDialog(self.ctx, self.qsettings, self.local_db, self)
        self._keep_dialog(dialog)
        dialog.accepted.connect(lambda: self.switch_database(dialog.url))
        dialog.open()
        return dialog

    def switch_database(self, db: str | None) -> None:
        """Shows another database: the undo history belongs to the old one and is dropped."""
        from scheduler.services.workspace import describe_database

        self.jobs.db_url = db
        self.undo_stack.clear()
        self.database_label.setText(f"Database: {describe_database(db)}")
        self.state.reload()

    # pages and messages ---------------------------------------------------------------------------
    def show_page(self, index: int) -> None:
        self.sidebar.setCurrentRow(index)

    def current_page(self) -> Page:
        return self.pages[self.stack.currentIndex()]

    def show_on_map(self, code: str) -> None:
        self.show_page(self.pages.index(self.map))
        self.map.show_practice(code)

    def _select_practice(self, code: str) -> None:
        """A practice picked on the map is also the one selected on the Practices page."""
        page = self.practices
        for row in range(page.proxy.rowCount()):
            if page.proxy.row_at(row).practice.code == code:
                page.table.selectRow(row)
                return

    def focus_search(self) -> None:
        if not self.current_page().focus_search():
            self.show_page(self.pages.index(self.students))
            self.students.focus_search()

    def show_error(self, text: str) -> None:
        self.message_bar.show_message(text, "error")
        self.statusBar().showMessage("There was a problem: see the message at the top.", 8000)

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def _job_started(self, name: str) -> None:
        if name in SAVING_JOBS:
            self.saved_label.setText("Saving…")

    def _job_finished(self, name: str, ok: bool) -> None:
        if name in SAVING_JOBS:
            self.saved_label.setText(f"All changes saved · {QTime.currentTime().toString('HH:mm')}" if ok else
                                     "Not saved: see the message at the top")

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
    def open_years_dialog(self):
        from desktop.dialogs.years_dialog import YearsDialog

        dialog = YearsDialog(self.ctx, parent=self)
        self._keep_dialog(dialog)
        dialog.open()
        return dialog

    def open_close_year_dialog(self):
        from desktop.dialogs.close_year_dialog import CloseYearDialog

        dialog = CloseYearDialog(self.ctx, parent=self)
        self._keep_dialog(dialog)
        dialog.open()
        return dialog

    def open_import_wizard(self) -> ImportWizard:
        wizard = ImportWizard(self.ctx, has_data=not self.state.snapshot.is_empty, parent=self)
        wizard.imported.connect(self._imported)
        self._keep_dialog(wizard)
        wizard.open()
        return wizard

    def _imported(self, result: operations.ImportCheck) -> None:
        self.undo_stack.clear()
        if not result.ok:
            self.show_error(f"Nothing was imported: {len(result.errors)} error(s) in the data.")
            return
        counts = result.counts
        self.show_status(f"Imported {plural(counts.get('students', 0), 'student')}, "
                         f"{plural(counts.get('practices', 0), 'practice')} and {plural(counts.get('blocks', 0), 'block')}.")
        self.message_bar.hide()
        self.state.shown_plan_name = None
        self.state.reload()

    def load_demo(self) -> None:
        self.show_status("Loading the demo data set…")
        self.jobs.run(operations.load_demo, self.demo_scale, name="load demo", key="demo", in_process=True,
                      on_success=self._imported, on_failure=lambda e: self.show_error(plain_message(e)))

    def save_template(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save an empty template",
                                              in_last_folder(self.qsettings, "placements-template.xlsx"),
                                              "Excel workbooks (*.xlsx)")
        if path:
            remember(self.qsettings, path)
            self.jobs.run(operations.write_template, path, needs_workspace=False, name="template",
                          on_success=lambda p: self.show_status(f"Template saved as {p}"))

    def export_plan(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export the plan to a folder", last_folder(self.qsettings))
        if folder:
            remember(self.qsettings, folder)
            self.jobs.run(operations.export_plan, folder, self.state.shown_plan_name, name="export plan",
                          on_success=lambda written: self.show_status(f"Plan exported to {written[0].parent}"))

    def table_shown(self):
        """The table on the page shown (``ShownTable``), or None when the page has none."""
        from desktop.table_export import ShownTable

        page = self.current_page()
        if page is self.plan:
            current = self.plan.results.currentWidget()
            if current is self.plan.unplaced_panel:
                current = self.plan.unplaced_table
            if isinstance(current, QTableView):
                title = self.plan.results.tabText(self.plan.results.currentIndex())
                return ShownTable(title.replace("&", "").split(" (")[0], current)
            return None
        return page.shown_table()

    def export_to_excel(self) -> None:
        """Writes the table on the page shown as it is shown (Excel or CSV); else the shown plan's placements."""
        shown = self.table_shown()
        plan = self.state.shown_plan_name
        if shown is None:
            if self.state.snapshot.plan is None:
                self.show_status("There is no table on this page, and no plan to export yet.")
                return
            path = self.ask_save_path("Export the plan's placements",
                                      in_last_folder(self.qsettings, f"{plan} - placements.xlsx"),
                                      "Excel workbooks (*.xlsx)")
            if path:
                remember(self.qsettings, path)
                self.jobs.run(operations.export_table, "plan", path, plan, name="export table",
                              on_success=lambda p: self.show_status(f"Saved {p}"))
            return
        self.export_shown(shown, f"{plan} - {shown.title.lower()}.xlsx" if plan else f"{shown.title.lower()}.xlsx")

    def export_shown(self, shown, suggested: str) -> None:
        """Asks which rows when the table is filtered, then where; writes the rows and columns shown."""
        all_rows = False
        if shown.offers_all:
            choice = self.ask_rows_to_export(shown)
            if choice is None:
                return
            all_rows = choice == "all"
        path = self.ask_save_path(f"Export {shown.title}", in_last_folder(self.qsettings, suggested),
                                  "Excel workbooks (*.xlsx);;CSV files (*.csv)")
        if not path:
            return
        remember(self.qsettings, path)
        sheet = shown.sheet(all_rows)
        self.jobs.run(operations.write_table, path, sheet, name="export table", needs_workspace=False,
                      on_success=lambda p: self.show_status(f"Saved {p}: {sheet.note}"))

    def ask_rows_to_export(self, shown) -> str | None:
        """"shown" or "all" rows of a filtered table, or None to leave it (tests replace this)."""
        return self._ask_rows(shown, "Export", "The first line of the file says which.")

    def ask_rows_to_print(self, shown) -> str | None:
        """As ``ask_rows_to_export``, for a print (tests replace this)."""
        return self._ask_rows(shown, "Print", "The top of the first page says which.")

    def _ask_rows(self, shown, verb: str, which: str) -> str | None:
        count, total = shown.counts()
        box = QMessageBox(QMessageBox.Icon.Question, f"{verb} {shown.title}",
                          f"The table is filtered ({shown.filter_words or 'by its filters'}): it shows {count:,} of "
                          f"{total:,} rows. {verb} only the rows shown, or every row? {which}",
                          QMessageBox.StandardButton.Cancel, self)
        only = box.addButton(f"The {count:,} rows shown", QMessageBox.ButtonRole.AcceptRole)
        every = box.addButton(f"All {total:,} rows", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(only)
        box.exec()
        return "shown" if box.clickedButton() is only else "all" if box.clickedButton() is every else None

    def ask_save_path(self, title: str, suggested: str, file_filter: str) -> str:
        """The file to write (tests replace this); .xlsx unless the officer chose a .csv name."""
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, file_filter)
        if path and not path.lower().endswith((".xlsx", ".csv")):
            path += ".xlsx"
        return path

    def print_table(self) -> None:
        """Prints the table on the page shown as it is shown, its filter stated at the top (as an export)."""
        shown = self.table_shown()
        if shown is None:
            self.show_status("There is no table on this page to print (File > Print prints the Documents page's "
                             "document).")
            return
        all_rows = False
        if shown.offers_all:
            choice = self.ask_rows_to_print(shown)
            if choice is None:
                return
            all_rows = choice == "all"
        sheet = shown.sheet(all_rows)

        def made(pdf: bytes) -> None:
            printer = self.choose_table_printer(page_count(pdf))
            if printer is None:
                return
            try:
                pages = print_pdf(pdf, printer)
            except PrinterNotStarted:
                self.show_error("The printer could not be started: check that it is switched on and try again.")
                return
            self.show_status(f"Printed {plural(pages, 'page')}: {sheet.note}")

        self.jobs.run(operations.table_pdf, sheet, self.state.shown_plan_name, name="print table", on_success=made,
                      on_failure=lambda e: self.show_error(plain_message(e)))

    def choose_table_printer(self, pages: int):
        """The print dialog for a table's print (tests replace this)."""
        return choose_printer(self, pages)

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

    def _practice_name(self, code: str) -> str:
        practice = next((p for p in self.state.snapshot.dataset.practices if p.code == code), None)
        return practice.name if practice is not None else code

    def _student_name(self, student_id: str) -> str:
        student = next((s for s in self.state.snapshot.dataset.students if s.student_id == student_id), None)
        return student.full_name if student is not None else student_id

    def confirm_override(self, reasons: str) -> str | None:
        """Asks whether to break the rules anyway, and why; returns the reason, or None to leave it (tests replace this)."""
        reason, ok = QInputDialog.getText(
            self, "This change breaks a rule",
            f"{reasons}\n\nMake the change anyway? The override is recorded with your name and the reason, "
            "and the student's documents show it.\n\nReason (required):")
        return reason.strip() if ok and reason.strip() else None

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

    def open_move_dialog_for(self, student_id: str, block_id: str, show_forbidden: bool = False) -> MoveDialog | None:
        """The move dialog for a student-block of the shown plan (from the Unplaced list)."""
        row = next((r for r in allocation_rows(self.state.snapshot.dataset, self.state.snapshot.plan)
                    if (r.student.student_id, r.block.block_id) == (student_id, block_id)), None)
        if row is None:
            return None
        dialog = self.open_move_dialog(row)
        if dialog is not None and show_forbidden:
            dialog.filters.checks["forbidden"].setChecked(True)
        return dialog

    def _move_chosen(self, row: AllocationRow, choice: tuple[str, bool, str] | None) -> None:
        if choice is not None:
            code, override, reason = choice
            self.move(row, code, override=override, reason=reason)

    def move(self, row: AllocationRow, practice_code: str, override: bool = False, reason: str = "") -> None:
        sid, bid = row.student.student_id, row.block.block_id
        student, practice = row.student.full_name, self._practice_name(practice_code)
        self._edit(MoveCommand, dict(student_id=sid, block_id=bid, practice_code=practice_code, override=override,
                                     reason=reason, text=f"move {student} to {practice}"),
                   [(sid, bid)], f"Moved {student} to {practice} in {bid}.",
                   lambda why: self.move(row, practice_code, True, why))

    def swap_requested(self, row_a: AllocationRow, row_b: AllocationRow) -> None:
        """Shows both students' journeys before and after, and swaps only when the officer confirms."""
        name = self._plan_name()
        if name is None:
            return
        if row_a.block.block_id != row_b.block.block_id:
            self.show_error("Swap exchanges two students' practices in one block: pick two students of the same block.")
            return

        def previewed(preview) -> None:
            if self.confirm_swap(self.swap_text(row_a, row_b, preview)):
                self.swap(row_a, row_b)

        self.jobs.run(operations.swap_preview, name, row_a.block.block_id, row_a.student.student_id,
                      row_b.student.student_id, name="swap preview", on_success=previewed,
                      on_failure=lambda e: self.show_error(plain_message(e)))

    def swap_text(self, row_a: AllocationRow, row_b: AllocationRow, preview) -> str:
        """The swap's question: both students' journeys before and after (``edits.SwapPreview``)."""
        names = {r.student.student_id: r.student.full_name for r in (row_a, row_b)}
        practices = {p.code: p.name for p in self.state.snapshot.dataset.practices}
        return swap_question(preview, names, practices)

    def confirm_swap(self, text: str) -> bool:
        """Asks to confirm a swap (tests replace this)."""
        return ask_to_swap(self, text)

    def swap(self, row_a: AllocationRow, row_b: AllocationRow, override: bool = False, reason: str = "") -> None:
        block = row_a.block.block_id
        a, b = row_a.student.student_id, row_b.student.student_id
        names = f"{row_a.student.full_name} and {row_b.student.full_name}"
        self._edit(SwapCommand, dict(block_id=block, student_a=a, student_b=b, override=override, reason=reason,
                                     text=f"swap {names}"),
                   [(a, block), (b, block)], f"Swapped {names} in {block}.",
                   lambda why: self.swap(row_a, row_b, True, why))

    def lock_requested(self, row: AllocationRow, locked: bool) -> None:
        """Lock asks why (the reason is optional, kept with the lock and shown); unlock needs no reason."""
        reason = ""
        if locked:
            asked = self.ask_lock_reason(row)
            if asked is None:
                return
            reason = asked
        self.set_locked(row, locked, reason)

    def ask_lock_reason(self, row: AllocationRow) -> str | None:
        """The reason for a lock ('' for none), or None to leave it unlocked (tests replace this)."""
        where = f" at {row.practice.name}" if row.practice is not None else ""
        reason, ok = QInputDialog.getText(
            self, "Lock this placement",
            f"Lock {row.student.full_name}{where} in {row.block.block_id}? New plans keep a locked placement.\n\n"
            "Reason (optional; kept with the lock and shown in the Locks list), e.g. agreed with the GP:")
        return reason.strip() if ok else None

    def set_locked(self, row: AllocationRow, locked: bool, reason: str = "") -> None:
        sid, bid = row.student.student_id, row.block.block_id
        where = f" at {row.practice.name}" if row.practice is not None else ""
        text = f"{'lock' if locked else 'unlock'} {row.student.full_name}{where}"
        self._edit(LockCommand, dict(student_id=sid, block_id=bid, locked=locked, reason=reason, text=text),
                   [(sid, bid)], text[:1].upper() + text[1:] + ".", None)

    def _edit(self, command_class: type[QUndoCommand], command_args: dict, keys: list[tuple[str, str]], status: str,
              retry_with_override: Callable[[str], None] | None) -> None:
        """Makes one hand edit of the shown plan by pushing its undo command (whose first redo makes it)."""
        name = self._plan_name()
        if name is None:
            return
        plan = self.state.snapshot.plan
        assert plan is not None

        def made(new_plan: Plan, command: PlanEditCommand) -> None:
            self.state.show_plan(new_plan)
            self.plan.refresh_edits()
            done = {"undo": "Undone", "redo": "Redone"}.get(command.last_run)
            self.show_status(f"{done}: {command.text()}." if done else status)

        def failed(error: BaseException, command: PlanEditCommand) -> None:
            if command.made:
                self._undo_failed(error)
            elif isinstance(error, PlanChanged):  # another officer saved the plan since it was shown: ask
                QTimer.singleShot(0, lambda: (self._drop(command), team.ask_to_reload(
                    self, self.ctx, error, lambda: self._edit(command_class, command_args, keys, status,
                                                              retry_with_override))))
            else:
                # deferred: with synchronous jobs this runs inside QUndoStack.push, before the command is on the stack
                QTimer.singleShot(0, lambda: self._edit_failed(error, command, retry_with_override))

        command = command_class(jobs=self.jobs, plan_name=name, user=self.state.user,
                                before=[allocation_state(plan, sid, bid) for sid, bid in keys],
                                on_plan=made, on_failed=failed, shown_version=self._shown_version, **command_args)
        self.undo_stack.push(command)

    def _shown_version(self) -> int | None:
        plan = self.state.snapshot.plan
        return plan.version if plan is not None else None

    def _edit_failed(self, error: BaseException, command: PlanEditCommand,
                     retry_with_override: Callable[[str], None] | None) -> None:
        """A change that could not be made: off the stack; a rule it breaks may be overridden, with a reason."""
        self._drop(command)
        if isinstance(error, EditRefused) and retry_with_override is not None:
            why = self.confirm_override("Not allowed: " + "; ".join(error.reasons) + ".")
            if why is not None:
                retry_with_override(why)
            else:
                self.show_error("Not changed: " + "; ".join(error.reasons) + ".")
        else:
            self.show_error(plain_message(error))

    def _drop(self, command: PlanEditCommand) -> None:
        """Takes a change that was never made off the top of the undo stack (without running its undo)."""
        top = self.undo_stack.index() - 1
        if top >= 0 and self.undo_stack.command(top) is command:
            command.setObsolete(True)
            self.undo_stack.undo()

    def _undo_failed(self, error: BaseException) -> None:
        """An undo or redo that failed leaves the stack's position wrong: it is emptied and the plan reloaded."""
        self.show_error(plain_message(error))
        # deferred: with synchronous jobs this runs inside QUndoStack.undo(), which must finish first
        QTimer.singleShot(0, self._reset_undo)

    def _reset_undo(self) -> None:
        self.undo_stack.clear()
        self.state.reload()

    def open_compare(self, name_a: str, name_b: str) -> None:
        def show(comparison) -> None:
            dialog = CompareDialog(comparison, self)
            dialog.export_requested.connect(lambda: self._export_comparison(dialog))
            self._keep_dialog(dialog)
            self.compare_dialog = dialog
            dialog.open()

        self.show_status(f"Comparing {name_a} and {name_b}…")
        self.jobs.run(operations.compare_plans, name_a, name_b, name="compare", in_process=True, on_success=show)

    def _export_comparison(self, dialog: CompareDialog) -> None:
        from desktop.table_export import ShownTable

        a, b = dialog.comparison.a, dialog.comparison.b
        self.export_shown(ShownTable(f"Student-blocks that move from {a} to {b}", dialog.moves_view),
                          f"{a} vs {b}.xlsx")

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
    def show_help(self) -> HelpDialog:
        dialog = HelpDialog(self)
        self._keep_dialog(dialog)
        dialog.open()
        return dialog

    def show_about(self) -> None:
        from scheduler import __version__

        QMessageBox.about(self, f"About {APP_TITLE}",
                          f"<b>{APP_TITLE}</b> {__version__}<br>Places medical students with GP practices for every "
                          "placement block, prints the timetables and keeps the plan right through the year.<br>"
                          "Works offline: nothing is sent over the network.")

    def open_log_folder(self) -> None:
        folder = private_folder(log_file_path().parent)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # window state ---------------------------------------------------------------------------------
    def restore_window(self) -> None:
        geometry = self.qsettings.value("window/geometry")
        restored = isinstance(geometry, QByteArray) and not geometry.isEmpty() and self.restoreGeometry(geometry)
        screen = self.screen() or QApplication.primaryScreen()
        available = screen.availableGeometry() if screen else None
        if available is not None:
            if not restored:
                fit_to_screen(self, QSize(1400, 900))
            small = available.width() < SMALL_SCREEN.width() or available.height() < SMALL_SCREEN.height()
            too_big = self.width() > available.width() or self.height() > available.height()
            if (small and not restored) or too_big:
                self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
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


class _ActionFollower(QObject):
    """Runs ``update(action, text)`` when the signal fires; it lives and dies with the action."""

    def __init__(self, action: QAction, update: Callable[[QAction, str], object]) -> None:
        super().__init__(action)
        self._action = action
        self._update = update

    @Slot(str)
    def follow(self, text: str) -> None:
        try:
            self._update(self._action, text)
        except RuntimeError:  # the window is being deleted: the stack empties itself after its actions went
            pass


def _follow(signal, action: QAction, update: Callable[[QAction, str], object]) -> None:
    signal.connect(_ActionFollower(action, update).follow)


def _discard_jobs_of(dialog) -> None:
    own_jobs = getattr(dialog, "own_jobs", None)
    if own_jobs is not None:
        own_jobs.discard()
