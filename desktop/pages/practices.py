"""Practices: the surgeries, what they offer and how much of it the shown plan uses."""

from __future__ import annotations

from collections import defaultdict
from html import escape as html_escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTextBrowser

from desktop.models.practices import PracticeModel, PracticeRow, practice_rows, quality_text
from desktop.models.table import RowFilterProxy
from desktop.pages.base import Page, fit_columns, make_table_view, page_layout
from desktop.state import Snapshot
from desktop.widgets.filter_bar import FilterBar


class PracticesPage(Page):
    title = "Practices"
    tooltip = "The GP surgeries, their places, and how full the shown plan makes them"
    map_requested = Signal(str)
    """A practice code to show on the map."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Practices")
        self.filters = FilterBar("Search codes, names, postcodes, tutors… (Ctrl+F)")
        self.filters.add_combo("year", "Teaches year:")
        self.filters.add_check("active", "&Active only")
        self.filters.add_check("used", "&Used by the plan", "Only practices with at least one student in the shown plan")
        self.filters.finish()
        self.filters.changed.connect(self.apply_filters)
        layout.addWidget(self.filters)
        self.model = PracticeModel(self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table_view("Practices")
        self.table.setModel(self.proxy)
        self.table.selectionModel().selectionChanged.connect(self._show_details)
        self.details = QTextBrowser()
        self.details.setAccessibleName("Practice details")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([1100, 270])
        layout.addWidget(self.splitter, 1)
        self.count_label = QLabel("")
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        self.map_button = QPushButton("Show on the ma&p")
        self.map_button.setToolTip("The selected practice and its students' journeys on the Map page")
        self.map_button.clicked.connect(self._show_on_map)
        bottom.addWidget(self.map_button)
        layout.addLayout(bottom)
        self.table.doubleClicked.connect(lambda _i: self._show_on_map())
        self._by_practice: dict[str, list[tuple[str, str, float, bool]]] = {}

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.model.set_rows(practice_rows(snapshot.dataset, snapshot.plan, snapshot.quality))
        self.filters.set_choices("year", [str(y) for y in sorted({y for p in snapshot.dataset.practices for y in p.years})])
        names = {s.student_id: s.full_name for s in snapshot.dataset.students}
        by_practice: dict[str, list[tuple[str, str, float, bool]]] = defaultdict(list)
        if snapshot.plan is not None:
            for p in snapshot.plan.placements:
                by_practice[p.practice_code].append((p.block_id, names.get(p.student_id, p.student_id), p.travel_minutes, p.locked))
        self._by_practice = by_practice
        self.apply_filters()
        if not self.layout_restored and self.model.rowCount():
            fit_columns(self.table, 240)
            self.layout_restored = True

    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.row_at(rows[0].row()).practice.code if rows else None

    def _show_on_map(self) -> None:
        code = self.selected_code()
        if code is not None:
            self.map_requested.emit(code)

    def apply_filters(self) -> None:
        self.proxy.set_search(self.filters.search.text())
        year = self.filters.choice("year")
        self.proxy.set_filter("year", (lambda r: int(year) in r.practice.years) if year else None)
        self.proxy.set_filter("active", (lambda r: r.practice.active) if self.filters.checked("active") else None)
        self.proxy.set_filter("used", (lambda r: r.used > 0) if self.filters.checked("used") else None)
        self.count_label.setText(f"{self.proxy.rowCount():,} of {self.model.rowCount():,} practices shown")

    def _show_details(self, *_args) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.details.clear()
            return
        row: PracticeRow = self.proxy.row_at(rows[0].row())
        p = row.practice
        html = [f"<h3>{p.name}</h3><p>{p.code} · {p.address or ''} {p.postcode}</p>",
                f"<p>Teaches years {', '.join(map(str, sorted(p.years)))}; {p.capacity} place{'' if p.capacity == 1 else 's'} per block"
                + (f"; at most {p.max_students_per_day} students a day" if p.max_students_per_day else "") + "</p>",
                f"<p>Tutor: {p.tutor or '–'} · {p.email or ''}</p>",
                f"<p>Students' evaluations: {html_escape(quality_text(row.quality))}</p>",
                f"<h4>In the shown plan: {row.used} of {row.offered} places</h4><ul>"]
        for block_id, name, minutes, locked in sorted(self._by_practice.get(p.code, [])):
            html.append(f"<li>{block_id}: {name} ({minutes:.0f} min{', locked' if locked else ''})</li>")
        html.append("</ul>")
        self.details.setHtml("".join(html))

    def focus_search(self) -> bool:
        self.filters.search.setFocus()
        self.filters.search.selectAll()
        return True

    def layout_parts(self):
        return {"splitter": self.splitter, "header": self.table.horizontalHeader()}

    def shown_table(self):
        from desktop.table_export import ShownTable

        return ShownTable("Practices", self.table, self.filters)
