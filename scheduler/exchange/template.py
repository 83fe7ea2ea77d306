"""The empty workbook officers start from: one sheet per table with the contract's headers.

Each header carries a note (a cell comment) saying what the column means, and
Excel's data validation catches the commonest slips as they are typed (year
1-5, yes/no, travel mode, pair kind, numbers in range).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation

from scheduler.exchange.atomic import replaced_on_success
from scheduler.exchange.schema import TABLES, column_width
from scheduler.private_files import private_folder

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
LAST_ROW = 20000

_BOOLEANS = {"accessible", "public_transport", "active", "needs_accessible"}


def _validation(table: str, column: str) -> DataValidation | None:
    """The data validation that suits a column, or None."""
    def whole(lo: int, hi: int | None, message: str) -> DataValidation:
        if hi is None:
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(lo))
        else:
            dv = DataValidation(type="whole", operator="between", formula1=str(lo), formula2=str(hi))
        dv.error = message
        return dv

    def decimal(lo: float, hi: float | None, message: str) -> DataValidation:
        if hi is None:
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=str(lo))
        else:
            dv = DataValidation(type="decimal", operator="between", formula1=str(lo), formula2=str(hi))
        dv.error = message
        return dv

    def one_of(options: str, message: str) -> DataValidation:
        dv = DataValidation(type="list", formula1=f'"{options}"')
        dv.error = message
        return dv

    dv: DataValidation | None = None
    if column == "year":
        dv = whole(1, 5, "Year of study: a whole number from 1 to 5.")
    elif column in _BOOLEANS:
        dv = one_of("yes,no", "Choose yes or no.")
    elif column == "travel_mode":
        dv = one_of("public,car,bike,walk", "Choose public, car, bike or walk.")
    elif column == "kind":
        dv = one_of("together,apart,learn_together", "Choose together, apart or learn_together.")
    elif column == "capacity":
        dv = whole(0, None, "A whole number, 0 or more.")
    elif column in ("max_students_per_day", "rank"):
        dv = whole(1, None, "A whole number, 1 or more.")
    elif column == "latitude":
        dv = decimal(-90, 90, "Latitude: degrees from -90 to 90 (Manchester is about 53.5).")
    elif column == "longitude":
        dv = decimal(-180, 180, "Longitude: degrees from -180 to 180 (Manchester is about -2.2).")
    elif column in ("minutes", "max_travel_minutes"):
        dv = decimal(0, None, "Minutes: a number, 0 or more.")
    elif column in ("start_date", "end_date"):
        dv = DataValidation(type="date", operator="between",
                            formula1=str(int(to_excel(dt.date(2000, 1, 1)))),
                            formula2=str(int(to_excel(dt.date(2100, 12, 31)))))
        dv.error = "A date, e.g. 07/09/2026."
    if dv is not None:
        dv.errorTitle = f"{table}.{column}"
        dv.showErrorMessage = True
        dv.allow_blank = True
    return dv


def write_template(path: str | Path) -> Path:
    """Writes the empty workbook to ``path`` (an .xlsx file) and returns the path."""
    path = Path(path)
    private_folder(path.parent)
    workbook = Workbook()
    if workbook.active is not None:  # a new workbook's one empty sheet
        workbook.remove(workbook.active)
    for spec in TABLES.values():
        sheet = workbook.create_sheet(spec.name)
        sheet.freeze_panes = "A2"
        for i, column in enumerate(spec.columns, start=1):
            letter = get_column_letter(i)
            cell = sheet.cell(row=1, column=i, value=column.name)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(vertical="center")
            note = ("Required. " if column.required else "Optional. ") + column.note
            cell.comment = Comment(note, "GP Placement Scheduler", width=260, height=90)
            sheet.column_dimensions[letter].width = column_width(spec.name, column.name)
            dv = _validation(spec.name, column.name)
            if dv is not None:
                sheet.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}{LAST_ROW}")
            if column.name in ("start_date", "end_date"):
                for row in range(2, 202):
                    sheet.cell(row=row, column=i).number_format = "dd/mm/yyyy"
    with replaced_on_success([path]) as (partial,):
        workbook.save(partial)
    return path
