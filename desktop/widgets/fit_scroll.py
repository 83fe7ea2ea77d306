"""A scroll area that gives its widget all the room there is, and scrolls only below the widget's minimum size.

``QScrollArea.setWidgetResizable`` sizes a widget whose layout has a height
for its width (any word-wrapped label) to its preferred height, so a page
would scroll on a laptop screen although it fits at its minimum size. Here
the widget is simply resized to the viewport, never below its minimum, and
never below the height its word-wrapped labels need at that width (so they
scroll rather than lose their first and last lines).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class FitScrollArea(QScrollArea):
    def __init__(self, widget: QWidget, horizontal: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(False)
        if not horizontal:
            self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(widget)
        widget.installEventFilter(self)

    def _fit(self) -> None:
        widget = self.widget()
        if widget is None:
            return
        minimum = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        viewport = self.viewport().size()
        width = viewport.width() if self.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff \
            else max(viewport.width(), minimum.width())
        height = minimum.height()
        layout = widget.layout()
        if layout is not None and layout.hasHeightForWidth():
            height = max(height, layout.totalMinimumHeightForWidth(width))
        widget.resize(width, max(viewport.height(), height))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        if self.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff and self.widget() is not None:
            hint.setWidth(self.widget().minimumSizeHint().width() + self.verticalScrollBar().sizeHint().width())
        return hint

    def sizeHint(self) -> QSize:
        """The widget's own preferred size (with room for a scroll bar), so a dialog opens at the size it wants."""
        widget = self.widget()
        if widget is None:
            return super().sizeHint()
        hint = widget.sizeHint().expandedTo(widget.minimumSizeHint())
        frame = 2 * self.frameWidth()
        return QSize(hint.width() + frame + self.verticalScrollBar().sizeHint().width(), hint.height() + frame)
