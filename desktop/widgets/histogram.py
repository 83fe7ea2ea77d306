"""A bar chart of journey times drawn with QPainter (no chart library needed)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.widgets.colours import journey_colour


class Histogram(QWidget):
    """Bars of (bin start, count); the last bin is open-ended ("90+")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bins: list[tuple[int, int]] = []
        self.bin_width = 5
        self.title = "Journey times (one way, minutes)"
        self.setMinimumSize(200, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip("How many student-blocks travel how long, one way. Colours as on the map.")

    def set_bins(self, bins: list[tuple[int, int]], bin_width: int = 5) -> None:
        self.bins, self.bin_width = bins, bin_width
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(520, 260)

    def title_height(self, width: int) -> int:
        """The height of the title wrapped to ``width`` pixels."""
        return QFontMetrics(self.font()).boundingRect(0, 0, max(width, 1), 10_000, Qt.TextFlag.TextWordWrap,
                                                     self.title).height()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        rect = QRectF(self.rect()).adjusted(8, 4, -8, -4)
        painter.setPen(self.palette().windowText().color())
        title_height = self.title_height(int(rect.width()))  # a narrow pane wraps the title, never cuts it
        painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), title_height),
                         Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, self.title)
        if not self.bins or not any(c for _, c in self.bins):
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "No plan yet")
            return
        top_count = max(c for _, c in self.bins)
        left = rect.left() + metrics.horizontalAdvance(f"{top_count:,}") + 8
        chart = QRectF(left, rect.top() + title_height + line * 0.6, rect.right() - left,
                       rect.height() - title_height - line * 2.2)
        painter.setPen(QColor("#888888"))
        painter.drawLine(chart.bottomLeft(), chart.bottomRight())
        painter.setPen(self.palette().windowText().color())
        painter.drawText(QRectF(rect.left(), chart.top() - line / 2, left - rect.left() - 6, line),
                         Qt.AlignmentFlag.AlignRight, f"{top_count:,}")
        painter.drawText(QRectF(rect.left(), chart.bottom() - line / 2, left - rect.left() - 6, line),
                         Qt.AlignmentFlag.AlignRight, "0")
        slot = chart.width() / len(self.bins)
        label_every = max(1, int(metrics.horizontalAdvance("90+ ") / max(slot, 1)) + 1)
        for i, (start, count) in enumerate(self.bins):
            height = chart.height() * count / top_count if top_count else 0
            bar = QRectF(chart.left() + i * slot + 1, chart.bottom() - height, max(slot - 2, 1), height)
            painter.fillRect(bar, journey_colour(start + self.bin_width / 2))
            if i % label_every == 0:
                text = f"{start}+" if i == len(self.bins) - 1 else str(start)
                painter.drawText(QRectF(chart.left() + i * slot - slot, chart.bottom() + 2, slot * 3, line),
                                 Qt.AlignmentFlag.AlignHCenter, text)
        painter.end()
