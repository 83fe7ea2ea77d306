"""The import wizard: choose a folder or workbook, preview every table with its problems, then confirm.

Nothing is written to the database until the officer presses Import on the
last page, and a data set with any error cannot get there: the services check
it again and import all or nothing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTabWidget,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.context import AppContext
from desktop.dialogs.column_mapping_dialog import ColumnMappingDialog, tables_to_map
from desktop.folders import last_folder, remember
from desktop.jobs import JobGroup
from desktop.models.problems import ProblemModel, RawTableModel
from desktop.models.table import RowFilterProxy
from desktop.operations import (
    PREVIEW_ROWS,
    ImportCheck,
    check_for_preview,
    import_for_window,
    load_saved_mapping,
    save_column_mapping,
    saved_mapping_names,
)
from desktop.pages.base import make_table_view
from desktop.widgets.screen_fit import fit_to_screen, scrolling_body


class SourcePage(QWizardPage):
    def __init__(self, has_data: bool, start_folder: str) -> None:
        super().__init__()
        self.setTitle("Choose the data to import")
        self.setSubTitle("A folder of CSV files (students.csv, practices.csv, blocks.csv …) or one Excel workbook "
                         "with a sheet per table.")
        layout, _outer = scrolling_body(self)
        self.folder_radio = QRadioButton("A &folder of CSV files")
        self.workbook_radio = QRadioButton("An &Excel workbook (.xlsx)")
        self.folder_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.folder_radio)
        group.addButton(self.workbook_radio)
        layout.addWidget(self.folder_radio)
        layout.addWidget(self.workbook_radio)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Folder or workbook")
        self.path_edit.setAccessibleName("Folder or workbook to import")
        self.path_edit.textChanged.connect(self.completeChanged)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self.browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.replace_check = QCheckBox("&Replace the data already in the database (its plans are deleted)")
        self.replace_check.setVisible(has_data)
        self.replace_check.toggled.connect(self.completeChanged)
        layout.addWidget(self.replace_check)
        self.note = QLabel("The database already holds a data set. Tick the box to replace it." if has_data else "")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.has_data = has_data
        self.start_folder = start_folder

    def browse(self) -> None:
        if self.workbook_radio.isChecked():
            path, _ = QFileDialog.getOpenFileName(self, "Choose a workbook", self.start_folder, "Excel workbooks (*.xlsx)")
        else:
            path = QFileDialog.getExistingDirectory(self, "Choose a folder of CSV files", self.start_folder)
        if path:
            self.path_edit.setText(path)

    def path(self) -> str:
        return self.path_edit.text().strip()

    def isComplete(self) -> bool:
        path = self.path()
        return bool(path) and Path(path).exists() and (not self.has_data or self.replace_check.isChecked())

    def validatePage(self) -> bool:
        return self.isComplete()


def file_headers(result: ImportCheck, mapping: dict[str, dict[str, str]] | None) -> dict[str, list[str]]:
    """The file's own column names per table: the headers read, with a mapping's renames undone."""
    out = {}
    for name, table in result.tables.items():
        undo = {target: source for source, target in (mapping or {}).get(name, {}).items()}
        out[name] = [undo.get(h, h) for h in table.headers]
    return out


class CheckPage(QWizardPage):
    """Reads and checks the data (off the GUI thread) and shows every table and problem."""

    def __init__(self, ctx: AppContext, source: SourcePage, own_jobs: JobGroup) -> None:
        super().__init__()
        self.ctx = ctx
        self.source = source
        self.own_jobs = own_jobs
        self.result: ImportCheck | None = None
        self.mapping: dict[str, dict[str, str]] | None = None
        """The column mapping the file is read through (chosen or saved), or None."""
        self.setTitle("Check the data")
        layout, _outer = scrolling_body(self)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)
        columns = QHBoxLayout()
        self.mapping_choice = QComboBox()
        self.mapping_choice.setAccessibleName("Saved column mapping")
        self.mapping_choice.setToolTip("Read the file's columns through a mapping saved at an earlier import")
        self.mapping_choice.activated.connect(self._use_saved)
        self.map_columns = QPushButton("&Match columns…")
        self.map_columns.setToolTip("Choose which of the file's columns is which column of the data format")
        self.map_columns.clicked.connect(self.open_mapping_dialog)
        label = QLabel("Column &mapping:")
        label.setBuddy(self.mapping_choice)
        columns.addWidget(label)
        columns.addWidget(self.mapping_choice)
        columns.addWidget(self.map_columns)
        columns.addStretch(1)
        layout.addLayout(columns)
        controls = QHBoxLayout()
        self.only_problems = QCheckBox("Show &only rows with problems")
        self.only_problems.toggled.connect(self._apply_filter)
        self.recheck = QPushButton("Check &again")
        self.recheck.setToolTip("Read the files again after fixing them")
        self.recheck.clicked.connect(self.run_check)
        controls.addWidget(self.only_problems)
        controls.addStretch(1)
        controls.addWidget(self.recheck)
        layout.addLayout(controls)
        self.tabs = QTabWidget()
        self.tabs.currentChanged.connect(self._fit_tab)
        layout.addWidget(self.tabs, 1)
        self._proxies: list[RowFilterProxy] = []
        self._read_headers: dict[str, list[str]] = {}
        """The file's own column names per table, for the mapping step."""

    def initializePage(self) -> None:
        self._list_saved()
        self.run_check()

    def _list_saved(self, selected: str = "") -> None:
        def listed(names: list[str]) -> None:
            self.mapping_choice.clear()
            self.mapping_choice.addItems(["None: the data format's own names", *names])
            if selected in names:
                self.mapping_choice.setCurrentIndex(names.index(selected) + 1)

        self.own_jobs.add(self.ctx.jobs.run(saved_mapping_names, name="saved mappings", on_success=listed))

    def _use_saved(self, index: int) -> None:
        if index <= 0:
            self.mapping = None
            self.run_check()
            return

        def loaded(mapping: dict) -> None:
            self.mapping = mapping
            self.run_check()

        self.own_jobs.add(self.ctx.jobs.run(load_saved_mapping, self.mapping_choice.itemText(index),
                                            name="load mapping", on_success=loaded))

    def open_mapping_dialog(self) -> ColumnMappingDialog | None:
        """Opens the mapping step (window-modal) for the tables read; None when every column is known."""
        if self.result is None or not tables_to_map(self._read_headers):
            self.summary.setText("Every column of the file has a name of the data format: there is nothing to "
                                 "match.")
            return None
        name = self.mapping_choice.currentText() if self.mapping_choice.currentIndex() > 0 else ""
        dialog = ColumnMappingDialog(self._read_headers, self.mapping, name, self)
        dialog.accepted.connect(lambda: self._mapping_chosen(dialog))
        dialog.open()
        return dialog

    def _mapping_chosen(self, dialog: ColumnMappingDialog) -> None:
        self.mapping = dialog.mapping or None
        if dialog.name and dialog.mapping:
            self.own_jobs.add(self.ctx.jobs.run(save_column_mapping, dialog.name, dialog.mapping,
                                                name="save mapping", on_success=self._list_saved))
        self.run_check()

    def run_check(self) -> None:
        self.result = None
        self.completeChanged.emit()
        self.summary.setText("Reading and checking the data…")
        self.tabs.clear()
        self._proxies = []
        self.own_jobs.add(self.ctx.jobs.run(
            check_for_preview, self.source.path(), self.mapping, name="check data", key="import-check",
            needs_workspace=False, in_process=True, on_success=self._show, on_failure=self._failed))

    def _failed(self, error: BaseException) -> None:
        from desktop.errors import plain_message

        self.summary.setText(f"<b>The data could not be read.</b> {plain_message(error)}")

    def _show(self, result: ImportCheck) -> None:
        self.result = result
        self._read_headers = file_headers(result, self.mapping)
        # a summary line ("and 999,950 more like this") stands for the problems it counts
        errors, warnings = (sum(getattr(p, "more", 0) or 1 for p in found) for found in (result.errors, result.warnings))
        if result.ok:
            counts = result.counts
            self.summary.setText(
                f"<b>Ready to import:</b> {counts.get('students', 0):,} students, {counts.get('practices', 0):,} "
                f"practices, {counts.get('blocks', 0):,} blocks. "
                + (f"{warnings} warning(s) to read below." if warnings else "No problems found."))
        else:
            self.summary.setText(
                f"<b style='color:#b3261e'>{errors:,} error(s) must be fixed before anything can be imported</b>"
                + (f" (and {warnings:,} warning(s))" if warnings else "")
                + ". Fix them in your spreadsheet, save it, and press Check again"
                + (", or press Match columns… if the file names its columns its own way"
                   if tables_to_map(self._read_headers) else "")
                + ". Nothing has been written.")
        if result.problems:
            problems = ProblemModel(self)
            problems.set_rows(result.problems)
            self._add_tab(problems, f"Problems ({len(result.problems)})", filterable=False)
        order = ["practices", "students", "blocks", "capacity", "exclusions", "pairs", "history", "preferences",
                 "travel", "postcodes"]
        for name, table in sorted(result.tables.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0])):
            model = RawTableModel(table, result.problems, self)
            bad = sum(1 for r in model.rows() if r.problem)
            total = result.table_rows.get(name, len(table.rows))
            title = f"{name} ({total:,}{', ' + str(bad) + ' with problems' if bad else ''})"
            view = self._add_tab(model, title)
            if total > len(table.rows):
                view.setToolTip(f"The first {PREVIEW_ROWS:,} of {total:,} rows are shown, and every row with a problem.")
        self._apply_filter()
        self.completeChanged.emit()

    def _add_tab(self, model, title: str, filterable: bool = True) -> QTableView:
        proxy = RowFilterProxy(self)
        proxy.setSourceModel(model)
        view = make_table_view(title)
        view.setModel(proxy)
        view.setProperty("fitted", False)
        if filterable:
            self._proxies.append(proxy)
        self.tabs.addTab(view, title)
        return view

    def _fit_tab(self, index: int) -> None:
        """Sizes a tab's columns the first time it is shown (ten tables at once would pause the window)."""
        view = self.tabs.widget(index)
        if not isinstance(view, QTableView) or view.property("fitted"):
            return
        view.setProperty("fitted", True)
        view.horizontalHeader().setResizeContentsPrecision(50)
        view.resizeColumnsToContents()
        for column in range(view.model().columnCount()):
            view.setColumnWidth(column, min(view.columnWidth(column), 360))

    def _apply_filter(self) -> None:
        only = self.only_problems.isChecked()
        for proxy in self._proxies:
            proxy.set_filter("problems", (lambda r: bool(r.problem)) if only else None)

    def isComplete(self) -> bool:
        return self.result is not None and self.result.ok

    def validatePage(self) -> bool:
        return self.isComplete()


