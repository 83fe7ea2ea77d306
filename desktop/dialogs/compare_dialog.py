"""Two plans side by side: placed, unplaced, journeys, longest journey, and every student-block that moves."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QSplitter, QVBoxLayout, QWidget

from desktop.models.table import Column, RowFilterProxy, RowTableModel
from desktop.pages.base import make_table_view
from desktop.widgets.screen_fit import fit_to_screen, scrolling_body


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    figure: str
    a: str
    b: str


@dataclass(frozen=True, slots=True)
class MoveRow:
    student_id: str
    block_id: str
    in_a: str
    in_b: str


def figure_rows(comparison) -> list[ComparisonRow]:
    """Rows from ``scheduler.services.plans.compare_plans``'s figures of both plans."""
    fa, fb = comparison.figures_a, comparison.figures_b

    def mean(figures) -> str:
        return f"{figures.total_travel / figures.placed:.1f}" if figures.placed else "–"

    rows = [
        ComparisonRow("Placed", f"{fa.placed:,}", f"{fb.placed:,}"),
        ComparisonRow("Unplaced", f"{fa.unplaced:,}", f"{fb.unplaced:,}"),
        ComparisonRow("Total journey (min)", f"{fa.total_travel:,.0f}", f"{fb.total_travel:,.0f}"),
        ComparisonRow("Average journey (min)", mean(fa), mean(fb)),
        ComparisonRow("Longest journey (min)", f"{fa.longest_travel:.0f}", f"{fb.longest_travel:.0f}"),
        ComparisonRow("Practices used", f"{fa.practices_used:,}", f"{fb.practices_used:,}"),
    ]
    for year in sorted(set(fa.travel_by_year) | set(fb.travel_by_year)):
        a = fa.travel_by_year.get(year, (0.0, 0.0))
        b = fb.travel_by_year.get(year, (0.0, 0.0))
        rows.append(ComparisonRow(f"Year {year}: longest journey (min)", f"{a[1]:.0f}", f"{b[1]:.0f}"))
    moved = len(comparison.moves)
    rows.append(ComparisonRow("Student-blocks at a different practice", f"{moved:,}", f"{moved:,}"))
    return rows


class CompareDialog(QDialog):
    export_requested = Signal()

    def __init__(self, comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        a, b = comparison.a, comparison.b
        self.comparison = comparison
        self.setWindowTitle(f"Compare {a} and {b}")
        layout, outer = scrolling_body(self)
        layout.addWidget(QLabel(f"<b>{a}</b> and <b>{b}</b> side by side"))
        columns = [Column("Figure", lambda r: r.figure), Column(a, lambda r: r.a, numeric=True),
                   Column(b, lambda r: r.b, numeric=True)]
        self.model = RowTableModel(columns, self)
        self.model.set_rows(figure_rows(comparison))
        table = make_table_view("Comparison")
        table.setSortingEnabled(False)
        table.setModel(self.model)
        table.resizeColumnsToContents()
        self.moves_model = RowTableModel([
            Column("Student", lambda r: r.student_id), Column("Block", lambda r: r.block_id),
            Column(f"Practice in {a}", lambda r: r.in_a or "unplaced"),
            Column(f"Practice in {b}", lambda r: r.in_b or "unplaced"),
        ], self)
        self.moves_model.set_rows([MoveRow(*m) for m in comparison.moves])
        proxy = RowFilterProxy(self)
        proxy.setSourceModel(self.moves_model)
        moves = make_table_view("Student-blocks that move")
        moves.setModel(proxy)
        moves.resizeColumnsToContents()
        self.moves_view = moves
        moves_box = QWidget()
        moves_layout = QVBoxLayout(moves_box)
        moves_layout.setContentsMargins(0, 0, 0, 0)
        moves_layout.addWidget(QLabel(f"<b>{len(comparison.moves):,} student-blocks move</b>"))
        moves_layout.addWidget(moves)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(table)
        splitter.addWidget(moves_box)
        layout.addWidget(splitter, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        export = buttons.addButton("E&xport to Excel…", QDialogButtonBox.ButtonRole.ActionRole)
        export.setToolTip("Save the student-blocks that move, as shown, as an Excel workbook or CSV file")
        export.clicked.connect(self.export_requested)
        outer.addWidget(buttons)
        fit_to_screen(self, QSize(1000, 480))
