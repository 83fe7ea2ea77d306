"""The offer workbook's ``Tutors`` sheet: the practice's GP tutors, to confirm, change, add or remove.

Written only when the data set keeps tutors (a tutors table with rows): the
practice's tutors one per row, then empty answer rows for new ones. Read back,
every row is checked as the data import checks the ``tutors`` table (a name,
real dates, the refresher not before the training, yes or no, a tutor once),
and a problem is named by file, sheet and cell without quoting it. The rows
read replace the practice's tutors, all or nothing with the rest of the return.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.domain import Tutor
from scheduler.exchange import cells, sheet_findings, text_rules
from scheduler.exchange.formula_guard import as_text
from scheduler.returned_workbooks import FileProblem, add_cell_problems, cell_text, scanned_sheet

SHEET = "Tutors"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
COLUMNS = ("name", "email", "trained_on", "refresher_due", "active")
"""Columns A..E; every cell of a tutor's row is an answer."""
NAME, EMAIL, TRAINED, DUE, ACTIVE = COLUMNS_LETTERS = "ABCDE"
SPARE_ROWS = 5
"""Empty answer rows below the practice's tutors, for new ones."""
INSTRUCTIONS = ("Your GP tutors: correct any row, add new tutors in the empty yellow rows, and clear the row of "
                "anyone who no longer teaches. Dates as 07/09/2026; trained_on is the day of the tutor training, "
                "refresher_due the last day it is in date. A practice takes students in a block only with an "
                "active tutor whose training is in date through the block's last day.")

_READ = [sheet_findings.column(i, FIRST_ROW) for i in range(1, len(COLUMNS) + 1)]
_ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")


def write_tutor_sheet(book: Workbook, tutors: list[Tutor]) -> None:
    """Adds the ``Tutors`` sheet, protected except the answer rows."""
    sheet = book.create_sheet(SHEET)
    sheet["A1"] = "GP tutors"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = INSTRUCTIONS
    sheet["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells("A2:E2")
    sheet.row_dimensions[2].height = 62
    for column, name in enumerate(COLUMNS, start=1):
        sheet.cell(row=HEADER_ROW, column=column, value=name).font = Font(bold=True)
    dates = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    dates.error, dates.errorTitle, dates.showErrorMessage = "A date, e.g. 07/09/2026.", "GP placements", True
    yes_no = DataValidation(type="list", formula1='"yes,no"', allow_blank=True)
    sheet.add_data_validation(dates)
    sheet.add_data_validation(yes_no)
    last = FIRST_ROW + len(tutors) + SPARE_ROWS - 1
    for row, tutor in enumerate(tutors, start=FIRST_ROW):
        for letter, value in ((NAME, tutor.name), (EMAIL, tutor.email), (TRAINED, tutor.trained_on),
                              (DUE, tutor.refresher_due), (ACTIVE, "yes" if tutor.active else "no")):
            sheet[f"{letter}{row}"] = value
            as_text(sheet[f"{letter}{row}"])
    for row in range(FIRST_ROW, last + 1):
        for letter in COLUMNS_LETTERS:
            cell = sheet[f"{letter}{row}"]
            cell.protection, cell.fill = Protection(locked=False), _ANSWER_FILL
        for letter in (TRAINED, DUE):
            sheet[f"{letter}{row}"].number_format = "DD/MM/YYYY"
    dates.add(f"{TRAINED}{FIRST_ROW}:{DUE}{last}")
    yes_no.add(f"{ACTIVE}{FIRST_ROW}:{ACTIVE}{last}")
    for letter, width in zip(COLUMNS_LETTERS, (30, 30, 14, 14, 8)):
        sheet.column_dimensions[letter].width = width
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False


def read_tutor_sheet(path: Path, sheet: Worksheet, practice_code: str, problems: list[FileProblem],
                     warnings: list[FileProblem]) -> tuple[Tutor, ...] | None:
    """The tutors the returned sheet lists, or None when any row has a problem (added to ``problems``)."""
    before = len(problems)

    def problem(cell: str, message: str) -> None:
        problems.append(FileProblem(path.name, SHEET, cell, message))

    for column, name in zip(COLUMNS_LETTERS, COLUMNS):
        if cell_text(sheet[f"{column}{HEADER_ROW}"].value).casefold() != name:
            problem(f"{column}{HEADER_ROW}", f"should say {name!r}: the layout was changed; send the practice a "
                    "new workbook")
    facts, too_big = scanned_sheet(path, SHEET, len(COLUMNS))
    if too_big:
        problems.append(too_big)
    if len(problems) > before:
        return None
    add_cell_problems(path, facts, _READ, problems, warnings)
    if len(problems) > before:
        return None
    tutors: list[Tutor] = []
    seen: dict[str, int] = {}
    for row in range(FIRST_ROW, min(sheet.max_row, sheet_findings.MOST_ROWS) + 1):
        values = {letter: sheet[f"{letter}{row}"].value for letter in COLUMNS_LETTERS}
        if all(cell_text(v) == "" for v in values.values()):
            continue
        name, email = cell_text(values[NAME]), cell_text(values[EMAIL])
        for letter, text, column in ((NAME, name, "name"), (EMAIL, email, "email")):
            if wrong := text_rules.fault(text, column):
                problem(f"{letter}{row}", wrong)
        if not name:
            problem(f"{NAME}{row}", "the name is empty: give the tutor's name, or clear the whole row")
        elif (first := seen.setdefault(name.casefold(), row)) != row:
            problem(f"{NAME}{row}", f"the tutor is listed twice (also row {first}); keep one row per tutor")
        if email and "@" not in email:
            problem(f"{EMAIL}{row}", "the email has no @, so it does not look like an email address")
        trained = _parsed(values[TRAINED], cells.date, f"{TRAINED}{row}", "trained_on", problem)
        due = _parsed(values[DUE], cells.date, f"{DUE}{row}", "refresher_due", problem)
        active = True if cell_text(values[ACTIVE]) == "" else _parsed(values[ACTIVE], cells.yes_no,
                                                                       f"{ACTIVE}{row}", "active", problem)
        if trained and due and due < trained:
            problem(f"{DUE}{row}", "the refresher is due before the training date; refresher_due must be on or "
                    "after trained_on")
        if len(problems) == before and trained and due:
            tutors.append(Tutor(practice_code, name, trained, due, email, bool(active)))
    return tuple(tutors) if len(problems) == before else None


def _parsed(value: object, parse, cell: str, column: str, problem) -> object:
    """The cell parsed, or None with a problem when it is empty or does not parse."""
    if cell_text(value) == "":
        problem(cell, f"{column} is empty; every tutor needs one")
        return None
    try:
        return parse(value)
    except cells.CellError as exc:
        problem(cell, str(exc))
        return None
