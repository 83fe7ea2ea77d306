"""Takes the window's tour on the screen it is started on and prints, as JSON, what is off screen or clipped.

``test_screen_fit.py`` starts it in a subprocess on an offscreen screen of
an office's size and scale (a Qt application has one set of screens for its
life). For each page and dialog: the window must fit the screen's available
area with room for a title bar; every button must lie on screen, inside its
window, and either in view or in a scroll area that can scroll to it; no
label may show less than its text (a word-wrapped one its full height).

    python tests/desktop/screen_probe.py DB IMPORT_FOLDER
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QMainWindow,
    QWidget,
)

SLACK = 2
"""Pixels of rounding a scaled screen may cost a widget's edge."""

TITLE_BAR = 32
"""Logical pixels of a maximised window's title bar, which the offscreen platform does not draw."""


def _global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _scroll_areas(widget: QWidget) -> list[QAbstractScrollArea]:
    areas, parent = [], widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            areas.append(parent)
        parent = parent.parentWidget()
    return areas


def _in_item_view(widget: QWidget) -> bool:
    return any(isinstance(area, QAbstractItemView) for area in _scroll_areas(widget))


def _reachable(widget: QWidget, rect: QRect) -> bool:
    """In view, or in a scroll area whose scroll bar reaches it."""
    for area in _scroll_areas(widget):
        view = _global_rect(area.viewport()).adjusted(-SLACK, -SLACK, SLACK, SLACK)
        if view.contains(rect):
            continue
        across = rect.left() < view.left() or rect.right() > view.right()
        down = rect.top() < view.top() or rect.bottom() > view.bottom()
        if (across and not area.horizontalScrollBar().isVisible()) or (down and not area.verticalScrollBar().isVisible()):
            return False
    return True


def _clipped(label: QLabel) -> bool:
    if not label.text():
        return False
    if label.wordWrap():
        return label.heightForWidth(label.width()) > label.height() + SLACK
    hint = label.sizeHint()
    return hint.width() > label.width() + SLACK or hint.height() > label.height() + SLACK


def problems(name: str, top: QWidget) -> list[str]:
    """What reads badly in ``top`` as it is shown now."""
    from desktop.widgets.screen_fit import FRAME

    found = []
    frame = QSize(0, 0) if isinstance(top, QMainWindow) else FRAME  # the main window stands in for a maximised one
    area = top.screen().availableGeometry().adjusted(-SLACK, -SLACK, SLACK, SLACK)
    window = _global_rect(top)
    if not area.contains(window) or window.height() + frame.height() > area.height() + SLACK \
            or window.width() + frame.width() > area.width() + SLACK:
        found.append(f"{name}: the window, {window.width()} x {window.height()} at ({window.x()}, {window.y()}), "
                     f"does not fit the screen's {area.width() - 2 * SLACK} x {area.height() - 2 * SLACK} "
                     f"with a title bar")
    inside = window.adjusted(-SLACK, -SLACK, SLACK, SLACK)
    for button in top.findChildren(QAbstractButton):
        if not button.isVisibleTo(top) or button.window() is not top or _in_item_view(button):
            continue
        rect = _global_rect(button)
        if not (area.contains(rect) and inside.contains(rect) and _reachable(button, rect)):
            found.append(f"{name}: the button '{button.text() or button.accessibleName() or button.objectName()}' "
                         f"({type(button).__name__}) at {rect.x()},{rect.y()} {rect.width()}x{rect.height()} "
                         "cannot be seen")
    for label in top.findChildren(QLabel):
        if label.isVisibleTo(top) and label.window() is top and not _in_item_view(label) and _clipped(label):
            text = label.text() if len(label.text()) < 60 else label.text()[:57] + "..."
            found.append(f"{name}: the label '{text}' is clipped ({label.width()} x {label.height()}, "
                         f"needs {label.sizeHint().width()} x {label.heightForWidth(label.width())})")
    return found


def main(db: str, import_folder: str) -> int:
    from desktop.app import make_application
    from desktop.main_window import MainWindow
    from desktop.tour import make_a_replan, tour_dialogs, tour_pages

    app = make_application([sys.argv[0]])
    screen = app.primaryScreen().availableGeometry()
    report: dict = {"screen": [screen.width(), screen.height()], "visited": [], "classes": [], "problems": []}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "probe.db"
        shutil.copy(db, copy)
        settings = QSettings(str(Path(tmp) / "window.ini"), QSettings.Format.IniFormat)
        window = MainWindow(str(copy), synchronous_jobs=True, settings=settings, demo_scale="small")
        window.show()
        report["maximised"] = bool(window.windowState() & Qt.WindowState.WindowMaximized)
        window.showNormal()  # the maximised window's client area: the screen less a title bar
        window.setGeometry(app.primaryScreen().availableGeometry().adjusted(0, TITLE_BAR, 0, 0))

        def visit(name: str, top: QWidget) -> None:
            QApplication.processEvents()
            report["visited"].append(name)
            report["classes"].append(type(top).__name__)
            report["problems"].extend(problems(name, top))

        make_a_replan(window, visit, 2)  # the Plan page then shows a run's result lines
        tour_pages(window, visit)
        tour_dialogs(window, visit, Path(tmp), import_folder)
        window.close()
        QApplication.processEvents()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
