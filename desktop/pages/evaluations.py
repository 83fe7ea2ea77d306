"""Evaluations: the students' evaluations round (send the workbooks, import the returns after a preview, chase
who has not replied) and the concerns list, where the office records what was done about each concern."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop import operations
from desktop.dialogs.evaluation_returns_dialog import EvaluationReturnsDialog
from desktop.errors import plain_message
from desktop.folders import last_folder, remember
from desktop.models.table import Column, RowTableModel
from desktop.pages.base import Page, fit_shown_columns, make_table_view, page_layout
from desktop.state import Snapshot
from desktop.text import plural
from desktop.widgets.reply_status import AWAITING, REPLIED, TO_CHASE, ReplyStatus, date_columns, standing_column, when
from scheduler.services.evaluations import Concern, EvaluationStatus

ALL_BLOCKS = "All blocks"


def standing(s: EvaluationStatus) -> str:
    """Replied once any placement is answered; "to chase" only once the reply-by date has passed."""
    if s.replied is not None:
        return REPLIED
    return TO_CHASE if s.reply_by is not None and s.reply_by < dt.date.today() else AWAITING


STATUS_COLUMNS: list[Column[EvaluationStatus]] = [
    Column("Student", lambda s: s.student_id),
    standing_column(standing, "Replied; awaiting reply (the reply-by date not yet passed); to chase (no reply by "
                              "the date)"),
    Column("Placements", lambda s: str(s.placements), lambda s: s.placements, numeric=True,
           tooltip="Placements the student was asked to evaluate"),
    Column("Answered", lambda s: str(s.answered), lambda s: s.answered, numeric=True,
           tooltip="Placements evaluated in the returned workbook"),
    *date_columns(),
]

CONCERN_COLUMNS: list[Column[Concern]] = [
    Column("Student", lambda c: c.student_id),
    Column("Block", lambda c: c.block_id),
    Column("Practice", lambda c: c.practice_code),
    Column("Received", lambda c: when(c.received), lambda c: c.received.isoformat() if c.received else ""),
    Column("What was done", lambda c: c.action or "nothing yet",
           colour=lambda c: None if c.action else "#b3261e"),
    Column("When", lambda c: when(c.action_at), lambda c: c.action_at.isoformat() if c.action_at else ""),
    Column("By", lambda c: c.action_by),
    Column("Comment", lambda c: c.comment, tooltip="The student's own words: for the office only"),
]


class EvaluationsPage(Page):
    title = "Evaluations"
    tooltip = "Ask students to evaluate their placements, read their answers, chase the rest; the concerns raised"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Students' evaluations and concerns",
                             "Send each placed student a workbook to score their placements, read the returned "
                             "workbooks (you see every answer before it is saved), chase who has not replied, and "
                             "follow up each concern. Practices only ever see averages, never a name.")
        buttons = QHBoxLayout()
        self.send_button = QPushButton("&Send evaluations…")
        self.send_button.setToolTip("Write a workbook and email draft for each student placed in the current plan "
                                    "in the chosen blocks into a folder, and record them as sent")
        caption = QLabel("&For:")
        self.block_combo = QComboBox()
        self.block_combo.setAccessibleName("Blocks to evaluate")
        self.block_combo.setToolTip("Send for the placements of one block, or of all blocks")
        self.block_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        caption.setBuddy(self.block_combo)
        self.import_button = QPushButton("&Import returns…")
        self.import_button.setToolTip("Read returned workbooks and show what they store before saving anything")
        self.send_button.clicked.connect(self.send_workbooks)
        self.import_button.clicked.connect(self.import_returns)
        buttons.addWidget(self.send_button)
        buttons.addWidget(caption)
        buttons.addWidget(self.block_combo)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.replies = ReplyStatus(STATUS_COLUMNS, standing, noun="student", title="Replies to the evaluations",
                                   choices=(TO_CHASE, AWAITING, REPLIED))

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        concerns_row = QHBoxLayout()
        self.concerns_label = QLabel("<b>Concerns raised</b>")
        concerns_row.addWidget(self.concerns_label)
        concerns_row.addStretch(1)
        self.action_button = QPushButton("&Record what was done…")
        self.action_button.setToolTip("Record what the office did about the selected concern (kept in the audit)")
        self.action_button.clicked.connect(self.record_action)
        concerns_row.addWidget(self.action_button)
        bottom_layout.addLayout(concerns_row)
        self.concern_model = RowTableModel(CONCERN_COLUMNS, self)
        self.concern_table = make_table_view("Concerns raised")
        self.concern_table.setModel(self.concern_model)
        self.concern_table.selectionModel().selectionChanged.connect(lambda *_: self._enable_action())
        bottom_layout.addWidget(self.concern_table, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.replies)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)
        self.returns_dialog: EvaluationReturnsDialog | None = None
        self._fitted: set = set()
        self._enable_action()

    # data ---------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        current = self.block_combo.currentText()
        self.block_combo.clear()
        self.block_combo.addItems([ALL_BLOCKS] + [b.block_id for b in snapshot.dataset.blocks])
        self.block_combo.setCurrentText(current or ALL_BLOCKS)
        has_students = bool(snapshot.dataset.students)
        self.send_button.setEnabled(has_students)
        self.import_button.setEnabled(has_students)
        self.refresh()

    def refresh(self) -> None:
        self.ctx.jobs.run(operations.evaluations_and_concerns, name="load the evaluations", key="evaluations",
                          on_success=self.when_shown(self._loaded))

    def _loaded(self, result) -> None:
        statuses, concerns = result
        self.replies.set_rows(statuses)
        self.concern_model.set_rows(concerns)
        open_ = sum(1 for c in concerns if not c.action)
        self.concerns_label.setText(f"<b>Concerns raised</b> ({plural(len(concerns), 'concern')}, {open_:,} not "
                                    "yet followed up)")
        self._enable_action()
        self._fit_columns()

    def _fit_columns(self) -> None:
        # each table once it first has rows and is seen (measuring rows takes the GUI thread), unless the
        # widths came from the saved layout
        if not self.isVisible() or (self.layout_restored and not self._fitted):
            return
        for table, widest in ((self.replies.table, 240), (self.concern_table, 320)):
            if table.model().rowCount() and table not in self._fitted:
                fit_shown_columns(table, widest)
                self._fitted.add(table)
                self.layout_restored = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_columns)

    def selected_concern(self) -> Concern | None:
        rows = self.concern_table.selectionModel().selectedRows()
        return self.concern_model.row_at(rows[0].row()) if rows else None

    def _enable_action(self) -> None:
        self.action_button.setEnabled(self.selected_concern() is not None)

    # sending, reading, following up ------------------------------------------------------------
    def ask_folder(self) -> str:
        """The folder for the round's files (tests replace this)."""
        return QFileDialog.getExistingDirectory(self, "Save the evaluations round in a folder",
                                                last_folder(self.ctx.settings))

    def ask_return_files(self) -> list[str]:
        """The returned workbooks to read (tests replace this)."""
        paths, _ = QFileDialog.getOpenFileNames(self, "Returned evaluation workbooks",
                                                last_folder(self.ctx.settings), "Excel workbooks (*.xlsx)")
        return paths

    def ask_action(self, concern: Concern) -> str:
        """What was done about ``concern``, or "" to record nothing (tests replace this)."""
        text, ok = QInputDialog.getText(self, "Record what was done",
                                        f"What was done about the concern in {concern.block_id} at "
                                        f"{concern.practice_code}?", text=concern.action)
        return text.strip() if ok else ""

    def send_workbooks(self) -> None:
        folder = self.ask_folder()
        if not folder:
            return
        remember(self.ctx.settings, folder)
        chosen = self.block_combo.currentText()
        blocks = None if chosen in ("", ALL_BLOCKS) else [chosen]

        def sent(summary) -> None:
            self.ctx.show_status(f"Wrote the evaluations of {plural(summary.students, 'student')} "
                                 f"({plural(summary.placements, 'placement')}) to {summary.folder}; replies asked "
                                 f"by {summary.reply_by:%d/%m/%Y}.")
            self.refresh()

        self.ctx.jobs.run(operations.evaluations_out, folder, blocks, name="send evaluations", on_success=sent,
                          on_failure=lambda e: self.ctx.show_error(plain_message(e)))

    def import_returns(self, paths: list[str] | None = None) -> None:
        paths = paths if paths is not None else self.ask_return_files()
        if not paths:
            return
        remember(self.ctx.settings, paths[0])
        self.ctx.jobs.run(operations.check_evaluation_returns, list(paths), name="read evaluation returns",
                          on_success=lambda check: self._show_check(list(paths), check))

    def _show_check(self, paths: list[str], check) -> EvaluationReturnsDialog:
        dialog = EvaluationReturnsDialog(check, self)
        dialog.accepted.connect(lambda: self._apply(paths))
        dialog.finished.connect(dialog.deleteLater)
        self.returns_dialog = dialog
        dialog.open()
        return dialog

    def _apply(self, paths: list[str]) -> None:
        def applied(check) -> None:
            self.ctx.show_status(f"Saved the evaluations of {plural(len(check.answers), 'placement')} from "
                                 f"{plural(len(check.students), 'returned workbook')}.")
            self.ctx.state.reload()  # the Practices page's quality column reads them
            self.refresh()

        self.ctx.jobs.run(operations.import_evaluations, paths, name="import evaluations", on_success=applied,
                          on_failure=lambda e: self.ctx.show_error(plain_message(e)))

    def record_action(self) -> None:
        concern = self.selected_concern()
        if concern is None:
            return
        action = self.ask_action(concern)
        if not action:
            return

        def recorded(_result) -> None:
            self.ctx.show_status(f"Recorded what was done about the concern in {concern.block_id}.")
            self.refresh()

        self.ctx.jobs.run(operations.record_concern_action, concern.student_id, concern.block_id, action,
                          name="record concern action", on_success=recorded,
                          on_failure=lambda e: self.ctx.show_error(plain_message(e)))

    def focus_search(self) -> bool:
        return self.replies.focus_search()

    def layout_parts(self):
        return {"splitter": self.splitter, "status": self.replies.table.horizontalHeader(),
                "concerns": self.concern_table.horizontalHeader()}

    def shown_table(self):
        from desktop.table_export import ShownTable

        return ShownTable("Replies to the evaluations", self.replies.table, self.replies.filters)
