"""Map: practices and student homes by coordinates, placement lines coloured by journey time (offline)."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton

from desktop.pages.base import Page, page_layout
from desktop.search import matches, search_words
from desktop.state import Snapshot
from desktop.text import plural
from desktop.widgets.colours import journey_legend
from desktop.widgets.filter_bar import FilterBar
from desktop.widgets.map_view import MapLine, MapView
from scheduler.services.figures import town_centres


class MapPage(Page):
    title = "Map"
    tooltip = "Where practices and students are, and each student's journey in the shown plan"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Map")
        self.filters = FilterBar("Search a practice or student (Ctrl+F)")
        self.filters.add_combo("year", "Year:")
        self.filters.add_combo("block", "Block:")
        self.filters.add_combo("practice", "Practice:", "Show only this practice and its students")
        self.filters.finish()
        self.filters.changed.connect(self.redraw)
        layout.addWidget(self.filters)
        self.view = MapView()
        self.view.practice_clicked.connect(self.show_practice)
        layout.addWidget(self.view, 1)
        legend = QHBoxLayout()
        # one wrapping label, so that the legend never makes the page wider than a laptop screen
        keys = [("Practice", QColor("#5b5b5b")), ("Selected practice", QColor("#d62728")),
                ("Student home", QColor("#3b6ea5"))] + journey_legend()
        self.legend = QLabel(" &nbsp; ".join(
            f'<span style="color:{colour.name()}">&#9632;</span>&nbsp;{escape(text).replace(" ", "&nbsp;")}'
            for text, colour in keys))
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Legend")
        legend.addWidget(self.legend, 1)
        self.count_label = QLabel("")
        legend.addWidget(self.count_label)
        fit = QPushButton("&Fit")
        fit.setToolTip("Show everything (Ctrl+0 in the map)")
        fit.clicked.connect(self.view.fit)
        legend.addWidget(fit)
        layout.addLayout(legend)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        data = snapshot.dataset
        self.filters.set_choices("year", [str(y) for y in sorted({s.year for s in data.students})])
        self.filters.set_choices("block", [b.block_id for b in data.blocks])
        self.filters.set_choices("practice", [p.code for p in data.practices])
        self.redraw()

    def redraw(self) -> None:
        snapshot = self.ctx.state.snapshot
        data = snapshot.dataset
        year, block, practice = self.filters.choice("year"), self.filters.choice("block"), self.filters.choice("practice")
        words = search_words(self.filters.search.text())
        year_of = {s.student_id: s.year for s in data.students}
        name_of = {s.student_id: s.full_name for s in data.students} if words else {}
        practice_name = {p.code: p.name for p in data.practices} if words else {}
        block_year = {b.block_id: b.year for b in data.blocks}
        if block and year and block_year.get(block) != int(year):
            year = None
        lines, homes = [], {}
        home_text: dict[str, str] = {}
        students = {s.student_id: s for s in data.students}
        names = {p.code: p.name for p in data.practices}
        placed_at: list[str] = []
        wanted_practices: set[str] = set()
        if snapshot.plan is not None:
            for p in snapshot.plan.placements:
                if year and year_of.get(p.student_id) != int(year):
                    continue
                if block and p.block_id != block:
                    continue
                if practice and p.practice_code != practice:
                    continue
                if words and not matches(words, f"{p.student_id} {name_of.get(p.student_id, '')} {p.practice_code} "
                                                f"{practice_name.get(p.practice_code, '')}"):
                    continue
                home = snapshot.student_locations.get(p.student_id)
                at = snapshot.practice_locations.get(p.practice_code)
                if home is None or at is None:
                    continue
                homes[p.student_id] = home
                s = students.get(p.student_id)
                home_text[p.student_id] = (f"{s.full_name if s else ''} ({p.student_id}), year {s.year if s else ''}: "
                                           f"{names.get(p.practice_code, '')} ({p.practice_code}) in {p.block_id}, "
                                           f"{p.travel_minutes:.0f} min")
                wanted_practices.add(p.practice_code)
                placed_at.append(p.practice_code)
                lines.append(MapLine(home, at, p.travel_minutes))
        else:
            homes = {s.student_id: snapshot.student_locations[s.student_id] for s in data.students
                     if s.student_id in snapshot.student_locations and (not year or s.year == int(year))}
        highlighted = {practice} if practice else set()
        students_at: dict[str, int] = {}
        for line_practice in placed_at:
            students_at[line_practice] = students_at.get(line_practice, 0) + 1
        practices, labels, codes = [], [], []
        for p in data.practices:
            if p.code not in snapshot.practice_locations:
                continue
            if practice and p.code != practice:
                continue
            if year and int(year) not in p.years and p.code not in wanted_practices:
                continue
            lat, lon = snapshot.practice_locations[p.code]
            practices.append((lat, lon, p.code in highlighted))
            labels.append(f"{p.name} ({p.code}): {plural(students_at.get(p.code, 0), 'journey')} shown"
                          " · click to show only this practice")
            codes.append(p.code)
        home_labels = [home_text.get(sid) or f"{students[sid].full_name} ({sid})" for sid in homes]
        self.view.show_map(practices, list(homes.values()), lines, labels, codes, home_labels,
                           town_centres(data.practices, snapshot.practice_locations))
        n_practices, n_homes, n_lines = self.view.counts
        self.count_label.setText(f"{plural(n_practices, 'practice')} · {plural(n_homes, 'student')} · "
                                 f"{plural(n_lines, 'journey')}")

    def show_practice(self, code: str) -> None:
        """Shows one practice and its students (a click on the map, or Show on map from the Practices page)."""
        self.filters.combos["practice"].setCurrentText(code)

    def focus_search(self) -> bool:
        self.filters.search.setFocus()
        return True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.view.fit()
