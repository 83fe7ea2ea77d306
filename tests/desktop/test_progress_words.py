"""A running solve is told in words (placed, what no plan can beat, how close to the best); numbers on hover."""

from __future__ import annotations

from desktop.widgets.progress_panel import SolveProgress, progress_words
from scheduler.progress import Progress


def test_words_say_placed_the_proven_limit_and_the_gap():
    p = Progress("searching", objective=1003.0, bound=1000.0, placed=1395, placed_bound=1398)
    assert progress_words(p, 1400) == ("Placed 1,395 of 1,400; no plan can place more than 1,398; "
                                       "within 0.3% of the best possible")


def test_words_when_every_place_is_filled_or_nothing_is_known_yet():
    assert progress_words(Progress("x", placed=1400, placed_bound=1400, objective=5.0, bound=5.0), 1400) == (
        "Placed 1,400 of 1,400; no plan can place more; the best possible plan")
    assert progress_words(Progress("finding candidate practices"), 1400) == ""
    assert progress_words(Progress("x", placed=10, placed_bound=1400), 1400) == "Placed 10 of 1,400"


def test_the_panel_shows_words_and_keeps_the_numbers_for_the_tooltip(qtbot):
    panel = SolveProgress()
    qtbot.addWidget(panel)
    panel.start(60, 1400)
    panel.show_progress(Progress("searching", objective=1003.0, bound=1000.0, elapsed=4.0, placed=1395,
                                 placed_bound=1398))
    assert "objective" not in panel.figures.text().lower() and "1,395 of 1,400" in panel.figures.text()
    assert "1,003" in panel.figures.toolTip() and "1,000" in panel.figures.toolTip()


def test_after_stop_the_panel_keeps_saying_so_and_still_shows_the_count_bound(qtbot):
    panel = SolveProgress()
    qtbot.addWidget(panel)
    panel.start(60, 2800)
    panel.show_progress(Progress("proving how many can be placed", placed=2525, placed_bound=2674))
    panel.stopping()
    panel.show_progress(Progress("placing as many as possible", placed=2549, placed_bound=2563))
    assert panel.message.text() == "Stopping: keeping the best plan found so far…"
    assert panel.figures.text() == "Placed 2,549 of 2,800; no plan can place more than 2,563"
    panel.finish("Plan 1: stopped early, 2,549 placed, 251 unplaced")
    assert panel.message.text() == "Plan 1: stopped early, 2,549 placed, 251 unplaced"
    assert panel.figures.text() == "Placed 2,549 of 2,800; no plan can place more than 2,563"
    panel.start(60, 2800)
    panel.show_progress(Progress("first plan", placed=2525, placed_bound=2674))
    assert panel.message.text() == "first plan"
