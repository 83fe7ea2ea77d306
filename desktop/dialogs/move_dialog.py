"""Move one student in one block: practices the hard rules allow, with journey and free places.

Practices the rules forbid are hidden unless asked for; choosing one needs the
explicit override box, and the services record the override with its reason.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from desktop.context import AppContext
from desktop.jobs import JobGroup
from desktop.models.allocations import AllocationRow
from desktop.models.table import Column, RowFilterProxy, RowTableModel
from desktop.operations import allowed_moves
from desktop.pages.base import fit_columns, make_table_view
from desktop.text import is_are
from desktop.widgets.filter_bar import FilterBar
from desktop.widgets.screen_fit import fit_to_screen, scrolling_body
from scheduler.services.edits import MoveOption

COLUMNS: list[Column[MoveOption]] = [
    Column("Practice", lambda o: o.practice_code),
    Column("Name", lambda o: o.name),
    Column("Journey (min)", lambda o: f"{o.travel_minutes:.0f}", lambda o: o.travel_minutes, numeric=True),
    Column("Free places", lambda o: str(o.free_places), lambda o: o.free_places, numeric=True),
    Column("Allowed", lambda o: "yes" if o.allowed else "no", lambda o: not o.allowed,
           colour=lambda o: None if o.allowed else "#b3261e"),
    Column("Why not", lambda o: o.reason),
]


class MoveDialog(QDialog):
    def __init__(self, ctx: AppContext, row: AllocationRow, plan_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.plan_name = plan_name
        self.setWindowTitle(f"Move {row.student.full_name}")
        layout, outer = scrolling_body(self)
        where = (f"now at <b>{row.practice.name}</b> ({row.practice.code}, {row.travel_minutes:.0f} min)"
                 if row.practice else f"<b>unplaced</b>: {row.reason}")
        intro = QLabel(f"{row.student.full_name} ({row.student.student_id}, year {row.student.year}) in block "
                       f"<b>{row.block.block_id}</b> is {where}. Choose where to move them; the move is locked, so "
                       "that every new plan keeps it until you unlock it.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.filters = FilterBar("Search practices")
        self.filters.add_check("forbidden", "Show practices the &rules forbid",
                               "List every practice, with the rule that forbids each")
        self.filters.finish()
        self.filters.changed.connect(self._apply_filters)
        layout.addWidget(self.filters)
        self.model = RowTableModel(COLUMNS, self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view("Practices to move to")
        self.table.setModel(self.proxy)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.table.doubleClicked.connect(lambda _i: self.accept() if self._ok().isEnabled() else None)
        layout.addWidget(self.table, 1)
        self.reason = QLabel("")
        self.reason.setWordWrap(True)
        layout.addWidget(self.reason)
        self.override = QCheckBox("&Override the rules for this move (recorded with your name)")
        self.override.setVisible(False)
        self.override.toggled.connect(self._update)
        layout.addWidget(self.override)
        why_row = QHBoxLayout()
        self.why_label = QLabel("&Why (kept with the lock):")
        self.why = QLineEdit()
        self.why.setPlaceholderText("e.g. agreed with the practice manager on 3 March")
        self.why.setToolTip("Shown on the Plan page's list of locks; required when the move overrides a rule")
        self.why.setAccessibleName("Reason for the move")
        self.why_label.setBuddy(self.why)
        self.why.textChanged.connect(self._update)
        why_row.addWidget(self.why_label)
        why_row.addWidget(self.why, 1)
        layout.addLayout(why_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self._ok().setText("&Move")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        fit_to_screen(self, QSize(1080, 600))
        self.options: list[MoveOption] = []
        self.own_jobs = JobGroup()
        self._update()

    def _ok(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def load(self) -> None:
        self.reason.setText("Finding the practices the rules allow…")
        self.own_jobs.add(self.ctx.jobs.run(allowed_moves, self.plan_name, self.row.student.student_id, self.row.block.block_id,
                          name="allowed moves", key="allowed-moves", on_success=self.set_options,
                          on_failure=lambda e: self.reason.setText(_plain(e))))

    def set_options(self, options: list[MoveOption]) -> None:
        self.options = options
        self.model.set_rows(options)
        fit_columns(self.table, 220)
        allowed = sum(1 for o in options if o.allowed)
        self.reason.setText(f"{is_are(allowed, 'practice')} allowed." if allowed else
                            "No practice is allowed by the rules; tick 'Show practices the rules forbid' to override.")
        self._apply_filters()

    def _apply_filters(self) -> None:
        self.proxy.set_search(self.filters.search.text())
        self.proxy.set_filter("allowed", None if self.filters.checked("forbidden") else (lambda o: o.allowed))
        self._update()

    def selected_option(self) -> MoveOption | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.row_at(rows[0].row()) if rows else None

    def select_practice(self, code: str) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.row_at(row).practice_code == code:
                self.table.selectRow(row)
                return True
        return False

    def _update(self, *_args) -> None:
        option = self.selected_option()
        if option is None:
            self.override.setVisible(False)
            self._ok().setEnabled(False)
            return
        if option.allowed:
            self.override.setVisible(False)
            self.override.setChecked(False)
            self._ok().setEnabled(True)
            self.reason.setText(f"Move to {option.name}: {option.travel_minutes:.0f} min one way, "
                                f"{option.free_places} free place{'' if option.free_places == 1 else 's'}.")
        else:
            self.override.setVisible(True)
            needs_why = self.override.isChecked() and not self.why.text().strip()
            self._ok().setEnabled(self.override.isChecked() and not needs_why)
            self.reason.setText(f"<b style='color:#b3261e'>Not allowed:</b> {option.reason}."
                                + (" Say why it is overridden to move the student." if needs_why else ""))

    def choice(self) -> tuple[str, bool, str] | None:
        """(practice code, override, the officer's reason), or None when nothing is chosen."""
        option = self.selected_option()
        if option is None:
            return None
        return option.practice_code, (not option.allowed) and self.override.isChecked(), self.why.text().strip()


def _plain(error: BaseException) -> str:
    from desktop.errors import plain_message

    return plain_message(error)

