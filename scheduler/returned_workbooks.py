"""What every returned workbook (capacity offers, preferences, evaluations) shares: finding the files, opening one
and finding its sheet, reading a cell's text, checking its cells as the data import does (merged, error, uncached,
hidden; data-format.md "How cells are read"), and naming a problem by file, sheet and cell."""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.exchange import cells, sheet_findings
from scheduler.exchange.sheet_xml import SheetFacts


@dataclass(frozen=True, slots=True)
class FileProblem:
    file: str
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.file, f"sheet {self.sheet}" if self.sheet else "",
                                             f"cell {self.cell}" if self.cell else "") if part)
        return f"{where}: {self.message}"


class ReturnsRefused(ValueError):
    """Returned workbooks with problems: nothing was changed. ``check.problems`` names file, sheet and cell."""

    def __init__(self, check) -> None:
        self.check = check
        count = len(check.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the returned workbooks; nothing was changed")

    def __reduce__(self):  # so that it survives the trip back from a worker process
        return ReturnsRefused, (self.check,)


def workbook_files(paths: list[Path]) -> list[Path]:
    """The .xlsx files given, with folders opened (Excel's ``~$`` lock files skipped)."""
    files: list[Path] = []
    for path in paths:
        found = sorted(path.glob("*.xlsx")) if path.is_dir() else [path]
        files += [f for f in found if not f.name.startswith("~$")]
    return files


def whole_number(value: object, low: int, high: int) -> int | str | None:
    """A cell as a whole number from ``low`` to ``high`` in plain digits, as the data import reads one (typed as
    text with spaces is fine); None when empty; else what is wrong, as a phrase that never quotes the cell ("must
    be a whole number")."""
    text = cell_text(value).replace(" ", "")
    if text == "":
        return None
    if isinstance(value, bool):
        return "must be a whole number, not yes or no"
    try:
        number = cells.whole_number(value if isinstance(value, (int, float)) else text)
    except cells.CellError:
        looks_numeric = any(ch.isdigit() for ch in text) and not cells.PLAIN_NUMBER.fullmatch(text)
        return "must be a whole number" + (" (type plain digits 0-9)" if looks_numeric else "")
    if number < low:
        return f"must be {low} or more"
    if number > high:
        return f"must be {high:,} or less"
    return number


def cell_text(value: object) -> str:
    """A cell as text: whole floats without ``.0``, runs of spaces folded, ends trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


@dataclass(frozen=True, slots=True)
class ReturnedSheet:
    sheet: Worksheet
    facts: SheetFacts | None
    """The workbook XML's facts about the sheet (see ``exchange.sheet_xml``), for ``add_cell_problems``."""
    book: Workbook
    """The whole workbook, for a reader of more than one sheet (the offers' Tutors sheet)."""


def scanned_sheet(path: Path, sheet: str, columns: int) -> tuple[SheetFacts | None, FileProblem | None]:
    """The workbook XML's facts about ``sheet`` (see ``exchange.sheet_xml``), read before openpyxl loads it; and the
    problem that stops the reading when the sheet holds values beyond its limits (``columns`` expected)."""
    limit = sheet_findings.limits(columns)
    facts = sheet_findings.scan(path, {sheet: limit}).get(sheet)
    if facts is not None and facts.too_big:
        found = sheet_findings.too_big(facts, limit)
        return facts, FileProblem(path.name, sheet, found.cell, found.message)
    return facts, None


def open_returned_sheet(path: Path, sheet: str, columns: int, kind: str,
                        problems: list[FileProblem]) -> ReturnedSheet | None:
    """The sheet named ``sheet`` of the returned workbook at ``path`` (``columns`` wide at the most), values as last
    saved; or None with the problem added when the file cannot be read, holds values far beyond the sheet's limits,
    or has no such sheet (``kind``, e.g. "an offer workbook", says what it should have been). A failure is named by
    the file's name and the exception's type only: the exception's own text can hold the whole path, and a folder
    on that path can be named by a student's id."""
    facts, too_big = scanned_sheet(path, sheet, columns)
    if too_big is not None:
        problems.append(too_big)
        return None
    try:
        book = load_workbook(path, data_only=True)
    except (OSError, InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError, ElementTree.ParseError,
            KeyError, ValueError) as exc:
        problems.append(FileProblem(path.name, "", "", f"cannot be read as an Excel workbook ({type(exc).__name__})"))
        return None
    if sheet not in book.sheetnames:
        problems.append(FileProblem(path.name, "", "", f"has no sheet named {sheet!r}: is it {kind}?"))
        return None
    return ReturnedSheet(book[sheet], facts, book)


def add_cell_problems(path: Path, facts: SheetFacts | None, reads: list[sheet_findings.Area],
                      problems: list[FileProblem], warnings: list[FileProblem]) -> None:
    """The shared rules of workbook cells (merged, error, uncached formula, hidden) for the cells a reader reads."""
    if facts is None:
        return
    for found in sheet_findings.findings(facts, reads):
        (problems if found.severity == "error" else warnings).append(
            FileProblem(path.name, facts.name, found.cell, found.message))

