"""Preferences: the students' preferences round (send each cohort its workbook, import the returns after a
preview of every change, chase who has not replied), as the Offers page does it for the practices."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton

from desktop import operations
from desktop.dialogs.preference_returns_dialog import PreferenceReturnsDialog
from desktop.errors import plain_message
from desktop.folders import last_folder, remember
from desktop.models.table import Column
from desktop.pages.base import Page, fit_shown_columns, page_layout
from desktop.state import Snapshot
from desktop.text import plural
from desktop.widgets.reply_status import ReplyStatus, date_columns, standing_column
from scheduler.domain import PreferenceReply
from scheduler.exchange.atomic import FolderRefused


def standing(r: PreferenceReply) -> str:
    """Where the student stands today: "to chase" only once their reply-by date has passed."""
    return r.standing(dt.date.today())


REPLY_COLUMNS: list[Column[PreferenceReply]] = [
    Column("Student", lambda r: r.student_id),
    Column("Name", lambda r: r.name),
    Column("Cohort", lambda r: r.cohort, tooltip="The workbook the student was sent"),
    standing_column(standing, "Replied; awaiting reply (sent, the reply-by date not yet passed); to chase (no reply "
                              "by the date asked); or not sent"),
    *date_columns(),
    Column("Ranks", lambda r: str(r.ranks) if r.replied else "", lambda r: r.ranks, numeric=True,
           tooltip="How many practices the return ranked"),
    Column("File", lambda r: r.source, tooltip="The returned workbook"),
    Column("Email", lambda r: r.email),
]


class PreferencesPage(Page):
    title = "Preferences"
    tooltip = "Ask students to rank the practices they may go to, read their replies, chase the rest"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Students' preferences",
                             "Send each cohort a workbook listing, per student, only the practices the rules allow, "
                             "read the returned workbooks (you see every change of rank before it is saved), and "
                             "chase who has not replied.")
        buttons = QHBoxLayout()
        self.send_button = QPushButton("&Send preference workbooks…")
        self.send_button.setToolTip("Write a workbook per cohort into a folder, and record its students as sent")
        self.import_button = QPushButton("&Import returns…")
        self.import_button.setToolTip("Read returned workbooks and show what they change before saving anything")
        self.send_button.clicked.connect(self.send_workbooks)
        self.import_button.clicked.connect(self.import_returns)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.replies = ReplyStatus(REPLY_COLUMNS, standing, noun="student", title="Replies to the preferences round")
        layout.addWidget(self.replies, 1)
        self.returns_dialog: PreferenceReturnsDialog | None = None
        self._fitted = False
        """True once this page fitted the columns (not the saved layout)."""

    # data ---------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        has_students = bool(snapshot.dataset.students)
        self.send_button.setEnabled(has_students)
        self.import_button.setEnabled(has_students)
        self.refresh()

    def refresh(self) -> None:
        dataset = self.ctx.state.snapshot.dataset if self.ctx.state.loaded_once else None
        self.ctx.jobs.run(operations.preference_replies, dataset, name="load the preferences round",
                          key="preference replies", on_success=self.when_shown(self._loaded))

    def _loaded(self, replies: list[PreferenceReply]) -> None:
        self.replies.set_rows(replies)
        self._fit_columns()

    def _fit_columns(self, again: bool = False) -> None:
        """Fits the columns to their contents once, when the page is first seen (measuring a thousand rows
        costs the GUI thread), and ``again`` after the round was sent or read (its dates fill empty columns),
        unless the officer's widths came from the saved layout."""
        if not self.replies.model.rowCount() or not self.isVisible() or (self.layout_restored and not
                                                                         (again and self._fitted)):
            return
        fit_shown_columns(self.replies.table, 240)
        self.layout_restored = self._fitted = True

    def _round_changed(self) -> None:
        def loaded(replies: list[PreferenceReply]) -> None:
            self._loaded(replies)
            self._fit_columns(again=True)

        self.ctx.jobs.run(operations.preference_replies, self.ctx.state.snapshot.dataset,
                          name="load the preferences round", key="preference replies", on_success=loaded)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_columns)  # once laid out, so the last column stretches to the edge

    # sending and reading ------------------------------------------------------------------
    def ask_folder(self) -> str:
        """The folder for the round's workbooks (tests replace this)."""
        return QFileDialog.getExistingDirectory(self, "Save the preference workbooks in a folder",
                                                last_folder(self.ctx.settings))

    def ask_return_files(self) -> list[str]:
        """The returned workbooks to read (tests replace this)."""
        paths, _ = QFileDialog.getOpenFileNames(self, "Returned preference workbooks",
                                                last_folder(self.ctx.settings), "Excel workbooks (*.xlsx)")
        return paths

    def send_workbooks(self) -> None:
        folder = self.ask_folder()
        if not folder:
            return
        remember(self.ctx.settings, folder)

        def sent(summary) -> None:
            self.ctx.show_status(f"Wrote {plural(summary.workbooks, 'preference workbook')} for "
                                 f"{plural(summary.students, 'student')} to {summary.folder}; replies asked by "
                                 f"{summary.reply_by:%d/%m/%Y}.")
            self._round_changed()

        def refused(exc: BaseException) -> None:
            self.ctx.show_error(f"The preference workbooks were not written: {exc}." if isinstance(exc, FolderRefused)
                                else plain_message(exc))

        self.ctx.jobs.run(operations.preferences_out, folder, name="send preferences", on_success=sent,
                          on_failure=refused, in_process=True)

    def import_returns(self, paths: list[str] | None = None) -> None:
        paths = paths if paths is not None else self.ask_return_files()
        if not paths:
            return
        remember(self.ctx.settings, paths[0])
        self.ctx.jobs.run(operations.preview_preference_returns, list(paths), name="read preference returns",
                          on_success=lambda preview: self._show_preview(list(paths), preview), in_process=True)

    def _show_preview(self, paths: list[str], preview) -> PreferenceReturnsDialog:
        dialog = PreferenceReturnsDialog(preview, self)
        dialog.accepted.connect(lambda: self._save(paths, preview))
        dialog.finished.connect(dialog.deleteLater)
        self.returns_dialog = dialog
        dialog.open()
        return dialog

    def _save(self, paths: list[str], preview) -> None:
        def saved(_check) -> None:
            self.ctx.show_status(f"Saved the new ranks of {plural(len(preview.changes), 'student')} from "
                                 f"{plural(len(preview.files), 'returned workbook')}; they are marked as replied.")
            self.ctx.state.reload()  # preferences changed: plans made before no longer match them
            self._round_changed()

        self.ctx.jobs.run(operations.import_preference_returns, paths, preview, name="import preference returns",
                          on_success=saved, on_failure=lambda e: self.ctx.show_error(plain_message(e)),
                          in_process=True)

    def focus_search(self) -> bool:
        return self.replies.focus_search()

    def layout_parts(self):
        return {"replies": self.replies.table.horizontalHeader()}

    def shown_table(self):
        from desktop.table_export import ShownTable

        return ShownTable("Replies to the preferences round", self.replies.table, self.replies.filters)
