"""A cell may hold personal data, so no message about it quotes it: the import and the readers of returned offer
and preference workbooks name the table or sheet, the row and the column (or the cell) and say what is wrong,
never the value. Each test plants a distinctive text and checks that it appears nowhere in what the command says."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from fault_helpers import counts
from openpyxl import load_workbook

from scheduler.offers import layout as offer_layout
from scheduler.preference_round.workbook import HEADER_ROW, SHEET
from scheduler.services import Workspace
from scheduler.services.offers import offers_out
from scheduler.services.preferences import preferences_out

MARK = "Zyxwv"
PERSONAL = f"{MARK} Personal"


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def _set_row(path: Path, row: int, values: dict[str, str]) -> None:
    """Sets cells of data row ``row`` (2 = the first under the header), adding the row to a table without one."""
    fields, rows = _rows(path)
    if len(rows) < row - 1:
        rows.append(dict.fromkeys(fields, ""))
    rows[row - 2].update(values)
    _write(path, fields, rows)


def _import(run, tmp_path, folder, refused: bool = True) -> str:
    db = tmp_path / "new.db"
    code, out, err = run("import", folder, "--db", db)
    said = out + err
    assert "Traceback" not in said
    if refused:
        assert code == 1, said
        assert counts(db)["students"] == 0
    else:
        assert code == 0, said
    return said


def test_a_row_of_personal_text_in_every_table_is_refused_by_place_without_quoting_a_cell(run, tmp_path, data_copy):
    tables = sorted(data_copy.glob("*.csv"))
    for path in tables:
        fields, _ = _rows(path)
        _set_row(path, 2, {f: f"{PERSONAL} {path.stem} {i}" for i, f in enumerate(fields)})
    said = _import(run, tmp_path, data_copy)
    assert MARK not in said, said
    for table in ("students", "practices", "blocks", "capacity", "travel", "pairs", "preferences", "attendance",
                  "clearances", "postcodes"):
        assert f"{table}, row 2, " in said, (table, said)


@pytest.mark.parametrize(("table", "column", "value", "said"), [
    ("practices", "capacity", "9417", "capacity is outside 0 to 1,000"),
    ("travel", "minutes", "9417", "minutes is outside 0 to 1,440"),
    ("students", "latitude", "94.17", "latitude is outside -90 to 90"),
    ("students", "max_travel_minutes", "-9417", "not a journey limit"),
    ("clearances", "valid_until", "31/02/9417", "not a real date"),
    ("students", "programme", f"{MARK}!", "not a programme's name"),
    ("students", "year", f"{MARK}", "not a year of study"),
    ("students", "travel_mode", f"{MARK}", "not a travel mode"),
    ("exclusions", "student_id", f"{MARK}1", "not a student_id in students"),
    ("exclusions", "practice_code", f"{MARK}1", "not a practice_code in practices"),
])
def test_a_bad_number_date_or_reference_is_named_by_place_not_by_value(run, tmp_path, data_copy, table, column,
                                                                        value, said):
    if table == "clearances":
        _set_row(data_copy / "clearances.csv", 2, {"kind": "dbs"})
        _set_row(data_copy / "clearances.csv", 2, {"student_id": _rows(data_copy / "students.csv")[1][0]["student_id"]})
    _set_row(data_copy / f"{table}.csv", 3 if table != "clearances" else 2, {column: value})
    out = _import(run, tmp_path, data_copy)
    assert value not in out and "9417" not in out, out
    assert f"{table}, row {3 if table != 'clearances' else 2}, {column}: " in out and said in out, out


def test_an_id_twice_a_pair_of_one_student_and_a_lost_postcode_never_quote_the_ids(run, tmp_path, data_copy):
    students = data_copy / "students.csv"
    fields, rows = _rows(students)
    secret_id = "99417"
    rows[0]["student_id"] = rows[1]["student_id"] = secret_id
    rows[2].update(latitude="", longitude="", postcode="ZZ9 4QX")
    _write(students, fields, rows)
    _set_row(data_copy / "pairs.csv", 2, {"student_a": secret_id, "student_b": secret_id})
    out = _import(run, tmp_path, data_copy)
    assert secret_id not in out and "ZZ9" not in out, out
    assert "students, row 3, student_id: this student_id appears twice (also row 2)" in out, out
    assert "the student is paired with themself" in out and "the postcode is not in the postcodes table" in out


def test_ids_typed_as_decimals_and_a_lost_leading_zero_are_hinted_without_the_ids(run, tmp_path, data_copy):
    students = data_copy / "students.csv"
    fields, rows = _rows(students)
    rows[0]["student_id"] = "0994170"
    _write(students, fields, rows)
    travel_fields, travel = _rows(data_copy / "travel.csv")
    travel = [t for t in travel if t["student_id"] != "0994170"]
    travel[0]["student_id"] = "994170"
    travel[1]["student_id"] = rows[1]["student_id"] + ".0"
    _write(data_copy / "travel.csv", travel_fields, travel)
    out = _import(run, tmp_path, data_copy)
    assert "99417" not in out and rows[1]["student_id"] not in out, out
    assert "dropped its leading zero in travel" in out and "written as decimals (ending .0), e.g. in row 3" in out


def test_a_stray_quote_that_swallows_rows_names_their_line_not_their_text(run, tmp_path, data_copy):
    students = data_copy / "students.csv"
    lines = students.read_text(encoding="utf-8-sig").splitlines()
    first = lines[2].split(",")
    first[1] = f'"{MARK}'
    lines[2] = ",".join(first)
    lines[5] = lines[5].replace(",", f',{MARK}-', 1)
    second = lines[8].split(",")
    second[1] = second[1] + '"'
    lines[8] = ",".join(second)
    students.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    out = _import(run, tmp_path, data_copy)
    assert MARK not in out, out
    assert "a quote (\") opens a cell in row 3" in out and "(the first is line 4 of the file)" in out, out


@pytest.fixture
def offers(base_db, tmp_path) -> tuple[Path, Path]:
    folder = tmp_path / "offers"
    with Workspace.open(base_db) as ws:
        offers_out(ws, folder)
    return base_db, sorted(folder.glob("*.xlsx"))[0]


@pytest.mark.parametrize(("cell", "value", "said"), [
    (offer_layout.CODE_CELL, PERSONAL, "the code is not a practice of the data set"),
    (f"{offer_layout.BLOCK_ID_COLUMN}{offer_layout.FIRST_BLOCK_ROW}", PERSONAL, "the block id is not a block"),
    (f"{offer_layout.PLACES_COLUMN}{offer_layout.FIRST_BLOCK_ROW}", PERSONAL, "places must be a whole number"),
    (f"{offer_layout.PLACES_COLUMN}{offer_layout.FIRST_BLOCK_ROW}", 94170, "places must be 1,000 or less"),
    (offer_layout.PER_DAY_CELL, f"{MARK}3", "students per day must be a whole number"),
])
def test_a_returned_offer_is_refused_by_cell_without_quoting_it(run, offers, cell, value, said):
    db, workbook = offers
    book = load_workbook(workbook)
    book[offer_layout.SHEET][cell] = value
    book.save(workbook)
    code, out, err = run("offers-in", workbook, "--db", db)
    assert code == 1, out + err
    assert MARK not in out + err and "94170" not in out + err and "94,170" not in out + err
    assert f"cell {cell}: {said}" in err, err


@pytest.fixture
def ranks(base_db, tmp_path) -> tuple[Path, Path]:
    folder = tmp_path / "preferences"
    with Workspace.open(base_db) as ws:
        preferences_out(ws, folder)
    return base_db, sorted(folder.glob("*.xlsx"))[0]


def _rank(workbook: Path, values: dict[str, object], row: int = HEADER_ROW + 1) -> str:
    book = load_workbook(workbook)
    sheet = book[SHEET]
    header = [c.value for c in sheet[HEADER_ROW]]
    student = sheet.cell(row=row, column=header.index("student_id") + 1).value
    for column, value in values.items():
        sheet.cell(row=row, column=header.index(column) + 1, value=value)
    book.save(workbook)
    return str(student)


@pytest.mark.parametrize(("column", "value", "said"), [
    ("student_id", PERSONAL, "the student_id is not a student of the data set"),
    ("practice_code", PERSONAL, "the practice_code is not a practice this student may be placed at"),
    ("rank", f"{MARK}1", "rank must be a whole number"),
    ("rank", 94170, "rank must be 50 or less"),
])
def test_a_returned_preferences_workbook_is_refused_by_cell_without_quoting_it(run, ranks, column, value, said):
    db, workbook = ranks
    student = _rank(workbook, {"rank": 1, column: value})
    code, out, err = run("preferences-in", workbook, "--db", db)
    assert code == 1, out + err
    assert MARK not in out + err and "94170" not in out + err and "94,170" not in out + err
    assert student not in out + err
    assert said in err, err


def test_a_student_ranked_in_two_workbooks_is_named_by_cell_not_by_id(run, ranks, tmp_path):
    db, workbook = ranks
    student = _rank(workbook, {"rank": 1})
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(workbook.read_bytes())
    code, out, err = run("preferences-in", workbook, copy, "--db", db)
    assert code == 1 and student not in out + err, out + err
    assert f"cell A{HEADER_ROW + 1}: the student is also ranked in" in err, err


def test_a_practice_ranked_twice_by_one_student_is_named_by_cell_not_by_id(run, ranks):
    db, workbook = ranks
    book = load_workbook(workbook)
    sheet = book[SHEET]
    header = [c.value for c in sheet[HEADER_ROW]]
    sid, code, rank = (header.index(c) + 1 for c in ("student_id", "practice_code", "rank"))
    first, second = HEADER_ROW + 1, HEADER_ROW + 2
    assert sheet.cell(first, sid).value == sheet.cell(second, sid).value
    student, practice = str(sheet.cell(first, sid).value), str(sheet.cell(first, code).value)
    sheet.cell(first, rank, 1)
    sheet.cell(second, rank, 2)
    sheet.cell(second, code, practice)
    book.save(workbook)
    code_, out, err = run("preferences-in", workbook, "--db", db)
    assert code_ == 1 and student not in out + err and practice not in out + err, out + err
    assert "the student ranks the same practice twice (also " in err, err
