"""Reading CSV folders and workbooks: BOM, encodings, Excel cell types, empty rows, bad paths."""

from __future__ import annotations

import datetime as dt

from exchange_helpers import minimal_tables, write_csv_tables, write_xlsx_tables

from scheduler.exchange import check, read_tables


def test_csv_with_and_without_byte_order_mark(tmp_path):
    plain = check(write_csv_tables(tmp_path / "plain", minimal_tables()))
    bom = check(write_csv_tables(tmp_path / "bom", minimal_tables(), bom=True))
    assert plain.ok and bom.ok
    assert plain.dataset == bom.dataset
    assert bom.dataset.practices[0].code == "P84001"  # not "\ufeffP84001" nor a missing practice_code column


def test_empty_rows_are_skipped_and_row_numbers_stay_as_in_excel(tmp_path):
    tables = minimal_tables()
    tables["students"].insert(2, ["", "", "", "", "", "", ""])
    tables["students"].insert(3, [" ", "", "  "])
    tables["students"][4][3] = "8"  # was row 3, now row 5 in the file
    result = check(write_csv_tables(tmp_path / "d", tables))
    assert [(p.table, p.row, p.column) for p in result.errors] == [("students", 5, "year")]
    assert result.tables["students"].row_numbers == [2, 5, 6]


def test_quoted_newlines_count_as_one_record(tmp_path):
    tables = minimal_tables()
    tables["practices"][1][1] = "Rusholme\nHealth Centre"  # a name must be on one line: refused, in its own row
    tables["practices"][2][5] = "-4"
    result = check(write_csv_tables(tmp_path / "d", tables))
    assert [(p.table, p.row, p.column) for p in result.errors] == [("practices", 2, "name"), ("practices", 3, "capacity")]


def test_non_utf8_csv_is_an_error_not_a_crash(tmp_path):
    folder = write_csv_tables(tmp_path / "d", minimal_tables())
    (folder / "students.csv").write_bytes("student_id,first_name,last_name,year\n1,Zoë,Ng,1\n".encode("cp1252"))
    result = check(folder)
    assert result.dataset is None
    assert [(p.table, p.row) for p in result.errors] == [("students", None)]
    assert "UTF-8" in result.errors[0].message


def test_bad_paths_are_problems(tmp_path):
    missing = check(tmp_path / "nowhere")
    assert missing.dataset is None and len(missing.errors) == 1 and "does not exist" in missing.errors[0].message
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello")
    assert "neither" in check(text_file).errors[0].message
    corrupt = tmp_path / "broken.xlsx"
    corrupt.write_bytes(b"PK\x03\x04 this is not a workbook")
    result = check(corrupt)
    assert result.dataset is None and "cannot be read" in result.errors[0].message
    one_csv = tmp_path / "students.csv"
    one_csv.write_text("student_id\n")
    assert "folder" in check(one_csv).errors[0].message
    assert check("bad\x00name").dataset is None
    empty = tmp_path / "empty"
    empty.mkdir()
    assert check(empty).dataset is None


def test_unknown_files_and_sheets_are_warned(tmp_path):
    folder = write_csv_tables(tmp_path / "d", minimal_tables())
    (folder / "notes.csv").write_text("a,b\n1,2\n")
    result = check(folder)
    assert result.ok and any("notes.csv" in p.message for p in result.warnings)


def test_workbook_with_native_cells(tmp_path):
    tables = minimal_tables()
    tables["practices"][1] = [84001.0, "Rusholme Health Centre", 53.4545, -2.224, 3.0, 2.0, True]
    tables["students"][1] = [1001, "Łukasz", "Wiśniewski", 3, 53.44, -2.22, "public"]
    tables["blocks"][1] = ["Y3-B1", 3, dt.date(2027, 1, 11), dt.datetime(2027, 2, 5), "Mon-Fri"]
    tables["blocks"][2] = ["Y1-GP", 1.0, "06/10/2026", "2027-03-23", "Tue"]
    tables["students"].insert(2, [None] * 7)
    result = check(write_xlsx_tables(tmp_path / "d.xlsx", tables))
    assert result.ok, [str(p) for p in result.errors]
    data = result.dataset
    assert data.practices[0].code == "84001" and data.practices[0].years == frozenset({3})
    assert data.practices[0].capacity == 2 and data.practices[0].accessible is True
    assert data.students[0].student_id == "1001" and data.students[0].year == 3
    assert data.blocks[0].start_date == dt.date(2027, 1, 11) and data.blocks[0].end_date == dt.date(2027, 2, 5)
    assert result.tables["students"].row_numbers == [2, 4, 5]


def test_workbook_errors_have_excel_row_numbers(tmp_path):
    tables = minimal_tables()
    tables["blocks"][2] = ["Y1-GP", 1, "31/02/2027", dt.date(2027, 3, 23), "Tue"]
    tables["students"][2][3] = 7
    result = check(write_xlsx_tables(tmp_path / "d.xlsx", tables))
    found = {(p.table, p.row, p.column) for p in result.errors}
    assert found == {("blocks", 3, "start_date"), ("students", 3, "year")}


def test_sheet_names_match_ignoring_case(tmp_path):
    tables = {name.capitalize(): rows for name, rows in minimal_tables().items()}
    tables["Sheet1"] = [["whatever"]]
    raw, problems = read_tables(write_xlsx_tables(tmp_path / "d.xlsx", tables))
    assert set(raw) == {"practices", "students", "blocks"}
    assert [p.severity for p in problems] == ["warning"]


def test_semicolon_separated_csv_gets_a_clear_error(tmp_path):
    folder = write_csv_tables(tmp_path / "d", minimal_tables())
    (folder / "blocks.csv").write_text("block_id;year;start_date;end_date\nY1;1;2026-10-06;2027-03-23\n")
    result = check(folder)
    assert result.dataset is None
    assert [(p.table, p.row) for p in result.errors] == [("blocks", 1)]
    assert "semicolons" in result.errors[0].message
