"""Re-filtering a proxy model's rows on every PySide6 the app supports.

Qt 6.10 completed ``beginFilterChange``/``endFilterChange(Direction)`` (begin came in 6.9), the pair
that replaces ``invalidateRowsFilter`` (deprecated from Qt 6.13). The Windows build is pinned to PySide6
6.8 (packaging/windows-constraints.txt: later versions need an ICU that Wine 8 lacks), where only
``invalidateRowsFilter`` exists; calling the newer pair there raised AttributeError in every search box.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QSortFilterProxyModel


@contextlib.contextmanager
def rows_refiltered(proxy: QSortFilterProxyModel) -> Iterator[None]:
    """Change what ``proxy.filterAcceptsRow`` decides inside the block; the rows are filtered again after it."""
    if hasattr(proxy, "endFilterChange"):
        proxy.beginFilterChange()
        yield
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:
        yield
        proxy.invalidateRowsFilter()
