"""Overview: how much data there is, the current plan's headline figures, and what needs attention."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.figures import mean_and_longest, travel_histogram, year_figures
from desktop.pages.base import Page, page_layout
from desktop.state import Snapshot
from desktop.widgets.histogram import Histogram


class Card(QFrame):
    """A big number with a caption."""

    def __init__(self, caption: str, tooltip: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.value = QLabel("–")
        self.value.setObjectName("cardValue")
        self.caption = QLabel(caption)
        self.caption.setObjectName("cardCaption")
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setToolTip(tooltip)

    def set_value(self, text: str) -> None:
        self.value.setText(text)


class OverviewPage(Page):
    title = "Overview"
    tooltip = "Counts, the current plan's headline figures and warnings"
    demo_requested = Signal()
    import_requested = Signal()
    plan_requested = Signal()

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Overview")
        self.empty_banner = QFrame()
        self.empty_banner.setObjectName("banner")
        banner = QHBoxLayout(self.empty_banner)
        banner_text = QLabel("<b>The database is empty.</b> Import your practices, students and blocks, "
                             "or load the demo data set (about 2,000 students at real Greater Manchester "
                             "practices) to try the program.")
        banner_text.setWordWrap(True)
        self.demo_button = QPushButton("Load &demo data")
        self.demo_button.setToolTip("Fill this database with the generated demo data set")
        self.demo_button.clicked.connect(self.demo_requested)
        self.import_button = QPushButton("&Import data…")
        self.import_button.clicked.connect(self.import_requested)
        banner.addWidget(banner_text, 1)
        banner.addWidget(self.import_button)
        banner.addWidget(self.demo_button)
        self.empty_banner.hide()
        layout.addWidget(self.empty_banner)

        cards = QGridLayout()
        self.cards = {
            "students": Card("students"),
            "practices": Card("practices"),
            "blocks": Card("placement blocks"),
            "plans": Card("plans"),
            "placed": Card("student-blocks placed", "Placements in the current plan"),
            "unplaced": Card("student-blocks unplaced", "Student-blocks the current plan could not fill"),
            "mean": Card("average journey (min)", "One way, over all placements of the current plan"),
            "longest": Card("longest journey (min)", "One way, the longest of the current plan"),
        }
        for i, card in enumerate(self.cards.values()):
            cards.addWidget(card, i // 4, i % 4)
        layout.addLayout(cards)

        self.plan_line = QLabel("")
        self.plan_line.setWordWrap(True)
        self.plan_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.plan_line)
        plan_button_row = QHBoxLayout()
        self.plan_button = QPushButton("Go to the &plan")
        self.plan_button.clicked.connect(self.plan_requested)
        plan_button_row.addWidget(self.plan_button)
        plan_button_row.addStretch(1)
        layout.addLayout(plan_button_row)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        self.histogram = Histogram()
        self.histogram.setMinimumHeight(180)
        left.addWidget(self.histogram, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>Needs attention</b>"))
        self.warnings = QListWidget()
        self.warnings.setAccessibleName("Warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setMaximumHeight(self.fontMetrics().height() * 9)
        right.addWidget(self.warnings)
        right.addSpacing(8)
        right.addWidget(QLabel("<b>By year</b>"))
        self.year_table = QLabel("")
        self.year_table.setTextFormat(Qt.TextFormat.RichText)
        self.year_table.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        right.addWidget(self.year_table)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout.addLayout(columns, 1)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        counts = snapshot.counts
        self.empty_banner.setVisible(snapshot.is_empty and self.ctx.state.loaded_once)
        for key in ("students", "practices", "blocks", "plans"):
            self.cards[key].set_value(f"{counts.get(key, 0):,}")
        plan = snapshot.plan
        current = snapshot.current_plan_name
        mean, longest = mean_and_longest(plan)
        self.cards["placed"].set_value(f"{len(plan.placements):,}" if plan else "–")
        self.cards["unplaced"].set_value(f"{len(plan.unplaced):,}" if plan else "–")
        self.cards["mean"].set_value(f"{mean:.0f}" if plan and plan.placements else "–")
        self.cards["longest"].set_value(f"{longest:.0f}" if plan and plan.placements else "–")
        if plan is None:
            self.plan_line.setText("No plan yet. Open the Plan page and press Run to make one.")
        else:
            gap = plan.gap
            shown = "current plan" if plan.name == current else "plan shown"
            self.plan_line.setText(
                f"<b>{shown.capitalize()}: {plan.name}</b> · status {plan.status}"
                + (f" · objective {plan.objective:,.0f}" if plan.objective is not None else "")
                + (f" · gap {gap:.1%}" if gap is not None else "")
                + (f" · solved in {plan.seconds:.0f} s" if plan.seconds else ""))
        rows = year_figures(snapshot.dataset, plan, snapshot.settings.long_travel_threshold_minutes)
        header = ("<tr><th align=left>Year</th><th align=right>Students</th><th align=right>Student-blocks</th>"
                  "<th align=right>Placed</th><th align=right>Unplaced</th><th align=right>Average min</th>"
                  "<th align=right>Longest min</th></tr>")
        body = "".join(
            f"<tr><td>Year {r.year}</td><td align=right>{r.students:,}</td><td align=right>{r.student_blocks:,}</td>"
            f"<td align=right>{r.placed:,}</td><td align=right>{r.unplaced:,}</td>"
            f"<td align=right>{r.mean_travel:.0f}</td><td align=right>{r.longest_travel:.0f}</td></tr>"
            for r in rows)
        self.year_table.setText(f"<table cellspacing=0 cellpadding=5>{header}{body}</table>" if rows else "No students yet.")
        self.histogram.set_bins(travel_histogram(plan))
        self.warnings.clear()
        for text in self._warnings(snapshot):
            QListWidgetItem(text, self.warnings)
        if self.warnings.count() == 0:
            QListWidgetItem("Nothing needs attention.", self.warnings)

    def _warnings(self, snapshot: Snapshot) -> list[str]:
        found = []
        if snapshot.is_empty:
            return ["Import a data set to start."]
        if snapshot.unknown_homes:
            found.append(f"{snapshot.unknown_homes} students have no known home location; the school's address "
                         "is used for their journeys.")
        inactive = sum(1 for p in snapshot.dataset.practices if not p.active)
        if inactive:
            found.append(f"{inactive} practices are inactive and get no students.")
        plan = snapshot.plan
        if plan is None:
            found.append("There is no plan yet.")
        else:
            if plan.unplaced:
                found.append(f"{len(plan.unplaced)} student-blocks are unplaced in plan {plan.name}: see the Plan "
                             "page for the reasons.")
            if plan.status == "edited":
                found.append(f"Plan {plan.name} was changed by hand since it was solved.")
            if plan.status == "stopped":
                found.append(f"Plan {plan.name} was stopped before the search finished.")
            limit = snapshot.settings.long_travel_threshold_minutes
            long = sum(1 for p in plan.placements if p.travel_minutes > limit)
            if long:
                found.append(f"{long} journeys are over {limit:.0f} minutes one way.")
        if snapshot.current_plan_name is None and snapshot.plans:
            found.append("No plan is marked current: choose one on the Plan page.")
        return found
