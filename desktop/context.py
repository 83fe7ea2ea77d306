"""What every page needs from the window: the job runner, the shown data, the undo stack, messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack

from desktop.jobs import JobRunner
from desktop.state import AppState


@dataclass
class AppContext:
    jobs: JobRunner
    state: AppState
    undo_stack: QUndoStack
    settings: QSettings
    show_error: Callable[[str], None]
    show_status: Callable[[str], None]

    @property
    def user(self) -> str:
        return self.state.user
