"""Import faults that used to lose data silently: stray quotes, empty required tables under --replace,
formula cells without saved values, ids damaged by Excel, and a flood of bad rows."""

from __future__ import annotations

import csv

import openpyxl
from fault_helpers import counts, digest


def _quote_row(path, row: int) -> None:
    """Opens a quote before the last cell of ``row`` (1 = header), as ``sed '3s/,\\([^,]*\\)$/,"\\1/'`` does."""
    lines = path.read_text(encoding="utf-8-sig").split("\n")
    head, _, last = lines[row - 1].rpartition(",")
    lines[row - 1] = f'{head},"{last}'
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_stray_quote_in_exclusions_is_refused_naming_its_row(run, base_db, data_copy):
    _quote_row(data_copy / "exclusions.csv", 3)
    before = digest(base_db)
    code, out, err = run("import", data_copy, "--replace", "--db", base_db)
    assert code == 1
    assert "exclusions, row 3" in err and "quote" in err
    assert digest(base_db) == before


def test_a_stray_quote_closed_rows_later_is_refused_not_swallowing_them(run, tmp_path, data_copy):
    rows = [["student_id", "practice_code", "reason"]]
    students = [r["student_id"] for r in csv.DictReader((data_copy / "students.csv").read_text(encoding="utf-8-sig").splitlines())]
    practices = [r["practice_code"] for r in csv.DictReader((data_copy / "practices.csv").read_text(encoding="utf-8-sig").splitlines())]
    for i in range(10):
        rows.append([students[i], practices[i], f"reason {i}"])
    text = "\n".join(",".join(r) for r in rows) + "\n"
    # a quote opens on row 3 and a quoted cell on row 7 happens to close it exactly at a cell's end
    lines = text.split("\n")
    lines[2] = lines[2].replace(",reason 1", ',"reason 1')
    lines[6] = lines[6].replace(",reason 5", ',reason 5"')
    (data_copy / "exclusions.csv").write_text("\n".join(lines), encoding="utf-8")
    code, _, err = run("import", data_copy, "--db", tmp_path / "new.db")
    assert code == 1
    assert "exclusions, row 3" in err and "look like rows" in err
    assert counts(tmp_path / "new.db")["students"] == 0


def test_a_stray_quote_in_students_names_the_row_not_hundreds_of_references(run, tmp_path, data_copy):
    _quote_row(data_copy / "students.csv", 3)
    code, _, err = run("import", data_copy, "--db", tmp_path / "new.db")
    assert code == 1
    assert "students, row 3" in err and "quote" in err
    assert "is not a student_id" not in err


def test_a_real_multi_line_cell_is_still_read(run, tmp_path, data_copy):
    path = data_copy / "exclusions.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    head, _, _ = lines[1].rpartition(",")
    lines[1] = f'{head},"registered patient,\nfather works here"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = run("import", data_copy, "--db", tmp_path / "new.db")
    assert code == 0, err
    assert counts(tmp_path / "new.db")["exclusions"] == len(lines) - 1


def test_headers_only_required_tables_never_replace_a_data_set(run, base_db, data_copy, tmp_path):
    before = counts(base_db)
    assert before["plans"] == 1
    for table in ("practices", "students", "blocks"):
        folder = tmp_path / f"only-{table}"
        folder.mkdir()
        for name in ("practices", "students", "blocks", "postcodes"):
            text = (data_copy / f"{name}.csv").read_text(encoding="utf-8-sig")
            (folder / f"{name}.csv").write_text(text.splitlines()[0] + "\n" if name == table else text,
                                                encoding="utf-8")
        code, _, err = run("import", folder, "--replace", "--db", base_db)
        assert code == 1, table
        assert f"{table}: the table has no rows; replacing would delete the whole stored data set and its 1 plan" in err
        assert counts(base_db) == before


def _workbook_with_formula(path, formula_has_value: bool) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "practices"
    sheet.append(["practice_code", "name", "latitude", "longitude", "years", "capacity"])
    sheet.append(["M85001", "Ardwick", 53.47, -2.21, "3", "=1+2"])
    sheet.append(["M85002", "Levenshulme", 53.44, -2.19, "3", 2])
    students = book.create_sheet("students")
    students.append(["student_id", "first_name", "last_name", "year", "latitude", "longitude"])
    students.append(["1001", "Ann", "Lee", 3, 53.46, -2.23])
    blocks = book.create_sheet("blocks")
    blocks.append(["block_id", "year", "start_date", "end_date"])
    blocks.append(["Y3-B1", 3, "2026-09-07", "2026-10-02"])
    book.save(path)


