"""Bars showing how full each practice is under the shown plan (share of offered places used)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from scheduler.services.figures import PracticeUse


class UtilisationChart(QWidget):
    """Practices grouped by how full they are: 0%, 1–25%, …, 100%."""

    BANDS = ((0.0, 0.0, "unused"), (0.0, 0.25, "1–25%"), (0.25, 0.5, "26–50%"), (0.5, 0.75, "51–75%"),
             (0.75, 0.999, "76–99%"), (0.999, 10.0, "full"))

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: list[tuple[str, int]] = []
        self.setMinimumSize(200, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip("How many practices are how full: places used by the plan over places offered")

    def set_use(self, use: list[PracticeUse]) -> None:
        offered = [u for u in use if u.offered > 0]
        counts = []
        for low, high, label in self.BANDS:
            if high == 0.0:
                n = sum(1 for u in offered if u.used == 0)
            else:
                n = sum(1 for u in offered if u.used > 0 and low < u.share <= high)
            counts.append((label, n))
        self.counts = counts
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 260)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        rect = QRectF(self.rect()).adjusted(8, 4, -8, -4)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), line), Qt.AlignmentFlag.AlignLeft,
                         "Practices by share used")
        if not self.counts or not any(n for _, n in self.counts):
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "No plan yet")
            return
        label_width = max(metrics.horizontalAdvance(label) for label, _ in self.counts) + 10
        number_width = metrics.horizontalAdvance("0000") + 6
        top = rect.top() + line * 1.6
        row_height = (rect.bottom() - top) / len(self.counts)
        most = max(n for _, n in self.counts)
        bar_space = rect.width() - label_width - number_width
        for i, (label, n) in enumerate(self.counts):
            y = top + i * row_height
            painter.drawText(QRectF(rect.left(), y, label_width - 6, row_height), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            width = bar_space * n / most if most else 0
            bar_height = min(row_height * 0.7, line * 1.3)
            painter.fillRect(QRectF(rect.left() + label_width, y + (row_height - bar_height) / 2, width, bar_height),
                             QColor("#4e79a7") if i else QColor("#bbbbbb"))
            painter.drawText(QRectF(rect.left() + label_width + width + 4, y, number_width, row_height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(n))
        painter.end()
