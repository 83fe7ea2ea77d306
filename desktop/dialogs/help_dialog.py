"""The in-app guide (F1): a Markdown page bundled under resources/help, shown offline in a browser pane."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.widgets.screen_fit import fit_to_screen
from scheduler.resources import resource_path

GUIDE = ("help", "guide.md")


def guide_text() -> str:
    return resource_path(*GUIDE).read_text(encoding="utf-8")


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Guide – GP Placement Scheduler")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)  # offline: nothing is followed out of the guide
        self.browser.setAccessibleName("Guide")
        self.browser.setMarkdown(guide_text())
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(760, 680))
