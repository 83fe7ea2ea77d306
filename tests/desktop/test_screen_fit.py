"""Every page and every dialog fits an office screen: 1366 x 768 at 125% and 1920 x 1080 at 150%.

Each screen is emulated in a subprocess (``screen_probe.py``) on Qt's
offscreen platform: a screen the size of the area above a Windows taskbar
(48 and 60 device pixels high) and Qt's own scaling, as on the officer's
laptop. The probe takes the window's tour (``desktop.tour``) and reports any
window taller or wider than the screen, any button that cannot be seen and
any clipped label.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

import desktop.dialogs

SCREENS = {"1366x768 at 125%": (1366, 768 - 48, 1.25), "1920x1080 at 150%": (1920, 1080 - 60, 1.5)}
PROBE = Path(__file__).with_name("screen_probe.py")
ROOT = Path(__file__).resolve().parents[2]


def _dialog_classes() -> set[str]:
    names = set()
    for module in pkgutil.iter_modules(desktop.dialogs.__path__):
        loaded = importlib.import_module(f"desktop.dialogs.{module.name}")
        names |= {name for name, cls in inspect.getmembers(loaded, inspect.isclass)
                  if issubclass(cls, QDialog) and cls.__module__ == loaded.__name__}
    return names


def _probe(tmp_path: Path, db: str, folder: Path, width: int, height: int, scale: float) -> dict:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "office", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": str(scale),
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(PROBE), db, str(folder)], env=env, capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("screen", SCREENS)
def test_every_page_and_dialog_fits_the_screen(tmp_path, planned_db, demo_folder, screen):
    width, height, scale = SCREENS[screen]
    report = _probe(tmp_path, planned_db, demo_folder, width, height, scale)
    assert report["screen"] == [round(width / scale), round(height / scale)]
    assert report["maximised"], "the window opens maximised on a small screen"
    assert _dialog_classes() <= set(report["classes"]), "the tour misses a dialog"
    assert {"plan", "plan-unplaced", "import-source", "import-check", "import-confirm", "preferences",
            "preference-returns-dialog", "evaluations", "evaluation-returns-dialog", "concern-action-box",
            "evaluations-replied"} <= set(report["visited"])
    assert report["problems"] == []
