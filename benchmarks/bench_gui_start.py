"""How long ``gp-placements --db FILE`` takes to show its window (median of 3 fresh processes).

Each run starts a new Python process that calls the real entry point
(``desktop.main.main(["--db", FILE])``) with two probes added to the
main window: the time of the first paint of the window (shown, first page
drawn) and the time of the first paint after the data and plan were loaded
(the figures are on screen). The process then quits. Times are measured from
the start of the child process, before Qt or anything else is imported.

    .venv/bin/python benchmarks/bench_gui_start.py --db full.db [--platform xcb]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import time
started = time.perf_counter()
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import desktop.main_window as main_window

marks = {}

class Probe(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            now = time.perf_counter() - started
            marks.setdefault("first_paint", now)
            if self.window.state.loaded_once and "data_paint" not in marks:
                marks["data_paint"] = now
                marks["students"] = self.window.state.snapshot.counts.get("students", 0)
                plan = self.window.state.snapshot.plan
                marks["placements"] = len(plan.placements) if plan else 0
                QTimer.singleShot(0, QApplication.instance().quit)
        return False

original_init = main_window.MainWindow.__init__

def probed_init(self, *args, **kwargs):
    original_init(self, *args, **kwargs)
    self._probe = Probe(self)
    self.overview.installEventFilter(self._probe)
    QTimer.singleShot(20_000, QApplication.instance().quit)  # never hang the benchmark

main_window.MainWindow.__init__ = probed_init
from desktop.main import main
code = main(["--db", sys.argv[1]])
print(json.dumps(marks))
"""


def run_once(db: str, platform: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": platform, "XDG_CONFIG_HOME": home, "XDG_STATE_HOME": home,
               "XDG_DATA_HOME": home, "XDG_CACHE_HOME": home}
        done = subprocess.run([sys.executable, "-c", CHILD, db], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=60)
    if done.returncode != 0:
        raise SystemExit(f"the window did not start:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a database holding the full demo data set and a plan")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--platform", default="offscreen", help="Qt platform: offscreen, or xcb under X/Xvfb")
    args = parser.parse_args(argv)
    runs = [run_once(str(Path(args.db).resolve()), args.platform) for _ in range(args.runs)]
    for i, marks in enumerate(runs, 1):
        print(f"run {i}: window painted {marks['first_paint']:.2f} s, data painted {marks.get('data_paint', float('nan')):.2f} s "
              f"({marks.get('students', 0):,} students, {marks.get('placements', 0):,} placements)")
    first = statistics.median(m["first_paint"] for m in runs)
    data = statistics.median(m.get("data_paint", float("inf")) for m in runs)
    print(f"median: window shown and first page painted in {first:.2f} s; with the data and plan on screen in {data:.2f} s")
    return 0 if first < 3.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
