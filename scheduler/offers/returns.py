"""Reading returned offer workbooks: every answer cell checked, then turned into changes to the data set.

Returns come back renamed, with numbers typed as text and stray spaces; all of
that is accepted. What cannot be used (an unknown practice or block, a
negative or non-numeric number of places, two returns for one practice, and
a merged, error or uncached formula cell as the data import refuses them, a bad
row of the ``Tutors`` sheet) is a problem named by file, sheet and cell, and
then nothing is applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scheduler.domain import DataSet, OfferChange, Tutor
from scheduler.exchange import sheet_findings, text_rules
from scheduler.exchange.sheet_xml import column_index
from scheduler.exchange.validate import MOST_PLACES
from scheduler.offers import layout as L
from scheduler.offers import tutor_sheet
from scheduler.returned_workbooks import (
    FileProblem,
    add_cell_problems,
    cell_text,
    open_returned_sheet,
    whole_number,
    workbook_files,
)

_READ = [sheet_findings.cell(ref) for ref in (L.CODE_CELL, L.TUTOR_CELL, L.PER_DAY_CELL)] + [
    sheet_findings.column(column_index(letter), L.FIRST_BLOCK_ROW) for letter in (L.BLOCK_ID_COLUMN, L.PLACES_COLUMN)]
"""The cells an answer is read from: code, tutor, students per day, and each block's id and places."""


@dataclass
class OfferReturn:
    file: str
    practice_code: str
    tutor: str
    per_day: int | None
    places: dict[str, int]
    tutors: tuple[Tutor, ...] | None = None
    """the ``Tutors`` sheet's rows (None: the workbook has no such sheet)"""


@dataclass
class ReturnsCheck:
    returns: list[OfferReturn] = field(default_factory=list)
    changes: list[OfferChange] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)
    warnings: list[FileProblem] = field(default_factory=list)
    """Hidden parts of a workbook: read like the rest, but worth a look."""

    @property
    def ok(self) -> bool:
        return not self.problems


def check_returns(paths: list[Path], data: DataSet) -> ReturnsCheck:
    """Reads every returned workbook and compares it with the data set; nothing is changed here."""
    result = ReturnsCheck()
    files = workbook_files(paths)
    if not files:
        result.problems.append(FileProblem(", ".join(str(p) for p in paths), "", "", "no .xlsx offer workbook found"))
    seen: dict[str, str] = {}
    for path in files:
        answer = _read_one(path, data, result.problems, result.warnings)
        if answer is None:
            continue
        if answer.practice_code in seen:
            result.problems.append(FileProblem(answer.file, L.SHEET, L.CODE_CELL,
                                                f"a second return for {answer.practice_code} (the first is "
                                                f"{seen[answer.practice_code]}); keep only one"))
            continue
        seen[answer.practice_code] = answer.file
        result.returns.append(answer)
        result.changes += _changes(answer, data)
    return result


def _read_one(path: Path, data: DataSet, problems: list[FileProblem],
              warnings: list[FileProblem]) -> OfferReturn | None:
    name = path.name
    opened = open_returned_sheet(path, L.SHEET, len(L.BLOCK_COLUMNS), "an offer workbook", problems)
    if opened is None:
        return None
    sheet = opened.sheet
    before = len(problems)

    def problem(cell: str, message: str) -> None:
        problems.append(FileProblem(name, L.SHEET, cell, message))

    for cell, label in ((L.CODE_LABEL_CELL, L.CODE_LABEL), (f"A{L.HEADER_ROW}", L.BLOCK_COLUMNS[0]),
                        (f"{L.PLACES_COLUMN}{L.HEADER_ROW}", L.BLOCK_COLUMNS[-1])):
        if cell_text(sheet[cell].value).casefold() != label.casefold():
            problem(cell, f"should say {label!r}: the layout was changed; send the practice a new workbook")
    if len(problems) > before:
        return None
    add_cell_problems(path, opened.facts, _READ, problems, warnings)
    if len(problems) > before:
        return None
    practices = {p.code: p for p in data.practices}
    code = cell_text(sheet[L.CODE_CELL].value).upper()
    practice = practices.get(code)
    if practice is None:
        problem(L.CODE_CELL, "the code is not a practice of the data set" if code else "the code is empty")
        return None
    per_day = whole_number(sheet[L.PER_DAY_CELL].value, low=1, high=MOST_PLACES)
    if isinstance(per_day, str):
        problem(L.PER_DAY_CELL, f"students per day {per_day}")
        per_day = None
    blocks = {b.block_id: b for b in data.blocks}
    places: dict[str, int] = {}
    for row in range(L.FIRST_BLOCK_ROW, min(sheet.max_row, sheet_findings.MOST_ROWS) + 1):
        block_id = cell_text(sheet[f"{L.BLOCK_ID_COLUMN}{row}"].value)
        value = sheet[f"{L.PLACES_COLUMN}{row}"].value
        if not block_id and cell_text(value) == "":
            continue
        block = blocks.get(block_id)
        if block is None:
            problem(f"{L.BLOCK_ID_COLUMN}{row}",
                    "the block id is not a block of the data set" if block_id else "the block id is empty")
            continue
        if block.year not in practice.years:
            problem(f"{L.BLOCK_ID_COLUMN}{row}", f"{code} does not teach year {block.year} ({block_id})")
            continue
        number = whole_number(value, low=0, high=MOST_PLACES)
        if number is None:
            problem(f"{L.PLACES_COLUMN}{row}", "places is empty: type 0 if the practice cannot take students")
        elif isinstance(number, str):
            problem(f"{L.PLACES_COLUMN}{row}", f"places {number}")
        elif block_id in places:
            problem(f"{L.BLOCK_ID_COLUMN}{row}", f"{block_id} is listed twice")
        else:
            places[block_id] = number
    tutor = sheet[L.TUTOR_CELL].value
    tutor = tutor.strip() if isinstance(tutor, str) else cell_text(tutor)
    wrong = text_rules.fault(tutor, "tutor")
    if wrong:
        problem(L.TUTOR_CELL, wrong)
    tutors = None
    book = opened.book
    if tutor_sheet.SHEET in book.sheetnames:
        if not data.tutors:
            problems.append(FileProblem(name, tutor_sheet.SHEET, "", "the data set keeps no GP tutors (no tutors "
                                        "table), so this sheet cannot be applied: import a tutors table first"))
        else:
            tutors = tutor_sheet.read_tutor_sheet(path, book[tutor_sheet.SHEET], code, problems, warnings)
    if len(problems) > before:
        return None
    return OfferReturn(name, code, tutor, per_day, places, tutors)


def _changes(answer: OfferReturn, data: DataSet) -> list[OfferChange]:
    practice = next(p for p in data.practices if p.code == answer.practice_code)
    changes = []
    for block_id, places in answer.places.items():
        now = data.capacity(practice, block_id)
        if places != now:
            changes.append(OfferChange(practice.code, block_id, "places", now, places))
    if answer.per_day != practice.max_students_per_day:
        changes.append(OfferChange(practice.code, "", "per_day", practice.max_students_per_day, answer.per_day))
    if answer.tutor != practice.tutor:
        changes.append(OfferChange(practice.code, "", "tutor", practice.tutor, answer.tutor))
    tutors = tuple(t for t in data.tutors if t.practice_code == practice.code)
    if answer.tutors is not None and answer.tutors != tutors:
        changes.append(OfferChange(practice.code, "", "tutors", tutors, answer.tutors))
    return changes

