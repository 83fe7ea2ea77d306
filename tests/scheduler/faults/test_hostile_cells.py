"""Property test: one hostile cell in a valid data set, for every table of the contract and for the returned offer
and preference workbooks. Whatever the cell holds (huge, negative, other scripts' digits, control characters, very
long text, a formula with or without a saved value, an error value, a merge, a hidden row or sheet, a stray value far
away), the real services on a real SQLite file either import exactly the rows given, or refuse naming table (file,
sheet), row and column (cell), with the database unchanged, and never raise anything else."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from scheduler.exchange import read_tables, write_dataset_xlsx
from scheduler.exchange.cells import text
from scheduler.exchange.schema import TABLES
from scheduler.offers import layout as L
from scheduler.preference_round.workbook import COLUMNS as PREFERENCE_COLUMNS
from scheduler.preference_round.workbook import HEADER_ROW, SHEET
from scheduler.returned_workbooks import ReturnsRefused
from scheduler.services import Workspace, data
from scheduler.services.offers import apply_offer_returns, offers_out
from scheduler.services.preferences import import_preferences, preferences_out

Tables = dict[str, tuple[list[str], list[list[str]]]]
MOST_ROWS = 40
"""Rows kept of the travel and history tables (which no other table refers to), so that an import is quick."""

EXAMPLES = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RETURN_EXAMPLES = settings(max_examples=25, deadline=None, derandomize=True,
                           suppress_health_check=[HealthCheck.too_slow])

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)
VALUES = {
    "huge": st.sampled_from([2.0 ** 63, "9223372036854775808", 1e300, "1" + "0" * 30, 1e15, -(2.0 ** 63)]),
    "negative": st.sampled_from([-1, "-1", -0.5, "-2147483649"]),
    "digits": st.sampled_from(["３", "١٢", "𝟙𝟚", "1e1", "1_0", "0x10", "½"]),
    "control": st.builds(lambda a, c, b: f"{a}{chr(c)}{b}", WORD, st.sampled_from([0, 7, 8, 0x0B, 0x1B, 0x7F]), WORD),
    "line break": st.builds(lambda a, b: f"{a}\n{b}", WORD, WORD),
    "long": st.integers(1_001, 3_000).map(lambda n: "x" * n),
    "error": st.sampled_from(["#VALUE!", "#N/A", "#REF!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!"]),
    "uncached formula": st.just("=1+2"),
    "cached formula": st.just("same value"),
    "merged": st.just("merge"),
    "hidden row": st.just("hide"),
    "hidden sheet": st.just("hide"),
    "far": st.integers(40, 16_383),
}
REFUSED_WHEREVER = {"control", "long", "error", "uncached formula", "merged", "far"}
"""Kinds no column may accept; the others depend on the column (a huge number is a fine name)."""
READ_AS_GIVEN = {"cached formula", "hidden row", "hidden sheet"}
"""Kinds that change nothing the reader takes: the import must succeed with exactly the base rows."""


class _Base(tuple):
    """(tables, counts), shown short: Hypothesis writes out a test's arguments, and the tables' text ran to 32 kB."""

    def __repr__(self) -> str:
        return f"<the base data set: {len(self[0])} tables>"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> tuple[Tables, dict[str, int]]:
    """A valid data set with rows in every table, as text, and the counts its import stores."""
    folder = tmp_path_factory.mktemp("hostile-base")
    dataset = data.write_demo(folder / "D", seed=1, scale="small")
    raw, problems = read_tables(write_dataset_xlsx(dataset, folder / "demo.xlsx"))
    assert not [p for p in problems if p.severity == "error"]
    tables: Tables = {name: (t.headers, [[text(c) for c in row] for row in
                                         (t.rows[:MOST_ROWS] if name in ("travel", "history") else t.rows)])
                      for name, t in raw.items()}
    student, block, practice = dataset.students[0], dataset.blocks[0], dataset.practices[0]
    tables["clearances"] = (["student_id", "kind", "valid_until"], [[student.student_id, "dbs", "2030-01-31"]])
    tables["attendance"] = (["student_id", "block_id", "practice_code", "sessions"],
                            [[student.student_id, block.block_id, practice.code, "8"]])
    tables["tutors"] = (["practice_code", "name", "email", "trained_on", "refresher_due", "active"],
                        [[practice.code, "Dr Ada Tutor", "ada.tutor@example.org", "2024-09-01", "2029-08-31", "yes"]])
    assert set(tables) == set(TABLES)
    path = folder / "base.xlsx"
    _write(tables, path, None)
    counted = _import(path, folder / "base.db")
    assert counted["clearances"] == counted["attendance"] == counted["tutors"] == 1 and counted["students"] == len(dataset.students)
    return _Base((tables, counted))


def _write(tables: Tables, path: Path, hostile: tuple[str, int, int, str, object] | None) -> None:
    """The tables as one workbook; ``hostile`` = (table, data row index, column index, kind, value)."""
    with xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False}) as book:
        for name, (headers, rows) in tables.items():
            sheet = book.add_worksheet(name)
            sheet.write_row(0, 0, headers)
            for i, row in enumerate(rows, start=1):
                sheet.write_row(i, 0, row)
            if hostile is None or hostile[0] != name:
                continue
            _, index, col, kind, value = hostile
            r = index + 1
            given = rows[index][col]
            if kind == "error":
                sheet.write_formula(r, col, "=NA()" if value == "#N/A" else "=1/0", None, value)
            elif kind == "uncached formula":
                sheet.write_formula(r, col, "=1+2", None, "")
            elif kind == "cached formula":
                if given:  # (xlsxwriter saves an empty result as no value at all)
                    sheet.write_formula(r, col, f'=T("{given}")', None, given)
            elif kind == "merged":
                sheet.merge_range(r, col, r + 1, col, given)
            elif kind == "hidden row":
                sheet.set_row(r, None, None, {"hidden": True})
            elif kind == "hidden sheet":
                sheet.hide()
            elif kind == "far":
                sheet.write_string(r, value, "stray")
            elif isinstance(value, float) or isinstance(value, int):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, value)
        if hostile is not None and hostile[3] == "hidden sheet":
            book.get_worksheet_by_name("practices" if hostile[0] != "practices" else "students").activate()


def _import(path: Path, db: Path):
    with Workspace.open(db) as ws:
        result = data.import_data(ws, path)
        assert result.ok, [str(p) for p in result.errors[:5]]
        return data.counts(ws)


HOSTILE = st.sampled_from(sorted(VALUES)).flatmap(lambda kind: st.tuples(st.just(kind), VALUES[kind]))


@given(name=st.sampled_from(sorted(TABLES)), where=st.tuples(st.integers(0, 1_000), st.integers(0, 100)),
       hostile=HOSTILE)
@EXAMPLES
def test_a_hostile_cell_in_any_table_is_imported_as_given_or_refused_by_table_row_and_column(base, name, where,
                                                                                              hostile):
    tables, base_counts = base
    kind, value = hostile
    headers, rows = tables[name]
    index = where[0] % (len(rows) - 1 if kind == "merged" and len(rows) > 1 else len(rows))
    col = where[1] % len(headers)
    with tempfile.TemporaryDirectory() as folder:
        path, db = Path(folder) / "hostile.xlsx", Path(folder) / "hostile.db"
        _write(tables, path, (name, index, col, kind, value))
        with Workspace.open(db) as ws:
            result = data.import_data(ws, path)
            stored = data.counts(ws)
    row = index + 2
    if result.ok:
        assert kind not in REFUSED_WHEREVER, f"{kind} in {name} row {row} {headers[col]} was accepted"
        assert stored == base_counts
        if kind == "hidden row":
            assert any(w.table == name and str(row) in w.message and "hidden" in w.message for w in result.warnings)
        if kind == "hidden sheet":
            assert any(w.table == name and "is hidden" in w.message for w in result.warnings)
        return
    assert kind not in READ_AS_GIVEN, [str(p) for p in result.errors[:5]]
    assert all(v == 0 for v in stored.values()), stored
    assert all(e.table and e.row is not None for e in result.errors if not e.more and e.table != "database"), \
        [str(e) for e in result.errors if not e.table or e.row is None]
    if kind in REFUSED_WHEREVER:
        column = None if kind == "far" else headers[col]
        assert any(e.table == name and e.row == row and e.column == column for e in result.errors), (
            f"{kind} at {name} row {row} {column}", [str(p) for p in result.errors[:5]])


OFFER_CELLS = {"tutor": L.TUTOR_CELL, "per day": L.PER_DAY_CELL, "places": f"{L.PLACES_COLUMN}{L.FIRST_BLOCK_ROW}",
               "block id": f"{L.BLOCK_ID_COLUMN}{L.FIRST_BLOCK_ROW}"}
RETURN_VALUES = st.one_of(
    VALUES["huge"], VALUES["negative"], VALUES["digits"], VALUES["line break"], VALUES["long"], VALUES["error"],
    VALUES["uncached formula"], st.just("merged"), st.just("far"))
RETURN_REFUSED_WHEREVER = {"merged", "far", "=1+2", "#VALUE!", "#N/A", "#REF!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!"}


def _set(sheet, ref: str, value) -> str:
    """Puts the hostile value at ``ref``; returns the cell a refusal must name."""
    if value == "merged":
        below = f"{ref.rstrip('0123456789')}{int(ref.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')) + 1}"
        sheet.merge_cells(f"{ref}:{below}")
        return f"{ref}:{below}"
    if value == "far":
        sheet["XFD1048576"] = 1
        return "XFD1048576"
    sheet[ref] = value
    return ref


@pytest.fixture(scope="module")
def sent(solved_db, tmp_path_factory) -> tuple[Path, Path, Path]:
    """(the solved database, one practice's offer workbook, one cohort's preferences workbook), made once."""
    folder = tmp_path_factory.mktemp("hostile-returns")
    db = shutil.copyfile(solved_db, folder / "sent.db")
    with Workspace.open(db) as ws:
        offers_out(ws, folder / "out", today=dt.date(2026, 12, 1))
        preferences_out(ws, folder / "prefs")
    return db, sorted((folder / "out").glob("*.xlsx"))[0], sorted((folder / "prefs").glob("*.xlsx"))[0]


def _returned(sent_db: Path, sent_book: Path, folder: Path, edit, apply):
    """The check of the sent workbook edited by ``edit`` and given back to ``apply`` on a copy of the database,
    and the data set afterwards; a refusal must leave the database as it was."""
    db, path = folder / "base.db", folder / sent_book.name
    shutil.copyfile(sent_db, db)
    book = load_workbook(sent_book)
    named = edit(book)
    book.save(path)
    with Workspace.open(db) as ws:
        before = data.load_dataset(ws)
        try:
            check = apply(ws, [path])
        except ReturnsRefused as refused:
            assert data.load_dataset(ws) == before
            check = refused.check
        return check, named, data.load_dataset(ws)


@given(where=st.sampled_from(sorted(OFFER_CELLS)), value=RETURN_VALUES)
@RETURN_EXAMPLES
def test_a_hostile_cell_in_a_returned_offer_is_applied_as_given_or_refused_by_cell(sent, where, value):
    db, offer, _ = sent
    with tempfile.TemporaryDirectory() as folder:
        check, named, after = _returned(db, offer, Path(folder),
                                        lambda book: _set(book[L.SHEET], OFFER_CELLS[where], value),
                                        apply_offer_returns)
    if check.problems:
        assert all(p.file == offer.name and p.sheet == L.SHEET and p.cell for p in check.problems)
        assert any(p.cell == named for p in check.problems), [str(p) for p in check.problems]
        return
    assert value not in RETURN_REFUSED_WHEREVER, f"{value!r} as {where} was applied"
    practice = next(p for p in after.practices if p.code == offer.stem)
    assert "\n" not in (practice.tutor or "") and len(practice.tutor or "") <= 200
    assert practice.max_students_per_day is None or 1 <= practice.max_students_per_day <= 1_000
    assert all(0 <= after.capacity(practice, b.block_id) <= 1_000 for b in after.blocks)


PREFERENCE_CELLS = {c: chr(65 + i) for i, c in enumerate(PREFERENCE_COLUMNS) if c in ("student_id", "practice_code",
                                                                                         "rank")}


@given(where=st.sampled_from(sorted(PREFERENCE_CELLS)), value=RETURN_VALUES)
@RETURN_EXAMPLES
def test_a_hostile_cell_in_a_returned_preferences_workbook_is_imported_as_given_or_refused_by_cell(sent, where,
                                                                                                  value):
    db, _, ranks = sent
    row = HEADER_ROW + 1

    def edit(book):
        book[SHEET][f"G{row}"] = 1
        return _set(book[SHEET], f"{PREFERENCE_CELLS[where]}{row}", value)
    with tempfile.TemporaryDirectory() as folder:
        check, named, after = _returned(db, ranks, Path(folder), edit, import_preferences)
    if check.problems:
        assert all(p.file == ranks.name and p.sheet == SHEET and p.cell for p in check.problems)
        assert any(p.cell == named for p in check.problems), [str(p) for p in check.problems]
        return
    assert value not in RETURN_REFUSED_WHEREVER, f"{value!r} as {where} was imported"
    assert all(1 <= p.rank <= 50 for p in after.preferences)
