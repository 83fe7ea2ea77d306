"""Returned offer and preference workbooks are read by the same cell rules as the data import: a formula saved
without its value used to read as empty (a tutor was cleared, a rank dropped), an error cell became the tutor's
name, and a stray value at XFD1048576 made the reader walk a million rows. Now each is refused naming file, sheet
and cell with nothing changed, and hidden parts are read with a warning."""

from __future__ import annotations

import time

import pytest
from openpyxl import load_workbook

from scheduler.offers import layout as L
from scheduler.preference_round.workbook import HEADER_ROW, RANK_COLUMN, SHEET
from scheduler.returned_workbooks import ReturnsRefused
from scheduler.services import Workspace
from scheduler.services.data import load_dataset
from scheduler.services.offers import apply_offer_returns, offers_out
from scheduler.services.preferences import import_preferences, preferences_out


@pytest.fixture
def offer(base_db, tmp_path):
    """(database, one practice's offer workbook, the practice's code)."""
    with Workspace.open(base_db) as ws:
        offers_out(ws, tmp_path / "out")
    path = sorted((tmp_path / "out").glob("*.xlsx"))[0]
    return base_db, path, path.stem


def _edit(path, change) -> None:
    book = load_workbook(path)
    change(book)
    book.save(path)


def _offer_refused(db, path) -> list[str]:
    with Workspace.open(db) as ws:
        before = load_dataset(ws)
        with pytest.raises(ReturnsRefused) as refused:
            apply_offer_returns(ws, [path])
        assert load_dataset(ws) == before
    return [str(p) for p in refused.value.check.problems]


def test_an_uncached_formula_as_the_tutor_is_refused_not_a_cleared_tutor(offer):
    db, path, _ = offer
    _edit(path, lambda book: book[L.SHEET].__setitem__(L.TUTOR_CELL, '=UPPER("dr a shah")'))
    problems = _offer_refused(db, path)
    assert problems == [f"{path.name}, sheet Offer, cell B6: cell B6 holds a formula with no saved value (the program "
                        "that saved the workbook did not compute it), so it would read as empty; open and save the "
                        "workbook in Excel, or paste values"]


@pytest.mark.parametrize(("cell", "error"), [(L.TUTOR_CELL, "#REF!"), (L.PER_DAY_CELL, "#N/A"),
                                             (f"{L.PLACES_COLUMN}{L.FIRST_BLOCK_ROW}", "#VALUE!")])
def test_error_cells_in_an_offer_are_refused_naming_the_cell(offer, cell, error):
    db, path, _ = offer
    _edit(path, lambda book: book[L.SHEET].__setitem__(cell, error))
    problems = _offer_refused(db, path)
    assert problems == [f"{path.name}, sheet Offer, cell {cell}: cell {cell} of sheet 'Offer' holds the error {error}, "
                        "which would read as empty; correct the formula, or type the value"]


def test_merged_places_are_refused_but_the_merged_title_is_not(offer):
    db, path, _ = offer
    first = L.FIRST_BLOCK_ROW
    _edit(path, lambda book: book[L.SHEET].merge_cells(f"F{first}:F{first + 1}"))
    problems = _offer_refused(db, path)
    assert problems == [f"{path.name}, sheet Offer, cell F{first}:F{first + 1}: cells F{first}:F{first + 1} of sheet "
                        "'Offer' are merged, so all but the first would read as empty; unmerge them and fill in "
                        "each cell"]


def test_a_stray_value_far_away_is_refused_at_once(offer):
    db, path, _ = offer
    _edit(path, lambda book: book[L.SHEET].__setitem__("XFD1048576", 1))
    start = time.perf_counter()
    problems = _offer_refused(db, path)
    assert time.perf_counter() - start < 10
    assert len(problems) == 1 and problems[0].startswith(
        f"{path.name}, sheet Offer, cell XFD1048576: cell XFD1048576 of sheet 'Offer' holds something far outside "
        "the table")


def test_hidden_rows_of_an_offer_are_read_with_a_warning(run, offer):
    db, path, code = offer
    _edit(path, lambda book: book[L.SHEET].row_dimensions.__getitem__(L.FIRST_BLOCK_ROW).__setattr__("hidden", True))
    status, out, err = run("offers-in", path, "--db", db)
    assert status == 0, err
    assert f"warning: {path.name}, sheet Offer: row {L.FIRST_BLOCK_ROW} of sheet 'Offer' is hidden" in err


@pytest.fixture
def ranks(base_db, tmp_path):
    """(database, one cohort's preferences workbook, the first answer row)."""
    with Workspace.open(base_db) as ws:
        preferences_out(ws, tmp_path / "prefs")
    path = sorted((tmp_path / "prefs").glob("*.xlsx"))[0]
    return base_db, path, HEADER_ROW + 1


def _preferences_refused(db, path) -> list[str]:
    with Workspace.open(db) as ws:
        before = load_dataset(ws)
        with pytest.raises(ReturnsRefused) as refused:
            import_preferences(ws, [path])
        assert load_dataset(ws) == before
    return [str(p) for p in refused.value.check.problems]


def test_an_uncached_formula_as_a_rank_is_refused_not_dropped(ranks):
    db, path, row = ranks

    def change(book):
        book[SHEET][f"{RANK_COLUMN}{row}"] = 1
        book[SHEET][f"{RANK_COLUMN}{row + 1}"] = "=1+1"
    _edit(path, change)
    problems = _preferences_refused(db, path)
    assert problems == [f"{path.name}, sheet Preferences, cell G{row + 1}: cell G{row + 1} holds a formula with no "
                        "saved value (the program that saved the workbook did not compute it), so it would read as "
                        "empty; open and save the workbook in Excel, or paste values"]


def test_a_merged_rank_and_an_error_rank_are_refused(ranks):
    db, path, row = ranks

    def change(book):
        book[SHEET][f"{RANK_COLUMN}{row}"] = 1
        book[SHEET].merge_cells(f"{RANK_COLUMN}{row}:{RANK_COLUMN}{row + 1}")
        book[SHEET][f"{RANK_COLUMN}{row + 3}"] = "#NUM!"
    _edit(path, change)
    problems = _preferences_refused(db, path)
    assert problems == [
        f"{path.name}, sheet Preferences, cell G{row}:G{row + 1}: cells G{row}:G{row + 1} of sheet 'Preferences' are "
        "merged, so all but the first would read as empty; unmerge them and fill in each cell",
        f"{path.name}, sheet Preferences, cell G{row + 3}: cell G{row + 3} of sheet 'Preferences' holds the error "
        "#NUM!, which would read as empty; correct the formula, or type the value"]


def test_a_hidden_preferences_sheet_is_read_with_a_warning(run, ranks):
    db, path, row = ranks

    def change(book):
        book[SHEET][f"{RANK_COLUMN}{row}"] = 1
        book.create_sheet("Visible")
        book[SHEET].sheet_state = "hidden"
    _edit(path, change)
    status, out, err = run("preferences-in", path, "--db", db)
    assert status == 0, err
    assert f"warning: {path.name}, sheet Preferences: sheet 'Preferences' is hidden; it was read like the others" in err
    assert out.startswith("Imported ")
