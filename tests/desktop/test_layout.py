"""The window fits office screens: 1366 x 768 at 125% and 1920 x 1080 at 150% (logical pixels below).

Sizes are the screen in logical pixels less a Windows taskbar and title bar:
1366 x 768 at 125% is 1093 x 614, about 1093 x 552 for the window; 1920 x
1080 at 150% is 1280 x 720, about 1280 x 660. At those sizes every page is
shown whole (no scrolling) and the buttons an officer needs are on screen.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect

OFFICE_WINDOWS = {"1366x768 at 125%": (1093, 552), "1920x1080 at 150%": (1280, 660)}


def _on_screen(window, widget) -> bool:
    """True when the whole widget lies inside the window and inside its page's visible area."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    viewport = window.stack.currentWidget().viewport()
    visible = QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size())
    return widget.isVisible() and window.rect().contains(rect) and visible.contains(rect)


def test_the_window_can_be_smaller_than_a_laptop_screen(make_window, planned_db):
    window = make_window(planned_db)
    hint = window.minimumSizeHint()
    assert hint.width() <= 1093 and hint.height() <= 552


@pytest.mark.parametrize("screen", OFFICE_WINDOWS)
def test_every_page_fits_whole_with_its_buttons_on_screen(make_window, planned_db, qtbot, screen):
    width, height = OFFICE_WINDOWS[screen]
    window = make_window(planned_db)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    assert (window.width(), window.height()) == (width, height)
    for index, page in enumerate(window.pages):
        window.show_page(index)
        viewport = window.stack.currentWidget().viewport().size()
        needed = page.minimumSizeHint()
        assert needed.width() <= viewport.width() and needed.height() <= viewport.height(), (page.title, needed, viewport)
    window.show_page(window.pages.index(window.students))
    window.students.table.selectRow(0)
    for button in (window.students.move_button, window.students.swap_button, window.students.lock_button):
        assert _on_screen(window, button), button.text()
    assert _on_screen(window, window.students.details)
    window.show_page(window.pages.index(window.plan))
    for widget in (window.plan.run_button, window.plan.progress.stop_button, window.plan.results):
        assert _on_screen(window, widget)
    window.show_page(window.pages.index(window.documents))
    for widget in (window.documents.save_button, window.documents.print_button, window.documents.viewer):
        assert _on_screen(window, widget)
