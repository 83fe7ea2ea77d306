"""Text a spreadsheet must show as text, never run as a formula: the one guard every CSV and workbook writer uses.

Excel runs a CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, after
a tab or carriage return, what follows) as a formula, so a practice named
``=HYPERLINK("http://…","Click")`` would become a live link in payments.csv.
CSV cells that start so get one leading apostrophe, which is how Excel itself
marks "this is text"; numbers, negative ones too, are left as they are.
Reading a CSV back (``read_back``) takes that apostrophe off again, so an
exported data set imports as it was. Workbook cells are written as string
cells (``as_text``), which are never formulas and need no apostrophe.
"""

from __future__ import annotations

import csv
from typing import Any, Iterable

from scheduler.exchange.cells import PLAIN_NUMBER

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MARK = "'"


def inert(value: Any) -> Any:
    """``value`` as a CSV cell Excel will not run: text starting like a formula gets a leading apostrophe."""
    if type(value) is str and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return _MARK + value
    return value


def read_back(text: str) -> str:
    """A CSV cell as it was before ``inert``: the apostrophe in front of a formula start taken off."""
    if text.startswith(_MARK) and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class InertWriter:
    """``csv.writer`` whose rows pass through ``inert``; the header is the writer's own, written as is."""

    def __init__(self, f, **kwargs: Any) -> None:
        self._writer = csv.writer(f, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([inert(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def as_text(cell: Any) -> Any:
    """An openpyxl cell holding text kept as a string cell (openpyxl makes text starting ``=`` a formula)."""
    if type(cell.value) is str and cell.data_type == "f":
        cell.data_type = "s"
    return cell
