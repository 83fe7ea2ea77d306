"""How workbook cells are read (data-format.md, "How cells are read"), as findings every workbook reader shares.

The data import, the offer returns and the preference returns each say which
cells they read, as rectangles; this module turns a sheet's ``SheetFacts``
into located findings about those cells: a value beyond the sheet's limits,
merged cells, error cells and formulas without a saved value are errors (the
cell would be read as empty, i.e. as a default); a hidden sheet, hidden rows
and hidden columns are warnings (they are read like the rest). Messages name
the sheet and the cell and never quote a cell's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

from scheduler.exchange.sheet_xml import Limits, Merge, SheetFacts, column_index, column_letters, scan_workbook

SHOWN = 50
"""At most this many findings of one kind are listed per sheet; one more line counts the rest."""
MOST_ROWS = 200_000
MOST_ROWS_BIG_TABLES = 1_048_576
"""Excel's own last row: travel and postcode tables may fill a whole sheet."""
SPARE_COLUMNS = 10
"""Columns a sheet may use past its last expected one (notes, a helper column)."""


@dataclass(frozen=True, slots=True)
class Area:
    """Cells a reader reads: rows ``first_row``.. ``last_row`` (None = to the end) of columns ``first_col``..
    ``last_col`` (0 = A)."""

    first_row: int
    first_col: int
    last_col: int
    last_row: int | None = None

    def holds(self, row: int, col: int) -> bool:
        return (self.first_row <= row and (self.last_row is None or row <= self.last_row)
                and self.first_col <= col <= self.last_col)

    def meets(self, merge: Merge) -> bool:
        return (merge.last_row >= self.first_row and (self.last_row is None or merge.first_row <= self.last_row)
                and merge.last_col >= self.first_col and merge.first_col <= self.last_col)


def cell(ref: str) -> Area:
    """One cell by reference, e.g. ``B4``."""
    letters = ref.rstrip("0123456789")
    row, col = int(ref[len(letters):]), column_index(letters)
    return Area(row, col, col, row)


def column(col: int, from_row: int) -> Area:
    return Area(from_row, col, col)


@dataclass(frozen=True, slots=True)
class Finding:
    row: int | None
    col: int | None
    cell: str
    message: str
    severity: Literal["error", "warning"]


def limits(expected_columns: int, big: bool = False) -> Limits:
    """The used-range limit of a sheet with ``expected_columns`` columns; ``big`` for travel-like tables."""
    return Limits(MOST_ROWS_BIG_TABLES if big else MOST_ROWS, expected_columns + SPARE_COLUMNS)


def scan(path: Path, sheet_limits: dict[str, Limits]) -> dict[str, SheetFacts]:
    """The facts of the sheets of an .xlsx/.xlsm workbook (see ``sheet_xml``); none for other formats."""
    return scan_workbook(path, sheet_limits) if path.suffix.lower() in (".xlsx", ".xlsm") else {}


def too_big(facts: SheetFacts, limit: Limits) -> Finding:
    """The error for a sheet with values beyond its limits; the reader must not hand such a sheet to a cell reader."""
    ref = facts.far_cells[0]
    letters = ref.rstrip("0123456789")
    others = facts.far_count - 1
    more = f" (and {others:,} more cell{'s' if others != 1 else ''} out there)" if others else ""
    return Finding(int(ref[len(letters):]), None, ref, (
        f"cell {ref} of sheet '{facts.name}' holds something far outside the table{more}: a sheet may use rows 1 to "
        f"{limit.rows:,} and columns A to {column_letters(limit.columns - 1)}. Delete the stray content in cell "
        f"{ref} of sheet '{facts.name}' (in Excel, Ctrl+End goes to it) and try again; the sheet was not read"),
        "error")


def findings(facts: SheetFacts, reads: Iterable[Area], rows_read: set[int] | None = None) -> list[Finding]:
    """Errors and warnings about the cells in ``reads``. ``rows_read``, if given, narrows the hidden-row warning to
    rows that were read as data (empty hidden rows do not matter)."""
    areas = list(reads)
    sheet = facts.name
    found: list[Finding] = []

    def inside(row: int, col: int) -> bool:
        return any(a.holds(row, col) for a in areas)

    merged = [m for m in facts.merges if any(a.meets(m) for a in areas)]
    for m in merged[:SHOWN]:
        found.append(Finding(m.first_row, m.first_col, m.ref, (
            f"cells {m.ref} of sheet '{sheet}' are merged, so all but the first would read as empty; unmerge them "
            "and fill in each cell"), "error"))
    found += _more(len(merged), "merged ranges like this", "error")
    errors = [e for e in facts.errors if inside(e[0], e[1])]
    for row, col, code in errors[:SHOWN]:
        found.append(Finding(row, col, f"{column_letters(col)}{row}", (
            f"cell {column_letters(col)}{row} of sheet '{sheet}' holds the error {_code(code)}, which would read as "
            "empty; correct the formula, or type the value"), "error"))
    found += _more(len(errors) + _uncounted(facts, "errors"), "error cells like this", "error")
    uncached = [u for u in facts.uncached if inside(*u)]
    for row, col in uncached[:SHOWN]:
        found.append(Finding(row, col, f"{column_letters(col)}{row}", (
            f"cell {column_letters(col)}{row} holds a formula with no saved value (the program that saved the "
            "workbook did not compute it), so it would read as empty; open and save the workbook in Excel, or paste "
            "values"), "error"))
    found += _more(len(uncached) + _uncounted(facts, "uncached"), "formula cells like this", "error")
    if facts.hidden:
        found.append(Finding(None, None, "", (
            f"sheet '{sheet}' is hidden; it was read like the others (in Excel, right-click a sheet tab > Unhide to "
            "check it)"), "warning"))
    hidden_rows = [r for r in facts.hidden_rows if (rows_read is None or r in rows_read) and
                   any(a.holds(r, a.first_col) for a in areas)]
    if hidden_rows:
        found.append(Finding(None, None, "", (
            f"{_listed('row', [str(r) for r in hidden_rows], _uncounted(facts, 'hidden_rows'))} of sheet '{sheet}' "
            f"{'is' if len(hidden_rows) == 1 else 'are'} hidden; read like the others (select the rows around them, "
            "right-click > Unhide to check them)"), "warning"))
    hidden_cols = sorted({c for c in facts.hidden_columns if any(a.first_col <= c <= a.last_col for a in areas)})
    if hidden_cols:
        found.append(Finding(None, None, "", (
            f"{_listed('column', [column_letters(c) for c in hidden_cols], 0)} of sheet '{sheet}' "
            f"{'is' if len(hidden_cols) == 1 else 'are'} hidden; read like the others (select the columns around "
            "them, right-click > Unhide to check them)"), "warning"))
    return found


def _code(code: str) -> str:
    """The error as Excel shows it; anything else (a crafted file) is not echoed."""
    return code if code in ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                            "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!") \
        else "value"


def _uncounted(facts: SheetFacts, kind: str) -> int:
    """Findings of ``kind`` the scan counted but did not keep."""
    return facts.counts.get(kind, 0) - len(getattr(facts, kind))


def _more(total: int, what: str, severity: Literal["error", "warning"]) -> list[Finding]:
    return [Finding(None, None, "", f"and {total - SHOWN:,} more {what}", severity)] if total > SHOWN else []


def _listed(noun: str, items: list[str], uncounted: int) -> str:
    shown = ", ".join(items[:10])
    rest = len(items) - 10 + uncounted if len(items) > 10 else uncounted
    return f"{noun}{'s' if len(items) + uncounted > 1 else ''} {shown}" + (f" and {rest:,} more" if rest else "")
