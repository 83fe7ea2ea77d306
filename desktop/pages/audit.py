"""Audit: who changed what and when (imports, solves, hand edits, settings, backups, restores), newest first,
with filters by date, officer, action and text, and an export to CSV."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QFileDialog, QHBoxLayout, QLabel, QPushButton

from desktop.models.table import Column, RowTableModel
from desktop.pages.base import Page, fit_columns, make_table_view, page_layout
from desktop.state import Snapshot
from desktop.widgets.filter_bar import FilterBar

SHOWN = 5_000
"""The newest events shown; the CSV export has them all."""


@dataclass(frozen=True)
class AuditQuery:
    since: dt.date
    until: dt.date
    user: str | None
    action: str | None
    text: str

    def filters(self) -> dict:
        return dict(since=dt.datetime.combine(self.since, dt.time()),
                    until=dt.datetime.combine(self.until + dt.timedelta(days=1), dt.time()),
                    user=self.user, action=self.action, text=self.text or None)


def load_audit_job(ws, query: AuditQuery):
    """(events, users, actions) for the page."""
    from scheduler.services import audit

    users, actions = audit.users_and_actions(ws)
    return audit.events(ws, limit=SHOWN, **query.filters()), users, actions


def export_audit_job(ws, query: AuditQuery, path: str):
    from scheduler.services import audit

    return audit.write_csv(audit.events(ws, **query.filters()), path)


COLUMNS = [
    Column("When", lambda e: f"{e.when:%d %b %Y %H:%M:%S}", lambda e: e.when),
    Column("Who", lambda e: e.user),
    Column("Action", lambda e: e.action),
    Column("What", lambda e: e.what),
    Column("Before", lambda e: e.before, tooltip="The state before the change"),
    Column("After", lambda e: e.after, tooltip="The state after the change"),
]


class AuditPage(Page):
    title = "Audit"
    tooltip = "Who imported, planned, moved, locked or restored what, and when"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Audit", "Every import, plan, hand change, override, settings change, backup and "
                                            "restore, with who made it and when. Students are named by number only.")
        dates = QHBoxLayout()
        today = QDate.currentDate()
        self.since = self._date_edit("From:", today.addDays(-30), dates, "Show events from this day")
        self.until = self._date_edit("To:", today, dates, "Show events up to and including this day")
        dates.addStretch(1)
        self.export_button = QPushButton("Export to CSV…")
        self.export_button.setToolTip("Write the events shown by these filters to a CSV file")
        self.export_button.clicked.connect(self.export_csv)
        dates.addWidget(self.export_button)
        layout.addLayout(dates)
        self.filters = FilterBar("Search what, before and after (Ctrl+F)")
        self.filters.add_combo("user", "Who:", "Show only this officer's changes")
        self.filters.add_combo("action", "Action:", "Show only this kind of change")
        self.filters.finish()
        self.filters.changed.connect(self.refresh)
        layout.addWidget(self.filters)
        self.model = RowTableModel(COLUMNS, self)
        self.table = make_table_view("Audit trail")
        self.table.setModel(self.model)
        layout.addWidget(self.table, 1)
        self.count = QLabel("")
        layout.addWidget(self.count)

    def _date_edit(self, label: str, date: QDate, row: QHBoxLayout, tip: str) -> QDateEdit:
        edit = QDateEdit(date)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd MMM yyyy")
        edit.setToolTip(tip)
        edit.setAccessibleName(label.rstrip(":"))
        caption = QLabel(label)
        caption.setBuddy(edit)
        row.addWidget(caption)
        row.addWidget(edit)
        edit.dateChanged.connect(lambda _d: self.refresh())
        return edit

    def query(self) -> AuditQuery:
        return AuditQuery(self.since.date().toPython(), self.until.date().toPython(), self.filters.choice("user"),
                          self.filters.choice("action"), self.filters.search.text().strip())

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.refresh()  # a new snapshot follows every change, so the trail has news

    def refresh(self) -> None:
        self.ctx.jobs.run(load_audit_job, self.query(), name="load the audit trail", key="audit",
                          on_success=self.when_shown(self._loaded))

    def _loaded(self, result) -> None:
        events, users, actions = result
        self.filters.set_choices("user", users)
        self.filters.set_choices("action", actions)
        self.model.set_rows(events[::-1])  # newest first
        if not self.layout_restored:
            fit_columns(self.table, widest=420)
        more = f" (the newest {SHOWN:,}; Export to CSV for all)" if len(events) == SHOWN else ""
        self.count.setText(f"{len(events):,} event{'s' if len(events) != 1 else ''}{more}")

    def export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the audit trail", "audit.csv", "CSV files (*.csv)")
        if path:
            self.ctx.jobs.run(export_audit_job, self.query(), path, name="export the audit trail",
                              on_success=lambda p: self.ctx.show_status(f"Wrote the audit trail to {p}"))

    def focus_search(self) -> bool:
        self.filters.search.setFocus()
        self.filters.search.selectAll()
        return True

    def layout_parts(self):
        return {"table": self.table.horizontalHeader()}

    def shown_table(self):
        from desktop.table_export import ShownTable

        dates = f"{self.since.date().toString('dd MMM yyyy')} to {self.until.date().toString('dd MMM yyyy')}"
        return ShownTable("Audit trail", self.table, self.filters, more_filters=dates, all_known=False)
