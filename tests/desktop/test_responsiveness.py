"""On the full demo data set the window keeps answering while a plan is made (a 10 ms timer's longest gap)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer

from scheduler.services import Workspace, data


@pytest.fixture(scope="module")
def full_db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("full")
    data.write_demo(folder / "csv", seed=1, scale="full")
    db = folder / "full.db"
    with Workspace.open(db) as ws:
        assert data.import_data(ws, folder / "csv").ok
    return str(db)


class GapMeter:
    """Ticks every 10 ms and remembers the longest time between two ticks."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.ticks = 0
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self.ticks += 1
        self._last = now

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


@pytest.mark.slow
def test_solving_the_full_demo_set_never_blocks_the_window(make_window, full_db, qtbot):
    window = make_window(full_db, synchronous=False)
    window.show()
    qtbot.waitExposed(window)
    page = window.plan
    page.time_spin.setValue(10)
    meter = GapMeter()
    meter.start()
    page.run_solve()
    qtbot.waitUntil(lambda: not page.is_solving(), timeout=120_000)
    qtbot.waitUntil(lambda: window.state.snapshot.plan is not None and not window.jobs.is_busy(), timeout=30_000)
    window.show_page(window.pages.index(window.students))  # the biggest page catches up with the new plan
    qtbot.waitUntil(lambda: window.students.model.rowCount() > 2000, timeout=10_000)
    meter.stop()
    assert len(window.state.snapshot.plan.placements) > 2700
    assert meter.ticks > 100
    assert meter.longest < 0.1, f"the event loop was blocked for {meter.longest * 1000:.0f} ms"


def test_a_hidden_page_fills_its_table_when_shown_not_while_another_page_is_shown(make_window, planned_db, qtbot):
    window = make_window(planned_db)
    window.show()
    qtbot.waitExposed(window)
    window.show_page(window.pages.index(window.plan))
    page = window.preferences
    page.replies.model.set_rows([])
    page.refresh()  # its job ends while the Plan page is shown
    assert page.replies.model.rowCount() == 0
    window.show_page(window.pages.index(page))
    qtbot.waitUntil(lambda: page.replies.model.rowCount() > 0, timeout=5_000)
    assert page.replies.model.rowCount() == len(window.state.snapshot.dataset.students)
