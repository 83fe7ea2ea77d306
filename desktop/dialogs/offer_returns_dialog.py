"""What the returned offer workbooks would change, and their problems, shown before anything is saved.

The officer applies every change of every file at once, or none: with any
problem listed, Apply stays off and the files must be mended first.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QTableView, QWidget

from desktop.models.table import Column, RowTableModel
from desktop.pages.base import fit_columns, make_table_view
from desktop.text import plural
from desktop.widgets.screen_fit import fit_to_screen, scrolling_body
from scheduler.domain import OfferChange

WHAT = {"places": "places", "per_day": "students per day", "tutor": "tutor", "tutors": "GP tutors (on the Tutors sheet)"}

CHANGE_COLUMNS: list[Column[OfferChange]] = [
    Column("Practice", lambda c: c.practice_code),
    Column("Block", lambda c: c.block_id or "(all blocks)"),
    Column("What", lambda c: WHAT.get(c.what, c.what)),
    Column("Now", lambda c: c._show(c.before), numeric=True),
    Column("Returned", lambda c: c._show(c.after), numeric=True),
]


class OfferReturnsDialog(QDialog):
    def __init__(self, check, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Returned offer workbooks")
        self.check = check
        layout, outer = scrolling_body(self)
        files = plural(len(check.returns), "workbook")
        practices = len({c.practice_code for c in check.changes})
        if check.problems:
            summary = (f"{plural(len(check.problems), 'problem')} in the returned files: nothing can be applied until "
                       "they are mended (or the file is left out).")
        elif check.changes:
            summary = (f"{files} read. {plural(len(check.changes), 'change')} at "
                       f"{plural(practices, 'practice')}; nothing is saved until you press Apply.")
        else:
            summary = f"{files} read. They change nothing: the practices confirmed what is on record."
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = RowTableModel(CHANGE_COLUMNS, self)
        self.model.set_rows(check.changes)
        self.table: QTableView = make_table_view("Changes the returns make")
        self.table.setModel(self.model)
        fit_columns(self.table)
        layout.addWidget(self.table, 1)
        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems in the returned files")
        self.problems.addItems([str(p) for p in check.problems])
        self.problems.setVisible(bool(check.problems))
        self.problems.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.problems)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText("&Apply the changes" if check.changes else "&Record the replies")
        self.apply_button.setToolTip("Save every change of every file in one go, and mark the practices as replied")
        self.apply_button.setEnabled(check.ok and bool(check.returns))
        self.apply_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        fit_to_screen(self, QSize(640, 420))
