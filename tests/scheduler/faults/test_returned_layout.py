"""A returned workbook whose labels were changed (a header retyped, a column moved) is refused at each changed cell,
saying to send a new workbook, in the offers and evaluations rounds alike (the offers' Tutors sheet: in
services/test_offers_tutors.py), and nothing is read from that sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from scheduler.evaluations import layout as E
from scheduler.offers import layout as O
from scheduler.services import Workspace
from scheduler.services.evaluations import check_evaluation_returns, evaluations_out
from scheduler.services.offers import check_offer_returns, offers_out


def _returned(folder: Path, sheet: str, cell: str) -> Path:
    path = sorted(folder.glob("*.xlsx"))[0]
    book = load_workbook(path)
    book[sheet][cell] = "something else"
    book.save(path)
    return path


def test_a_changed_offer_label_is_refused_at_its_cell(base_db, tmp_path):
    with Workspace.open(base_db) as ws:
        offers_out(ws, tmp_path / "out")
        path = _returned(tmp_path / "out", O.SHEET, f"A{O.HEADER_ROW}")
        check = check_offer_returns(ws, [path])
    assert [str(p) for p in check.problems] == [
        f"{path.name}, sheet {O.SHEET}, cell A{O.HEADER_ROW}: should say {O.BLOCK_COLUMNS[0]!r}: the layout was "
        "changed; send the practice a new workbook"]
    assert check.returns == []


def test_a_changed_evaluation_label_is_refused_at_its_cell(base_db, tmp_path):
    with Workspace.open(base_db) as ws:
        evaluations_out(ws, tmp_path / "out")
        path = _returned(tmp_path / "out", E.SHEET, E.STUDENT_LABEL_CELL)
        check = check_evaluation_returns(ws, [path])
    assert [str(p) for p in check.problems] == [
        f"{path.name}, sheet {E.SHEET}, cell {E.STUDENT_LABEL_CELL}: should say {E.STUDENT_LABEL!r}: the layout was "
        "changed; send the student a new workbook"]
    assert check.answers == []

