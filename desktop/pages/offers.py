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
from desktop.models.table import Column, RowFilterProxy, RowTableModel
from desktop.pages.base import Page, fit_columns, make_table_view, page_layout
from desktop.state import Snapshot
from desktop.text import plural
from desktop.widgets.filter_bar import FilterBar
from scheduler.domain import OfferStatus

TO_CHASE, AWAITING, REPLIED, NOT_SENT = "to chase", "awaiting reply", "replied", "not sent"


def standing(s: OfferStatus) -> str:
    """Where the practice stands today: "to chase" only once its reply-by date has passed."""
    return s.standing(dt.date.today())


def _when(moment: dt.datetime | None) -> str:
    return f"{moment:%d %b %Y %H:%M}" if moment else ""


STANDING_COLOURS = {TO_CHASE: "#b3261e", REPLIED: "#1b6e20"}

STATUS_COLUMNS: list[Column[OfferStatus]] = [
    Column("Practice", lambda s: s.practice_code),
    Column("Name", lambda s: s.practice_name),
    Column("Reply", standing, colour=lambda s: STANDING_COLOURS.get(standing(s)),
           tooltip="Replied; awaiting reply (sent, the reply-by date not yet passed); to chase (no reply by "
                   "the date asked); or not sent"),
    Column("Reply by", lambda s: f"{s.reply_by:%d %b %Y}" if s.reply_by else "",
           lambda s: s.reply_by.isoformat() if s.reply_by else ""),
    Column("Sent", lambda s: _when(s.sent), lambda s: s.sent.isoformat() if s.sent else ""),
    Column("Replied", lambda s: _when(s.replied), lambda s: s.replied.isoformat() if s.replied else ""),
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

        self.filters = FilterBar("Search practices… (Ctrl+F)")
        self.filters.add_combo("reply", "Show:", "Show only practices that replied, or those to chase")
        self.filters.set_choices("reply", [TO_CHASE, AWAITING, REPLIED, NOT_SENT])
        self.filters.finish()
        self.filters.changed.connect(self.apply_filters)
        self.status_model = RowTableModel(STATUS_COLUMNS, self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.status_model)
        self.status_table = make_table_view("Replies to the offers")
        self.status_table.setModel(self.proxy)
        self.count_label = QLabel("")
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.filters)
        top_layout.addWidget(self.status_table, 1)
        top_layout.addWidget(self.count_label)

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
        self.splitter.addWidget(top)
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
        self.status_model.set_rows(statuses)
        self.approvals_model.set_rows(approvals)
        self.approvals_label.setText(f"<b>Teaching approvals due for review</b> ({len(approvals)})")
        self.apply_filters()
        self._fit_columns()

    def _fit_columns(self) -> None:
        # measuring hundreds of rows takes ~0.1 s of the GUI thread: done once, when the page is first seen
        if not self.layout_restored and self.status_model.rowCount() and self.isVisible():
            for table, widest in ((self.status_table, 240), (self.approvals_table, 320)):
                fit_columns(table, widest)
                header = table.horizontalHeader()
                header.setStretchLastSection(False)  # fitting a shown table leaves the last column short:
                header.setStretchLastSection(True)  # stretch it to the edge again
            self.layout_restored = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_columns)  # once laid out, so the last column stretches to the edge

    def apply_filters(self) -> None:
        reply = self.filters.choice("reply")
        self.proxy.set_search(self.filters.search.text())
        self.proxy.set_filter("reply", (lambda s: standing(s) == reply) if reply else None)
        rows = self.status_model.rows()
        replied = sum(1 for s in rows if s.replied is not None)
        chase = sum(1 for s in rows if standing(s) == TO_CHASE)
        awaiting = sum(1 for s in rows if standing(s) == AWAITING)
        self.count_label.setText(f"{replied:,} of {plural(len(rows), 'practice')} replied · {awaiting:,} awaiting "
                                 f"a reply · {chase:,} to chase")

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
        self.filters.search.setFocus()
        self.filters.search.selectAll()
        return True

    def layout_parts(self):
        return {"splitter": self.splitter, "status": self.status_table.horizontalHeader(),
                "approvals": self.approvals_table.horizontalHeader()}

    def shown_table(self):
        from desktop.table_export import ShownTable

        return ShownTable("Replies to the offers", self.status_table, self.filters)
