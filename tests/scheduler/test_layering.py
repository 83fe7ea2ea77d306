"""The layering rules of the design: ``scheduler`` never needs Qt; ``desktop`` never touches the database or solver."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

IMPORT_EVERY_MODULE_WITHOUT_QT = """
import importlib, pkgutil, sys
sys.modules["PySide6"] = None  # any attempt to import Qt now fails
import scheduler
names = [m.name for m in pkgutil.walk_packages(scheduler.__path__, "scheduler.")
         if not m.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
assert not any(n == "PySide6" or n.startswith("PySide6.") for n, m in sys.modules.items() if m is not None)
print(len(names))
"""

FORBIDDEN_IN_DESKTOP = re.compile(
    r"^\s*(?:from|import)\s+(sqlalchemy|ortools|reportlab|scheduler\.store|scheduler\.solver)\b", re.MULTILINE)


def test_every_scheduler_module_imports_with_qt_blocked():
    done = subprocess.run([sys.executable, "-c", IMPORT_EVERY_MODULE_WITHOUT_QT], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.split()[-1]) > 10


def test_desktop_does_not_import_the_database_the_solver_or_reportlab():
    offenders = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        for match in FORBIDDEN_IN_DESKTOP.finditer(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0).strip()}")
    assert offenders == []
