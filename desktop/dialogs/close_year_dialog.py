"""File > Close the year…: the preview of everything closing the academic year will do, then the close itself.

The officer picks the final plan (its placements become next year's history),
reads the preview (``scheduler.services.years.preview_close``, off the GUI
thread) and, where the plan leaves students unplaced or no plan is chosen,
ticks that the year should close anyway. Closing backs up the database first
and refuses, changing nothing, when the year's rows changed after the
preview shown here.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QPushButton, QWidget

from desktop.context import AppContext
from desktop.jobs import JobGroup
from desktop.operations import close_the_year, close_year_preview
from desktop.widgets.screen_fit import fit_to_screen, scrolling_body

NO_PLAN = "(no final plan: no history rows)"


class CloseYearDialog(QDialog):
    closed = Signal(object)
    """Emitted with the ``ClosedYear`` once the year is closed."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.own_jobs = JobGroup()
        self.closing = None
        """The preview shown (``YearClosing``), None while it is read or when the year cannot close."""
        self.setWindowTitle("Close the academic year")
        layout, outer = scrolling_body(self)
        intro = QLabel("Closing the year makes the final plan's placements into history (so next year's plan gives "
                       "each student a new practice), archives the year's plans, payments, requests and rounds "
                       "read-only (File > Years… shows them; documents reprint with --year), empties them, and "
                       "moves the settings on to the next academic year. The database is backed up first.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.plan_choice = QComboBox()
        self.plan_choice.setAccessibleName("Final plan")
        snapshot = ctx.state.snapshot
        names = [p.name for p in snapshot.plans]
        self.plan_choice.addItems(names + [NO_PLAN])
        if snapshot.plan is not None and snapshot.plan.name in names:
            self.plan_choice.setCurrentIndex(names.index(snapshot.plan.name))
        self.plan_choice.currentIndexChanged.connect(self._read_preview)
        form.addRow("&Final plan:", self.plan_choice)
        layout.addLayout(form)
        self.refusal = QLabel("")
        """Why the last attempt closed nothing (kept while the preview is read again)."""
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("color: #a61b1b; font-weight: bold;")
        self.refusal.setVisible(False)
        layout.addWidget(self.refusal)
        self.preview = QLabel("Reading what closing the year will do…")
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("What closing the year will do")
        layout.addWidget(self.preview)
        self.warning = QLabel("")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #a61b1b;")
        layout.addWidget(self.warning)
        self.anyway = QCheckBox("Close the year anyway")
        self.anyway.setVisible(False)
        self.anyway.toggled.connect(self._update_button)
        layout.addWidget(self.anyway)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = QPushButton("Close the year")
        self.close_button.setEnabled(False)
        self.close_button.clicked.connect(self.close_year)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        fit_to_screen(self, QSize(640, 460))
        self._read_preview()

    def chosen_plan(self) -> str | None:
        text = self.plan_choice.currentText()
        return None if text == NO_PLAN or not text else text

    def _read_preview(self) -> None:
        self.closing = None
        self._update_button()
        self.preview.setText("Reading what closing the year will do…")
        self.own_jobs.add(self.ctx.jobs.run(close_year_preview, self.chosen_plan(), name="close the year: preview",
                                            key="close-year-preview", on_success=self._show_preview))

    def _show_preview(self, result) -> None:
        if isinstance(result, str):
            self.closing = None
            self.preview.setText(f"The year cannot be closed: {result}.")
            self.warning.setText("")
            self.anyway.setVisible(False)
        else:
            self.closing = result
            self.preview.setText("<br>".join(_html(line) for line in result.lines()))
            reasons = result.needs_confirmation
            self.warning.setText(("Before you close it: " + "; ".join(reasons) + ".") if reasons else "")
            self.anyway.setChecked(False)
            self.anyway.setVisible(bool(reasons))
            self.close_button.setText(f"Close {result.academic_year}")
        self._update_button()

    def _update_button(self) -> None:
        ready = self.closing is not None and (not self.closing.needs_confirmation or self.anyway.isChecked())
        self.close_button.setEnabled(ready)

    def close_year(self) -> None:
        if not self.close_button.isEnabled():
            return
        self.close_button.setEnabled(False)
        self.plan_choice.setEnabled(False)
        self.preview.setText(self.preview.text() + "<br><br><b>Backing up, then closing the year…</b>")
        self.own_jobs.add(self.ctx.jobs.run(close_the_year, self.chosen_plan(), self.closing, name="close the year",
                                            serial=True, on_success=self._closed))

    def _closed(self, result) -> None:
        self.plan_choice.setEnabled(True)
        if isinstance(result, str):
            self.refusal.setText(f"Nothing was closed: {result}.")
            self.refusal.setVisible(True)
            self._read_preview()
            return
        done = result.closing
        self.ctx.show_status(f"Closed {done.academic_year}: {done.history_rows:,} history rows added, "
                             f"{sum(result.archived_rows.values()):,} rows archived; the academic year is now "
                             f"{done.next_year}. Backup first: {result.backup}")
        self.ctx.state.reload()
        self.closed.emit(result)
        self.accept()


def _html(line: str) -> str:
    return escape(line).replace("  ", "&nbsp;&nbsp;")
