"""Shows a running solve: a progress bar, where the search stands in words (figures on hover), and a Stop button."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QPushButton, QWidget

from scheduler.progress import Progress


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def progress_words(progress: Progress, student_blocks: int | None) -> str:
    """E.g. "Placed 1,395 of 1,400; no plan can place more than 1,398; within 0.3% of the best possible"."""
    parts = []
    if progress.placed is not None:
        parts.append(f"Placed {progress.placed:,}" + (f" of {student_blocks:,}" if student_blocks else ""))
        bound = progress.placed_bound
        if bound is not None and bound == progress.placed:
            parts.append("no plan can place more")
        elif bound is not None and (student_blocks is None or bound < student_blocks):
            parts.append(f"no plan can place more than {bound:,}")
    gap = progress.gap
    if gap is not None:
        parts.append("the best possible plan" if gap <= 0 else
                     f"within {gap:.1%} of the best possible" if gap < 1 else "far from the best possible so far")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def progress_figures(progress: Progress) -> str:
    """The numbers behind the words, for the tooltip."""
    gap = progress.gap
    return (f"Objective (weighted cost, lower is better): {_number(progress.objective)}\n"
            f"Bound (no plan can cost less): {_number(progress.bound)}\n"
            f"Gap: {'–' if gap is None else f'{gap:.2%}'}\nElapsed: {progress.elapsed:.1f} s")


class SolveProgress(QWidget):
    stop_requested = Signal()

    def __init__(self, start_button: QPushButton | None = None, parent: QWidget | None = None) -> None:
        """``start_button`` (the page's Run) goes on the bar's line, before it."""
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.setAccessibleName("Solve progress")
        self.message = QLabel("Not running")
        self.message.setWordWrap(True)
        self.figures = QLabel("")
        self.figures.setWordWrap(True)
        self.student_blocks: int | None = None
        self.stop_button = QPushButton("&Stop")
        self.stop_button.setToolTip("Stop the search and keep the best plan found so far")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop_requested)
        first = 0
        if start_button is not None:
            layout.addWidget(start_button, 0, 0)
            first = 1
        layout.addWidget(self.bar, 0, first)
        layout.addWidget(self.stop_button, 0, first + 1)
        layout.addWidget(self.message, 1, 0, 1, first + 2)
        layout.addWidget(self.figures, 2, 0, 1, first + 2)
        layout.setColumnStretch(first, 1)
        self.time_limit = 60.0
        self.last: Progress | None = None
        self._started = 0.0
        self._stopping = False
        # the solver can be quiet for seconds between reports: the clock keeps moving anyway
        self._clock = QTimer(self)
        self._clock.setInterval(250)
        self._clock.timeout.connect(self._tick)

    def start(self, time_limit: float, student_blocks: int | None = None) -> None:
        self.time_limit = max(time_limit, 1.0)
        self.student_blocks = student_blocks
        self.bar.setRange(0, 1000)
        self.bar.setValue(0)
        self.bar.setFormat("Starting…")
        self.message.setText("Preparing the data…")
        self.figures.setText("")
        self.stop_button.setEnabled(True)
        self.last = None
        self._stopping = False
        self._started = time.monotonic()
        self._clock.start()

    def _tick(self) -> None:
        elapsed = time.monotonic() - self._started
        if self.last is None or not self.last.total:
            self.bar.setValue(int(min(elapsed / self.time_limit, 1.0) * 1000))
        self.bar.setFormat(f"{elapsed:.0f} s of at most {self.time_limit:.0f} s")

    def show_progress(self, progress: Progress) -> None:
        self.last = progress
        if progress.total:
            fraction = progress.done / progress.total
        else:
            fraction = min(progress.elapsed / self.time_limit, 1.0)
        self.bar.setValue(int(fraction * 1000))
        self.bar.setFormat(f"{progress.elapsed:.0f} s of at most {self.time_limit:.0f} s")
        if progress.message and not self._stopping:  # after Stop, the stages the search winds down through
            self.message.setText(progress.message)
        self.figures.setText(progress_words(progress, self.student_blocks))
        self.figures.setToolTip(progress_figures(progress))

    def stopping(self) -> None:
        self._stopping = True
        self.stop_button.setEnabled(False)
        self.message.setText("Stopping: keeping the best plan found so far…")

    def finish(self, text: str) -> None:
        self._clock.stop()
        self.stop_button.setEnabled(False)
        self.bar.setValue(1000)
        self.bar.setFormat("Done")
        self.message.setText(text)