class ConfirmPage(QWizardPage):
    def __init__(self, ctx: AppContext, check: CheckPage, source: SourcePage) -> None:
        super().__init__()
        self.ctx = ctx
        self.check = check
        self.source = source
        self.setTitle("Import")
        self.setFinalPage(True)
        layout, _outer = scrolling_body(self)
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.shrink_note = QLabel("")
        self.shrink_note.setWordWrap(True)
        self.shrink_note.setTextFormat(Qt.TextFormat.RichText)
        self.shrink_check = QCheckBox("&Yes, replace the data set by this much smaller one")
        self.shrink_check.toggled.connect(self.completeChanged)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.text)
        layout.addWidget(self.shrink_note)
        layout.addWidget(self.shrink_check)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._ask_shrink(False)

    def _ask_shrink(self, ask: bool) -> None:
        self.shrink_note.setVisible(ask)
        self.shrink_check.setVisible(ask)
        self.shrink_check.setChecked(False)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self.shrink_check.isVisibleTo(self) or self.shrink_check.isChecked()

    def initializePage(self) -> None:
        result = self.check.result
        if result is None or not result.ok:
            self.text.setText("There is nothing to import.")
            return
        counts = result.counts
        replace = self.source.replace_check.isChecked()
        self.text.setText(
            f"Press Import to write {counts.get('students', 0):,} students, {counts.get('practices', 0):,} practices "
            f"and {counts.get('blocks', 0):,} blocks to the database"
            + (", replacing the data set there and deleting its plans." if replace else ".")
            + " Nothing has been written yet.")
        from scheduler.services.data import Replacement

        change = Replacement.of(self.ctx.state.snapshot.counts, counts)
        smaller = change.much_smaller if replace else []
        if smaller:
            rows = "".join(f"<li>{name}: {change.before[name]:,} now, {change.after[name]:,} after</li>"
                           for name in smaller)
            self.shrink_note.setText(
                f"<b style='color:#b3261e'>The new data set is much smaller than the one it replaces:</b><ul>{rows}"
                f"</ul>Its {change.plans:,} plan(s) would be deleted too. Is this the file you meant?")
        self._ask_shrink(bool(smaller))


