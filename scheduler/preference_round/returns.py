"""Reading returned preference workbooks: every rank checked, then the answering students' ranks as preferences.

A rank must be a whole number from 1, unique for the student, for a practice
the hard rules allow them (a row someone typed in for another practice is
refused); a merged, error or uncached formula cell is refused as the data
import refuses it. Problems are named by file, sheet and cell; with any problem,
nothing is imported. A student who ranked nothing keeps their old preferences.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from scheduler.domain import DataSet, Preference
from scheduler.exchange import sheet_findings
from scheduler.exchange.validate import MOST_RANK
from scheduler.preference_round.workbook import COLUMNS, HEADER_ROW, SHEET
from scheduler.returned_workbooks import (
    FileProblem,
    add_cell_problems,
    cell_text,
    open_returned_sheet,
    whole_number,
    workbook_files,
)


@dataclass
class PreferencesCheck:
    preferences: dict[str, list[Preference]] = field(default_factory=dict)
    """student id -> their new ranks (only students who ranked at least one practice)"""
    sources: dict[str, str] = field(default_factory=dict)
    """student id -> the name of the returned file that ranks them"""
    problems: list[FileProblem] = field(default_factory=list)
    warnings: list[FileProblem] = field(default_factory=list)
    """Hidden parts of a workbook: read like the rest, but worth a look."""

    @property
    def ok(self) -> bool:
        return not self.problems


def check_preference_returns(paths: list[Path], data: DataSet,
                             allowed: dict[str, list[tuple[str, float]]]) -> PreferencesCheck:
    result = PreferencesCheck()
    files = workbook_files(paths)
    if not files:
        result.problems.append(FileProblem(", ".join(map(str, paths)), "", "", "no .xlsx preferences workbook found"))
    allowed_codes = {sid: {code for code, _ in rows} for sid, rows in allowed.items()}
    students = {s.student_id for s in data.students}
    seen: dict[str, str] = {}
    for path in files:
        first_cell: dict[str, str] = {}
        for sid, ranks in _read_one(path, students, allowed_codes, result.problems, result.warnings,
                                    first_cell).items():
            if sid in seen:
                result.problems.append(FileProblem(path.name, SHEET, first_cell[sid], "the student is also ranked "
                                                   f"in {seen[sid]}; keep their ranks in one workbook"))
                continue
            seen[sid] = result.sources[sid] = path.name
            result.preferences[sid] = [Preference(sid, code, rank) for code, rank in ranks]
    return result


def _read_one(path: Path, students: set[str], allowed: dict[str, set[str]], problems: list[FileProblem],
              warnings: list[FileProblem], first_cell: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """The ranks of one workbook by student; ``first_cell`` gets each student's first student_id cell."""
    name = path.name
    opened = open_returned_sheet(path, SHEET, len(COLUMNS), "a preferences workbook", problems)
    if opened is None:
        return {}
    sheet = opened.sheet
    header = [cell_text(c.value).casefold() for c in sheet[HEADER_ROW]]
    where = {column: header.index(column) for column in COLUMNS if column in header}
    if {"student_id", "practice_code", "rank"} - set(where):
        problems.append(FileProblem(name, SHEET, f"A{HEADER_ROW}", "the header row was changed: it needs "
                                    "student_id, practice_code and rank; send the students a new workbook"))
        return {}
    letters = {column: get_column_letter(i + 1) for column, i in where.items()}
    before = len(problems)
    add_cell_problems(path, opened.facts, [sheet_findings.column(where[c], HEADER_ROW + 1)
                                    for c in ("student_id", "practice_code", "rank")], problems, warnings)
    if len(problems) > before:
        return {}
    ranks: dict[str, list[tuple[str, int]]] = defaultdict(list)
    cells: dict[tuple[str, int], str] = {}
    codes: dict[tuple[str, str], str] = {}
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=min(sheet.max_row, sheet_findings.MOST_ROWS),
                               max_col=max(where.values()) + 1):
        values = [c.value for c in row]
        number = row[0].row
        sid = cell_text(values[where["student_id"]] if where["student_id"] < len(values) else None)
        code = cell_text(values[where["practice_code"]] if where["practice_code"] < len(values) else None).upper()
        rank_text = cell_text(values[where["rank"]] if where["rank"] < len(values) else None)
        if not rank_text:
            continue
        cell = f"{letters['rank']}{number}"

        def problem(message: str, at: str = cell) -> None:
            problems.append(FileProblem(name, SHEET, at, message))

        rank = whole_number(rank_text, low=1, high=MOST_RANK)
        if not isinstance(rank, int):
            problem(f"rank {rank}")
            continue
        if sid not in students:
            problem("the student_id is not a student of the data set" if sid else "the student_id is empty",
                    f"{letters['student_id']}{number}")
            continue
        if code not in allowed.get(sid, set()):
            problem(f"{'the practice_code' if code else 'an empty practice_code'} is not a practice this student "
                    "may be placed at (out of reach or ruled out); rank only the practices listed for them",
                    f"{letters['practice_code']}{number}")
            continue
        if (sid, rank) in cells:
            problem(f"the student gives rank {rank} twice (also {cells[(sid, rank)]}); each rank once")
            continue
        if (sid, code) in codes:
            problem(f"the student ranks the same practice twice (also {codes[(sid, code)]})")
            continue
        first_cell.setdefault(sid, f"{letters['student_id']}{number}")
        cells[(sid, rank)], codes[(sid, code)] = cell, cell
        ranks[sid].append((code, rank))
    return {} if len(problems) > before else dict(ranks)

