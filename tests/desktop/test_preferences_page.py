"""The Preferences page: send the round, import a return (every change of rank shown, saved only on Save),
cancel saving nothing, and the list of who has not replied."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import update

from scheduler.preference_round.workbook import HEADER_ROW, RANK_COLUMN, SHEET
from scheduler.services import Workspace, preferences
from scheduler.services.data import load_dataset
from scheduler.store.models import PreferenceRoundRow


def _open(window):
    window.show_page(window.pages.index(window.preferences))
    return window.preferences


def _send(page, folder: Path) -> list[Path]:
    page.ask_folder = lambda: str(folder)
    page.send_button.click()
    return sorted(folder.glob("*.xlsx"))


def _ranks(db: str) -> dict[str, set[tuple[str, int]]]:
    with Workspace.open(db) as ws:
        found: dict[str, set[tuple[str, int]]] = {}
        for p in load_dataset(ws).preferences:
            found.setdefault(p.student_id, set()).add((p.practice_code, p.rank))
        return found


def _answer(workbook: Path, to: Path) -> tuple[str, list[tuple[str, int]]]:
    """The first student of the workbook ranks their two farthest practices (1 the farthest) and nothing
    else, in a copy; returns (student id, [(code, rank)])."""
    book = load_workbook(workbook)
    sheet = book[SHEET]
    student = sheet[f"A{HEADER_ROW + 1}"].value
    rows = [r for r in range(HEADER_ROW + 1, sheet.max_row + 1) if sheet[f"A{r}"].value == student]
    assert len(rows) >= 2, "the first student may go to two practices at least"
    for r in rows:
        sheet[f"{RANK_COLUMN}{r}"] = None
    ranked = [(sheet[f"D{rows[-1]}"].value, 1), (sheet[f"D{rows[-2]}"].value, 2)]
    sheet[f"{RANK_COLUMN}{rows[-1]}"], sheet[f"{RANK_COLUMN}{rows[-2]}"] = 1, " 2 "  # typed as text too
    book.save(to)
    return student, ranked


def _standings(page) -> dict[str, str]:
    column = next(i for i, c in enumerate(page.replies.model.columns) if c.title == "Reply")
    return {page.replies.model.row_at(r).student_id: page.replies.model.index(r, column).data() for r in range(page.replies.model.rowCount())}


def test_sending_writes_a_workbook_per_cohort_and_lists_every_student_awaiting_a_reply(make_window, data_db, tmp_path):
    window = make_window(data_db)
    page = _open(window)
    assert set(_standings(page).values()) == {"not sent"}
    workbooks = _send(page, tmp_path / "round")
    students = window.state.snapshot.dataset.students
    cohorts = {(s.year, s.group, s.programme) for s in students}
    assert len(workbooks) == len(cohorts) and all(p.name.startswith("preferences-year") for p in workbooks)
    listed = {load_workbook(p)[SHEET][f"A{r}"].value for p in workbooks
              for r in range(HEADER_ROW + 1, load_workbook(p)[SHEET].max_row + 1)}
    assert listed <= {s.student_id for s in students} and listed
    reply_by = dt.date.today() + dt.timedelta(days=preferences.REPLY_DAYS)
    assert set(_standings(page).values()) == {"awaiting reply"}
    assert all(r.reply_by == reply_by for r in page.replies.model.rows())
    assert page.replies.count_label.text() == f"0 of {len(students):,} students replied · {len(students):,} awaiting a " \
                                      "reply · 0 to chase"


def test_a_return_is_previewed_and_saved_only_on_save(make_window, data_db, tmp_path):
    window = make_window(data_db)
    page = _open(window)
    workbooks = _send(page, tmp_path / "round")
    returned = tmp_path / "reply from a student.xlsx"
    student, ranked = _answer(workbooks[0], returned)
    before = _ranks(data_db).get(student, set())

    page.import_returns([str(returned)])
    dialog = page.returns_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.problems.isVisible()
    (change,) = dialog.model.rows()
    assert change.student_id == student and change.source == returned.name
    shown = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert shown[3] == (", ".join(f"{r} {c}" for c, r in sorted(before, key=lambda x: x[1])) or "none")
    assert shown[4] == f"1 {ranked[0][0]}, 2 {ranked[1][0]}"
    assert _ranks(data_db).get(student, set()) == before  # shown, not saved
    assert set(_standings(page).values()) == {"awaiting reply"}

    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert _ranks(data_db)[student] == set(ranked)
    standings = _standings(page)
    assert standings.pop(student) == "replied" and set(standings.values()) == {"awaiting reply"}
    page.replies.filters.combos["reply"].setCurrentText("awaiting reply")
    page.replies.filters.flush()
    assert page.replies.proxy.rowCount() == page.replies.model.rowCount() - 1
    assert page.replies.count_label.text().startswith(f"1 of {page.replies.model.rowCount():,} students replied")


def test_cancel_saves_nothing(make_window, data_db, tmp_path):
    window = make_window(data_db)
    page = _open(window)
    workbooks = _send(page, tmp_path / "round")
    returned = tmp_path / "reply.xlsx"
    _answer(workbooks[0], returned)
    before = _ranks(data_db)
    page.import_returns([str(returned)])
    assert page.returns_dialog.model.rowCount() == 1
    page.returns_dialog.reject()
    assert _ranks(data_db) == before
    with Workspace.open(data_db) as ws:
        assert all(r.replied is None for r in preferences.preference_replies(ws))


def test_a_broken_return_names_file_sheet_row_and_column_and_cannot_be_saved(make_window, data_db, tmp_path):
    window = make_window(data_db)
    page = _open(window)
    workbooks = _send(page, tmp_path / "round")
    returned = tmp_path / "broken.xlsx"
    _answer(workbooks[0], returned)
    book = load_workbook(returned)
    book[SHEET][f"{RANK_COLUMN}{HEADER_ROW + 1}"] = "first"
    book.save(returned)
    before = _ranks(data_db)
    page.import_returns([str(returned)])
    dialog = page.returns_dialog
    assert not dialog.save_button.isEnabled() and dialog.problems.isVisible()
    model = dialog.problem_model
    assert [[model.index(r, c).data() for c in range(4)] for r in range(model.rowCount())] == [
        ["broken.xlsx", SHEET, str(HEADER_ROW + 1), f"{RANK_COLUMN} (rank)"]]
    assert "whole number" in model.index(0, 4).data()
    dialog.reject()
    assert _ranks(data_db) == before


def test_to_chase_starts_only_after_the_reply_by_date(make_window, data_db, tmp_path):
    window = make_window(data_db)
    page = _open(window)
    workbooks = _send(page, tmp_path / "round")
    returned = tmp_path / "reply.xlsx"
    student, _ = _answer(workbooks[0], returned)
    page.import_returns([str(returned)])
    page.returns_dialog.save_button.click()
    page.replies.filters.combos["reply"].setCurrentText("to chase")
    page.replies.filters.flush()
    assert page.replies.proxy.rowCount() == 0
    with Workspace.open(data_db) as ws, ws.session() as s:  # the reply-by date passes
        s.execute(update(PreferenceRoundRow).values(reply_by=dt.date.today() - dt.timedelta(days=1)))
    page.refresh()
    others = page.replies.model.rowCount() - 1
    assert page.replies.proxy.rowCount() == others
    assert student not in {page.replies.proxy.row_at(r).student_id for r in range(page.replies.proxy.rowCount())}
    assert page.replies.count_label.text().endswith(f"0 awaiting a reply · {others:,} to chase")


def test_sending_again_into_a_folder_holding_a_filled_in_workbook_is_refused_with_its_message(make_window, data_db,
                                                                                             tmp_path):
    window = make_window(data_db)
    page = _open(window)
    folder = tmp_path / "round"
    workbooks = _send(page, folder)
    _answer(workbooks[0], workbooks[0])  # a student's return saved over the workbook sent
    kept = workbooks[0].read_bytes()
    _send(page, folder)
    assert window.message_bar.isVisibleTo(window)
    message = window.message_bar.label.text()
    assert message.startswith("The preference workbooks were not written: the folder")
    assert "holds files changed since this app wrote them" in message and workbooks[0].name in message
    assert workbooks[0].read_bytes() == kept
