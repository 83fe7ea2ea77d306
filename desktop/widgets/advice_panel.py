"""Where to recruit: a tab of the Plan page listing the extra places (or rooms) that would help most.

It calls ``scheduler.services.advice.advise`` in a worker process on request
(each suggestion is confirmed by solving the count again, so it takes seconds
to minutes), with a progress bar and Stop, and shows the practice-blocks with
their gains, then practices to recruit. The result is kept with the plan:
opening the tab again shows the last one with its date, marked out of date
once the plan, the data or the settings changed since.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop import operations
from desktop.jobs import Job
from desktop.models.table import Column, RowTableModel
from desktop.pages.base import make_table_view
from scheduler.progress import TaskState


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

QUESTION = "Which extra places would place a stranded student, or shorten journeys?"


def rows_of(report) -> list[AdviceRow]:
    rows = [AdviceRow(a.practice_code, a.block_id, "one more place" if a.kind == "place" else "one more room a day",
                      str(a.placed_gain) if a.placed_gain else "", f"{a.minutes_gain:g}" if a.minutes_gain else "")
            for a in report.advice]
    rows += [AdviceRow(r.code or r.postcode, "", f"recruit {r.name}", f"suits {r.suits}", f"nearest {r.nearest_minutes:g}")
             for r in report.recruits]
    return rows


def summary_of(report) -> str:
    return (f"This plan places {report.placed:,}; as things stand no plan can place more than "
            f"{report.most_placeable:,}.")


class AdvicePanel(QWidget):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary = QLabel(QUESTION)
        self.summary.setWordWrap(True)
        self.when = QLabel("")
        """When the advice shown was worked out, and whether it still holds."""
        self.when.setWordWrap(True)
        self.button = QPushButton("&Find where more places would help")
        self.button.clicked.connect(self.find)
        self.stop_button = QPushButton("St&op")
        self.stop_button.setToolTip("Stop working out the advice (the advice kept before stays)")
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Advice progress")
        self.bar.setTextVisible(True)
        self.bar.hide()
        self.model = RowTableModel(COLUMNS, self)
        self.table = make_table_view("Where more places would help")
        self.table.setModel(self.model)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.button)
        running = QHBoxLayout()
        running.addWidget(self.bar, 1)
        running.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(running)
        layout.addWidget(self.when)
        layout.addWidget(self.table, 1)
        self.job: Job | None = None
        self.task: TaskState | None = None
        ctx.state.changed.connect(lambda _snapshot: self.show_kept())

    @property
    def running(self) -> bool:
        return self.task is not None

    def find(self) -> None:
        self.button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.stop_button.show()
        self.bar.setRange(0, 0)
        self.bar.setFormat("Starting…")
        self.bar.show()
        self.summary.setText("Solving again with each candidate place added…")
        self.task = TaskState(keep_history=False)
        # in a process of its own: the count's LP cannot be interrupted, so Stop ends that process at once
        job = self.ctx.jobs.run(operations.advise, self.ctx.state.shown_plan_name, name="advise", key="advise",
                                on_success=self.show_report, on_failure=self._failed,
                                on_progress=self._progress, task=self.task, in_process=True)
        if job.running:
            self.job = job
            job.finished.connect(self._ended)
        else:
            self._ended()

    def stop(self) -> None:
        if self.task is None or self.task.cancelled:
            return
        self.stop_button.setEnabled(False)
        self.bar.setFormat("Stopping…")
        if self.job is not None:
            self.job.discard()  # nothing to hand back: its process is ended, and _ended runs
        else:
            self.task.cancel()  # a job running here (tests): it stops at its next step

    def _progress(self, progress) -> None:
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(progress.done)
        self.bar.setFormat(f"{progress.message} ({progress.elapsed:.0f} s)" if progress.message else "%p%")

    def _ended(self) -> None:
        stopped = self.task is not None and self.task.cancelled
        self.job = self.task = None
        self.button.setEnabled(True)
        self.stop_button.hide()
        self.bar.hide()
        if stopped:
            self.show_kept(stopped=True)

    def show_report(self, report) -> None:
        self.model.set_rows(rows_of(report))
        stale = (" Out of date: " + "; ".join(report.changed) + " while this ran; find again for advice on the data "
                 "as it is now.") if report.changed else ""
        self.summary.setText(summary_of(report) + stale)
        self.when.setText("" if report.changed else "Worked out just now; kept with the plan.")

    def show_kept(self, stopped: bool = False) -> None:
        """Shows the shown plan's last kept advice, with its date (out of date if things changed since)."""
        plan = self.ctx.state.snapshot.plan
        if self.running:
            return
        if plan is None:
            self._clear(QUESTION)
            return
        self.ctx.jobs.run(operations.kept_advice, plan.name, name="kept advice", key="kept advice",
                          on_success=lambda kept: self._show_kept(plan.name, kept, stopped),
                          on_failure=lambda _e: self._clear(QUESTION))

    def _show_kept(self, plan_name: str, kept, stopped: bool) -> None:
        if self.running:
            return
        prefix = "Stopped; nothing new was kept. " if stopped else ""
        if kept is None:
            self._clear(prefix + QUESTION)
            return
        self.model.set_rows(rows_of(kept.report))
        self.summary.setText(prefix + summary_of(kept.report))
        when = f"Worked out {kept.made_at:%d %b %Y %H:%M} for {plan_name}"
        self.when.setText(when + (". Out of date: " + "; ".join(kept.changed_since) + " since; find again for advice"
                                  " on the data as it is now." if kept.changed_since else "; nothing has changed since."))

    def _clear(self, text: str) -> None:
        self.model.set_rows([])
        self.summary.setText(text)
        self.when.setText("")

    def _failed(self, error: BaseException) -> None:
        self.summary.setText("")
        self.ctx.show_error(f"Could not work out the advice: {error}")
