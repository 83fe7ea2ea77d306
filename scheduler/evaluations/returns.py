"""Reading returned evaluation workbooks: every answer cell checked, then each placement's answers.

A score must be a whole number from 1 to 5 (typed as text or with spaces is
fine) or empty; the concern cell "yes" (or y, x, true) or empty; the comment
text of at most 2,000 characters (``text_rules``). Each row must be
a placement of the student in the current plan, listed once, and a student
is returned once. A merged, error or uncached formula cell is refused as the
data import refuses it. Problems are named by file, sheet and cell and never
quote a cell (a comment is a student's own words); with any problem, nothing
is applied. A row with nothing filled in is no answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from scheduler.evaluations import layout as L
from scheduler.exchange import sheet_findings, text_rules
from scheduler.exchange.sheet_xml import column_index
from scheduler.returned_workbooks import (
    FileProblem,
    add_cell_problems,
    cell_text,
    open_returned_sheet,
    whole_number,
    workbook_files,
)

_READ = [sheet_findings.cell(L.STUDENT_CELL)] + [
    sheet_findings.column(column_index(letter), L.FIRST_ROW)
    for letter in (L.BLOCK_COLUMN, L.PRACTICE_COLUMN, *L.SCORE_COLUMNS, L.COMMENT_COLUMN, L.CONCERN_COLUMN)]
"""The cells an answer is read from: the student number, and each row's block, practice and answers."""

_YES = frozenset({"yes", "y", "x", "true", "1"})


@dataclass(frozen=True)
class Answer:
    student_id: str
    block_id: str
    practice_code: str
    scores: dict[str, int | None]
    comment: str
    concern: bool
    source: str


@dataclass
class EvaluationsCheck:
    answers: list[Answer] = field(default_factory=list)
    students: dict[str, str] = field(default_factory=dict)
    """student id -> the returned file that answers for them"""
    problems: list[FileProblem] = field(default_factory=list)
    warnings: list[FileProblem] = field(default_factory=list)
    """Hidden parts of a workbook: read like the rest, but worth a look."""

    @property
    def ok(self) -> bool:
        return not self.problems


def check_returns(paths: list[Path], placed: dict[str, dict[str, str]]) -> EvaluationsCheck:
    """Reads every returned workbook against ``placed`` (student id -> block id -> practice code of the
    current plan); nothing is changed here."""
    result = EvaluationsCheck()
    files = workbook_files(paths)
    if not files:
        result.problems.append(FileProblem(", ".join(map(str, paths)), "", "", "no .xlsx evaluation workbook found"))
    for path in files:
        read = _read_one(path, placed, result.problems, result.warnings)
        if read is None:
            continue
        student_id, answers = read
        if student_id in result.students:
            result.problems.append(FileProblem(path.name, L.SHEET, L.STUDENT_CELL, "a second return for this "
                                               f"student (the first is {result.students[student_id]}); keep only one"))
            continue
        result.students[student_id] = path.name
        result.answers += answers
    return result


def _read_one(path: Path, placed: dict[str, dict[str, str]], problems: list[FileProblem],
              warnings: list[FileProblem]) -> tuple[str, list[Answer]] | None:
    name = path.name
    opened = open_returned_sheet(path, L.SHEET, len(L.COLUMNS), "an evaluation workbook", problems)
    if opened is None:
        return None
    sheet = opened.sheet
    before = len(problems)

    def problem(cell: str, message: str) -> None:
        problems.append(FileProblem(name, L.SHEET, cell, message))

    expected = {L.STUDENT_LABEL_CELL: L.STUDENT_LABEL}
    expected.update({f"{get_column_letter(i)}{L.HEADER_ROW}": column
                     for i, column in enumerate(L.COLUMNS, start=1)})
    for cell, label in expected.items():
        if cell_text(sheet[cell].value).casefold() != label.casefold():
            problem(cell, f"should say {label!r}: the layout was changed; send the student a new workbook")
    if len(problems) > before:
        return None
    add_cell_problems(path, opened.facts, _READ, problems, warnings)
    if len(problems) > before:
        return None
    student_id = cell_text(sheet[L.STUDENT_CELL].value)
    theirs = placed.get(student_id)
    if theirs is None:
        problem(L.STUDENT_CELL, "the student number is not a student with placements in the current plan"
                if student_id else "the student number is empty")
        return None
    answers: list[Answer] = []
    seen: dict[str, str] = {}
    for row in range(L.FIRST_ROW, min(sheet.max_row, sheet_findings.MOST_ROWS) + 1):
        block_id = cell_text(sheet[f"{L.BLOCK_COLUMN}{row}"].value)
        code = cell_text(sheet[f"{L.PRACTICE_COLUMN}{row}"].value).upper()
        scores: dict[str, int | None] = {}
        for (column, label), letter in zip(L.QUESTIONS, L.SCORE_COLUMNS):
            score = whole_number(sheet[f"{letter}{row}"].value, low=L.LOWEST, high=L.HIGHEST)
            if isinstance(score, str):
                problem(f"{letter}{row}", f"{label} {score} (from {L.LOWEST} to {L.HIGHEST}), or leave it empty")
                score = None
            scores[column] = score
        comment_value = sheet[f"{L.COMMENT_COLUMN}{row}"].value
        comment = comment_value.strip() if isinstance(comment_value, str) else cell_text(comment_value)
        if wrong := text_rules.fault(comment, "comment"):
            problem(f"{L.COMMENT_COLUMN}{row}", wrong)
        concern_value = sheet[f"{L.CONCERN_COLUMN}{row}"].value
        concern_text = cell_text(concern_value).casefold()
        concern = concern_value is True or concern_text in _YES
        if concern_text and not concern and concern_value is not False and concern_text not in ("no", "n", "false",
                                                                                                  "0"):
            problem(f"{L.CONCERN_COLUMN}{row}", f"concern must be {L.CONCERN_YES} or empty")
        answered = any(v is not None for v in scores.values()) or comment or concern
        if not answered:  # nothing to store, even where the plan has changed since the workbook went out
            continue
        if theirs.get(block_id) is None or theirs[block_id] != code:
            problem(f"{L.BLOCK_COLUMN}{row}", "this row is not a placement of the student in the current plan; "
                    "send the student a new workbook")
            continue
        if block_id in seen:
            problem(f"{L.BLOCK_COLUMN}{row}", f"the placement is listed twice (also row {seen[block_id]})")
            continue
        seen[block_id] = str(row)
        if concern and not comment:
            problem(f"{L.COMMENT_COLUMN}{row}", "a concern is ticked but the comment is empty: say what it is")
        if answered:
            answers.append(Answer(student_id, block_id, code, scores, comment, concern, name))
    return None if len(problems) > before else (student_id, answers)
