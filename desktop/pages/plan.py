"""Plan: the scenarios, the weights, Run/Stop with live progress, and the results of the shown plan."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import team
from desktop.dialogs.current_plan_choice import ask_make_current, why_kept
from desktop.jobs import Job
from desktop.models.plans import PlanListModel
from desktop.models.table import Column, RowFilterProxy, RowTableModel
from desktop.operations import list_edits, plan_call, solve_plan
from desktop.pages.base import Page, fit_columns, make_table_view, page_layout
from desktop.state import Snapshot
from desktop.text import closeness, plural, status_words
from desktop.widgets.advice_panel import AdvicePanel
from desktop.widgets.fit_scroll import FitScrollArea
from desktop.widgets.histogram import Histogram
from desktop.widgets.progress_panel import SolveProgress
from desktop.widgets.utilisation import UtilisationChart
from scheduler.domain import EditRecord, Plan, PlanSummary
from scheduler.services.conflicts import PlanChanged
from scheduler.services.figures import practice_use, travel_histogram, year_figures
from scheduler.settings import SOFT_TERMS, Settings

_NOTHING_SHOWN = object()

WEIGHT_HELP = {
    "travel": "Per minute of one-way journey, for every student-block",
    "long_travel": "Per minute over the comfort threshold, counted again on top",
    "fairness": "Per minute of the longest journey in each year group",
    "balance": "Per student above a practice's fair share of the places it offered",
    "preference": "Per rank step away from a student's first choice",
    "variety": "Per placement at a practice the student has been to before",
    "interprofessional": "Per medical student-block with no day at its practice beside a learner of another programme",
    "quality": "Per student-block at a practice flagged for review (its students' evaluations below the flag)",
}


@dataclass(frozen=True, slots=True)
class UnplacedRow:
    student_id: str
    name: str
    year: int
    block_id: str
    reason: str


UNPLACED_COLUMNS: list[Column[UnplacedRow]] = [
    Column("Student", lambda r: r.student_id),
    Column("Name", lambda r: r.name),
    Column("Year", lambda r: str(r.year), lambda r: r.year, numeric=True),
    Column("Block", lambda r: r.block_id),
    Column("Why not placed", lambda r: r.reason),
]

YEAR_COLUMNS = [
    Column("Year", lambda r: f"Year {r.year}", lambda r: r.year),
    Column("Students", lambda r: f"{r.students:,}", lambda r: r.students, numeric=True),
    Column("Student-blocks", lambda r: f"{r.student_blocks:,}", lambda r: r.student_blocks, numeric=True),
    Column("Placed", lambda r: f"{r.placed:,}", lambda r: r.placed, numeric=True),
    Column("Unplaced", lambda r: f"{r.unplaced:,}", lambda r: r.unplaced, numeric=True,
           colour=lambda r: "#b3261e" if r.unplaced else None),
    Column("Average journey (min)", lambda r: f"{r.mean_travel:.1f}", lambda r: r.mean_travel, numeric=True),
    Column("Longest (min)", lambda r: f"{r.longest_travel:.0f}", lambda r: r.longest_travel, numeric=True),
    Column("Over threshold", lambda r: f"{r.over_threshold:,}", lambda r: r.over_threshold, numeric=True,
           tooltip="Journeys longer than the comfort threshold in Settings"),
]

@dataclass(frozen=True, slots=True)
class LockRow:
    student_id: str
    name: str
    block_id: str
    practice: str
    locked_by: str
    locked_at: str
    reason: str
    override: str


LOCK_COLUMNS: list[Column[LockRow]] = [
    Column("Student", lambda r: r.student_id),
    Column("Name", lambda r: r.name),
    Column("Block", lambda r: r.block_id),
    Column("Practice", lambda r: r.practice),
    Column("Locked by", lambda r: r.locked_by),
    Column("When", lambda r: r.locked_at),
    Column("Why", lambda r: r.reason),
    Column("Rules overridden", lambda r: r.override, colour=lambda r: "#b3261e" if r.override else None),
]


def lock_rows(data, plan: Plan | None) -> list[LockRow]:
    """Every locked placement of the plan, with who locked it, when and why, and any rule it overrides."""
    if plan is None:
        return []
    names = {s.student_id: s.full_name for s in data.students}
    practices = {p.code: p.name for p in data.practices}
    return [LockRow(p.student_id, names.get(p.student_id, ""), p.block_id,
                    f"{practices.get(p.practice_code, '')} ({p.practice_code})", p.locked_by or "–",
                    f"{p.locked_at:%d %b %Y %H:%M}" if p.locked_at else "–", p.lock_reason, p.override)
            for p in plan.placements if p.locked]


EDIT_COLUMNS: list[Column[EditRecord]] = [
    Column("When", lambda e: f"{e.when:%d %b %Y %H:%M:%S}", lambda e: e.when.isoformat()),
    Column("Who", lambda e: e.user),
    Column("What", lambda e: e.action),
    Column("Details", lambda e: e.detail),
]


def _plan_of(outcome) -> Plan | None:
    if isinstance(outcome, Plan):
        return outcome
    return getattr(outcome, "plan", None)


class PlanPage(Page):
    title = "Plan"
    tooltip = "Make plans, compare them, and see how good the shown plan is"
    compare_requested = Signal(str, str)
    solve_finished = Signal(object)
    move_requested = Signal(str, str, bool)
    """(student id, block id, show the practices the rules forbid): open the move dialog for that student-block."""

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Plan")
        self.solve_job: Job | None = None
        self._solve_reported = False
        self._settings_shown: Settings | None = None
        self._plan_name_shown: object = _NOTHING_SHOWN

        # left: scenarios, weights, run ----------------------------------------------------
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        plans_box = QGroupBox("Plans (scenarios)")
        plans_layout = QVBoxLayout(plans_box)
        self.plan_model = PlanListModel(self)
        self.plan_proxy = RowFilterProxy(self)
        self.plan_proxy.setSourceModel(self.plan_model)
        self.plan_table = make_table_view("Plans")
        self.plan_table.setModel(self.plan_proxy)
        self.plan_table.setMinimumHeight(self.fontMetrics().height() * 5)
        self.plan_table.selectionModel().selectionChanged.connect(self._plan_selection_changed)
        self.plan_table.doubleClicked.connect(lambda _i: self.show_selected_plan())
        plans_layout.addWidget(self.plan_table)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        self.new_button = self._button("&New…", "Start a new plan: give it a name, then press Run", self.new_plan, row1)
        self.copy_button = self._button("&Copy…", "Copy the selected plan to try changes on it", self.copy_plan, row1)
        self.rename_button = self._button("Ren&ame…", "Rename the selected plan", self.rename_plan, row1)
        self.delete_button = self._button("&Delete", "Delete the selected plan", self.delete_plan, row1)
        self.current_button = self._button("Make c&urrent", "Make the selected plan the one used for documents",
                                           self.make_current, row2)
        self.show_button = self._button("S&how", "Show the selected plan on every page", self.show_selected_plan, row2)
        self.compare_button = self._button("Com&pare", "Select two plans to compare them side by side",
                                           self.compare_selected, row2)
        row1.addStretch(1)
        row2.addStretch(1)
        plans_layout.addLayout(row1)
        plans_layout.addLayout(row2)
        left_layout.addWidget(plans_box, 1)

        # the run: name and time limit on one line, the weights folded away, Run and Stop beside the bar,
        # so that on a laptop the plans list keeps most of the height and the result lines all of the width
        run_box = QGroupBox("Run")
        run_layout = QVBoxLayout(run_box)
        name_row = QHBoxLayout()
        self.name_edit = QLineEdit("Plan 1")
        self.name_edit.setToolTip("The name of the plan to make. A new name keeps every plan you have; the name "
                                  "of an existing plan asks whether to replace it. Locked placements of the shown "
                                  "plan are kept in the new one.")
        name_label = QLabel("Plan na&me:")
        name_label.setBuddy(self.name_edit)
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)
        self.time_spin = QSpinBox()
        self.time_spin.setRange(1, 3600)
        self.time_spin.setSuffix(" s")
        self.time_spin.setToolTip("Stop searching after this long and keep the best plan found")
        time_label = QLabel("&Time limit:")
        time_label.setBuddy(self.time_spin)
        name_row.addWidget(time_label)
        name_row.addWidget(self.time_spin)
        run_layout.addLayout(name_row)
        options_row = QHBoxLayout()
        self.min_change_check = QCheckBox("Keep changes small")  # short: the results' tab bar needs the width
        self.min_change_check.setToolTip("Re-plan from the shown plan: after data changes or hand edits, move as few "
                                         "students as possible; locked placements are always kept")
        options_row.addWidget(self.min_change_check, 1)
        self.weights_button = QToolButton()
        self.weights_button.setText("Wei&ghts")
        self.weights_button.setCheckable(True)
        self.weights_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.weights_button.setArrowType(Qt.ArrowType.RightArrow)
        self.weights_button.setToolTip("Show or hide how much each aim counts in this run")
        options_row.addWidget(self.weights_button)
        run_layout.addLayout(options_row)
        self.weights_panel = QWidget()
        weights = QGridLayout(self.weights_panel)
        weights.setContentsMargins(0, 0, 0, 0)
        self.weight_spins: dict[str, QDoubleSpinBox] = {}
        for n, term in enumerate(SOFT_TERMS):
            spin = QDoubleSpinBox()
            spin.setRange(0.0, 1000.0)
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setToolTip(WEIGHT_HELP.get(term, ""))
            spin.setAccessibleName(f"Weight of {term.replace('_', ' ')}")
            label = QLabel(term.replace("_", " ").capitalize())
            label.setToolTip(WEIGHT_HELP.get(term, ""))
            label.setBuddy(spin)
            self.weight_spins[term] = spin
            row, column = divmod(n, 2)
            weights.addWidget(label, row, 2 * column)
            weights.addWidget(spin, row, 2 * column + 1)
        weights.setColumnStretch(1, 1)
        weights.setColumnStretch(3, 1)
        self.weights_panel.setVisible(False)
        self.weights_button.toggled.connect(self.show_weights)
        run_layout.addWidget(self.weights_panel)
        self.run_button = QPushButton("&Run")
        self.run_button.setObjectName("primary")
        self.run_button.setToolTip("Make the plan (Ctrl+R); the window stays usable while it runs")
        self.run_button.clicked.connect(self.run_solve)
        self.progress = SolveProgress(self.run_button)
        self.progress.stop_requested.connect(self.stop_solve)
        run_layout.addWidget(self.progress)
        left_layout.addWidget(run_box, 0)

        # right: results -------------------------------------------------------------------
        self.results = QTabWidget()
        self.results.setDocumentMode(True)
        self.shown_label = QLabel("")
        self.year_model = RowTableModel(YEAR_COLUMNS, self)
        self.year_table = make_table_view("Figures per year")
        self.year_table.setModel(self.year_model)
        self.year_table.setSortingEnabled(False)
        self.histogram = Histogram()
        self.utilisation = UtilisationChart()
        figures = QWidget()
        figures_layout = QVBoxLayout(figures)
        figures_layout.addWidget(self.shown_label)
        figures_layout.addWidget(self.year_table)
        charts = QHBoxLayout()
        charts.addWidget(self.histogram, 3)
        charts.addWidget(self.utilisation, 2)
        figures_layout.addLayout(charts, 1)
        self.results.addTab(figures, "F&igures")
        self.unplaced_model = RowTableModel(UNPLACED_COLUMNS, self)
        self.unplaced_proxy = RowFilterProxy(self)
        self.unplaced_proxy.setSourceModel(self.unplaced_model)
        self.unplaced_table = make_table_view("Unplaced student-blocks")
        self.unplaced_table.setModel(self.unplaced_proxy)
        self.unplaced_table.setToolTip("Double-click a student to find them a practice; right-click for more")
        self.unplaced_table.doubleClicked.connect(lambda _i: self._unplaced_action("move"))
        self.unplaced_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.unplaced_table.customContextMenuRequested.connect(self._unplaced_menu)
        self.unplaced_table.selectionModel().selectionChanged.connect(self._show_unplaced_reason)
        # the reasons are long ("lost to competition for places: the 58 practices that suit ..."): the selected
        # one is read in full below the table, which keeps one line per student
        self.unplaced_reason = QLabel("")
        self.unplaced_reason.setWordWrap(True)
        self.unplaced_reason.setTextFormat(Qt.TextFormat.RichText)
        self.unplaced_reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unplaced_reason.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.unplaced_reason.setAccessibleName("Why the selected student is not placed")
        reason_box = QWidget()
        reason_layout = QVBoxLayout(reason_box)
        reason_layout.setContentsMargins(4, 4, 4, 4)
        reason_layout.addWidget(self.unplaced_reason)
        self.unplaced_panel = QSplitter(Qt.Orientation.Vertical)
        self.unplaced_panel.setChildrenCollapsible(False)
        self.unplaced_panel.addWidget(self.unplaced_table)
        self.unplaced_panel.addWidget(FitScrollArea(reason_box, horizontal=False))
        self.unplaced_panel.setStretchFactor(0, 2)
        self.unplaced_panel.setStretchFactor(1, 1)
        self.results.addTab(self.unplaced_panel, "Unp&laced")
        self.lock_model = RowTableModel(LOCK_COLUMNS, self)
        self.lock_table = make_table_view("Locked placements")
        self.lock_table.setModel(self.lock_model)
        self.lock_table.setToolTip("Locked placements are kept by every new plan until they are unlocked "
                                   "(Students page, Lock button)")
        self.results.addTab(self.lock_table, "Loc&ks")
        self.edit_model = RowTableModel(EDIT_COLUMNS, self)
        self.edit_table = make_table_view("Changes by hand")
        self.edit_table.setModel(self.edit_model)
        self.results.addTab(self.edit_table, "Hand &edits")
        self.advice = AdvicePanel(ctx)
        self.results.addTab(self.advice, "&Where to recruit")

        left_scroll = FitScrollArea(left, horizontal=False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left_scroll)
        self.splitter.addWidget(self.results)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([400, 700])  # the figures and tables want the width more than the plans list
        layout.addWidget(self.splitter, 1)
        self._update_buttons()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.give_tabs_room()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.give_tabs_room()

    def give_tabs_room(self) -> None:
        """Moves the splitter so that every results tab shows without scroll arrows, when the plans side can
        spare the width (on a laptop the last tab, "Where to recruit", was behind the arrows)."""
        left, right = self.splitter.sizes()
        need = self.results.tabBar().sizeHint().width() + 4 - right
        spare = left - self.splitter.widget(0).minimumSizeHint().width()
        if need > 0 and spare > 0 and right > 0:
            shift = min(need, spare)
            self.splitter.setSizes([left - shift, right + shift])

    def show_weights(self, shown: bool) -> None:
        self.weights_panel.setVisible(shown)
        self.weights_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _button(self, text: str, tooltip: str, slot, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tooltip)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # asking the user (tests replace these) --------------------------------------------------
    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        text, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, default)
        return text.strip() if ok and text.strip() else None

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def ask_replace(self, name: str, new_name: str) -> str | None:
        """A plan called ``name`` exists: "replace", "new" (save under ``new_name``, the default) or None."""
        box = QMessageBox(QMessageBox.Icon.Question, "A plan of this name exists",
                          f"There is already a plan called {name}. Replace it with the new plan, or keep it and "
                          f"save the new plan as {new_name}?", QMessageBox.StandardButton.Cancel, self)
        replace = box.addButton(f"Replace {name}", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(f"Save as {new_name}", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(keep)
        box.exec()
        clicked = box.clickedButton()
        return "replace" if clicked is replace else "new" if clicked is keep else None

    # showing --------------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        selected = self.selected_plan_names()
        self.plan_model.set_rows(list(snapshot.plans))
        self.plan_table.resizeColumnsToContents()
        self._select_plans(selected or ([snapshot.plan.name] if snapshot.plan else []))
        if not self.is_solving():
            self._fill_form(snapshot)
        plan = snapshot.plan
        data = snapshot.dataset
        self.shown_label.setText(f"<b>Shown: {plan.name}</b> ({status_words(plan.status)}"
                                 + (f", {closeness(plan.gap, len(plan.placements), plan.placed_bound)}"
                                    if plan.status in ("feasible", "stopped") else "") + ")"
                                 if plan else "No plan yet: press Run.")
        self.year_model.set_rows(year_figures(data, plan, snapshot.settings.long_travel_threshold_minutes))
        self.year_table.resizeColumnsToContents()
        rows_height = self.year_table.horizontalHeader().height() + 2 + sum(
            self.year_table.rowHeight(r) for r in range(self.year_model.rowCount()))
        rows_height += self.year_table.horizontalScrollBar().sizeHint().height()  # shown on narrow screens
        self.year_table.setFixedHeight(max(rows_height, self.fontMetrics().height() * 4))
        self.histogram.set_bins(travel_histogram(plan))
        self.utilisation.set_use(practice_use(data, plan))
        students = {s.student_id: s for s in data.students}
        rows = []
        if plan is not None:
            for u in plan.unplaced:
                s = students.get(u.student_id)
                rows.append(UnplacedRow(u.student_id, s.full_name if s else "", s.year if s else 0, u.block_id, u.reason))
        self.unplaced_model.set_rows(rows)
        fit_columns(self.unplaced_table)
        self._show_unplaced_reason()
        self.results.setTabText(1, f"Unp&laced ({len(rows):,})")
        locks = lock_rows(data, plan)
        self.lock_model.set_rows(locks)
        self.results.setTabText(2, f"Loc&ks ({len(locks):,})")
        self.give_tabs_room()
        self.refresh_edits()
        self._update_buttons()

    def _fill_form(self, snapshot: Snapshot) -> None:
        """Refills weights and name only when the settings or the shown plan changed, keeping what was typed."""
        settings = snapshot.settings
        if settings != self._settings_shown:
            self._settings_shown = settings
            for term, spin in self.weight_spins.items():
                spin.setValue(float(settings.weights.get(term, 0.0)))
            self.time_spin.setValue(int(round(settings.time_limit_seconds)))
        names = tuple(p.name for p in snapshot.plans)
        if names != self._plan_name_shown:
            self._plan_name_shown = names
            self.name_edit.setText(unused_plan_name(set(names)))

    def refresh_edits(self) -> None:
        plan = self.ctx.state.snapshot.plan
        if plan is None:
            self.edit_model.set_rows([])
            return
        self.ctx.jobs.run(list_edits, plan.name, name="list edits", key="edits",
                          on_success=lambda records: self.edit_model.set_rows(list(reversed(records))),
                          on_failure=lambda _e: self.edit_model.set_rows([]))

    def selected_plan_names(self) -> list[str]:
        rows = self.plan_table.selectionModel().selectedRows()
        return [self.plan_proxy.row_at(i.row()).name for i in rows]

    def _select_plans(self, names: list[str]) -> None:
        from PySide6.QtCore import QItemSelectionModel

        selection = self.plan_table.selectionModel()
        selection.clearSelection()
        for row in range(self.plan_proxy.rowCount()):
            summary: PlanSummary = self.plan_proxy.row_at(row)
            if summary.name in names:
                selection.select(self.plan_proxy.index(row, 0),
                                 QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)

    def _plan_selection_changed(self, *_args) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        names = self.selected_plan_names()
        one = len(names) == 1
        solving = self.is_solving()
        has_data = bool(self.ctx.state.snapshot.dataset.students)
        for button in (self.copy_button, self.rename_button, self.delete_button, self.current_button, self.show_button):
            button.setEnabled(one and not solving)
        self.compare_button.setEnabled(len(names) == 2)
        self.run_button.setEnabled(not solving and has_data)
        self.min_change_check.setEnabled(self.ctx.state.snapshot.plan is not None)

    # unplaced student-blocks --------------------------------------------------------------------
    def selected_unplaced(self) -> UnplacedRow | None:
        rows = self.unplaced_table.selectionModel().selectedRows()
        return self.unplaced_proxy.row_at(rows[0].row()) if rows else None

    def _show_unplaced_reason(self, *_args) -> None:
        row = self.selected_unplaced()
        if row is None:
            self.unplaced_reason.setText("Select a student to read here why they are not placed." if
                                         self.unplaced_proxy.rowCount() else "")
            return
        self.unplaced_reason.setText(f"<b>{escape(row.name)} ({escape(row.student_id)}), {escape(row.block_id)}"
                                     f"</b>: {escape(row.reason)}.")

    def _unplaced_menu(self, position) -> None:
        index = self.unplaced_table.indexAt(position)
        if not index.isValid():
            return
        self.unplaced_table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction("Why not placed?", lambda: self._unplaced_action("why"))
        menu.addAction("Practices and why each is ruled out…", lambda: self._unplaced_action("candidates"))
        menu.addAction("Move, overriding a rule if need be…", lambda: self._unplaced_action("candidates"))
        menu.addAction("Find a practice the rules allow…", lambda: self._unplaced_action("move"))
        menu.popup(self.unplaced_table.viewport().mapToGlobal(position))

    def _unplaced_action(self, action: str) -> None:
        row = self.selected_unplaced()
        if row is None:
            return
        if action == "why":
            self.show_reason(f"{row.name} ({row.student_id}) in {row.block_id}", row.reason)
        else:
            self.move_requested.emit(row.student_id, row.block_id, action == "candidates")

    def show_reason(self, who: str, reason: str) -> None:
        QMessageBox.information(self, "Why not placed", f"{who} is not placed: {reason}.")

    # scenarios --------------------------------------------------------------------------------
    def new_plan(self) -> None:
        existing = {p.name for p in self.ctx.state.snapshot.plans}
        number = len(existing) + 1
        while f"Plan {number}" in existing:
            number += 1
        name = self.ask_text("New plan", "Name of the new plan:", f"Plan {number}")
        if name:
            self.name_edit.setText(name)
            self.min_change_check.setChecked(False)
            self.ctx.show_status(f"Set the weights and press Run to make {name}.")

    def _plan_call(self, what: str, function_name: str, *args, show: str | None = None) -> None:
        self.ctx.jobs.run(plan_call, function_name, *args, name=what,
                          on_success=lambda _r: self.ctx.state.reload(show),
                          on_failure=lambda e: self.ctx.show_error(_message(e)))

    def copy_plan(self) -> None:
        names = self.selected_plan_names()
        if len(names) != 1:
            return
        new = self.ask_text("Copy plan", f"Name of the copy of {names[0]}:", f"{names[0]} (copy)")
        if new:
            self._plan_call("copy plan", "copy_plan", names[0], new, show=new)

    def rename_plan(self) -> None:
        names = self.selected_plan_names()
        if len(names) != 1:
            return
        new = self.ask_text("Rename plan", f"New name for {names[0]}:", names[0])
        if new and new != names[0]:
            self.ctx.undo_stack.clear()  # undo commands name the plan
            self._plan_call("rename plan", "rename_plan", names[0], new, show=new)

    def delete_plan(self) -> None:
        names = self.selected_plan_names()
        if len(names) == 1 and self.confirm("Delete plan", f"Delete the plan {names[0]} and its history of changes?"):
            self.ctx.undo_stack.clear()
            if self.ctx.state.shown_plan_name == names[0]:
                self.ctx.state.shown_plan_name = None
            self._plan_call("delete plan", "delete_plan", names[0])

    def make_current(self) -> None:
        names = self.selected_plan_names()
        if len(names) == 1:
            self._plan_call("make current", "set_current_plan", names[0], show=names[0])

    def show_selected_plan(self) -> None:
        names = self.selected_plan_names()
        if len(names) == 1:
            self.ctx.undo_stack.clear()
            self.ctx.state.reload(names[0])

    def compare_selected(self) -> None:
        names = self.selected_plan_names()
        if len(names) == 2:
            self.compare_requested.emit(names[0], names[1])

    # solving ----------------------------------------------------------------------------------
    def is_solving(self) -> bool:
        return self.solve_job is not None and self.solve_job.running

    def current_settings(self):
        settings = self.ctx.state.snapshot.settings
        weights = {term: spin.value() for term, spin in self.weight_spins.items()}
        return dataclasses.replace(settings, weights={**settings.weights, **weights},
                                   time_limit_seconds=float(self.time_spin.value()))

    def run_solve(self) -> Job | None:
        if self.is_solving():
            return None
        if self.ctx.state.snapshot.is_empty:
            self.ctx.show_status("There is nothing to plan yet: import your data (File > Import data…) or load the "
                                 "demo data from the Overview page.")
            return None
        name = self.name_edit.text().strip()
        if not name:
            self.ctx.show_error("Give the plan a name first.")
            return None
        names = {p.name for p in self.ctx.state.snapshot.plans}
        replace = False
        if name in names:
            new_name = unused_plan_name(names)
            choice = self.ask_replace(name, new_name)
            if choice is None:
                return None
            if choice == "new":
                name = new_name
                self.name_edit.setText(name)
            replace = choice == "replace"
        min_change = self.min_change_check.isChecked() and self.min_change_check.isEnabled()
        shown = self.ctx.state.snapshot.plan
        locks_from = shown.name if shown is not None else None
        settings = self.current_settings()
        self.progress.start(settings.time_limit_seconds, len(self.ctx.state.snapshot.dataset.student_blocks()))
        self.ctx.undo_stack.clear()
        self.ctx.show_status(f"Making {name}…")
        self._solve_reported = False
        self.solve_job = self.ctx.jobs.run(
            solve_plan, name, settings, min_change, replace, locks_from, name="solve", key="solve", in_process=True,
            on_success=lambda outcome: self._solved(name, outcome),
            on_failure=self._solve_failed, on_progress=self.progress.show_progress)
        job = self.solve_job
        if job.done:
            self._solve_job_ended(job)
        else:
            job.finished.connect(lambda: self._solve_job_ended(job))
        self._update_buttons()
        return self.solve_job

    def stop_solve(self) -> None:
        if self.is_solving():
            self.progress.stopping()
            self.solve_job.cancel()

    def _solve_job_ended(self, job: Job) -> None:
        """Winds the page down when a solve ends with no result to report (a stop that ran out of time)."""
        if job is not self.solve_job or self._solve_reported:
            return
        self._solve_reported = True
        self.progress.finish("Stopped before a plan was ready; nothing was saved.")
        self.ctx.show_status("Stopped.")
        self._update_buttons()
        self.solve_finished.emit(None)

    def _solved(self, name: str, outcome) -> None:
        self._solve_reported = True
        plan = _plan_of(outcome)
        if plan is not None:
            text = (f"{plan.name}: {status_words(plan.status)}, {len(plan.placements):,} placed, "
                    f"{len(plan.unplaced):,} unplaced")
            moves = getattr(outcome, "moves", None)
            if self.min_change_check.isChecked() and moves is not None:
                text += f"; {plural(len(moves), 'student-block')} moved from the previous plan"
            if plan.name != name:
                text += f". It was stopped early and is worse than {name}, so {name} was kept"
        else:
            text = f"{name} is ready."
        kept = getattr(outcome, "kept_current", None)
        if kept is not None:
            text += f". {why_kept(outcome)}"
        self.progress.finish(text)
        self.ctx.show_status(text)
        if kept is not None:
            # the window shows the saved run's list before asking: else, while the question is open, the plan
            # watcher takes the new plan for another officer's
            self.ctx.state.reload(kept.name)
            if self.ask_make_current(outcome):
                self._plan_call("make current", "set_current_plan", plan.name, show=plan.name)
        else:
            self.ctx.state.reload(plan.name if plan is not None else name)
        self._update_buttons()
        self.solve_finished.emit(outcome)

    def ask_make_current(self, outcome) -> bool:
        """A stopped or worse run: the officer chooses which plan is current (tests replace this)."""
        return ask_make_current(self, outcome)

    def _solve_failed(self, error: BaseException) -> None:
        self._solve_reported = True
        self.progress.finish("The plan could not be made.")
        if not (isinstance(error, PlanChanged) and team.offer_save_as_new(self, self.ctx, error)):
            self.ctx.show_error(_message(error))
        self._update_buttons()
        self.solve_finished.emit(None)

    def layout_parts(self):
        return {"splitter": self.splitter}


def unused_plan_name(names: set[str]) -> str:
    from scheduler.services.plans import unused_plan_name as unused

    return unused(names)


def _message(error: BaseException) -> str:
    from desktop.errors import plain_message

    return plain_message(error)
