"""The Evaluations page: send the round (all blocks or one), import returns (every answer shown, saved only on
Save; a broken return refused by file, sheet and cell with nothing written), who has not replied, and the
concerns list with what was done recorded in the audit."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from scheduler.evaluations import layout as L
from scheduler.services import Workspace, audit, evaluations


def _open(window):
    window.show_page(window.pages.index(window.evaluations))
    return window.evaluations


def _send(page, folder: Path, block: str | None = None) -> list[Path]:
    if block:
        page.block_combo.setCurrentText(block)
    page.ask_folder = lambda: str(folder)
    page.send_button.click()
    return sorted(folder.glob("*.xlsx"))


def _answer(workbook: Path, to: Path, recommend: object = 4, concern: bool = False) -> tuple[str, str]:
    """Answers the first placement of a student's workbook in a copy; returns (student id, block id)."""
    book = load_workbook(workbook)
    sheet = book[L.SHEET]
    row = L.FIRST_ROW
    for letter in L.SCORE_COLUMNS[:-1]:
        sheet[f"{letter}{row}"] = 3
    sheet[f"{L.SCORE_COLUMNS[-1]}{row}"] = recommend
    sheet[f"{L.COMMENT_COLUMN}{row}"] = "The induction was rushed" if concern else ""
    sheet[f"{L.CONCERN_COLUMN}{row}"] = L.CONCERN_YES if concern else None
    book.save(to)
    return str(sheet[L.STUDENT_CELL].value), str(sheet[f"{L.BLOCK_COLUMN}{row}"].value)


def _stored(db: str) -> dict[tuple[str, str], dict]:
    from scheduler.store import evaluation_rows

    with Workspace.open(db) as ws, ws.session() as s:
        return {(r["student_id"], r["block_id"]): r for r in evaluation_rows.all_rows(s)}


def test_sending_for_one_block_lists_its_students_awaiting_a_reply(make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    page = _open(window)
    assert page.replies.model.rowCount() == 0
    block = window.state.snapshot.dataset.blocks[0].block_id
    workbooks = _send(page, tmp_path / "round", block)
    placed = {p.student_id for p in window.state.snapshot.plan.placements if p.block_id == block}
    assert {p.stem for p in workbooks} == placed and placed
    rows = page.replies.model.rows()
    assert {r.student_id for r in rows} == placed and all(r.placements == 1 for r in rows)
    assert page.replies.count_label.text() == f"0 of {len(placed):,} students replied · {len(placed):,} awaiting a " \
                                      "reply · 0 to chase"


def test_a_return_is_previewed_then_saved_and_its_concern_followed_up(make_window, planned_db, tmp_path):
    window = make_window(planned_db)
    page = _open(window)
    workbooks = _send(page, tmp_path / "round")
    returned = tmp_path / "returned.xlsx"
    student, block = _answer(workbooks[0], returned, concern=True)

    page.import_returns([str(returned)])
    dialog = page.returns_dialog
    assert dialog.isVisible() and not dialog.problems.isVisible()
    (answer,) = dialog.model.rows()
    assert (answer.student_id, answer.block_id, answer.scores["recommend"], answer.concern) == (student, block, 4,
                                                                                                True)
    assert "1 concern among them" in dialog.summary.text()
    assert _stored(planned_db)[(student, block)]["received"] is None  # shown, not saved
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert _stored(planned_db)[(student, block)]["recommend"] == 4
    assert {r.student_id: r.answered for r in page.replies.model.rows()}[student] == 1
    assert page.replies.count_label.text().startswith(f"1 of {page.replies.model.rowCount():,} students replied")

    (concern,) = page.concern_model.rows()
    assert (concern.student_id, concern.block_id, concern.action) == (student, block, "")
    assert not page.action_button.isEnabled()
    page.concern_table.selectRow(0)
    page.ask_action = lambda c: "Spoke to the practice manager"
    page.action_button.click()
    (concern,) = page.concern_model.rows()
    assert concern.action == "Spoke to the practice manager" and concern.action_at is not None
    with Workspace.open(planned_db) as ws:
        assert any(e.after == "Spoke to the practice manager" for e in audit.events(ws, action="evaluation concern"))


def test_a_broken_return_is_refused_by_file_sheet_and_cell_and_nothing_is_written(make_window, planned_db,
                                                                                  tmp_path):
    window = make_window(planned_db)
    page = _open(window)
    workbooks = _send(page, tmp_path / "round")
    good, broken = tmp_path / "good.xlsx", tmp_path / "broken.xlsx"
    _answer(workbooks[0], good)
    _answer(workbooks[1], broken, recommend=9)
    before = _stored(planned_db)

    page.import_returns([str(good), str(broken)])
    dialog = page.returns_dialog
    assert dialog.problems.isVisible() and not dialog.save_button.isEnabled()
    (problem,) = dialog.problem_model.rows()
    assert (problem.file, problem.sheet, problem.cell) == ("broken.xlsx", L.SHEET,
                                                           f"{L.SCORE_COLUMNS[-1]}{L.FIRST_ROW}")
    column = next(i for i, c in enumerate(dialog.problem_model.columns) if c.title == "Column")
    assert dialog.problem_model.index(0, column).data() == "J (recommend)"
    dialog.reject()
    assert _stored(planned_db) == before
    with Workspace.open(planned_db) as ws:
        assert all(s.replied is None for s in evaluations.evaluations_status(ws))
