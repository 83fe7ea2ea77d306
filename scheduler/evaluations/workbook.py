"""The evaluation workbook sent to a student: each of their placements, five 1-5 questions and a comment.

The sheet is protected except the answer cells, which carry Excel data
validation (whole numbers 1-5; the concern cell a "yes" list), so a student
can type only what belongs there. The reader (``returns``) still checks every
cell: protection and validation are a help, not a guarantee.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment, Font

from scheduler import sent_workbooks as sent
from scheduler.domain import Block, Practice, Student
from scheduler.evaluations import layout as L
from scheduler.exchange.formula_guard import as_text
from scheduler.reports.text import date_range

INSTRUCTIONS = ("For each placement, score the yellow cells from 1 (poor) to 5 (excellent): the teaching, the "
                "welcome you had, your contact with patients, how well it was organised, and whether you would "
                "recommend it. Add a comment if you wish; type yes under 'concern' if your comment raises a "
                "concern the placement office should follow up (it is never shown to the practice). "
                "Practices see only averages of three or more students. Save and return the workbook.")


def write_evaluation_workbook(student: Student, placements: list[tuple[Block, Practice]], academic_year: str,
                              path: Path) -> int:
    """Writes the student's workbook to ``path``; returns how many placements it lists."""
    book, sheet = sent.new_sheet(L.SHEET)
    sheet[L.TITLE_CELL] = f"GP placement evaluation {academic_year}: {student.full_name}"
    sheet[L.TITLE_CELL].font = Font(bold=True, size=14)
    sent.instructions(sheet, "A2:L2", INSTRUCTIONS, 75)
    sheet[L.STUDENT_LABEL_CELL] = L.STUDENT_LABEL
    sheet[L.STUDENT_LABEL_CELL].font = Font(bold=True)
    sheet[L.STUDENT_CELL] = student.student_id
    as_text(sheet[L.STUDENT_CELL])
    sent.header_row(sheet, L.HEADER_ROW, L.COLUMNS)
    score = sent.validation(sheet, f"A score: a whole number from {L.LOWEST} to {L.HIGHEST}.", type="whole",
                            operator="between", formula1=str(L.LOWEST), formula2=str(L.HIGHEST))
    concern = sent.validation(sheet, f"Type {L.CONCERN_YES} or leave it empty.", type="list",
                              formula1=f'"{L.CONCERN_YES}"')
    for row, (block, practice) in enumerate(placements, start=L.FIRST_ROW):
        values = (block.block_id, block.name, date_range(block.start_date, block.end_date), practice.code,
                  practice.name)
        for column, value in enumerate(values, start=1):
            as_text(sheet.cell(row=row, column=column, value=value))
        for letter in (*L.SCORE_COLUMNS, L.COMMENT_COLUMN, L.CONCERN_COLUMN):
            sent.answer_cell(sheet[f"{letter}{row}"])
        sheet[f"{L.COMMENT_COLUMN}{row}"].alignment = Alignment(wrap_text=True, vertical="top")
        as_text(sheet[f"{L.COMMENT_COLUMN}{row}"])
    if placements:
        last = L.FIRST_ROW + len(placements) - 1
        score.add(f"{L.SCORE_COLUMNS[0]}{L.FIRST_ROW}:{L.SCORE_COLUMNS[-1]}{last}")
        concern.add(f"{L.CONCERN_COLUMN}{L.FIRST_ROW}:{L.CONCERN_COLUMN}{last}")
    sent.column_widths(sheet, (12, 20, 26, 12, 28, 9, 9, 9, 9, 9, 48, 9))
    sent.protect(sheet, "formatColumns", "formatRows")
    book.save(path)
    return len(placements)
