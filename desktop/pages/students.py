"""Students: every student-block of the shown plan, with filters and the manual changes (move, swap, lock)."""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QSplitter, QTextBrowser

from desktop.models.allocations import CLEARANCE_COLOURS, AllocationModel, AllocationRow, allocation_rows
from desktop.models.table import RowFilterProxy
from desktop.pages.base import Page, fit_columns, make_table_view, page_layout
from desktop.state import Snapshot
from desktop.widgets.filter_bar import FilterBar


class StudentsPage(Page):
    title = "Students"
    tooltip = "Every student in every block: where they go, or why they could not be placed"
    move_requested = Signal(object)
    """An AllocationRow to move."""
    swap_requested = Signal(object, object)
    lock_requested = Signal(object, bool)

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Students")
        self.filters = FilterBar("Search names, ids, practices… (Ctrl+F)")
        self.filters.add_combo("year", "Year:")
        self.filters.add_combo("group", "Group:")
        self.filters.add_combo("block", "Block:")
        self.filters.add_combo("practice", "Practice:", "Show only students placed at this practice")
        self.filters.add_check("unplaced", "&Unplaced only", "Show only student-blocks without a practice")
        self.filters.finish()
        self.filters.changed.connect(self.apply_filters)
        layout.addWidget(self.filters)

        self.model = AllocationModel(self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view("Student placements")
        self.table.setModel(self.proxy)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _i: self.request_move())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.details = QTextBrowser()
        self.details.setAccessibleName("Student details")
        self.details.setOpenLinks(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([1100, 270])
        layout.addWidget(self.splitter, 1)

        buttons = QHBoxLayout()
        self.count_label = QLabel("")
        self.move_button = QPushButton("&Move…")
        self.move_button.setToolTip("Move the selected student to another practice in this block (Enter)")
        self.swap_button = QPushButton("S&wap")
        self.swap_button.setToolTip("Select two students of the same block, then swap their practices")
        self.lock_button = QPushButton("&Lock")
        self.lock_button.setToolTip("Pin the selected placement so that a new plan keeps it")
        self.move_button.clicked.connect(self.request_move)
        self.swap_button.clicked.connect(self.request_swap)
        self.lock_button.clicked.connect(self.request_lock_toggle)
        buttons.addWidget(self.count_label, 1)
        for button in (self.move_button, self.swap_button, self.lock_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        move_shortcut = QAction("Move", self)
        move_shortcut.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        move_shortcut.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        move_shortcut.triggered.connect(self.request_move)
        self.table.addAction(move_shortcut)
        self._update_buttons()

    # data ---------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        selected = [(r.student.student_id, r.block.block_id) for r in self.selected_rows()]
        data = snapshot.dataset
        self.model.set_rows(allocation_rows(data, snapshot.plan, snapshot.clearances))
        self.filters.set_choices("year", [str(y) for y in sorted({s.year for s in data.students})])
        self.filters.set_choices("group", sorted({s.group for s in data.students if s.group}))
        self.filters.set_choices("block", [b.block_id for b in data.blocks])
        self.filters.set_choices("practice", sorted({p.practice_code for p in snapshot.plan.placements}) if snapshot.plan else [])
        clearances = next(i for i, c in enumerate(self.model.columns) if c.title == "Clearances")
        self.table.setColumnHidden(clearances, not snapshot.clearances)  # shown when the data has clearances
        self.apply_filters()
        if not self.layout_restored and self.model.rowCount():
            fit_columns(self.table, 240)
            self.layout_restored = True
        self.select(selected)

    def apply_filters(self) -> None:
        f = self.filters
        self.proxy.set_search(f.search.text())
        year, group, block, practice = f.choice("year"), f.choice("group"), f.choice("block"), f.choice("practice")
        self.proxy.set_filter("year", (lambda r: str(r.student.year) == year) if year else None)
        self.proxy.set_filter("group", (lambda r: r.student.group == group) if group else None)
        self.proxy.set_filter("block", (lambda r: r.block.block_id == block) if block else None)
        self.proxy.set_filter("practice", (lambda r: r.practice is not None and r.practice.code == practice) if practice else None)
        self.proxy.set_filter("unplaced", (lambda r: not r.placed) if f.checked("unplaced") else None)
        self.count_label.setText(f"{self.proxy.rowCount():,} of {self.model.rowCount():,} student-blocks shown")
        self._update_buttons()

    # selection ----------------------------------------------------------------------------
    def selected_rows(self) -> list[AllocationRow]:
        rows = self.table.selectionModel().selectedRows()
        return [self.proxy.row_at(index.row()) for index in sorted(rows, key=lambda i: i.row())]

    def select(self, keys: list[tuple[str, str]]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for student_id, block_id in keys:
            position = self.model.position_of(student_id, block_id)
            if position is None:
                continue
            index = self.proxy.mapFromSource(self.model.index(position, 0))
            if index.isValid():
                selection.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(index)
                selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)

    def _selection_changed(self, *_args) -> None:
        self._update_buttons()
        rows = self.selected_rows()
        self.details.setHtml(self._details_html(rows[0]) if rows else "<p>Select a student to see the details.</p>")

    def _update_buttons(self) -> None:
        rows = self.selected_rows()
        has_plan = self.ctx.state.snapshot.plan is not None
        self.move_button.setEnabled(has_plan and len(rows) == 1)
        self.swap_button.setEnabled(has_plan and len(rows) == 2 and rows[0].block.block_id == rows[1].block.block_id
                                    and rows[0].placed and rows[1].placed)
        single = rows[0] if len(rows) == 1 else None
        self.lock_button.setEnabled(has_plan and single is not None and single.placed)
        self.lock_button.setText("Un&lock" if single is not None and single.locked else "&Lock")

    def _details_html(self, row: AllocationRow) -> str:
        s = row.student
        limit = s.max_travel_minutes if s.max_travel_minutes is not None else self.ctx.state.snapshot.settings.default_max_travel_minutes
        lines = [f"<h3>{s.full_name}</h3>", f"<p>Student {s.student_id} · year {s.year}"
                 + (f" · group {s.group}" if s.group else "") + "</p>",
                 f"<p>Travels by {s.travel_mode}, at most {limit:.0f} min one way"
                 + (" · needs step-free access" if s.needs_accessible else "") + "</p>",
                 f"<p>Home postcode: {s.postcode or 'not known'}</p>"]
        if row.clearance is not None:
            colour = CLEARANCE_COLOURS.get(row.clearance.level)
            text = html.escape(row.clearance.text)
            lines.append("<p>Clearances: " + (f"<span style='color:{colour}'><b>{text}</b></span>" if colour else text)
                         + "</p>")
        lines.append("<h4>Blocks</h4><ul>")
        for other in self.model.rows():
            if other.student.student_id != s.student_id:
                continue
            where = (f"{other.practice.name} ({other.practice.code}), {other.travel_minutes:.0f} min"
                     + (" · locked" if other.locked else "")) if other.practice else f"<i>unplaced</i>: {other.reason}"
            lines.append(f"<li><b>{other.block.block_id}</b> {other.block.start_date:%d %b}–{other.block.end_date:%d %b %Y}"
                         f" ({other.block.weekday_text}): {where}</li>")
        lines.append("</ul>")
        return "".join(lines)

    # actions ------------------------------------------------------------------------------
    def request_move(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and self.ctx.state.snapshot.plan is not None:
            self.move_requested.emit(rows[0])

    def request_swap(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 2:
            self.swap_requested.emit(rows[0], rows[1])

    def request_lock_toggle(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1 and rows[0].placed:
            self.lock_requested.emit(rows[0], not rows[0].locked)

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for button in (self.move_button, self.swap_button, self.lock_button):
            action = menu.addAction(button.text().replace("&", ""))
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def focus_search(self) -> bool:
        self.filters.search.setFocus()
        self.filters.search.selectAll()
        return True

    def layout_parts(self):
        return {"splitter": self.splitter, "header": self.table.horizontalHeader()}

    def shown_table(self):
        from desktop.table_export import ShownTable

        return ShownTable("Students", self.table, self.filters)
