"""The Practices page's quality column: the mean of "would recommend" with its n, blank where fewer students
answered than Settings.evaluation_min_answers, and "review" in red for a practice flagged below
Settings.quality_flag_below; the practice's details say the same in words."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from scheduler.evaluations import layout as L
from scheduler.services import Workspace, data, evaluations, plans


def _answer_at(db: str, folder: Path, answers: dict[str, list[int]]) -> dict[str, set[str]]:
    """Sends the round, then students placed at each practice answer their placement there: ``answers`` maps
    a practice code to one "would recommend" score per student (the other questions answered 3); returns who
    answered at each practice."""
    with Workspace.open(db) as ws:
        evaluations.evaluations_out(ws, folder / "out")
        plan = plans.load_plan(ws)
        by_practice: dict[str, list[tuple[str, str]]] = {}
        for p in plan.placements:
            by_practice.setdefault(p.practice_code, []).append((p.student_id, p.block_id))
        returned, answered = [], {}
        for code, scores in answers.items():
            students = list(dict.fromkeys(sid for sid, _ in by_practice[code]))[:len(scores)]
            assert len(students) == len(scores), "enough students placed at the practice"
            answered[code] = set(students)
            for sid, score in zip(students, scores):
                book = load_workbook(folder / "out" / f"{sid}.xlsx")
                sheet = book[L.SHEET]
                for row in range(L.FIRST_ROW, sheet.max_row + 1):
                    if sheet[f"{L.PRACTICE_COLUMN}{row}"].value == code:
                        for letter in L.SCORE_COLUMNS[:-1]:
                            sheet[f"{letter}{row}"] = 3
                        sheet[f"{L.SCORE_COLUMNS[-1]}{row}"] = score
                returned.append(folder / f"returned-{sid}.xlsx")
                book.save(returned[-1])
        evaluations.import_evaluations(ws, returned)
    return answered


def _busiest(db: str, count: int) -> list[str]:
    """The ``count`` practices with the most students placed (each student once)."""
    with Workspace.open(db) as ws:
        plan = plans.load_plan(ws)
    students = Counter(code for code, _ in {(p.practice_code, p.student_id) for p in plan.placements})
    return [code for code, _ in students.most_common(count)]


def _column(page, code: str, title: str = "Recommend"):
    model = page.model
    column = next(i for i, c in enumerate(model.columns) if c.title == title)
    row = next(r for r in range(model.rowCount()) if model.row_at(r).practice.code == code)
    return model.index(row, column)


def test_the_column_shows_the_mean_with_n_only_from_the_threshold_up_and_flags_in_red(make_window, planned_db,
                                                                                    tmp_path):
    enough, too_few = _busiest(planned_db, 2)
    answered = _answer_at(planned_db, tmp_path, {enough: [5, 4, 2], too_few: [5, 5]})
    with Workspace.open(planned_db) as ws:
        assert data.load_settings(ws).evaluation_min_answers == 3
    window = make_window(planned_db)
    window.show_page(window.pages.index(window.practices))
    page = window.practices
    assert _column(page, enough).data() == "3.7 (n=3)"
    assert _column(page, too_few).data() == ""  # two answers: no score
    assert _column(page, enough).data(Qt.ItemDataRole.ForegroundRole) is None  # mean of all 3.1 >= 3.0
    untouched = next(p.code for p in window.state.snapshot.dataset.practices if p.code not in (enough, too_few))
    assert _column(page, untouched).data() == ""

    page.filters.search.setText(enough)
    page.filters.flush()
    page.table.selectRow(0)
    there = [p for p in window.state.snapshot.plan.placements if p.practice_code == enough]
    evaluated = sum(1 for p in there if p.student_id in answered[enough])  # a student may be there in two blocks
    assert f"{evaluated} of {len(there)} placements evaluated, mean of all questions 3.1 (n=3)." in page.details.toPlainText()

    with Workspace.open(planned_db) as ws:
        data.save_settings(ws, dataclasses.replace(data.load_settings(ws), quality_flag_below=3.5))
    window.state.reload()
    assert _column(page, enough).data() == "3.7 (n=3) · review"
    assert _column(page, enough).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    page.table.selectRow(0)
    assert "flagged for review" in page.details.toPlainText()
