"""Blocks: a calendar of the year (which year group is out on which weekdays) and the list of blocks."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QSplitter

from desktop.models.table import Column, RowTableModel
from desktop.pages.base import Page, make_table_view, page_layout
from desktop.state import Snapshot
from desktop.widgets.calendar import BlockCalendar
from scheduler.domain import Block


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
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(self.table)
        self.splitter.setSizes([520, 300])
        layout.addWidget(self.splitter, 1)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        data = snapshot.dataset
        per_block = Counter(b.block_id for _, b in data.student_blocks())
        self.calendar.set_blocks(data.blocks, dict(per_block))
        self.model.set_rows([BlockRow(b, per_block.get(b.block_id, 0), len(b.teaching_dates())) for b in data.blocks])
        self.table.resizeColumnsToContents()
        self.scroll.setMaximumHeight(self.calendar.sizeHint().height() + 2 * self.scroll.frameWidth() + 20)

    def layout_parts(self):
        return {"splitter": self.splitter}
