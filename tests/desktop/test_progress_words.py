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
