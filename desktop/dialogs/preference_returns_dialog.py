"""What the returned preference workbooks would change, and their problems, shown before anything is saved.

One row per student whose ranks change: the ranks on record and the returned
ones. Every change of every file is saved at once, or none: with any problem
listed (by file, sheet, row and column), Save stays off until the files are
mended.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableView, QWidget

from desktop.dialogs.return_problems import problem_columns
from desktop.models.table import Column, RowTableModel
from desktop.pages.base import fit_columns, make_table_view
from desktop.text import plural
from desktop.widgets.screen_fit import fit_to_screen, scrolling_body
from scheduler.preference_round.changes import PreferencesPreview, RankChange, ranks_text
from scheduler.preference_round.workbook import COLUMNS

CHANGE_COLUMNS: list[Column[RankChange]] = [
    Column("Student", lambda c: c.student_id),
    Column("Name", lambda c: c.name),
    Column("Cohort", lambda c: c.cohort),
    Column("Ranks now", lambda c: ranks_text(c.before), tooltip="Rank and practice code on record (1 = most wanted)"),
    Column("Returned ranks", lambda c: ranks_text(c.after), tooltip="Rank and practice code in the returned workbook"),
    Column("File", lambda c: c.source, tooltip="The returned workbook"),
]

PROBLEM_COLUMNS = problem_columns(COLUMNS)


class PreferenceReturnsDialog(QDialog):
    def __init__(self, preview: PreferencesPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Returned preference workbooks")
        self.preview = preview
        layout, outer = scrolling_body(self)
        problems = preview.check.problems
        files = plural(len(preview.files), "workbook")
        if problems:
            summary = (f"{plural(len(problems), 'problem')} in the returned files: nothing can be saved until they "
                       "are mended (or the file is left out).")
        elif preview.changes:
            same = (f" ({plural(preview.unchanged, 'student')} with the ranks on record, as sent: not counted as "
                    "replies)" if preview.unchanged else "")
            summary = (f"{files} read. The ranks of {plural(len(preview.changes), 'student')} change{same}. "
                       "Nothing is saved until you press Save.")
        else:
            summary = (f"{files} read. They change no rank: every rank in them is the one on record (as the "
                       "workbooks were sent), so nobody is counted as replied and there is nothing to save.")
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = RowTableModel(CHANGE_COLUMNS, self)
        self.model.set_rows(preview.changes)
        self.table: QTableView = make_table_view("Changes the returns make")
        self.table.setModel(self.model)
        fit_columns(self.table, 320)
        self.table.setVisible(bool(preview.changes))
        layout.addWidget(self.table, 1)
        self.problem_model = RowTableModel(PROBLEM_COLUMNS, self)
        self.problem_model.set_rows(problems)
        self.problems = make_table_view("Problems in the returned files")
        self.problems.setModel(self.problem_model)
        self.problems.setStyleSheet("color: #b3261e;")
        fit_columns(self.problems, 420)
        self.problems.setVisible(bool(problems))
        layout.addWidget(self.problems, 1)
        if preview.check.warnings:
            warnings = QLabel("Worth a look (read like the rest): " + "; ".join(map(str, preview.check.warnings)))
            warnings.setWordWrap(True)
            layout.addWidget(warnings)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save the ranks")
        self.save_button.setToolTip("Save every change of every file in one go, and mark those students as replied")
        self.save_button.setEnabled(preview.ok and bool(preview.changes))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        fit_to_screen(self, QSize(860, 480))
