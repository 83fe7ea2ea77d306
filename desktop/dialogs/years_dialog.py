"""File > Years…: every academic year on record, and a closed year's plans shown read-only from its archive.

The years come from ``scheduler.services.years.years_held``; choosing a closed
year reads its plans and their placements from the archive
(``years.closed_year_plans``, off the GUI thread). Nothing here can change a
closed year: the tables are not editable and no action writes.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.context import AppContext
from desktop.jobs import JobGroup
from desktop.operations import closed_year_plans, years_on_record
from desktop.widgets.screen_fit import fit_to_screen, scrolling_body

SHORT_LIST = 150
"""Logical pixels for the years and plans lists (about four rows, a scroll bar beyond), so the placements get
the rest."""


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAccessibleName(name)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()


class YearsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.own_jobs = JobGroup()
        self.held: list[dict] = []
        self.shown = None
        self.setWindowTitle("Years on record")
        layout, outer = scrolling_body(self)
        self.years = _table(["Year", "State", "Final plan", "Closed on", "Closed by"], "Years on record")
        self.years.itemSelectionChanged.connect(self._year_chosen)
        self.years.setMaximumHeight(SHORT_LIST)
        layout.addWidget(self.years)
        self.heading = QLabel("Choose a closed year to see its plans (read-only).")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.plans = _table(["Plan", "Placed", "Unplaced", "Final"], "The closed year's plans")
        self.plans.itemSelectionChanged.connect(self._plan_chosen)
        self.plans.setMaximumHeight(SHORT_LIST)
        layout.addWidget(self.plans)
        self.placements = _table(["Student", "Block", "Practice"], "The chosen plan's placements")
        layout.addWidget(self.placements, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        fit_to_screen(self, QSize(760, 640))
        self.own_jobs.add(ctx.jobs.run(years_on_record, name="years on record", on_success=self._listed))

    def _listed(self, held: list[dict]) -> None:
        self.held = held
        _fill(self.years, [[y["academic_year"], "closed" if y["closed"] else "current",
                            y.get("final_plan", "") or ("none" if y["closed"] else ""),
                            y.get("closed_at", "")[:10], y.get("closed_by", "")] for y in held])

    def _year_chosen(self) -> None:
        rows = self.years.selectionModel().selectedRows()
        if not rows:
            return
        year = self.held[rows[0].row()]
        _fill(self.plans, [])
        _fill(self.placements, [])
        if not year["closed"]:
            self.heading.setText(f"{year['academic_year']} is the current year: its plans are on the Plan page.")
            return
        self.heading.setText(f"Reading the plans of {year['academic_year']} from its archive…")
        self.own_jobs.add(self.ctx.jobs.run(closed_year_plans, year["academic_year"], name="closed year",
                                            key="closed-year", on_success=self._show_year))

    def _show_year(self, view) -> None:
        self.shown = view
        self.heading.setText(f"Plans of {view.academic_year}, a closed year: read-only, as archived when it closed "
                             "(its documents reprint with gp-placements timetables --year).")
        _fill(self.plans, [[p.name, f"{p.placed:,}", f"{p.unplaced:,}", "yes" if p.name == view.final_plan else ""]
                           for p in view.plans])

    def _plan_chosen(self) -> None:
        rows = self.plans.selectionModel().selectedRows()
        if not rows or self.shown is None:
            return
        plan = self.shown.plans[rows[0].row()]
        _fill(self.placements, [[p.student_id, p.block_id, p.practice_code]
                                for p in self.shown.placements[plan.name]])
