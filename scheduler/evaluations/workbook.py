"""The evaluation workbook sent to a student: each of their placements, five 1-5 questions and a comment.

The sheet is protected except the answer cells, which carry Excel data
validation (whole numbers 1-5; the concern cell a "yes" list), so a student
can type only what belongs there. The reader (``returns``) still checks every
cell: protection and validation are a help, not a guarantee.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Block, Practice, Student
from scheduler.evaluations import layout as L
from scheduler.exchange.formula_guard import as_text
from scheduler.reports.text import date_range

ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
INSTRUCTIONS = ("For each placement, score the yellow cells from 1 (poor) to 5 (excellent): the teaching, the "
                "welcome you had, your contact with patients, how well it was organised, and whether you would "
                "recommend it. Add a comment if you wish; type yes under 'concern' if your comment raises a "
                "concern the placement office should follow up (it is never shown to the practice). "
                "Practices see only averages of three or more students. Save and return the workbook.")


def write_evaluation_workbook(student: Student, placements: list[tuple[Block, Practice]], academic_year: str,
                              path: Path) -> int:
    """Writes the student's workbook to ``path``; returns how many placements it lists."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = L.SHEET
    sheet[L.TITLE_CELL] = f"GP placement evaluation {academic_year}: {student.full_name}"
    sheet[L.TITLE_CELL].font = Font(bold=True, size=14)
    sheet["A2"] = INSTRUCTIONS
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A2:L2")
    sheet.row_dimensions[2].height = 75
    sheet[L.STUDENT_LABEL_CELL] = L.STUDENT_LABEL
    sheet[L.STUDENT_LABEL_CELL].font = Font(bold=True)
    sheet[L.STUDENT_CELL] = student.student_id
    as_text(sheet[L.STUDENT_CELL])
    for column, name in enumerate(L.COLUMNS, start=1):
        cell = sheet.cell(row=L.HEADER_ROW, column=column, value=name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    score = DataValidation(type="whole", operator="between", formula1=str(L.LOWEST), formula2=str(L.HIGHEST),
                           allow_blank=True)
    score.error, score.errorTitle, score.showErrorMessage = (
        f"A score: a whole number from {L.LOWEST} to {L.HIGHEST}.", "GP placements", True)
    concern = DataValidation(type="list", formula1=f'"{L.CONCERN_YES}"', allow_blank=True)
    concern.error, concern.errorTitle, concern.showErrorMessage = (
        f"Type {L.CONCERN_YES} or leave it empty.", "GP placements", True)
    sheet.add_data_validation(score)
    sheet.add_data_validation(concern)
    for row, (block, practice) in enumerate(placements, start=L.FIRST_ROW):
        values = (block.block_id, block.name, date_range(block.start_date, block.end_date), practice.code,
                  practice.name)
        for column, value in enumerate(values, start=1):
            as_text(sheet.cell(row=row, column=column, value=value))
        for letter in (*L.SCORE_COLUMNS, L.COMMENT_COLUMN, L.CONCERN_COLUMN):
            cell = sheet[f"{letter}{row}"]
            cell.protection, cell.fill = Protection(locked=False), ANSWER_FILL
        sheet[f"{L.COMMENT_COLUMN}{row}"].alignment = Alignment(wrap_text=True, vertical="top")
        as_text(sheet[f"{L.COMMENT_COLUMN}{row}"])
    if placements:
        last = L.FIRST_ROW + len(placements) - 1
        score.add(f"{L.SCORE_COLUMNS[0]}{L.FIRST_ROW}:{L.SCORE_COLUMNS[-1]}{last}")
        concern.add(f"{L.CONCERN_COLUMN}{L.FIRST_ROW}:{L.CONCERN_COLUMN}{last}")
    for letter, width in zip("ABCDEFGHIJKL", (12, 20, 26, 12, 28, 9, 9, 9, 9, 9, 48, 9)):
        sheet.column_dimensions[letter].width = width
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    book.save(path)
    return len(placements)
