"""Workbook cells a reader would turn into defaults, and sheets it would choke on: a stray value at XFD1048576
(calamine asked for 512 GiB and aborted, rc 134), merged cells (a capacity of 4 over three rows read 4, 0, 0), error
cells (#VALUE! read as empty: capacity 0, active yes), and hidden sheets and rows (read without a word). Each is
now refused naming sheet and cell, or warned about, and a refusal writes nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from fault_helpers import counts

from scheduler.exchange import write_dataset_xlsx
from scheduler.services import data

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def demo_xlsx(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-xlsx")
    dataset = data.write_demo(folder / "D", seed=1, scale="small")
    return write_dataset_xlsx(dataset, folder / "demo.xlsx")


def _edited(demo_xlsx: Path, tmp_path: Path, edit) -> Path:
    book = openpyxl.load_workbook(demo_xlsx)
    edit(book)
    path = tmp_path / "edited.xlsx"
    book.save(path)
    return path


def _column(sheet, header: str) -> str:
    return next(c.column_letter for c in sheet[1] if c.value == header)


def _refused(run, tmp_path, book) -> str:
    db = tmp_path / "new.db"
    code, out, err = run("import", book, "--db", db)
    assert code == 1, out + err
    assert "Traceback" not in out + err
    assert counts(db)["students"] == 0 and counts(db)["practices"] == 0
    return err


def test_a_stray_value_at_the_last_cell_of_excel_is_refused_not_an_abort(tmp_path):
    book = tmp_path / "stray.xlsx"
    with xlsxwriter.Workbook(str(book)) as wb:
        for name, headers, row in (
            ("practices", ["practice_code", "name", "latitude", "longitude", "years", "capacity"],
             ["M85001", "Ardwick", 53.47, -2.21, "3", 2]),
            ("students", ["student_id", "first_name", "last_name", "year", "latitude", "longitude"],
             ["1001", "Ann", "Lee", 3, 53.46, -2.23]),
            ("blocks", ["block_id", "year", "start_date", "end_date"], ["Y3-B1", 3, "2026-09-07", "2026-10-02"]),
        ):
            sheet = wb.add_worksheet(name)
            sheet.write_row(0, 0, headers)
            sheet.write_row(1, 0, row)
        wb.get_worksheet_by_name("students").write(1_048_575, 16_383, "x")
    assert book.stat().st_size < 40_000
    db = tmp_path / "new.db"
    done = subprocess.run([sys.executable, "-m", "scheduler", "import", str(book), "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr
    assert "students, row 1048576: cell XFD1048576 of sheet 'students' holds something far outside the table" \
           in done.stderr
    assert "Delete the stray content in cell XFD1048576 of sheet 'students'" in done.stderr
    assert "columns A to W" in done.stderr and "rows 1 to 200,000" in done.stderr
    assert not db.exists() or counts(db)["students"] == 0


def test_a_travel_sheet_may_fill_excel_rows_but_not_stray_far_right(run, tmp_path, demo_xlsx):
    def edit(book):
        book["travel"].cell(row=1_048_576, column=3, value=5)  # within the big-table limit: read, then a row error
        book["travel"].cell(row=10, column=30, value="note")  # AD: past the 13 columns travel may use
    err = _refused(run, tmp_path, _edited(demo_xlsx, tmp_path, edit))
    assert "cell AD10 of sheet 'travel' holds something far outside the table" in err
    assert "rows 1 to 1,048,576 and columns A to M" in err


def test_merged_capacity_and_needs_accessible_are_refused_naming_the_range(run, tmp_path, demo_xlsx):
    def edit(book):
        practices, students = book["practices"], book["students"]
        cap = _column(practices, "capacity")
        practices[f"{cap}2"] = 4
        practices.merge_cells(f"{cap}2:{cap}4")
        needs = _column(students, "needs_accessible")
        students[f"{needs}5"] = "yes"
        students.merge_cells(f"{needs}5:{needs}7")
    err = _refused(run, tmp_path, _edited(demo_xlsx, tmp_path, edit))
    assert "practices, row 2, capacity: cells H2:H4 of sheet 'practices' are merged" in err
    assert "unmerge them and fill in each cell" in err
    assert "students, row 5, needs_accessible: cells" in err and "of sheet 'students' are merged" in err


def test_a_merged_title_over_columns_nobody_reads_is_no_problem(run, tmp_path, demo_xlsx):
    def edit(book):
        sheet = book["practices"]
        sheet["Z1"] = "notes"
        sheet.merge_cells("Z2:Z5")
    code, _, err = run("import", _edited(demo_xlsx, tmp_path, edit), "--db", tmp_path / "new.db")
    assert code == 0, err
    assert "merged" not in err


@pytest.mark.parametrize("error", ["#VALUE!", "#N/A", "#REF!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!"])
def test_error_cells_are_refused_naming_sheet_row_column_and_error(run, tmp_path, demo_xlsx, error):
    def edit(book):
        sheet = book["practices"]
        sheet[f"{_column(sheet, 'capacity')}3"] = error
        sheet[f"{_column(sheet, 'active')}4"] = error
    err = _refused(run, tmp_path, _edited(demo_xlsx, tmp_path, edit))
    assert f"practices, row 3, capacity: cell H3 of sheet 'practices' holds the error {error}" in err
    assert f"practices, row 4, active: cell L4 of sheet 'practices' holds the error {error}" in err


def test_error_cells_from_failed_formulas_are_refused(run, tmp_path, demo_xlsx):
    book = tmp_path / "failed.xlsx"
    with xlsxwriter.Workbook(str(book)) as wb:
        for name, headers, row in (
            ("practices", ["practice_code", "name", "latitude", "longitude", "years", "capacity"],
             ["M85001", "Ardwick", 53.47, -2.21, "3"]),
            ("students", ["student_id", "first_name", "last_name", "year", "latitude", "longitude"],
             ["1001", "Ann", "Lee", 3, 53.46, -2.23]),
            ("blocks", ["block_id", "year", "start_date", "end_date"], ["Y3-B1", 3, "2026-09-07", "2026-10-02"]),
        ):
            sheet = wb.add_worksheet(name)
            sheet.write_row(0, 0, headers)
            sheet.write_row(1, 0, row)
        wb.get_worksheet_by_name("practices").write_formula(1, 5, "=1/0", None, "#DIV/0!")
    err = _refused(run, tmp_path, book)
    assert "practices, row 2, capacity: cell F2 of sheet 'practices' holds the error #DIV/0!" in err


def test_hidden_sheets_rows_and_columns_are_read_with_a_warning_naming_them(run, tmp_path, demo_xlsx):
    def edit(book):
        book["capacity"].sheet_state = "hidden"
        for row in (3, 5):
            book["students"].row_dimensions[row].hidden = True
        book["practices"].column_dimensions["H"].hidden = True
    db = tmp_path / "new.db"
    code, _, err = run("import", _edited(demo_xlsx, tmp_path, edit), "--db", db)
    assert code == 0, err
    assert "capacity: sheet 'capacity' is hidden; it was read like the others" in err
    assert "students: rows 3, 5 of sheet 'students' are hidden; read like the others" in err
    assert "practices: column H of sheet 'practices' is hidden" in err
    reference = tmp_path / "reference.db"
    assert run("import", demo_xlsx, "--db", reference)[0] == 0
    assert counts(db) == counts(reference)
