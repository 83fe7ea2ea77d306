"""Numbers out of the contract's ranges or not typed in plain ASCII digits, and text cells with control characters,
line breaks or runaway lengths: each a row-level error naming table, row and column, never a traceback, and
nothing written. These used to import (or crash): 2^63 ended in an OverflowError, a capacity of 1e15 broke the
solver, travel minutes of 1e299 were stored as -9.22e17, and ``1e1``, ``1_0`` and ``３`` were read as numbers."""

from __future__ import annotations

import csv

import pytest
from fault_helpers import counts


def _set_cell(path, row: int, column: str, value: str) -> None:
    """Sets ``column`` in data row ``row`` (2 = the first row under the header, as Excel numbers it)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0].keys())
    rows[row - 2][column] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fields, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def _refused(run, tmp_path, folder) -> str:
    db = tmp_path / "new.db"
    code, out, err = run("import", folder, "--db", db)
    assert code == 1, out + err
    assert "Traceback" not in out + err
    assert counts(db)["students"] == 0 and counts(db)["practices"] == 0
    return err


@pytest.mark.parametrize(("table", "column", "value", "said"), [
    ("practices", "capacity", str(2 ** 63), "outside 0 to 1,000"),
    ("practices", "capacity", "1000000000000000", "outside 0 to 1,000"),
    ("practices", "capacity", "1001", "outside 0 to 1,000"),
    ("practices", "capacity", "1e1", "plain digits"),
    ("practices", "capacity", "1_0", "plain digits"),
    ("practices", "capacity", "３", "plain digits"),
    ("practices", "max_students_per_day", str(2 ** 64), "outside 1 to 1,000"),
    ("travel", "minutes", "1e299", "plain digits"),
    ("travel", "minutes", "1441", "outside 0 to 1,440"),
    ("travel", "minutes", "1_0", "plain digits"),
    ("travel", "minutes", "１２", "plain digits"),
    ("students", "max_travel_minutes", "100000", "outside 0 to 1,440"),
    ("students", "max_travel_minutes", "4e1", "plain digits"),
    ("preferences", "rank", "51", "outside 1 to 50"),
    ("preferences", "rank", str(2 ** 63), "outside 1 to 50"),
    ("students", "year", "３", "not a year of study"),
    ("practices", "years", "３", "not a list of years"),
    ("practices", "latitude", "5.3e1", "plain digits"),
])
def test_numbers_out_of_range_or_not_plain_digits_are_refused_by_row(run, tmp_path, data_copy, table, column, value,
                                                                      said):
    _set_cell(data_copy / f"{table}.csv", 3, column, value)
    err = _refused(run, tmp_path, data_copy)
    assert f"{table}, row 3, {column}:" in err and said in err, err


def test_sessions_above_500_are_refused(run, tmp_path, data_copy):
    (data_copy / "attendance.csv").write_text("student_id,block_id,practice_code,sessions\n" + "x,y,z,501\n",
                                              encoding="utf-8")
    err = _refused(run, tmp_path, data_copy)
    assert "attendance, row 2, sessions:" in err and "outside 0 to 500" in err


def test_numbers_at_the_ends_of_their_ranges_are_read(run, tmp_path, data_copy):
    _set_cell(data_copy / "practices.csv", 2, "capacity", "1000")
    _set_cell(data_copy / "travel.csv", 2, "minutes", "1440")
    _set_cell(data_copy / "travel.csv", 3, "minutes", " 0.5 ")
    _set_cell(data_copy / "preferences.csv", 2, "rank", "50")
    code, _, err = run("import", data_copy, "--db", tmp_path / "new.db")
    assert code == 0, err


SECRET = "Zelda Quixote-Secretname"


@pytest.mark.parametrize(("table", "column", "value", "said"), [
    ("practices", "name", f"{SECRET}\x00", "control character"),
    ("practices", "name", f"{SECRET}\nSurgery", "line break"),
    ("practices", "email", f"{SECRET}@nhs.net\r\nBcc: x@y.z", "line break"),
    ("practices", "tutor", f"{SECRET}\x07", "control character"),
    ("students", "first_name", f"{SECRET}\x1b", "control character"),
    ("students", "last_name", SECRET * 10, "the most is 200"),
    ("students", "email", f"{SECRET}\t@x.ac.uk", "a tab"),
    ("practices", "address", "1 High St\x00", "control character"),
    ("exclusions", "reason", f"{SECRET}\x00", "control character"),
])
def test_text_with_control_characters_breaks_or_too_long_is_refused_without_quoting_it(run, tmp_path, data_copy,
                                                                                         table, column, value, said):
    _set_cell(data_copy / f"{table}.csv", 3, column, value)
    err = _refused(run, tmp_path, data_copy)
    assert f"{table}, row 3, {column}:" in err and said in err, err
    assert SECRET not in err


def test_a_reason_may_span_lines(run, tmp_path, data_copy):
    _set_cell(data_copy / "exclusions.csv", 3, "reason", "registered patient\nsince 2019")
    code, _, err = run("import", data_copy, "--db", tmp_path / "new.db")
    assert code == 0, err


def test_a_bad_email_is_warned_about_without_quoting_it(run, tmp_path, data_copy):
    _set_cell(data_copy / "students.csv", 3, "email", SECRET)
    code, _, err = run("import", data_copy, "--db", tmp_path / "new.db")
    assert code == 0, err
    assert "students, row 3, email:" in err and SECRET not in err
