"""Requests: students' change requests, recorded, accepted or declined, and a minimal-change re-plan to keep them.

Accepting a request for a named practice moves and locks the student in the
shown plan; accepting any other kind makes it a rule every later plan keeps,
and the page offers a re-plan that moves as few students as it can, saved as
a new plan (the old one stays for comparison).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton

from desktop import operations
from desktop.dialogs.request_dialog import RequestAnswers, RequestDialog
from desktop.errors import plain_message
from desktop.models.table import Column, RowFilterProxy, RowTableModel
from desktop.pages.base import Page, fit_columns, make_table_view, page_layout
from desktop.state import Snapshot
from desktop.text import plural
from desktop.widgets.filter_bar import FilterBar
from scheduler.domain import REQUEST_STATUSES, ChangeRequest
from scheduler.services.edits import EditRefused

STATUS_COLOURS = {"open": "#8a5a00", "accepted": "#1b6e20", "declined": "#6b6b6b"}


class RequestsPage(Page):
    title = "Requests"
    tooltip = "Students' change requests: record them, accept or decline, and re-plan"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Change requests",
                             "What students ask about their blocks. An accepted request becomes a rule every later "
                             "plan keeps; a request for a named practice moves and locks the student at once.")
        self.filters = FilterBar("Search names, numbers, blocks, reasons… (Ctrl+F)")
        self.filters.add_combo("status", "Status:", "Show only requests with this status")
        self.filters.set_choices("status", list(REQUEST_STATUSES))
        self.filters.finish()
        self.filters.changed.connect(self.apply_filters)
        layout.addWidget(self.filters)
        self.model = RowTableModel(self._columns(), self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view("Change requests")
        self.table.setModel(self.proxy)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        layout.addWidget(self.table, 1)
        self.details = QLabel("")
        self.details.setWordWrap(True)
        self.details.setAccessibleName("The selected request")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        buttons = QHBoxLayout()
        self.count_label = QLabel("")
        self.new_button = QPushButton("&New request…")
        self.new_button.setToolTip("Record a student's request about one of their blocks")
        self.accept_button = QPushButton("&Accept")
        self.accept_button.setToolTip("Accept the selected request: a rule for every later plan")
        self.decline_button = QPushButton("&Decline")
        self.decline_button.setToolTip("Decline the selected request (it stays on record)")
        self.new_button.clicked.connect(self.open_new_request)
        self.accept_button.clicked.connect(self.accept_selected)
        self.decline_button.clicked.connect(self.decline_selected)
        buttons.addWidget(self.count_label, 1)
        for button in (self.new_button, self.accept_button, self.decline_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.dialog: RequestDialog | None = None
        self._update_buttons()

    def _columns(self) -> list[Column[ChangeRequest]]:
        def name(r: ChangeRequest) -> str:
            student = self._students().get(r.student_id)
            return student.full_name if student is not None else ""

        return [
            Column("No.", lambda r: str(r.id), lambda r: r.id, numeric=True, tooltip="Request number"),
            Column("Student", lambda r: r.student_id, tooltip="University student number"),
            Column("Name", name),
            Column("Block", lambda r: r.block_id),
            Column("Asks", lambda r: r.wish if r.kind != "other" else "other: see the reason",
                   tooltip="What the student asks for"),
            Column("Status", lambda r: r.status, colour=lambda r: STATUS_COLOURS.get(r.status)),
            Column("Decided by", lambda r: r.decided_by),
            Column("Decided", lambda r: f"{r.decided:%d %b %Y %H:%M}" if r.decided else "",
                   lambda r: r.decided.isoformat() if r.decided else ""),
            Column("Reason", lambda r: r.reason),
        ]

    def _students(self) -> dict:
        data = self.ctx.state.snapshot.dataset
        if getattr(self, "_students_of", None) is not data:
            self._students_of, self._by_id = data, {s.student_id: s for s in data.students}
        return self._by_id

    # data ---------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.ctx.jobs.run(operations.list_requests, name="load the requests", key="requests",
                          on_success=self.when_shown(self._loaded))

    def _loaded(self, requests: list[ChangeRequest]) -> None:
        selected = [r.id for r in self.selected_requests()]
        self.model.set_rows(requests)
        self.apply_filters()
        self._fit_columns()
        self.select(selected)

    def _fit_columns(self) -> None:
        # measuring many rows holds the GUI thread: done once, when the page is first seen
        if not self.layout_restored and self.model.rowCount() and self.isVisible():
            fit_columns(self.table, 240)
            # the reason comes last and takes the room left (whole below the table), so the rest stays in view
            last = self.model.columnCount() - 1
            self.table.setColumnWidth(last, min(self.table.columnWidth(last), 80))
            self.layout_restored = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_columns)  # once laid out, so the last column stretches to the edge

    def apply_filters(self) -> None:
        status = self.filters.choice("status")
        self.proxy.set_search(self.filters.search.text())
        self.proxy.set_filter("status", (lambda r: r.status == status) if status else None)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        opened = sum(1 for r in self.model.rows() if r.status == "open")
        self.count_label.setText(f"{shown:,} of {plural(total, 'request')} shown · {opened:,} open")
        self._update_buttons()

    # selection ----------------------------------------------------------------------------
    def selected_requests(self) -> list[ChangeRequest]:
        rows = self.table.selectionModel().selectedRows()
        return [self.proxy.row_at(index.row()) for index in sorted(rows, key=lambda i: i.row())]

    def select(self, ids: list[int]) -> None:
        self.table.clearSelection()
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_at(row).id in ids:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        chosen = self.selected_requests()
        self.details.setText(self._describe(chosen[0]) if len(chosen) == 1 else "")
        is_open = len(chosen) == 1 and chosen[0].status == "open"
        self.accept_button.setEnabled(is_open)
        self.decline_button.setEnabled(is_open)
        self.new_button.setEnabled(bool(self.ctx.state.snapshot.dataset.students))

    def _describe(self, r: ChangeRequest) -> str:
        student = self._students().get(r.student_id)
        who = f"{student.full_name} ({r.student_id})" if student is not None else r.student_id
        asked = f"asks {r.wish}" if r.kind != "other" else "asks"
        made = f"; recorded by {r.created_by} on {r.created:%d %b %Y}" if r.created else ""
        return (f"<b>Request {r.id}</b>: {html.escape(who)}, block {r.block_id}, {html.escape(asked)}"
                + (f": “{html.escape(r.reason)}”" if r.reason else "") + html.escape(made) + ".")

    # new request --------------------------------------------------------------------------
    def open_new_request(self) -> RequestDialog:
        dialog = RequestDialog(self.ctx.state.snapshot.dataset, self)
        dialog.on_save = lambda answers: self._record(dialog, answers)
        self.dialog = dialog
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _record(self, dialog: RequestDialog, a: RequestAnswers) -> None:
        def recorded(request: ChangeRequest) -> None:
            dialog.accept()
            self.ctx.show_status(f"Recorded request {request.id} ({request.student_id}, {request.block_id}).")
            self.refresh()
            self.select([request.id])

        self.ctx.jobs.run(operations.add_request, a.student_id, a.block_id, a.kind, self.ctx.user, a.reason,
                          a.practice_code, a.max_minutes, a.away_from, a.away_to, name="record request",
                          on_success=recorded, on_failure=lambda e: dialog.show_problem(plain_message(e)))

    # decisions ----------------------------------------------------------------------------
    def accept_selected(self, override: bool = False) -> None:
        chosen = self.selected_requests()
        if len(chosen) != 1 or chosen[0].status != "open":
            return
        request = chosen[0]
        plan = self.ctx.state.snapshot.plan

        def failed(error: BaseException) -> None:
            if isinstance(error, EditRefused) and not override and self.confirm(
                    "This request breaks a rule",
                    "Not allowed: " + "; ".join(error.reasons) + ".\n\nAccept it anyway, moving the student "
                    "against the rule? The override is recorded with your name."):
                self.accept_selected(override=True)
            else:
                self.ctx.show_error(plain_message(error))

        self.ctx.jobs.run(operations.accept_request, request.id, self.ctx.user, plan.name if plan else None,
                          override, name="edit", on_success=self._accepted, on_failure=failed)

    def _accepted(self, decision) -> None:
        request = decision.request
        self.ctx.show_status(f"Accepted request {request.id}: {request.student_id} {request.wish} in "
                             f"{request.block_id}.")
        if decision.plan is not None:
            self.ctx.state.show_plan(decision.plan)  # moved and locked in the shown plan
        else:
            self.refresh()
        plan = self.ctx.state.snapshot.plan
        if decision.plan is None and plan is not None:
            broken = (" The shown plan does not keep it yet: " + "; ".join(decision.breaks) + ".") if decision.breaks else ""
            if self.confirm("Re-plan now?", f"Request {request.id} is accepted.{broken}\n\nRe-plan now, moving as "
                            "few students as possible? The new plan is saved under a new name; "
                            f"{plan.name} is kept."):
                self.replan(plan.name)

    def replan(self, from_plan: str) -> None:
        self.ctx.show_status("Re-planning, moving as few students as possible…")
        self.ctx.jobs.run(operations.replan_for_requests, from_plan, name="solve", key="replan",
                          in_process=True, on_success=self._replanned)

    def _replanned(self, outcome) -> None:
        moved = len(outcome.moves)
        self.ctx.show_status(f"Saved {outcome.plan.name}: {plural(moved, 'student-block')} moved.")
        self.ctx.state.reload(outcome.plan.name)

    def decline_selected(self) -> None:
        chosen = self.selected_requests()
        if len(chosen) == 1 and chosen[0].status == "open":
            self.ctx.jobs.run(operations.decline_request, chosen[0].id, self.ctx.user, name="decline request",
                              on_success=lambda r: (self.ctx.show_status(f"Declined request {r.id}."),
                                                    self.refresh()))

    def confirm(self, title: str, text: str) -> bool:
        """Asks a yes/no question (tests replace this)."""
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def focus_search(self) -> bool:
        self.filters.search.setFocus()
        self.filters.search.selectAll()
        return True

    def layout_parts(self):
        return {"table": self.table.horizontalHeader()}

    def shown_table(self):
        from desktop.table_export import ShownTable

        return ShownTable("Change requests", self.table, self.filters)
