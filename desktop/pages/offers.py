"""Offers: the capacity-offers round with the practices (send the workbooks, import the returns after a preview,
chase who has not replied) and the practices whose teaching approval is due for review."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget

from desktop import operations
from desktop.dialogs.offer_returns_dialog import OfferReturnsDialog
from desktop.errors import plain_message
from desktop.folders import last_folder, remember
from desktop.models.table import Column, RowTableModel
from desktop.pages.base import Page, fit_shown_columns, make_table_view, page_layout
from desktop.state import Snapshot
from desktop.text import plural
from desktop.widgets.reply_status import ReplyStatus, date_columns, standing_column
from scheduler.domain import OfferStatus


def standing(s: OfferStatus) -> str:
    """Where the practice stands today: "to chase" only once its reply-by date has passed."""
    return s.standing(dt.date.today())


STATUS_COLUMNS: list[Column[OfferStatus]] = [
    Column("Practice", lambda s: s.practice_code),
    Column("Name", lambda s: s.practice_name),
    standing_column(standing, "Replied; awaiting reply (sent, the reply-by date not yet passed); to chase (no reply "
                              "by the date asked); or not sent"),
    *date_columns(),
    Column("Changes", lambda s: str(s.changes) if s.replied else "", lambda s: s.changes, numeric=True,
           tooltip="How many answers of the return differed from what was on record"),
    Column("File", lambda s: s.source, tooltip="The returned workbook"),
    Column("Email", lambda s: s.email),
]

APPROVAL_COLUMNS = [
    Column("Practice", lambda a: a.practice_code),
    Column("Name", lambda a: a.name),
    Column("Approved until", lambda a: f"{a.approved_until:%d/%m/%Y}", lambda a: a.approved_until),
    Column("Blocks it cannot take", lambda a: ", ".join(a.blocks_affected) or "none",
           tooltip="Blocks of the years it teaches that end after its approval"),
]


class OffersPage(Page):
    title = "Offers"
    tooltip = "Ask practices for their teaching capacity, read their replies, chase the rest; approvals due"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Capacity offers and approvals",
                             "Send each practice a workbook of its blocks to confirm or change, read the returned "
                             "workbooks (you see every change before it is saved), and chase who has not replied.")
        buttons = QHBoxLayout()
        self.send_button = QPushButton("&Send offers…")
        self.send_button.setToolTip("Write each active practice's workbook, covering letter and email draft into a "
                                    "folder, and record the round as sent")
        self.import_button = QPushButton("&Import returns…")
        self.import_button.setToolTip("Read returned workbooks and show what they change before saving anything")
        self.send_button.clicked.connect(self.send_offers)
        self.import_button.clicked.connect(self.import_returns)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.replies = ReplyStatus(STATUS_COLUMNS, standing, noun="practice", title="Replies to the offers")

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        months_row = QHBoxLayout()
        self.approvals_label = QLabel("<b>Teaching approvals due for review</b>")
        months_row.addWidget(self.approvals_label)
        months_row.addStretch(1)
        caption = QLabel("&Within:")
        self.months = QSpinBox()
        self.months.setRange(1, 36)
        self.months.setValue(6)
        self.months.setSuffix(" months")
        self.months.setAccessibleName("Approvals ending within")
        self.months.setToolTip("List practices whose approval ends within this many months (or has ended)")
        caption.setBuddy(self.months)
        self.months.valueChanged.connect(lambda _v: self.refresh())
        months_row.addWidget(caption)
        months_row.addWidget(self.months)
        bottom_layout.addLayout(months_row)
        self.approvals_model = RowTableModel(APPROVAL_COLUMNS, self)
        self.approvals_table = make_table_view("Approvals due for review")
        self.approvals_table.setModel(self.approvals_model)
        bottom_layout.addWidget(self.approvals_table, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.replies)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.addWidget(self.splitter, 1)
        self.returns_dialog: OfferReturnsDialog | None = None

    # data ---------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        has_practices = bool(snapshot.dataset.practices)
        self.send_button.setEnabled(has_practices)
        self.import_button.setEnabled(has_practices)
        self.refresh()

    def refresh(self) -> None:
        dataset = self.ctx.state.snapshot.dataset if self.ctx.state.loaded_once else None
        self.ctx.jobs.run(operations.offers_and_approvals, self.months.value(), dataset, name="load the offers",
                          key="offers", on_success=self.when_shown(self._loaded))

    def _loaded(self, result) -> None:
        statuses, approvals = result
        self.replies.set_rows(statuses)
        self.approvals_model.set_rows(approvals)
        self.approvals_label.setText(f"<b>Teaching approvals due for review</b> ({len(approvals)})")
        self._fit_columns()

    def _fit_columns(self) -> None:
        # measuring hundreds of rows takes ~0.1 s of the GUI thread: done once, when the page is first seen
        if not self.layout_restored and self.replies.model.rowCount() and self.isVisible():
            fit_shown_columns(self.replies.table, 240)
            fit_shown_columns(self.approvals_table, 320)
            self.layout_restored = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_columns)  # once laid out, so the last column stretches to the edge

    # sending and reading ------------------------------------------------------------------
    def ask_folder(self) -> str:
        """The folder for the round's files (tests replace this)."""
        return QFileDialog.getExistingDirectory(self, "Save the offers round in a folder",
                                                last_folder(self.ctx.settings))

    def ask_return_files(self) -> list[str]:
        """The returned workbooks to read (tests replace this)."""
        paths, _ = QFileDialog.getOpenFileNames(self, "Returned offer workbooks", last_folder(self.ctx.settings),
                                                "Excel workbooks (*.xlsx)")
        return paths

    def send_offers(self) -> None:
        folder = self.ask_folder()
        if not folder:
            return
        remember(self.ctx.settings, folder)

        def sent(summary) -> None:
            self.ctx.show_status(f"Wrote the offers of {plural(summary.practices, 'practice')} to {summary.folder}; "
                                 f"replies asked by {summary.reply_by:%d/%m/%Y}.")
            self.refresh()

        self.ctx.jobs.run(operations.offers_out, folder, name="send offers", on_success=sent)

    def import_returns(self, paths: list[str] | None = None) -> None:
        paths = paths if paths is not None else self.ask_return_files()
        if not paths:
            return
        remember(self.ctx.settings, paths[0])
        self.ctx.jobs.run(operations.check_offer_returns, list(paths), name="read offer returns",
                          on_success=lambda check: self._show_check(list(paths), check))

    def _show_check(self, paths: list[str], check) -> OfferReturnsDialog:
        dialog = OfferReturnsDialog(check, self)
        dialog.accepted.connect(lambda: self._apply(paths))
        dialog.finished.connect(dialog.deleteLater)
        self.returns_dialog = dialog
        dialog.open()
        return dialog

    def _apply(self, paths: list[str]) -> None:
        def applied(check) -> None:
            self.ctx.show_status(f"Saved {plural(len(check.changes), 'change')} from "
                                 f"{plural(len(check.returns), 'returned workbook')}.")
            self.ctx.state.reload()  # capacities changed: every page shows them
            self.refresh()

        self.ctx.jobs.run(operations.apply_offer_returns, paths, name="import offer returns", on_success=applied,
                          on_failure=lambda e: self.ctx.show_error(plain_message(e)))

    def focus_search(self) -> bool:
        return self.replies.focus_search()

    def layout_parts(self):
        return {"splitter": self.splitter, "status": self.replies.table.horizontalHeader(),
                "approvals": self.approvals_table.horizontalHeader()}

    def shown_table(self):
        from desktop.table_export import ShownTable

        return ShownTable("Replies to the offers", self.replies.table, self.replies.filters)
