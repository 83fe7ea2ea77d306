"""Blocks: a calendar of the year (which year group is out on which weekdays) and the list of blocks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from desktop.models.table import Column, RowTableModel
from desktop.pages.base import Page, make_table_view, page_layout
from desktop.state import Snapshot
from desktop.widgets.calendar import BlockCalendar
from scheduler.domain import WEEKDAY_NAMES, Block


@dataclass(frozen=True, slots=True)
class BlockRow:
    block: Block
    students: int
    teaching_days: int


COLUMNS: list[Column[BlockRow]] = [
    Column("Block", lambda r: r.block.block_id),
    Column("Year", lambda r: str(r.block.year), lambda r: r.block.year, numeric=True),
    Column("Group", lambda r: r.block.group or "all"),
    Column("Name", lambda r: r.block.name),
    Column("Starts", lambda r: f"{r.block.start_date:%a %d %b %Y}", lambda r: r.block.start_date.isoformat()),
    Column("Ends", lambda r: f"{r.block.end_date:%a %d %b %Y}", lambda r: r.block.end_date.isoformat()),
    Column("Weekdays", lambda r: r.block.weekday_text, tooltip="Days the students are at the surgery"),
    Column("Days", lambda r: str(r.teaching_days), lambda r: r.teaching_days, numeric=True,
           tooltip="Teaching days in the block"),
    Column("Students", lambda r: str(r.students), lambda r: r.students, numeric=True),
]


@dataclass(frozen=True, slots=True)
class WeekdayRow:
    """One year group: the blocks that meet on each weekday (Mon..Fri)."""

    year: int
    days: tuple[str, ...]


WEEKDAY_COLUMNS: list[Column[WeekdayRow]] = [Column("Year", lambda r: f"Year {r.year}", lambda r: r.year)] + [
    Column(day, lambda r, d=d: r.days[d], tooltip=f"Blocks whose students are at their practice on {day}")
    for d, day in enumerate(WEEKDAY_NAMES[:5])
]


def weekday_rows(blocks) -> list[WeekdayRow]:
    rows = []
    for year in sorted({b.year for b in blocks}):
        days = tuple(", ".join(b.block_id for b in blocks if b.year == year and d in b.weekdays) for d in range(5))
        rows.append(WeekdayRow(year, days))
    return rows


class BlocksPage(Page):
    title = "Blocks"
    tooltip = "The placement blocks on a calendar: which year group is out on which weekdays"

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, "Blocks", "Each bar is a placement block; the small squares show its weekdays "
                                               "(Mon to Fri, white = at the surgery). Point at a bar for details.")
        self.calendar = BlockCalendar()
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.calendar)
        self.scroll.setWidgetResizable(True)
        self.model = RowTableModel(COLUMNS, self)
        self.table = make_table_view("Blocks")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.weekday_model = RowTableModel(WEEKDAY_COLUMNS, self)
        self.weekday_table = make_table_view("Weekdays by year group")
        self.weekday_table.setModel(self.weekday_model)
        self.weekday_table.setSortingEnabled(False)
        self.weekday_table.setToolTip("Which year group is out at a practice on which weekday, and in which blocks")
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.table)
        weekday_box = QWidget()
        weekday_layout = QVBoxLayout(weekday_box)
        weekday_layout.setContentsMargins(0, 0, 0, 0)
        weekday_layout.addWidget(QLabel("<b>Who is out on which weekday</b>"))
        weekday_layout.addWidget(self.weekday_table)
        bottom.addWidget(weekday_box)
        bottom.setSizes([700, 600])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(bottom)
        self.splitter.setSizes([520, 300])
        layout.addWidget(self.splitter, 1)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        data = snapshot.dataset
        per_block = Counter(b.block_id for _, b in data.student_blocks())
        self.calendar.set_blocks(data.blocks, dict(per_block))
        self.model.set_rows([BlockRow(b, per_block.get(b.block_id, 0), len(b.teaching_dates())) for b in data.blocks])
        self.table.resizeColumnsToContents()
        self.weekday_model.set_rows(weekday_rows(data.blocks))
        self.weekday_table.resizeColumnsToContents()
        self.scroll.setMaximumHeight(self.calendar.sizeHint().height() + 2 * self.scroll.frameWidth() + 20)

    def layout_parts(self):
        return {"splitter": self.splitter}

    def shown_table(self):
        from desktop.table_export import ShownTable

        return ShownTable("Blocks", self.table, None)
