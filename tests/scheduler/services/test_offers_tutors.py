"""The offer workbook's Tutors sheet: sent with the practice's tutors when tutors are kept, read back all or
nothing with the rest of the return, and a broken row refused by file, sheet and cell, never quoting it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import pytest
from database_helpers import dump_tables
from openpyxl import load_workbook
from test_offers import DATA

from scheduler.domain import Tutor
from scheduler.offers import layout as L
from scheduler.offers import tutor_sheet as T
from scheduler.returned_workbooks import ReturnsRefused
from scheduler.services import Workspace
from scheduler.services.data import load_dataset
from scheduler.services.offers import apply_offer_returns, check_offer_returns, offers_out
from scheduler.store import repository

TUTORS = (
    Tutor("M85001", "Dr Ada Shah", dt.date(2024, 2, 1), dt.date(2027, 1, 31), "ada@nhs.example"),
    Tutor("M85002", "Dr Ben Okafor", dt.date(2023, 5, 1), dt.date(2026, 4, 30)),
)


@pytest.fixture
def ws(tmp_path):
    with Workspace.open(str(tmp_path / "placements.db")) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, dataclasses.replace(DATA, tutors=TUTORS))
        yield ws


def returned(tmp_path, edit) -> object:
    """M85001's workbook from a fresh round, edited by ``edit(tutors sheet, offer sheet)`` and saved as a return."""
    path = tmp_path / "back" / "M85001 reply.xlsx"
    path.parent.mkdir(exist_ok=True)
    shutil.copy(tmp_path / "out" / "M85001.xlsx", path)
    book = load_workbook(path)
    edit(book[T.SHEET], book[L.SHEET])
    book.save(path)
    return path


def test_the_sheet_lists_the_practices_tutors_with_answer_rows_for_new_ones(ws, tmp_path):
    offers_out(ws, tmp_path / "out")
    sheet = load_workbook(tmp_path / "out" / "M85001.xlsx")[T.SHEET]
    assert [c.value for c in sheet[T.HEADER_ROW]] == list(T.COLUMNS)
    row = [c.value for c in sheet[T.FIRST_ROW]]
    assert row[:2] == ["Dr Ada Shah", "ada@nhs.example"] and row[4] == "yes"
    assert [d.date() for d in row[2:4]] == [dt.date(2024, 2, 1), dt.date(2027, 1, 31)]
    assert sheet.protection.sheet and sheet["A1"].protection.locked
    assert not sheet[f"E{T.FIRST_ROW + T.SPARE_ROWS}"].protection.locked  # the last spare row is an answer
    assert apply_offer_returns(ws, [tmp_path / "out"]).changes == []  # returned unchanged: nothing changes


def test_a_renewed_and_an_added_tutor_replace_the_practices_tutors_with_the_places(ws, tmp_path):
    offers_out(ws, tmp_path / "out")

    def edit(tutors, offer):
        tutors[f"D{T.FIRST_ROW}"] = dt.date(2030, 1, 31)
        for letter, value in zip("ABCDE", ("Dr Chi Nwosu", "", "01/09/2026", "31/08/2029", "no")):
            tutors[f"{letter}{T.FIRST_ROW + 1}"] = value
        offer[f"{L.PLACES_COLUMN}{L.FIRST_BLOCK_ROW}"] = 3

    path = returned(tmp_path, edit)
    check = check_offer_returns(ws, [path])
    assert [str(c) for c in check.changes if c.what == "tutors"] == [
        "M85001: GP tutors 1 listed (1 active) -> 2 listed (1 active)"]
    apply_offer_returns(ws, [path])
    data = load_dataset(ws)
    assert data.tutors == (
        TUTORS[1],
        Tutor("M85001", "Dr Ada Shah", dt.date(2024, 2, 1), dt.date(2030, 1, 31), "ada@nhs.example"),
        Tutor("M85001", "Dr Chi Nwosu", dt.date(2026, 9, 1), dt.date(2029, 8, 31), "", False))
    assert any(c.what == "places" for c in check.changes)


@pytest.mark.parametrize("cells,where,words", [
    ({"C5": "31/02/2026"}, "C5", "no such day"),
    ({"D5": "2020-01-01"}, "D5", "refresher is due before the training"),
    ({"A6": "dr ada shah", "C6": "2025-01-01", "D6": "2028-01-01"}, "A6", "listed twice (also row 5)"),
    ({"B6": "nameless@nhs.example", "C6": "2025-01-01", "D6": "2028-01-01"}, "A6", "the name is empty"),
    ({"A6": "Dr Dee Undated", "D6": "2028-01-01"}, "C6", "trained_on is empty"),
    ({"E5": "perhaps"}, "E5", "not yes or no"),
])
def test_a_broken_tutor_row_is_refused_by_file_sheet_and_cell_and_nothing_changes(ws, tmp_path, cells, where,
                                                                                  words):
    offers_out(ws, tmp_path / "out")

    def edit(tutors, offer):
        offer[f"{L.PLACES_COLUMN}{L.FIRST_BLOCK_ROW}"] = 3  # a good change beside it is not applied either
        for ref, value in cells.items():
            tutors[ref] = value

    path = returned(tmp_path, edit)
    before = dump_tables(ws.database.engine)
    with pytest.raises(ReturnsRefused) as refused:
        apply_offer_returns(ws, [path])
    problems = refused.value.check.problems
    assert [(p.file, p.sheet, p.cell) for p in problems] == [("M85001 reply.xlsx", "Tutors", where)]
    assert words in problems[0].message
    assert not any(v.casefold() in problems[0].message.casefold() for v in cells.values())
    assert dump_tables(ws.database.engine) == before


def test_no_tutors_sheet_goes_out_while_no_tutors_are_kept(tmp_path):
    with Workspace.open(str(tmp_path / "none.db")) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, DATA)
        offers_out(ws, tmp_path / "out")
    assert T.SHEET not in load_workbook(tmp_path / "out" / "M85001.xlsx").sheetnames
