"""Two plans side by side: placed, unplaced, journeys, longest journey, and how many students move."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.models.table import Column, RowTableModel
from desktop.pages.base import make_table_view
from scheduler.domain import Plan


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    figure: str
    a: str
    b: str


def compare(plan_a: Plan, plan_b: Plan, long_minutes: float = 45.0) -> list[ComparisonRow]:
    """The figures of both plans, from the plans themselves."""
    def minutes(plan: Plan) -> list[float]:
        return [p.travel_minutes for p in plan.placements]

    def figures(plan: Plan) -> dict[str, str]:
        m = minutes(plan)
        return {
            "Status": plan.status,
            "Placed": f"{len(plan.placements):,}",
            "Unplaced": f"{len(plan.unplaced):,}",
            "Total journey (min)": f"{sum(m):,.0f}",
            "Average journey (min)": f"{(sum(m) / len(m)) if m else 0:.1f}",
            "Longest journey (min)": f"{max(m, default=0):.0f}",
            f"Journeys over {long_minutes:.0f} min": f"{sum(1 for x in m if x > long_minutes):,}",
            "Locked placements": f"{sum(1 for p in plan.placements if p.locked):,}",
            "Objective": "" if plan.objective is None else f"{plan.objective:,.0f}",
        }

    fa, fb = figures(plan_a), figures(plan_b)
    where_a = {(p.student_id, p.block_id): p.practice_code for p in plan_a.placements}
    where_b = {(p.student_id, p.block_id): p.practice_code for p in plan_b.placements}
    moved = sum(1 for key, code in where_a.items() if key in where_b and where_b[key] != code)
    rows = [ComparisonRow(name, fa[name], fb[name]) for name in fa]
    rows.append(ComparisonRow("Student-blocks at a different practice", f"{moved:,}", f"{moved:,}"))
    return rows


def load_two_plans(ws, name_a: str, name_b: str) -> tuple[Plan, Plan]:
    from scheduler.services import plans

    return plans.load_plan(ws, name_a), plans.load_plan(ws, name_b)


class CompareDialog(QDialog):
    def __init__(self, plan_a: Plan, plan_b: Plan, long_minutes: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Compare {plan_a.name} and {plan_b.name}")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{plan_a.name}</b> and <b>{plan_b.name}</b> side by side"))
        columns = [Column("Figure", lambda r: r.figure), Column(plan_a.name, lambda r: r.a, numeric=True),
                   Column(plan_b.name, lambda r: r.b, numeric=True)]
        self.model = RowTableModel(columns, self)
        self.model.set_rows(compare(plan_a, plan_b, long_minutes))
        table = make_table_view("Comparison")
        table.setSortingEnabled(False)
        table.setModel(self.model)
        table.resizeColumnsToContents()
        layout.addWidget(table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 420)
