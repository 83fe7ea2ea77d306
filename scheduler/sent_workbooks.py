"""What every workbook sent out to be filled in and returned (capacity offers, preferences, evaluations) shares: one
sheet with wrapped instructions, a dark header row, yellow unlocked answer cells with Excel data validation, and the
sheet protected except those cells. The readers (``returned_workbooks``) still check every cell: protection and
validation are a help, not a guarantee."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
ERROR_TITLE = "GP placements"


def new_sheet(name: str) -> tuple[Workbook, Worksheet]:
    """A new workbook and its one sheet, named ``name``."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = name
    return book, sheet


def instructions(sheet: Worksheet, cells: str, text: str, height: float) -> None:
    """``text`` wrapped across the merged ``cells`` of one row ("A2:F2"), the row ``height`` points tall."""
    first = sheet[cells.split(":")[0]]
    first.value = text
    first.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(cells)
    sheet.row_dimensions[first.row].height = height


def header_row(sheet: Worksheet, row: int, columns: Sequence[str]) -> None:
    for column, name in enumerate(columns, start=1):
        cell = sheet.cell(row=row, column=column, value=name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL


def answer_cell(cell: Cell) -> None:
    """A cell the recipient fills in: unlocked in the protected sheet, and yellow."""
    cell.protection, cell.fill = Protection(locked=False), ANSWER_FILL


def validation(sheet: Worksheet, message: str, **rule: str) -> DataValidation:
    """An Excel data validation of the sheet (``rule``: type, operator, formula1...; empty allowed) that refuses
    anything else with ``message``; its cells are added by the caller."""
    check = DataValidation(allow_blank=True, **rule)  # type: ignore[arg-type]  # (openpyxl's stubs want literals)
    check.error, check.errorTitle, check.showErrorMessage = message, ERROR_TITLE, True
    sheet.add_data_validation(check)
    return check


def column_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    """The widths of columns A, B, C... in characters."""
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def protect(sheet: Worksheet, *still_allowed: str) -> None:
    """Locks the sheet but its answer cells; ``still_allowed`` names what the recipient may still do, as openpyxl's
    ``SheetProtection`` flags ("formatColumns", "sort", "autoFilter"...)."""
    sheet.protection.sheet = True
    for flag in still_allowed:
        setattr(sheet.protection, flag, False)  # in Excel's terms the flag says what is protected
