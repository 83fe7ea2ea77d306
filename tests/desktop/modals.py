"""Answering the window's modal dialogs from a test, and failing (not hanging) when one opens unanswered.

A modal dialog runs its own event loop, so a test that opens one with nothing to answer it never returns
(pytest-timeout's signal cannot interrupt Qt's loop). ``answer_modal`` arms an answer before the action that
opens the dialog; ``ModalWatchdog`` closes any modal left open too long and records it, so the test fails.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

POLL_MS = 20


def answer_modal(answer: Callable[[QWidget], None]) -> None:
    """When the next modal dialog is up (polled from the event loop), calls ``answer(dialog)`` on it once.

    Read what the dialog shows inside ``answer``: a static QInputDialog/QMessageBox is deleted once it closes.
    """

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(POLL_MS, poll)
            return
        answer(dialog)

    QTimer.singleShot(0, poll)


class ModalWatchdog:
    """Rejects a modal dialog still open after ``limit_ms`` and keeps its title, for the test to fail on."""

    def __init__(self, limit_ms: int = 15_000, tick_ms: int = 250) -> None:
        self.stuck: list[str] = []
        self._limit = max(1, limit_ms // tick_ms)
        self._open: tuple[QWidget, int] | None = None
        self._timer = QTimer()
        self._timer.timeout.connect(self._tick)
        self._timer.start(tick_ms)

    def _tick(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            self._open = None
            return
        seen, ticks = self._open if self._open is not None and self._open[0] is dialog else (dialog, 0)
        self._open = (seen, ticks + 1)
        if ticks + 1 >= self._limit:
            self.stuck.append(dialog.windowTitle() or type(dialog).__name__)
            self._open = None
            if isinstance(dialog, QDialog):
                dialog.reject()
            else:
                dialog.close()

    def stop(self) -> None:
        self._timer.stop()
