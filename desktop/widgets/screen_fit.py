"""Dialogs that fit the screen: their content scrolls inside, and their buttons stay visible.

A 1366 x 768 laptop at 125% leaves about 1093 x 576 logical pixels above
the taskbar, less a title bar. A dialog lays its content out in the body of
``scrolling_body`` and its buttons in the outer layout below it, then asks
``fit_to_screen`` for the size it would like: it gets that size or the
screen's available area, whichever is smaller, and the body scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.widgets.fit_scroll import FitScrollArea

FRAME = QSize(16, 48)
"""Room the window manager takes around a dialog: side borders, the title bar and the bottom border."""


def scrolling_body(owner: QWidget) -> tuple[QVBoxLayout, QVBoxLayout]:
    """Gives ``owner`` a scrolling body; returns (body layout for the content, outer layout for the buttons)."""
    outer = QVBoxLayout(owner)
    body = QWidget()
    body_layout = QVBoxLayout(body)
    body_layout.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(FitScrollArea(body), 1)
    return body_layout, outer


def available_size(widget: QWidget) -> QSize:
    """The screen's available area for the widget's window, less the window manager's frame."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry().size()
    return QSize(max(area.width() - FRAME.width(), 200), max(area.height() - FRAME.height(), 200))


def fit_to_screen(window: QWidget, preferred: QSize | None = None) -> None:
    """Resizes ``window`` to ``preferred`` (default its size hint), or to the screen's available area if smaller."""
    wanted = preferred if preferred is not None else window.sizeHint()
    window.resize(wanted.boundedTo(available_size(window)))
