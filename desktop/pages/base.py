"""What all pages share: a title, the context, a snapshot to show, and remembered layout."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from desktop.context import AppContext
from desktop.state import Snapshot


class Page(QWidget):
    title = "Page"
    tooltip = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(self.key)
        self.layout_restored = False
        """True once column widths came from the saved layout (or were fitted once)."""
        self._stale = False
        self._fill_when_shown: Callable[[], None] | None = None
        ctx.state.changed.connect(self._snapshot_arrived)

    @property
    def key(self) -> str:
        return self.title.lower().replace(" ", "_")

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Fills the page from a new snapshot; pages override."""

    def _snapshot_arrived(self, snapshot: Snapshot) -> None:
        # Pages hidden behind the shown one catch up when shown, so a new plan never
        # makes the window redraw all eight pages in one go.
        if self.window().isVisible() and not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self.show_snapshot(snapshot)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.show_snapshot(self.ctx.state.snapshot)
        if self._fill_when_shown is not None:
            fill, self._fill_when_shown = self._fill_when_shown, None
            fill()

    def when_shown(self, fill: Callable[[Any], None]) -> Callable[[Any], None]:
        """``fill`` for a background job's result: run at once, or, while the page is hidden behind the shown
        one, when it is next shown (filling a hidden table of thousands of rows held the window up)."""
        def deliver(result: Any) -> None:
            if self.window().isVisible() and not self.isVisible():
                self._fill_when_shown = lambda: fill(result)
            else:
                self._fill_when_shown = None
                fill(result)
        return deliver

    def focus_search(self) -> bool:
        """Ctrl+F: puts the cursor in the page's search box; False when the page has none."""
        return False

    def shown_table(self):
        """The page's main table as shown (``desktop.table_export.ShownTable``), for File > Export this table;
        None when the page has none."""
        return None

    # layout memory ------------------------------------------------------------------------
    def layout_parts(self) -> dict[str, QSplitter | QHeaderView]:
        """Splitters and table headers whose state is remembered between sessions."""
        return {}

    def save_layout(self) -> None:
        for name, part in self.layout_parts().items():
            self.ctx.settings.setValue(f"pages/{self.key}/{name}", part.saveState())

    def restore_layout(self) -> None:
        for name, part in self.layout_parts().items():
            state = self.ctx.settings.value(f"pages/{self.key}/{name}")
            if isinstance(state, QByteArray) and not state.isEmpty():
                part.restoreState(state)
                if isinstance(part, QHeaderView):
                    self.layout_restored = True


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageHeading")
    return label


def page_layout(page: QWidget, title: str, intro: str = "") -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(16, 12, 16, 12)
    layout.addWidget(heading(title))
    if intro:
        text = QLabel(intro)
        text.setWordWrap(True)
        text.setObjectName("pageIntro")
        layout.addWidget(text)
    return layout


def make_table_view(accessible_name: str) -> QTableView:
    view = QTableView()
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionsMovable(True)
    view.horizontalHeader().setHighlightSections(False)
    view.setAccessibleName(accessible_name)
    view.setTabKeyNavigation(False)
    # rows start in the order the service gave them (blocks, then import order) until a header is clicked
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    return view


def fit_columns(view: QTableView, widest: int = 260) -> None:
    """Sizes columns to their contents, none wider than ``widest`` pixels (long text is elided, with a tooltip)."""
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(200)  # the first rows say enough; measuring 2,800 would pause the window
    widest = max(widest, view.fontMetrics().horizontalAdvance("n" * 30))
    view.resizeColumnsToContents()
    for column in range(header.count()):
        if view.columnWidth(column) > widest:
            view.setColumnWidth(column, widest)


def fit_shown_columns(view: QTableView, widest: int = 260) -> None:
    """``fit_columns`` for a table on screen: fitting a shown table leaves the last column short of the edge, so
    it is stretched to the edge again."""
    fit_columns(view, widest)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setStretchLastSection(True)