def test_formula_cells_without_saved_values_are_refused_naming_the_cell(run, tmp_path):
    book = tmp_path / "data.xlsx"
    _workbook_with_formula(book, formula_has_value=False)
    code, _, err = run("import", book, "--db", tmp_path / "new.db")
    assert code == 1
    assert "practices, row 2, capacity: cell F2 holds a formula with no saved value" in err
    assert "open and save the workbook in Excel, or paste values" in err
    assert counts(tmp_path / "new.db")["practices"] == 0


def test_formula_cells_with_saved_values_use_them(tmp_path):
    import xlsxwriter

    from scheduler.exchange import check

    path = tmp_path / "cached.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("practices")
    sheet.write_row(0, 0, ["practice_code", "name", "latitude", "longitude", "years", "capacity"])
    sheet.write_row(1, 0, ["M85001", "Ardwick", 53.47, -2.21, "3"])
    sheet.write_formula(1, 5, "=1+2", None, 3)
    book.add_worksheet("students").write_row(0, 0, ["student_id", "first_name", "last_name", "year"])
    book.worksheets()[1].write_row(1, 0, ["1001", "Ann", "Lee", 3])
    book.add_worksheet("blocks").write_row(0, 0, ["block_id", "year", "start_date", "end_date"])
    book.worksheets()[2].write_row(1, 0, ["Y3-B1", 3, "2026-09-07", "2026-10-02"])
    book.close()
    result = check(path)
    assert result.ok, result.errors
    assert result.dataset.practices[0].capacity == 3


def _set_column(path, column: str, change) -> None:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0].keys())
    for row in rows:
        row[column] = change(row[column])
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields)
        writer.writeheader()
        writer.writerows(rows)


def test_ids_excel_wrote_as_decimals_are_read_as_whole_numbers_in_every_table(run, tmp_path, data_copy):
    for table, column in (("students", "student_id"), ("exclusions", "student_id"), ("travel", "student_id")):
        _set_column(data_copy / f"{table}.csv", column, lambda v: f"{v}.0")
    code, _, err = run("import", data_copy, "--db", tmp_path / "new.db")
    assert code == 0, err
    assert "were written as decimals" in err
    from scheduler.services import Workspace, data

    with Workspace.open(tmp_path / "new.db") as ws:
        stored = data.load_dataset(ws)
    assert not any(s.student_id.endswith(".0") for s in stored.students)
    assert stored.exclusions and {e.student_id for e in stored.exclusions} <= {s.student_id for s in stored.students}


def test_a_lost_leading_zero_gets_a_hint(run, tmp_path, data_copy):
    _set_column(data_copy / "students.csv", "student_id", lambda v: "0" + v)
    _set_column(data_copy / "exclusions.csv", "student_id", lambda v: v)  # lost its zero, as Excel does
    _set_column(data_copy / "travel.csv", "student_id", lambda v: "0" + v)
    _set_column(data_copy / "history.csv", "student_id", lambda v: "0" + v)
    _set_column(data_copy / "preferences.csv", "student_id", lambda v: "0" + v)
    for column in ("student_a", "student_b"):
        _set_column(data_copy / "pairs.csv", column, lambda v: "0" + v)
    code, _, err = run("import", data_copy, "--db", tmp_path / "new.db")
    assert code == 1
    assert "dropped its leading zero in exclusions" in err and "format the student_id column as Text" in err


def test_a_flood_of_bad_rows_is_summed_up(run, tmp_path, data_copy):
    rows = ["student_id,practice_code,minutes"] + [f"X{i},Y{i},-{i + 1}" for i in range(3000)]
    (data_copy / "travel.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = run("import", data_copy, "--db", tmp_path / "new.db")
    assert code == 1
    lines = (out + err).splitlines()
    assert len(lines) <= 200
    assert "travel, student_id: and 2,950 more like this" in err
    assert "Import refused: 9,000 error(s)" in err
