"""The year at a glance: which year group is out at a practice in which weeks, and on which weekdays.

One band per year group; each block is a bar from its first to its last week,
labelled with its id and weekdays, and five small squares (Mon–Fri) show its
days. Blocks of one year that overlap (rotation groups) get their own lanes.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desktop.widgets.colours import year_band_colour, year_colour
from scheduler.domain import WEEKDAY_NAMES, Block

WEEK_PX = 26


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def assign_lanes(blocks: list[Block]) -> list[list[Block]]:
    """Greedy lanes: a block goes into the first lane whose last block ended before it starts."""
    lanes: list[list[Block]] = []
    for block in sorted(blocks, key=lambda b: (b.start_date, b.block_id)):
        for lane in lanes:
            if lane[-1].end_date < block.start_date:
                lane.append(block)
                break
        else:
            lanes.append([block])
    return lanes


class BlockCalendar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blocks: list[Block] = []
        self.students_per_block: dict[str, int] = {}
        self._bars: list[tuple[QRectF, Block]] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip("")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Calendar of placement blocks by year group")

    def set_blocks(self, blocks: list[Block] | tuple[Block, ...], students_per_block: dict[str, int] | None = None) -> None:
        self.blocks = list(blocks)
        self.students_per_block = students_per_block or {}
        self.updateGeometry()
        self.update()

    # layout -----------------------------------------------------------------------------------
    def _metrics(self) -> tuple[int, int, int]:
        line = QFontMetrics(self.font()).height()
        return line, int(line * 2.6), QFontMetrics(self.font()).horizontalAdvance("Year 5  ") + 12

    def week_px(self) -> float:
        """At least WEEK_PX per week; wider when the widget has room, so the year fills it."""
        if not self.blocks:
            return WEEK_PX
        _, _, label = self._metrics()
        _, weeks = self._span()
        return max(float(WEEK_PX), (self.width() - label - 12) / weeks)

    def _span(self) -> tuple[dt.date, int]:
        first = _monday(min(b.start_date for b in self.blocks))
        last = max(b.end_date for b in self.blocks)
        weeks = (last - first).days // 7 + 1
        return first, weeks

    def _lanes_by_year(self) -> list[tuple[int, list[list[Block]]]]:
        years = sorted({b.year for b in self.blocks})
        return [(y, assign_lanes([b for b in self.blocks if b.year == y])) for y in years]

    def sizeHint(self) -> QSize:
        if not self.blocks:
            return QSize(600, 200)
        line, lane_height, label = self._metrics()
        _, weeks = self._span()
        lanes = sum(max(1, len(year_lanes)) for _, year_lanes in self._lanes_by_year())
        years = len({b.year for b in self.blocks})
        return QSize(label + weeks * WEEK_PX + 20, int(line * 3 + lanes * lane_height + years * 8 + 10))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    # painting ---------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().windowText().color()
        painter.fillRect(self.rect(), self.palette().base())
        if not self.blocks:
            painter.setPen(text_colour)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No blocks yet: import a data set.")
            return
        line, lane_height, label_width = self._metrics()
        first, weeks = self._span()
        top = line * 2.6
        grid_left = label_width
        week = self.week_px()
        bottom = top + sum(max(1, len(lanes)) * lane_height + 8 for _, lanes in self._lanes_by_year())
        # month labels and week lines
        painter.setPen(text_colour)
        month_seen = None
        for w in range(weeks + 1):
            monday = first + dt.timedelta(weeks=w)
            x = grid_left + w * week
            if monday.month != month_seen and w < weeks:
                month_seen = monday.month
                painter.setPen(text_colour)
                painter.drawText(QPointF(x + 2, line), monday.strftime("%b %Y") if monday.month in (1, 9) or w == 0 else monday.strftime("%b"))
                painter.setPen(QPen(QColor("#9a9a9a"), 1))
                painter.drawLine(QPointF(x, line * 1.3), QPointF(x, bottom))
            else:
                painter.setPen(QPen(QColor("#e4e4e4"), 1))
                painter.drawLine(QPointF(x, top - 4), QPointF(x, bottom))
            if w < weeks and w % 2 == 0:
                painter.setPen(QColor("#777777"))
                painter.drawText(QRectF(x, line * 1.3, week * 2, line), Qt.AlignmentFlag.AlignLeft, f"{monday.day}")
        self._bars = []
        y = top
        for year, lanes in self._lanes_by_year():
            band_height = max(1, len(lanes)) * lane_height
            painter.fillRect(QRectF(0, y - 2, self.width(), band_height + 4), year_band_colour(year))
            painter.setPen(text_colour)
            painter.drawText(QRectF(6, y, label_width - 8, band_height), Qt.AlignmentFlag.AlignVCenter, f"Year {year}")
            for lane_no, lane in enumerate(lanes):
                lane_top = y + lane_no * lane_height
                for block in lane:
                    self._draw_block(painter, block, first, grid_left, lane_top, lane_height, line, week)
            y += band_height + 8
        painter.end()

    def _draw_block(self, painter: QPainter, block: Block, first: dt.date, left: float, top: float,
                    lane_height: int, line: int, week: float) -> None:
        x0 = left + (block.start_date - first).days / 7 * week
        x1 = left + ((block.end_date - first).days + 1) / 7 * week
        bar = QRectF(x0, top + 3, max(x1 - x0, 6), lane_height - 6)
        colour = year_colour(block.year)
        painter.setPen(QPen(colour.darker(130), 1))
        painter.setBrush(colour)
        painter.drawRoundedRect(bar, 4, 4)
        self._bars.append((bar, block))
        # weekday squares: filled where the block meets
        square = min(line * 0.55, (bar.height() - line) * 0.8, bar.width() / 6.5)
        painter.setPen(QPen(QColor("white"), 1))
        if square >= 4:
            for d in range(5):
                r = QRectF(bar.left() + 4 + d * (square + 2), bar.bottom() - square - 3, square, square)
                painter.setBrush(QColor("white") if d in block.weekdays else colour.darker(115))
                painter.drawRect(r)
        painter.setPen(QColor("white"))
        label = f"{block.block_id} · {block.weekday_text}"
        metrics = QFontMetrics(self.font())
        if metrics.horizontalAdvance(label) > bar.width() - 8:
            label = block.block_id
        painter.drawText(QRectF(bar.left() + 4, bar.top() + 1, bar.width() - 6, line),
                         Qt.AlignmentFlag.AlignLeft, metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(bar.width() - 6)))

    def block_at(self, x: float, y: float) -> Block | None:
        for rect, block in self._bars:
            if rect.contains(x, y):
                return block
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        block = self.block_at(event.position().x(), event.position().y())
        if block is None:
            QToolTip.hideText()
            return
        days = ", ".join(WEEKDAY_NAMES[d] for d in sorted(block.weekdays))
        students = self.students_per_block.get(block.block_id)
        text = (f"<b>{block.block_id}</b> {block.name}<br>Year {block.year}"
                f"{', group ' + block.group if block.group else ''}<br>"
                f"{block.start_date:%a %d %b %Y} – {block.end_date:%a %d %b %Y}<br>Days: {days}"
                + (f"<br>{students} students" if students is not None else ""))
        QToolTip.showText(event.globalPosition().toPoint(), text, self)
