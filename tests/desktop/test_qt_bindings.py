"""Guards against a Qt-bindings release that breaks the app: PySide6 6.12.0 on Python 3.11.

That release takes a reference from ``None`` on every call that returns nothing,
so after some thousands of calls the interpreter aborts ("deallocating None").
pyproject.toml keeps PySide6 below 6.12 for this reason.
"""

import sys

from PySide6.QtWidgets import QLabel


def test_calls_returning_nothing_keep_none_alive(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("x")
    assert before - sys.getrefcount(None) < 100
