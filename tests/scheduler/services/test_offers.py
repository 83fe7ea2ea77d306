"""The capacity-offers round over a real (temporary) database: out, back unchanged, back changed, back broken."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import shutil

import pytest
from openpyxl import load_workbook

from scheduler.cli import main as cli
from scheduler.domain import Block, DataSet, Practice, Student
from scheduler.offers import layout as L
from scheduler.returned_workbooks import ReturnsRefused
from scheduler.services import Workspace
from scheduler.services.data import load_dataset
from scheduler.services.offers import apply_offer_returns, check_offer_returns, offers_out, offers_status
from scheduler.store import repository

PRACTICES = (
    Practice("M85001", "Ardwick Surgery", frozenset({1, 3}), capacity=2, latitude=53.47, longitude=-2.21,
             tutor="Dr Ada Shah", email="ardwick@nhs.example", max_students_per_day=3),
    Practice("M85002", "Levenshulme Health", frozenset({3}), capacity=1, latitude=53.44, longitude=-2.19),
    Practice("M85003", "Closed Surgery", frozenset({3}), capacity=4, latitude=53.46, longitude=-2.17, active=False),
    Practice("M85004", "Year Five Only", frozenset({5}), capacity=4, latitude=53.46, longitude=-2.17),
)
BLOCKS = (
    Block("Y1-B1", 1, dt.date(2026, 10, 5), dt.date(2026, 12, 11), weekdays=frozenset({2})),
    Block("Y3-B1", 3, dt.date(2026, 9, 7), dt.date(2026, 10, 2)),
    Block("Y3-B2", 3, dt.date(2027, 1, 11), dt.date(2027, 2, 5)),
)
DATA = DataSet(practices=PRACTICES, blocks=BLOCKS,
               students=(Student("1001", "Amelia", "Smith", 3, latitude=53.46, longitude=-2.23),))


@pytest.fixture
def ws(tmp_path):
    with Workspace.open(str(tmp_path / "placements.db")) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, DATA)
        yield ws


def block_rows(path) -> dict[str, int]:
    sheet = load_workbook(path)[L.SHEET]
    return {sheet[f"A{r}"].value: sheet[f"F{r}"].value for r in range(L.FIRST_BLOCK_ROW, sheet.max_row + 1)}


def test_offers_out_lists_exactly_the_blocks_of_the_years_each_active_practice_teaches(ws, tmp_path):
    summary = offers_out(ws, tmp_path / "out", today=dt.date(2026, 12, 1))
    assert summary.practices == 2 and summary.reply_by == dt.date(2026, 12, 22)
    assert sorted(p.name for p in (tmp_path / "out").glob("*.xlsx")) == ["M85001.xlsx", "M85002.xlsx"]
    assert block_rows(tmp_path / "out" / "M85001.xlsx") == {"Y3-B1": 2, "Y1-B1": 2, "Y3-B2": 2}
    assert block_rows(tmp_path / "out" / "M85002.xlsx") == {"Y3-B1": 1, "Y3-B2": 1}
    assert not (tmp_path / "out" / "M85003.xlsx").exists()  # inactive
    assert not (tmp_path / "out" / "M85004.xlsx").exists()  # teaches no year with blocks
    sheet = load_workbook(tmp_path / "out" / "M85001.xlsx")[L.SHEET]
    assert sheet.protection.sheet
    assert not sheet[L.TUTOR_CELL].protection.locked and not sheet["F10"].protection.locked
    assert sheet[L.CODE_CELL].protection.locked and sheet["A10"].protection.locked
    draft = email.message_from_bytes((tmp_path / "out" / "M85001.eml").read_bytes(), policy=email.policy.default)
    assert draft["To"].addresses[0].addr_spec == "ardwick@nhs.example" and draft["X-Unsent"] == "1"
    assert sorted(p.get_filename() for p in draft.iter_attachments()) == ["M85001-letter.pdf", "M85001.xlsx"]


def test_returning_the_workbooks_unchanged_changes_nothing(ws, tmp_path):
    offers_out(ws, tmp_path / "out")
    before = load_dataset(ws)
    check = apply_offer_returns(ws, [tmp_path / "out"])
    assert len(check.returns) == 2 and check.changes == []
    assert load_dataset(ws) == before
    assert {s.practice_code for s in offers_status(ws) if s.replied} == {"M85001", "M85002"}


def test_changed_places_update_exactly_those_capacities(ws, tmp_path):
    offers_out(ws, tmp_path / "out")
    returned = tmp_path / "back" / "Ardwick reply FINAL (2).xlsx"
    returned.parent.mkdir()
    shutil.copy(tmp_path / "out" / "M85001.xlsx", returned)
    book = load_workbook(returned)
    sheet = book[L.SHEET]
    rows = {sheet[f"A{r}"].value: r for r in range(L.FIRST_BLOCK_ROW, sheet.max_row + 1)}
    sheet[f"F{rows['Y3-B2']}"] = " 4 "  # typed as text, with spaces
    sheet[f"F{rows['Y1-B1']}"] = 0
    sheet[L.PER_DAY_CELL] = "5"
    book.save(returned)
    check = apply_offer_returns(ws, [returned])
    assert sorted(map(str, check.changes)) == [
        "M85001: places in Y1-B1 2 -> 0", "M85001: places in Y3-B2 2 -> 4", "M85001: students per day 3 -> 5"]
    data = load_dataset(ws)
    practice = next(p for p in data.practices if p.code == "M85001")
    assert {b.block_id: data.capacity(practice, b.block_id) for b in BLOCKS} == {"Y1-B1": 0, "Y3-B1": 2, "Y3-B2": 4}
    assert practice.max_students_per_day == 5
    export = tmp_path / "exported"
    assert cli.main(["export-data", str(export), "--db", ws.location]) == 0
    capacity_csv = (export / "capacity.csv").read_text(encoding="utf-8-sig")
    assert "M85001,Y3-B2,4" in capacity_csv and "M85001,Y1-B1,0" in capacity_csv
    status = {s.practice_code: s for s in offers_status(ws)}
    assert status["M85001"].replied and status["M85001"].changes == 3 and not status["M85002"].replied


@pytest.mark.parametrize("cell_value, cell_ref, message", [
    ("-1", "F", "places must be 0 or more"),
    ("three", "F", "places must be a whole number"),
    ("1001", "F", "places must be 1,000 or less"),
    (2.0 ** 63, "F", "places must be 1,000 or less"),
    ("1e1", "F", "places must be a whole number (type plain digits 0-9)"),
    (None, "F", "places is empty"),
    ("Y9-ZZ", "A", "the block id is not a block of the data set"),
])
def test_a_broken_return_is_refused_by_file_sheet_and_cell_with_nothing_written(ws, tmp_path, cell_value,
                                                                                 cell_ref, message):
    offers_out(ws, tmp_path / "out")
    returned = tmp_path / "out" / "M85002.xlsx"
    book = load_workbook(returned)
    book[L.SHEET][f"{cell_ref}11"] = cell_value
    book.save(returned)
    before = load_dataset(ws)
    with pytest.raises(ReturnsRefused) as refused:
        apply_offer_returns(ws, [tmp_path / "out"])
    assert [str(p) for p in refused.value.check.problems] == [f"M85002.xlsx, sheet Offer, cell {cell_ref}11: {message}"
                                                              + (": type 0 if the practice cannot take students"
                                                                 if cell_value is None else "")]
    assert load_dataset(ws) == before
    assert not any(s.replied for s in offers_status(ws))


def test_an_unknown_practice_and_a_file_that_is_not_a_workbook_are_named(ws, tmp_path):
    offers_out(ws, tmp_path / "out")
    book = load_workbook(tmp_path / "out" / "M85001.xlsx")
    book[L.SHEET][L.CODE_CELL] = "Z99999"
    book.save(tmp_path / "out" / "M85001.xlsx")
    (tmp_path / "out" / "notes.xlsx").write_text("not a workbook")
    problems = [str(p) for p in check_offer_returns(ws, [tmp_path / "out"]).problems]
    assert "M85001.xlsx, sheet Offer, cell B4: the code is not a practice of the data set" in problems
    assert "notes.xlsx: cannot be read as an Excel workbook (BadZipFile)" in problems


def test_cli_offers_round(ws, tmp_path, capsys):
    db = ws.location
    reply_by = dt.date.today() + dt.timedelta(days=10)
    assert cli.main(["offers-out", str(tmp_path / "o"), "--db", db, "--reply-by", f"{reply_by:%d/%m/%Y}"]) == 0
    assert "2 practices" in capsys.readouterr().out
    assert cli.main(["offers-status", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "0 replied, 2 awaiting a reply, 0 to chase, 1 never sent a workbook." in out
    assert f"reply by {reply_by:%d/%m/%Y}" in out
    book = load_workbook(tmp_path / "o" / "M85002.xlsx")
    book[L.SHEET]["F10"] = -3
    book.save(tmp_path / "o" / "M85002.xlsx")
    assert cli.main(["offers-in", str(tmp_path / "o"), "--db", db]) == 1
    assert "M85002.xlsx, sheet Offer, cell F10: places must be 0 or more\n" in capsys.readouterr().err
