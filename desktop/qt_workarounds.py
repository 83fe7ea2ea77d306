"""Work-arounds for bugs in the Qt bindings, each with the reason; applied when ``desktop`` is imported.

PySide6 6.12.0 on Python 3.11 takes one reference too many from ``None`` on
every call of a method that returns nothing (``label.setText(...)``) and on
every ``index.data()`` that returns no value (measured: ``sys.getrefcount(None)``
drops by one per call). From Python 3.12 on ``None`` is immortal (PEP 683) and
this is harmless, which is presumably why it went unnoticed; on 3.11 the count
reaches zero after some tens of thousands of calls and the interpreter aborts
with "none_dealloc: deallocating None" (reproduced here by opening the window
on the full demo data set). Giving ``None`` a count far beyond reach does on
3.11 what 3.12 does by design. Remove this once PySide6 is fixed or the app
requires Python 3.12. Called by ``make_application`` and the tests' conftest
(an editable install may import ``desktop`` as a namespace package, skipping
``desktop/__init__.py``).
"""

from __future__ import annotations

import ctypes
import sys

_ENOUGH = 1 << 48


def keep_none_alive() -> None:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field of every object
    if refcount.value < _ENOUGH:
        refcount.value += _ENOUGH
