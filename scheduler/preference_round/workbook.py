"""The preferences workbook of one cohort (year and group): per student, every practice the hard rules allow.

One row per student and allowed practice, nearest first, with a rank cell to
fill (1 = most wanted). Only the rank cells can be edited; a student ranks
none, some or all of their rows. Nobody can rank a practice the rules would
never give them, because such practices are not listed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from scheduler import sent_workbooks as sent
from scheduler.display_text import shown_text
from scheduler.domain import DataSet, Student
from scheduler.exchange.formula_guard import as_text
from scheduler.file_names import safe_filename
from scheduler.rules import units
from scheduler.settings import Settings
from scheduler.solver import candidates

SHEET = "Preferences"
HEADER_ROW = 3
COLUMNS = ("student_id", "first_name", "last_name", "practice_code", "practice", "minutes", "rank")
RANK_COLUMN = "G"


@dataclass(frozen=True, slots=True)
class Cohort:
    year: int
    group: str
    programme: str

    @property
    def label(self) -> str:
        name = f"Year {self.year}" + (f" group {self.group}" if self.group else "")
        return name if self.programme == "medicine" else f"{name} ({self.programme.replace('_', ' ')})"

    @property
    def file_stem(self) -> str:
        parts = [f"year{self.year}"] + ([f"group-{safe_filename(self.group)}"] if self.group else [])
        if self.programme != "medicine":
            parts.append(safe_filename(self.programme))
        return "preferences-" + "-".join(parts)


def allowed_practices(data: DataSet, settings: Settings) -> dict[str, list[tuple[str, float]]]:
    """Per student, (practice code, one-way minutes) of every practice the hard rules allow in any of
    their blocks, nearest first."""
    cands = candidates.build(data, settings)
    best: dict[str, dict[int, float]] = defaultdict(dict)
    for k in range(cands.n_sb):
        s = int(cands.sb_student[k])
        sid = data.students[s].student_id
        for j, t10 in zip(cands.of(k), cands.travel10[cands.ptr[k]:cands.ptr[k + 1]]):
            best[sid][int(j)] = units.minutes(t10)
    return {sid: [(data.practices[j].code, m) for j, m in sorted(found.items(), key=lambda item: (item[1], item[0]))]
            for sid, found in best.items()}


def cohorts(data: DataSet, year: int | None = None) -> dict[Cohort, list[Student]]:
    out: dict[Cohort, list[Student]] = defaultdict(list)
    for s in data.students:
        if year is None or s.year == year:
            out[Cohort(s.year, s.group, s.programme)].append(s)
    return dict(sorted(out.items(), key=lambda item: (item[0].year, item[0].programme, item[0].group)))


def write_cohort_workbook(data: DataSet, cohort: Cohort, students: list[Student],
                          allowed: dict[str, list[tuple[str, float]]], academic_year: str, path: Path) -> int:
    """Writes the cohort's workbook; returns the number of rows (student x allowed practice)."""
    names = {p.code: p.name for p in data.practices}
    ranked = {(p.student_id, p.practice_code): p.rank for p in data.preferences}
    book, sheet = sent.new_sheet(SHEET)
    sent.instructions(sheet, "A1:G1", f"GP placement preferences {academic_year}, {shown_text(cohort.label)}: rank "
                      "the practices you would most like (1 = most wanted) in the yellow cells. Leave the others "
                      "empty. Only practices you may be placed at are listed, nearest first.", 45)
    sent.header_row(sheet, HEADER_ROW, COLUMNS)
    rank_rule = sent.validation(sheet, "Rank: a whole number, 1 for the most wanted.", type="whole",
                                operator="greaterThanOrEqual", formula1="1")
    row = HEADER_ROW
    for student in sorted(students, key=lambda s: (s.last_name.casefold(), s.first_name.casefold(), s.student_id)):
        for code, minutes in allowed.get(student.student_id, []):
            row += 1
            values = (student.student_id, student.first_name, student.last_name, code, names.get(code, ""),
                      round(minutes), ranked.get((student.student_id, code)))
            for column, value in enumerate(values, start=1):
                as_text(sheet.cell(row=row, column=column, value=value))
            sent.answer_cell(sheet[f"{RANK_COLUMN}{row}"])
    if row > HEADER_ROW:
        rank_rule.add(f"{RANK_COLUMN}{HEADER_ROW + 1}:{RANK_COLUMN}{row}")
    sent.column_widths(sheet, (12, 16, 18, 12, 34, 9, 7))
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:G{max(row, HEADER_ROW)}"
    sent.protect(sheet, "autoFilter", "sort")
    book.save(path)
    return row - HEADER_ROW
