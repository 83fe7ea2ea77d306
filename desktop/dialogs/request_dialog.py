"""New change request: which student and block, what is asked (the fields the kind needs) and why.

The dialog only gathers the answers; the page records them through the
services, which check them, and a refusal is shown in the dialog so nothing
typed is lost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from desktop.widgets.picker import make_picker
from desktop.widgets.screen_fit import fit_to_screen, scrolling_body
from scheduler.domain import REQUEST_KINDS, DataSet


@dataclass(frozen=True)
class RequestAnswers:
    student_id: str
    block_id: str
    kind: str
    reason: str
    practice_code: str = ""
    max_minutes: float | None = None
    away_from: dt.date | None = None
    away_to: dt.date | None = None


class RequestDialog(QDialog):
    def __init__(self, data: DataSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New change request")
        self.data = data
        form = QFormLayout()
        self.student = QComboBox()
        for s in sorted(data.students, key=lambda s: (s.last_name.casefold(), s.first_name.casefold())):
            self.student.addItem(f"{s.full_name} ({s.student_id})", s.student_id)
        make_picker(self.student)
        self.student.setAccessibleName("Student")
        self.student.setToolTip("Type part of a name or student number")
        self.block = QComboBox()
        self.block.setAccessibleName("Block")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Asks for")
        for kind, text in REQUEST_KINDS.items():
            self.kind.addItem(text[:1].upper() + text[1:], kind)
        self.practice = QComboBox()
        self.practice.setAccessibleName("Practice")
        self.practice.setToolTip("Type part of a name or practice code")
        for p in sorted(data.practices, key=lambda p: p.name.casefold()):
            self.practice.addItem(f"{p.name} ({p.code})", p.code)
        make_picker(self.practice)
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0, 240)
        self.minutes.setDecimals(0)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(30)
        self.minutes.setAccessibleName("Longest journey")
        self.away_from = self._date_edit("Away from")
        self.away_to = self._date_edit("Away until")
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("e.g. caring for a relative; moved house")
        form.addRow("&Student:", self.student)
        form.addRow("&Block:", self.block)
        form.addRow("&Asks for:", self.kind)
        form.addRow("&Practice:", self.practice)
        form.addRow("&Longest journey:", self.minutes)
        form.addRow("Away &from:", self.away_from)
        form.addRow("Away &until:", self.away_to)
        form.addRow("&Reason:", self.reason)
        self.form = form
        self.problem = QLabel("")
        self.problem.setObjectName("dialogProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._save_clicked)
        self.buttons.rejected.connect(self.reject)
        layout, outer = scrolling_body(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        outer.addWidget(self.buttons)
        self.student.currentIndexChanged.connect(lambda _i: self._fill_blocks())
        self.kind.currentIndexChanged.connect(lambda _i: self._show_fields())
        self.block.currentIndexChanged.connect(lambda _i: self._block_dates())
        self._fill_blocks()
        self._show_fields()
        fit_to_screen(self)
        self.on_save = lambda answers: None
        """Set by the page: records the answers (and closes the dialog when they are accepted)."""

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setAccessibleName(name)
        return edit

    def _fill_blocks(self) -> None:
        student = next((s for s in self.data.students if s.student_id == self.student.currentData()), None)
        self.block.clear()
        if student is None:
            return
        for b in sorted(self.data.blocks, key=lambda b: b.start_date):
            if b.attended_by(student):
                self.block.addItem(f"{b.block_id} ({b.start_date:%d %b}–{b.end_date:%d %b %Y})", b.block_id)

    def _block_dates(self) -> None:
        block = next((b for b in self.data.blocks if b.block_id == self.block.currentData()), None)
        if block is not None:
            self.away_from.setDate(QDate(block.start_date))
            self.away_to.setDate(QDate(block.start_date))

    def _show_fields(self) -> None:
        kind = self.kind.currentData()
        shown = {self.practice: kind in ("practice", "avoid"), self.minutes: kind == "nearer",
                 self.away_from: kind == "away", self.away_to: kind == "away"}
        for widget, visible in shown.items():
            self.form.setRowVisible(widget, visible)
        self.adjustSize()

    def set_choice(self, combo: QComboBox, value: str) -> None:
        combo.setCurrentIndex(combo.findData(value))

    def answers(self) -> RequestAnswers:
        kind = self.kind.currentData()
        return RequestAnswers(
            student_id=self.student.currentData() or self.student.currentText().strip(),
            block_id=self.block.currentData() or "",
            kind=kind,
            reason=self.reason.text().strip(),
            practice_code=(self.practice.currentData() or "") if kind in ("practice", "avoid") else "",
            max_minutes=self.minutes.value() if kind == "nearer" else None,
            away_from=self.away_from.date().toPython() if kind == "away" else None,
            away_to=self.away_to.date().toPython() if kind == "away" else None,
        )

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    def _save_clicked(self) -> None:
        self.problem.hide()
        self.on_save(self.answers())
