"""Where to recruit: a tab of the Plan page listing the extra places (or rooms) that would help most.

It calls ``scheduler.services.advice.advise`` off the GUI thread on request
(each suggestion is confirmed by solving the count again, so it takes seconds)
and shows the practice-blocks with their gains, then practices to recruit.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.models.table import Column, RowTableModel
from desktop.pages.base import make_table_view


@dataclass(frozen=True, slots=True)
class AdviceRow:
    practice: str
    block: str
    change: str
    placed_gain: str
    minutes_gain: str


COLUMNS = [
    Column("Practice", lambda r: r.practice),
    Column("Block", lambda r: r.block),
    Column("Change", lambda r: r.change),
    Column("More placed", lambda r: r.placed_gain),
    Column("Minutes saved", lambda r: r.minutes_gain),
]


def advise_job(ws, plan_name: str | None):
    from scheduler.services.advice import advise

    return advise(ws, plan_name)


def rows_of(report) -> list[AdviceRow]:
    rows = [AdviceRow(a.practice_code, a.block_id, "one more place" if a.kind == "place" else "one more room a day",
                      str(a.placed_gain) if a.placed_gain else "", f"{a.minutes_gain:g}" if a.minutes_gain else "")
            for a in report.advice]
    rows += [AdviceRow(r.code or r.postcode, "", f"recruit {r.name}", f"suits {r.suits}", f"nearest {r.nearest_minutes:g}")
             for r in report.recruits]
    return rows


class AdvicePanel(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary = QLabel("Which extra places would place a stranded student, or shorten journeys?")
        self.summary.setWordWrap(True)
        self.button = QPushButton("&Find where more places would help")
        self.button.clicked.connect(self.find)
        self.model = RowTableModel(COLUMNS, self)
        self.table = make_table_view("Where more places would help")
        self.table.setModel(self.model)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def find(self) -> None:
        self.button.setEnabled(False)
        self.summary.setText("Solving again with each candidate place added…")
        self.ctx.jobs.run(advise_job, self.ctx.state.shown_plan_name, name="advise", key="advise",
                          on_success=self.show_report, on_failure=self._failed)

    def show_report(self, report) -> None:
        self.button.setEnabled(True)
        self.model.set_rows(rows_of(report))
        stale = (" Out of date: " + "; ".join(report.changed) + " while this ran; find again for advice on the data "
                 "as it is now.") if report.changed else ""
        self.summary.setText(f"This plan places {report.placed:,}; as things stand no plan can place more than "
                             f"{report.most_placeable:,}.{stale}")

    def _failed(self, error: BaseException) -> None:
        self.button.setEnabled(True)
        self.summary.setText("")
        self.ctx.show_error(f"Could not work out the advice: {error}")
