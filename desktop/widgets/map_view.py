"""An offline map: practices and student homes by coordinates, lines for placements coloured by journey.

No tiles and no network: an equirectangular projection (x = longitude scaled
by cos(mean latitude), y = -latitude) in a QGraphicsScene, with town names
from the practices' addresses and a scale bar. Hovering a practice or a home
says whose it is; clicking a practice picks it (``practice_clicked``). Zoom
with the wheel or Ctrl+=/Ctrl+-, pan by dragging; Ctrl+0 fits everything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QToolTip,
)

from desktop.widgets.colours import JOURNEY_STEPS

SCALE = 1000.0
"""Scene units per degree of latitude."""
KM_PER_DEGREE = 111.32


@dataclass(frozen=True, slots=True)
class MapLine:
    home: tuple[float, float]
    practice: tuple[float, float]
    minutes: float


class Projection:
    def __init__(self, mean_latitude: float) -> None:
        self.x_scale = SCALE * math.cos(math.radians(mean_latitude))

    def point(self, lat: float, lon: float) -> QPointF:
        return QPointF(lon * self.x_scale, -lat * SCALE)


class MapView(QGraphicsView):
    practice_clicked = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setBackgroundBrush(QColor("#f4f1ea"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Map of practices and student homes")
        self.setToolTip("Drag to pan, mouse wheel or Ctrl+= / Ctrl+- to zoom, Ctrl+0 to fit")
        self.counts = (0, 0, 0)
        self.setMouseTracking(True)
        self._labels: list[tuple[QPointF, str, str]] = []
        """(where, tooltip, practice code or "" for a home) for every marker."""
        self.towns: list[str] = []

    def show_map(self, practices: list[tuple[float, float, bool]], homes: list[tuple[float, float]],
                 lines: list[MapLine], labels: list[str] | None = None, codes: list[str] | None = None,
                 home_labels: list[str] | None = None, towns: list[tuple[str, float, float]] = ()) -> None:
        """``practices``: (lat, lon, highlighted); ``homes``: (lat, lon); lines from home to practice.

        ``labels`` (one per practice, with its ``codes``) and ``home_labels`` (one per home) are shown when
        the pointer rests on a marker; ``towns`` (name, lat, lon) are written on the map.
        """
        scene = self.scene()
        scene.clear()
        points = [(la, lo) for la, lo, _ in practices] + list(homes)
        if not points:
            scene.addText("Nothing to show: import a data set and make a plan.")
            scene.setSceneRect(scene.itemsBoundingRect())
            self.counts = (0, 0, 0)
            return
        projection = Projection(sum(p[0] for p in points) / len(points))
        # one path item per journey band keeps thousands of lines cheap to draw
        paths = {colour: QPainterPath() for _, colour in JOURNEY_STEPS}
        for line in lines:
            colour = next(c for limit, c in JOURNEY_STEPS if line.minutes <= limit)
            path = paths[colour]
            path.moveTo(projection.point(*line.home))
            path.lineTo(projection.point(*line.practice))
        for colour, path in paths.items():
            item = QGraphicsPathItem(path)
            pen = QPen(QColor(colour), 0)
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setOpacity(0.55)
            scene.addItem(item)
        home_path = QPainterPath()
        radius = 0.6
        for lat, lon in homes:
            home_path.addEllipse(projection.point(lat, lon), radius, radius)
        if home_labels is not None:
            self._labels = [(projection.point(lat, lon), text, "") for (lat, lon), text in zip(homes, home_labels)]
        else:
            self._labels = []
        home_item = QGraphicsPathItem(home_path)
        home_item.setPen(QPen(Qt.PenStyle.NoPen))
        home_item.setBrush(QBrush(QColor("#3b6ea5")))
        scene.addItem(home_item)
        practice_path, highlighted_path = QPainterPath(), QPainterPath()
        size = 2.4
        for i, (lat, lon, highlighted) in enumerate(practices):
            p = projection.point(lat, lon)
            if labels is not None:
                self._labels.append((p, labels[i], codes[i] if codes is not None else ""))
            (highlighted_path if highlighted else practice_path).addRect(QRectF(p.x() - size / 2, p.y() - size / 2, size, size))
        for path, colour, big in ((practice_path, "#5b5b5b", False), (highlighted_path, "#d62728", True)):
            item = QGraphicsPathItem(path)
            item.setPen(QPen(QColor("white"), 0.4))
            item.setBrush(QBrush(QColor(colour)))
            item.setZValue(2 if big else 1)
            scene.addItem(item)
        bounds = scene.itemsBoundingRect()
        font = QFont(self.font())
        font.setBold(True)
        self.towns = []
        for name, lat, lon in towns:
            where = projection.point(lat, lon)
            if not bounds.contains(where):
                continue
            label = QGraphicsSimpleTextItem(name)
            label.setFont(font)
            label.setBrush(QBrush(QColor("#1f2d3d")))
            label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)  # same size at any zoom
            label.setPos(where)
            label.setZValue(3)
            scene.addItem(label)
            self.towns.append(name)
        self.counts = (len(practices), len(homes), len(lines))
        scene.setSceneRect(bounds.adjusted(-10, -10, 10, 10))
        self.fit()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        """A scale bar in the bottom-left corner, in screen pixels whatever the zoom."""
        if not self.counts[0] and not self.counts[1]:
            return
        pixels_per_km = self.transform().m22() * SCALE / KM_PER_DEGREE
        if pixels_per_km <= 0:
            return
        km = next((k for k in (1, 2, 5, 10, 20, 50, 100) if k * pixels_per_km >= 60), 100)
        width = km * pixels_per_km
        painter.save()
        painter.resetTransform()
        line_height = self.fontMetrics().height()
        x, y = 12.0, self.viewport().height() - 12.0
        painter.setPen(QPen(QColor("#333333"), 2))
        painter.drawLine(QPointF(x, y), QPointF(x + width, y))
        painter.drawLine(QPointF(x, y - 5), QPointF(x, y))
        painter.drawLine(QPointF(x + width, y - 5), QPointF(x + width, y))
        painter.drawText(QRectF(x, y - line_height - 6, width, line_height), Qt.AlignmentFlag.AlignCenter, f"{km} km")
        painter.restore()

    def marker_at(self, view_point) -> tuple[QPointF, str, str] | None:
        """The practice or home within six screen pixels of a point of the view (practices first)."""
        if not self._labels:
            return None
        here = self.mapToScene(view_point)
        reach = 6 / max(self.transform().m11(), 1e-9)  # six screen pixels, in scene units
        near = [item for item in self._labels if (item[0] - here).manhattanLength() <= reach]
        if not near:
            return None
        return min(near, key=lambda item: (not item[2], (item[0] - here).manhattanLength()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        marker = self.marker_at(event.position().toPoint())
        if marker is not None:
            QToolTip.showText(event.globalPosition().toPoint(), marker[1], self)
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        marker = self.marker_at(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and marker is not None and marker[2]:
            self.practice_clicked.emit(marker[2])

    def fit(self) -> None:
        self.resetTransform()
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def zoom(self, factor: float) -> None:
        self.scale(factor, factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        self.zoom(1.25 if event.angleDelta().y() > 0 else 0.8)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
                self.zoom(1.25)
                return
            if event.key() == Qt.Key.Key_Minus:
                self.zoom(0.8)
                return
            if event.key() == Qt.Key.Key_0:
                self.fit()
                return
        super().keyPressEvent(event)
