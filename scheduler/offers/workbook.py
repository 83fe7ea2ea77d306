"""The offer workbook sent to a practice: its blocks with this year's places, to confirm or change.

The sheet is protected except the answer cells (places per block, students
per day, tutor; the ``Tutors`` sheet's rows), which carry Excel data validation, so a practice can type
only whole numbers where numbers belong. The reader (``returns``) still
checks every cell: protection and validation are a help, not a guarantee.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Block, DataSet, Practice, format_weekdays
from scheduler.exchange.formula_guard import as_text
from scheduler.offers import layout as L
from scheduler.offers.tutor_sheet import write_tutor_sheet
from scheduler.reports.text import date_range

ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
INSTRUCTIONS = ("Please check the yellow cells and change any that are not right: the places you can offer in "
                "each block (0 if you cannot take students then), the most students you can host on one day, "
                "and your lead GP tutor (and, on the Tutors sheet if there is one, your GP tutors' training). Then save the workbook and return it to the placement office. "
                "Other cells are locked.")


def offered_blocks(data: DataSet, practice: Practice) -> list[Block]:
    """The blocks of the years the practice teaches, in date order."""
    return sorted((b for b in data.blocks if b.year in practice.years),
                  key=lambda b: (b.start_date, b.year, b.block_id))


def write_offer_workbook(data: DataSet, practice: Practice, academic_year: str, path: Path) -> int:
    """Writes the practice's offer workbook to ``path``; returns how many blocks it lists."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = L.SHEET
    sheet[L.TITLE_CELL] = f"Teaching capacity offer {academic_year}: {practice.name}"
    sheet[L.TITLE_CELL].font = Font(bold=True, size=14)
    sheet["A2"] = INSTRUCTIONS
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A2:F2")
    sheet.row_dimensions[2].height = 62
    for label_cell, label, value_cell, value, answer in (
            (L.CODE_LABEL_CELL, L.CODE_LABEL, L.CODE_CELL, practice.code, False),
            (L.NAME_LABEL_CELL, L.NAME_LABEL, L.NAME_CELL, practice.name, False),
            (L.TUTOR_LABEL_CELL, L.TUTOR_LABEL, L.TUTOR_CELL, practice.tutor, True),
            (L.PER_DAY_LABEL_CELL, L.PER_DAY_LABEL, L.PER_DAY_CELL, practice.max_students_per_day, True)):
        sheet[label_cell] = label
        sheet[label_cell].font = Font(bold=True)
        sheet[label_cell].alignment = Alignment(wrap_text=True)
        sheet[value_cell] = value
        as_text(sheet[value_cell])
        if answer:
            _answer(sheet[value_cell])
    sheet.row_dimensions[7].height = 30
    per_day = _whole_number_validation(1, "Students per day: a whole number, 1 or more (empty = no limit).")
    sheet.add_data_validation(per_day)
    per_day.add(L.PER_DAY_CELL)

    for column, name in enumerate(L.BLOCK_COLUMNS, start=1):
        cell = sheet.cell(row=L.HEADER_ROW, column=column, value=name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    blocks = offered_blocks(data, practice)
    capacity = {c.block_id: c.capacity for c in data.capacities if c.practice_code == practice.code}
    places = _whole_number_validation(0, "Places: a whole number, 0 or more.")
    sheet.add_data_validation(places)
    for row, block in enumerate(blocks, start=L.FIRST_BLOCK_ROW):
        values: tuple[str | int, ...] = (block.block_id, block.year, block.name, date_range(block.start_date, block.end_date),
                  format_weekdays(block.weekdays), capacity.get(block.block_id, practice.capacity))
        for column, value in enumerate(values, start=1):
            as_text(sheet.cell(row=row, column=column, value=value))
        _answer(sheet[f"{L.PLACES_COLUMN}{row}"])
        places.add(f"{L.PLACES_COLUMN}{row}")
    for letter, width in zip("ABCDEF", (30, 8, 26, 30, 12, 10)):
        sheet.column_dimensions[letter].width = width
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    if data.tutors:  # the rule binds only while tutors are kept: a first tutor must come by import, not a return
        write_tutor_sheet(book, [t for t in data.tutors if t.practice_code == practice.code])
    book.save(path)
    return len(blocks)


def _answer(cell) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = ANSWER_FILL


def _whole_number_validation(low: int, message: str) -> DataValidation:
    rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(low), allow_blank=True)
    rule.error, rule.errorTitle, rule.showErrorMessage = message, "GP placements", True
    return rule
