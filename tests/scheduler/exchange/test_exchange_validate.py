"""Every rule of data-format.md: each kind of problem is found and located by table, row and column."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.exchange import Problem, check


def where(problems: list[Problem]) -> set[tuple[str, int | None, str | None]]:
    return {(p.table, p.row, p.column) for p in problems}


@pytest.fixture
def run(write_csv):
    def run(tables):
        return check(write_csv(tables))
    return run


def test_minimal_tables_are_valid_with_defaults(run, tables):
    result = run(tables)
    assert result.ok and not result.errors and not result.warnings
    data = result.dataset
    assert [p.code for p in data.practices] == ["P84001", "P84002"]
    p1 = data.practices[0]
    assert p1.years == frozenset({1, 2, 3}) and p1.capacity == 2 and p1.accessible
    assert p1.public_transport and p1.active and p1.max_students_per_day is None
    s = data.students[0]
    assert (s.first_name, s.last_name, s.year, s.travel_mode) == ("Łukasz", "Wiśniewski", 3, "public")
    assert s.max_travel_minutes is None and not s.needs_accessible
    y1 = data.blocks[1]
    assert (y1.start_date, y1.end_date, y1.weekdays) == (dt.date(2026, 10, 6), dt.date(2027, 3, 23), frozenset({1}))
    assert data.travel == () and data.pairs == ()


def test_problem_text_names_table_row_and_column():
    problem = Problem("students", 5, "year", "the year is not a year of study; use a whole number from 1 to 5")
    assert str(problem) == "students, row 5, year: the year is not a year of study; use a whole number from 1 to 5"
    assert str(Problem("", None, None, "no such folder", "error")) == "no such folder"
    assert str(Problem("pairs", None, None, "the table is missing", "error")) == "pairs: the table is missing"


def test_planted_faults_are_all_reported(run, tables):
    tables["practices"].append(["P84001", "Copy of Rusholme", "53.45", "-2.22", "1", "1", "no"])  # row 4
    tables["practices"][2][2] = "153"                                                             # row 3
    tables["students"][3][3] = "7"                                                                # row 4
    tables["blocks"][2][2] = "31/02/2027"                                                         # row 3
    tables["capacity"] = [["practice_code", "block_id", "capacity"], ["P99999", "Y3-B1", "2"]]    # row 2
    result = run(tables)
    assert result.dataset is None and not result.ok
    found = where(result.errors)
    assert {
        ("practices", 4, "practice_code"),
        ("practices", 3, "latitude"),
        ("students", 4, "year"),
        ("blocks", 3, "start_date"),
        ("capacity", 2, "practice_code"),
    } <= found
    text = "\n".join(map(str, result.errors))
    assert "practice_code appears twice (also row 2)" in text and "latitude is outside -90 to 90" in text
    assert "not a year of study" in text and "not a real date" in text and "is not a practice_code in practices" in text
    assert not {"153", "7 ", "31/02/2027", "P99999"} & set(text.replace(";", " ").split()), "a cell is quoted"


@pytest.mark.parametrize("table, row, column, value, words", [
    ("students", 2, "year", "0", "not a year of study"),
    ("students", 3, "travel_mode", "boat", "not a travel mode"),
    ("students", 2, "latitude", "91", "outside -90 to 90"),
    ("students", 2, "longitude", "-200", "outside -180 to 180"),
    ("students", 2, "first_name", "  ", "first_name is empty"),
    ("practices", 2, "capacity", "-1", "negative"),
    ("practices", 2, "capacity", "2.5", "not a whole number"),
    ("practices", 3, "years", "6", "names a year that is not 1 to 5"),
    ("practices", 2, "accessible", "perhaps", "not yes or no"),
    ("blocks", 2, "weekdays", "Mon-Sum", "not a day"),
    ("blocks", 2, "end_date", "2026-01-01", "ends (01/01/2026) before it starts"),
    ("blocks", 3, "year", "six", "not a year of study"),
])
def test_each_bad_cell_is_named(run, tables, table, row, column, value, words):
    header = tables[table][0]
    tables[table][row - 1][header.index(column)] = value
    result = run(tables)
    assert result.dataset is None
    matching = [p for p in result.errors if (p.table, p.row, p.column) == (table, row, column)]
    assert matching and words in matching[0].message, [str(p) for p in result.errors]


def test_duplicate_student_and_block_ids(run, tables):
    tables["students"].append(["1002", "Again", "Again", "3", "", "", ""])
    tables["blocks"].append(["Y1-GP", "1", "2027-04-01", "2027-04-02", ""])
    result = run(tables)
    assert {("students", 5, "student_id"), ("blocks", 4, "block_id")} <= where(result.errors)


def test_references_to_unknown_ids_in_other_tables(run, tables):
    tables["exclusions"] = [["student_id", "practice_code", "reason"], ["1001", "P00000", "x"], ["9999", "P84001", ""]]
    tables["preferences"] = [["student_id", "practice_code", "rank"], ["1001", "P84001", "1"], ["1002", "P84001", "0"]]
    tables["history"] = [["student_id", "practice_code", "academic_year"], ["1003", "NOPE", "2025/26"]]
    tables["travel"] = [["student_id", "practice_code", "minutes"], ["1001", "P84001", "12"], ["1004", "P84002", "-3"]]
    tables["capacity"] = [["practice_code", "block_id", "capacity"], ["P84001", "Y9", "1"]]
    result = run(tables)
    assert {
        ("exclusions", 2, "practice_code"), ("exclusions", 3, "student_id"),
        ("preferences", 3, "rank"), ("history", 2, "practice_code"),
        ("travel", 3, "student_id"), ("travel", 3, "minutes"), ("capacity", 2, "block_id"),
    } <= where(result.errors)


def test_pairs_of_different_years_and_with_themself(run, tables):
    tables["pairs"] = [["student_a", "student_b", "kind"],
                       ["1001", "1002", "together"],
                       ["1001", "1003", ""],
                       ["1002", "1002", "apart"],
                       ["1001", "1002", "sideways"]]
    result = run(tables)
    found = where(result.errors)
    assert ("pairs", 2, "student_b") not in found
    assert {("pairs", 3, "student_b"), ("pairs", 4, "student_b"), ("pairs", 5, "kind")} <= found
    assert "different years" in str([p for p in result.errors if p.row == 3][0])


def test_pair_both_together_and_apart_is_an_error(run, tables):
    tables["pairs"] = [["student_a", "student_b", "kind"], ["1001", "1002", "together"], ["1002", "1001", "apart"]]
    result = run(tables)
    assert ("pairs", 3, "kind") in where(result.errors)


def test_practice_location_from_postcodes_or_an_error(run, tables):
    tables["practices"][0] += ["postcode"]
    tables["practices"][1][2:4] = ["", ""]
    tables["practices"][1].append("m14 5nx")
    tables["practices"][2][2:4] = ["", ""]
    tables["practices"][2].append("M20 9ZZ")
    tables["postcodes"] = [["postcode", "latitude", "longitude"], ["M14 5NX", "53.45", "-2.22"]]
    result = run(tables)
    assert where(result.errors) == {("practices", 3, "postcode")}
    assert "its postcode is not in the postcodes table" in result.errors[0].message
    assert "M20" not in result.errors[0].message


def test_student_without_location_is_a_warning_only(run, tables):
    tables["students"][0].append("postcode")
    tables["students"][1][4:6] = ["", ""]
    tables["students"][1].append("ZZ1 1ZZ")
    for row in tables["students"][2:]:
        row.append("")
    result = run(tables)
    assert result.ok
    assert ("students", 2, "postcode") in where(result.warnings)
    assert "base location" in result.warnings[0].message


def test_half_a_coordinate_is_an_error(run, tables):
    tables["students"][2][5] = ""
    result = run(tables)
    assert ("students", 3, "longitude") in where(result.errors)


def test_missing_required_table_and_column(run, tables):
    del tables["blocks"]
    tables["students"] = [[h for h in tables["students"][0] if h != "year"]] + [
        [c for i, c in enumerate(r) if i != 3] for r in tables["students"][1:]]
    result = run(tables)
    assert ("blocks", None, None) in where(result.errors)
    assert ("students", 1, "year") in where(result.errors)
    assert result.dataset is None


def test_headers_match_ignoring_case_and_spaces_and_unknown_columns_warn(run, tables):
    tables["practices"][0] = [" Practice_Code ", "NAME", "Latitude", "longitude ", "Years", "capacity", "Accessible"]
    tables["practices"][0].append("Fax number")
    for row in tables["practices"][1:]:
        row.append("0161 000")
    result = run(tables)
    assert result.ok
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert (warning.table, warning.row, warning.severity) == ("practices", 1, "warning")
    assert "Fax number" in warning.message


def test_all_problems_collected_not_just_the_first(run, tables):
    for row in tables["students"][1:]:
        row[3] = "9"
    result = run(tables)
    assert [p.row for p in result.errors if p.column == "year"] == [2, 3, 4]


def test_group_typos_are_warned(run, tables):
    tables["blocks"][0].append("group")
    tables["blocks"][1].append("A")
    tables["blocks"][2].append("")
    result = run(tables)
    assert result.ok
    assert ("blocks", 2, "group") in where(result.warnings)
    assert ("students", 2, "group") in where(result.warnings)


def test_validation_result_keeps_the_raw_tables_for_preview(run, tables):
    result = run(tables)
    raw = result.tables["students"]
    assert raw.headers == tables["students"][0]
    assert raw.row_numbers == [2, 3, 4]
    assert raw.rows[0][1] == "Łukasz"


def test_a_code_in_the_wrong_case_gets_a_hint(run, tables):
    tables["exclusions"] = [["student_id", "practice_code"], ["1001", "p84001"]]
    result = run(tables)
    assert [(p.table, p.row, p.column) for p in result.errors] == [("exclusions", 2, "practice_code")]
    assert "differs from it only in capitals" in result.errors[0].message
    assert "84001" not in result.errors[0].message


def test_hand_built_raw_tables_with_short_rows_are_accepted():
    from scheduler.exchange import RawTable, validate

    result = validate({
        "practices": RawTable("practices", ["practice_code", "name", "years", "latitude", "longitude"],
                              [["P1", "One", "1", "53.4", "-2.2"], ["P2", "Two"]], [2, 3]),
        "students": RawTable("students", ["student_id", "first_name", "last_name", "year"], [], []),
        "blocks": RawTable("blocks", ["block_id", "year", "start_date", "end_date"], [], []),
    })
    assert [(p.table, p.row, p.column) for p in result.errors] == [("practices", 3, "years"), ("practices", 3, "latitude")]


def test_a_header_with_spaces_gets_a_rename_hint(run, tables):
    tables["students"][0][0] = "Student ID"
    result = run(tables)
    assert [(p.table, p.row, p.column) for p in result.errors] == [("students", 1, "student_id")]
    assert "rename the column Student ID to student_id" in result.errors[0].message


def test_learn_together_pairs_two_programmes_of_any_years(run, tables):
    tables["students"][0].append("programme")
    for row, programme in zip(tables["students"][1:], ("medicine", "medicine", "nursing")):
        row.append(programme)
    tables["pairs"] = [["student_a", "student_b", "kind"],
                       ["1001", "1003", "learn_together"],   # medicine year 3, nursing year 1: fine
                       ["1001", "1002", "learn_together"]]   # both medicine: refused at its kind
    result = run(tables)
    found = where(result.errors)
    assert ("pairs", 2, "student_b") not in found and ("pairs", 2, "kind") not in found
    assert ("pairs", 3, "kind") in found
    assert "different programmes" in str([p for p in result.errors if p.row == 3][0])
    assert "1001" not in str([p for p in result.errors if p.row == 3][0])  # no student id in the message
