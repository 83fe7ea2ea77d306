"""The window fits office screens: 1366 x 768 at 125% and 1920 x 1080 at 150% (logical pixels below).

Sizes are the screen in logical pixels less a Windows taskbar and title bar:
1366 x 768 at 125% is 1093 x 614, about 1093 x 552 for the window; 1920 x
1080 at 150% is 1280 x 720, about 1280 x 660. At those sizes every page is
shown whole (no scrolling) and the buttons an officer needs are on screen.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication

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
    for button in (window.documents.letters_button, window.documents.calendars_button,
                   window.documents.payments_button):
        assert _on_screen(window, button) and button.width() >= button.sizeHint().width(), button.text()


def _clipped(label) -> bool:
    return label.heightForWidth(label.width()) > label.height() + 1


@pytest.mark.parametrize("screen", OFFICE_WINDOWS)
def test_the_plan_page_gives_the_plans_the_run_and_the_reasons_room(make_window, planned_db, qtbot, screen):
    window = make_window(planned_db)
    window.resize(*OFFICE_WINDOWS[screen])
    window.show()
    qtbot.waitExposed(window)
    page = window.plan
    window.show_page(window.pages.index(page))
    page.time_spin.setValue(1)
    page.min_change_check.setChecked(True)
    page.ask_make_current = lambda outcome: True
    page.run_solve()  # a re-plan: its result line is the longest the page shows
    qtbot.waitUntil(lambda: not page.is_solving(), timeout=30_000)
    assert "moved from the previous plan" in page.progress.message.text()
    QApplication.processEvents()  # the layouts take in the new text
    for label in (page.progress.message, page.progress.figures, page.shown_label):
        assert label.isVisible() and not _clipped(label), label.text()
    table = page.plan_table
    assert table.viewport().height() >= 4 * table.verticalHeader().defaultSectionSize(), "room for 4 plans"
    assert _on_screen(window, page.run_button) and _on_screen(window, page.progress.stop_button)
    assert not page.weights_panel.isVisible()
    page.weights_button.click()
    assert page.weight_spins["travel"].isVisible()
    page.weights_button.click()

    page.results.setCurrentWidget(page.unplaced_panel)
    assert page.unplaced_proxy.rowCount(), "the small demo leaves someone unplaced"
    page.unplaced_table.selectRow(0)
    QApplication.processEvents()
    row = page.selected_unplaced()
    reason = page.unplaced_reason
    assert row.reason in reason.text() and reason.isVisible() and not _clipped(reason)


@pytest.mark.parametrize("screen", OFFICE_WINDOWS)
def test_every_results_tab_and_the_journey_chart_title_show_whole(make_window, planned_db, qtbot, screen):
    window = make_window(planned_db)
    window.resize(*OFFICE_WINDOWS[screen])
    window.show()
    qtbot.waitExposed(window)
    page = window.plan
    window.show_page(window.pages.index(page))
    QApplication.processEvents()
    window.showNormal()  # the offscreen screen is small: the window maximised itself to it
    window.resize(*OFFICE_WINDOWS[screen])
    QApplication.processEvents()
    assert (window.width(), window.height()) == OFFICE_WINDOWS[screen]
    total = sum(page.splitter.sizes())
    page.splitter.setSizes([total - 300, 300])  # as a wider sidebar font leaves it on a real laptop screen
    window.resize(OFFICE_WINDOWS[screen][0] - 10, OFFICE_WINDOWS[screen][1])
    QApplication.processEvents()
    bar = page.results.tabBar()
    assert bar.width() >= bar.sizeHint().width(), "the last tab, Where to recruit, behind scroll arrows"
    last = bar.tabRect(bar.count() - 1)
    assert bar.rect().contains(last), bar.tabText(bar.count() - 1)
    chart = page.histogram
    width = chart.width() - 16
    lines = chart.title_height(width) // chart.fontMetrics().height()
    one_line = chart.fontMetrics().horizontalAdvance(chart.title) <= width
    assert lines == 1 if one_line else lines >= 2  # a title too wide for the chart wraps, whole


@pytest.mark.parametrize("screen", OFFICE_WINDOWS)
def test_the_settings_text_fields_show_their_whole_default_text(make_window, planned_db, qtbot, screen):
    """The school name and office contact are read whole, not cut at the field's edge."""
    width, height = OFFICE_WINDOWS[screen]
    window = make_window(planned_db)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(window.pages.index(window.settings_page))
    page = window.settings_page
    for edit in (page.school, page.contact):
        needed = edit.fontMetrics().horizontalAdvance(edit.text()) + 12  # the frame and text margins
        assert needed <= edit.width(), (edit.text(), needed, edit.width())
