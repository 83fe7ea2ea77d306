"""Running the tests in a Windows Python under Wine: how to tell, and what Wine 8 cannot do that Windows does.

Tests marked ``wine_limitation(reason)`` are skipped under Wine alone
(tests/conftest.py); the reasons used more than once are named here.
packaging/wine/test-windows.sh runs the suite so; docs/INSTALL.md counts them.
"""

from __future__ import annotations

import functools
import os

POOL_PIPES = ("Wine 8 hangs ProcessPoolExecutor: its zero-length wake-up message on a pipe polls as ready, "
              "then the read never returns")


@functools.cache
def under_wine() -> bool:
    """True in a Windows Python that Wine runs (its ntdll has ``wine_get_version``; Windows' has not)."""
    if os.name != "nt":
        return False
    import ctypes

    return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
