"""What the returned evaluation workbooks would store, and their problems, shown before anything is saved.

One row per placement answered: its scores, whether a comment was written and
whether it is marked as a concern (the comment itself is the student's own
words: it is read on the Evaluations page's concerns list, not here). Every
answer of every file is saved at once, or none: with any problem listed (by
file, sheet, row and column), Save stays off until the files are mended.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTableView, QWidget

from desktop.dialogs.return_problems import problem_columns
from desktop.models.table import Column, RowTableModel
from desktop.pages.base import fit_columns, make_table_view
from desktop.text import plural
from desktop.widgets.screen_fit import fit_to_screen, scrolling_body
from scheduler.evaluations.layout import COLUMNS, QUESTIONS
from scheduler.evaluations.returns import Answer, EvaluationsCheck


def _score(name: str):
    return lambda a: "" if a.scores.get(name) is None else str(a.scores[name])


ANSWER_COLUMNS: list[Column[Answer]] = [
    Column("Student", lambda a: a.student_id),
    Column("Block", lambda a: a.block_id),
    Column("Practice", lambda a: a.practice_code),
    *(Column(label, _score(name), lambda a, n=name: a.scores.get(n) or 0, numeric=True,
             tooltip=f"{label}: 1 (poor) to 5 (excellent); empty when not answered") for name, label in QUESTIONS),
    Column("Comment", lambda a: "yes" if a.comment else ""),
    Column("Concern", lambda a: "concern" if a.concern else "", colour=lambda a: "#b3261e" if a.concern else None,
           tooltip="Marked as a concern: goes to the concerns list for the office to follow up"),
    Column("File", lambda a: a.source, tooltip="The returned workbook"),
]

PROBLEM_COLUMNS = problem_columns(COLUMNS)


class EvaluationReturnsDialog(QDialog):
    def __init__(self, check: EvaluationsCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Returned evaluation workbooks")
        self.check = check
        layout, outer = scrolling_body(self)
        files = plural(len(check.students), "workbook")
        concerns = sum(1 for a in check.answers if a.concern)
        if check.problems:
            summary = (f"{plural(len(check.problems), 'problem')} in the returned files: nothing can be saved until "
                       "they are mended (or the file is left out).")
        elif check.answers:
            raised = f", {plural(concerns, 'concern')} among them" if concerns else ""
            summary = (f"{files} read: {plural(len(check.answers), 'placement')} evaluated{raised}. Nothing is "
                       "saved until you press Save.")
        else:
            summary = f"{files} read. No placement in them is answered, so there is nothing to save."
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = RowTableModel(ANSWER_COLUMNS, self)
        self.model.set_rows(check.answers)
        self.table: QTableView = make_table_view("Answers the returns store")
        self.table.setModel(self.model)
        fit_columns(self.table, 240)
        self.table.setVisible(bool(check.answers))
        layout.addWidget(self.table, 1)
        self.problem_model = RowTableModel(PROBLEM_COLUMNS, self)
        self.problem_model.set_rows(check.problems)
        self.problems = make_table_view("Problems in the returned files")
        self.problems.setModel(self.problem_model)
        self.problems.setStyleSheet("color: #b3261e;")
        fit_columns(self.problems, 420)
        self.problems.setVisible(bool(check.problems))
        layout.addWidget(self.problems, 1)
        if check.warnings:
            warnings = QLabel("Worth a look (read like the rest): " + "; ".join(map(str, check.warnings)))
            warnings.setWordWrap(True)
            layout.addWidget(warnings)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save the answers")
        self.save_button.setToolTip("Save every answer of every file in one go, and mark those students as replied")
        self.save_button.setEnabled(check.ok and bool(check.answers))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        fit_to_screen(self, QSize(860, 480))