class ImportWizard(QWizard):
    imported = Signal(object)

    def __init__(self, ctx: AppContext, has_data: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Import data")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Import")
        start = last_folder(ctx.settings)
        self.own_jobs = JobGroup()
        self.source = SourcePage(has_data, start)
        self.check = CheckPage(ctx, self.source, self.own_jobs)
        self.confirm = ConfirmPage(ctx, self.check, self.source)
        for page in (self.source, self.check, self.confirm):
            self.addPage(page)
        fit_to_screen(self, QSize(980, 680))
        self.importing = False

    def accept(self) -> None:
        if self.importing:
            return
        path = self.source.path()
        remember(self.ctx.settings, str(Path(path).parent))
        self._set_importing(True)
        self.confirm.status.setText("Importing…")
        self.own_jobs.add(self.ctx.jobs.run(
            import_for_window, path, self.source.replace_check.isChecked(), self.check.mapping, name="import",
            key="import",
            in_process=True, on_success=self._imported, on_failure=self._failed))

    def reject(self) -> None:
        """Cancel, Escape and the close box wait while an import is writing (stopping it half-way helps no one)."""
        if not self.importing:
            super().reject()

    def _set_importing(self, importing: bool) -> None:
        self.importing = importing
        self.button(QWizard.WizardButton.FinishButton).setEnabled(not importing)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(not importing)
        self.button(QWizard.WizardButton.BackButton).setEnabled(not importing)

    def _imported(self, result: ImportCheck) -> None:
        self._set_importing(False)
        if not result.ok:
            self.confirm.status.setText(f"Nothing was imported: {len(result.errors)} error(s). Go back to see them.")
            return
        self.imported.emit(result)
        super().accept()

    def _failed(self, error: BaseException) -> None:
        from desktop.errors import plain_message

        self._set_importing(False)
        self.confirm.status.setText(f"<b>Nothing was imported.</b> {plain_message(error)}")
