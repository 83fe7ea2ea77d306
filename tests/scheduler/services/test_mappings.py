"""Importing another system's export through a saved column mapping: a SITS-style students list imports through
a mapping saved by name and ``export-data`` of the result equals the contract's form (headers and rows); columns
neither mapped nor in the contract are named and ignored; a faulty mapping is refused by table, row and column
and nothing is written; a new-year import reads the list through the mapping too."""

from __future__ import annotations

from pathlib import Path

import pytest
from mapping_helpers import MAPPING_FILE, SITS, as_sits, read_csv, write_csv
from year_helpers import next_year_students, write_students_csv

from scheduler.cli.main import main
from scheduler.exchange.schema import TABLES
from scheduler.services import Workspace, data, mappings, new_year, years


@pytest.fixture
def demo_folders(tmp_path):
    """The small demo as the contract's CSV folder, and the same with its students table as a SITS export."""
    contract = tmp_path / "contract"
    data.write_demo(contract)
    sits = tmp_path / "sits"
    sits.mkdir()
    for path in contract.iterdir():
        (sits / path.name).write_bytes(path.read_bytes())
    as_sits(sits / "students.csv")
    return contract, sits


def exported(db: str, folder: Path) -> dict[str, list[list[str]]]:
    assert main(["export-data", str(folder), "--db", db]) == 0
    return {p.name: read_csv(p) for p in sorted(folder.glob("*.csv"))}


def test_a_sits_export_imports_through_a_saved_mapping_and_exports_in_the_contracts_form(demo_folders, tmp_path,
                                                                                          capsys):
    contract, sits = demo_folders
    reference, db = str(tmp_path / "reference.db"), str(tmp_path / "sits.db")
    assert main(["import", str(contract), "--db", reference]) == 0
    mapping_file = tmp_path / "sits-mapping.csv"
    mapping_file.write_text(MAPPING_FILE, encoding="utf-8")
    assert main(["mapping", "save", "SITS", str(mapping_file), "--db", db]) == 0
    assert "Saved the mapping 'SITS': 6 column(s) of students." in capsys.readouterr().out
    assert main(["import", str(sits), "--db", db]) == 1  # without the mapping the contract's columns are missing
    assert "the required column student_id is missing" in capsys.readouterr().err
    assert main(["import", str(sits), "--mapping", "SITS", "--db", db]) == 0
    err = capsys.readouterr().err
    assert "unknown column(s) SPR_CODE, Nationality ignored" in err
    expected = exported(reference, tmp_path / "expected")
    got = exported(db, tmp_path / "got")
    capsys.readouterr()
    assert got == expected and len(got) == len(TABLES) == 13  # every table export-data writes
    students = got["students.csv"]
    assert students[0][:3] == ["student_id", "first_name", "last_name"]
    assert len(students) == len(read_csv(contract / "students.csv")) == 61
    assert main(["mapping", "show", "SITS", "--db", db]) == 0
    assert capsys.readouterr().out == MAPPING_FILE  # the saved mapping is the file it was saved from
    assert main(["mapping", "list", "--db", db]) == 0
    assert capsys.readouterr().out == "SITS\n"


def test_a_mapping_file_can_be_given_to_import_directly(demo_folders, tmp_path):
    contract, sits = demo_folders
    mapping_file = tmp_path / "m.csv"
    mapping_file.write_text(MAPPING_FILE, encoding="utf-8")
    with Workspace.open(str(tmp_path / "a.db")) as ws:
        result = data.import_data(ws, sits, mapping=mappings.resolve(ws, str(mapping_file)))
        assert result.ok and len(result.dataset.students) == len(data.check_data(contract).dataset.students)
        assert result.dataset == data.check_data(contract).dataset


def test_a_mapping_naming_a_column_the_file_lacks_is_refused_by_table_and_column(demo_folders, tmp_path, capsys):
    _, sits = demo_folders
    db = str(tmp_path / "a.db")
    broken = tmp_path / "broken.csv"
    broken.write_text(MAPPING_FILE.replace("Email Address", "E-mail"), encoding="utf-8")
    assert main(["import", str(sits), "--mapping", str(broken), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "students, row 1, E-mail: the mapping names the column E-mail, which the file's students " \
           "table lacks" in err
    assert "Import refused" in err
    with Workspace.open(db) as ws:
        assert not data.has_data(ws)


def test_a_contract_column_both_in_the_file_and_mapped_is_refused(demo_folders, tmp_path):
    _, sits = demo_folders
    header, *rows = read_csv(sits / "students.csv")
    write_csv(sits / "students.csv", [[*header, "email"], *[[*r, "x@example.ac.uk"] for r in rows]])
    mapping = mappings.read_mapping_file(write_text(tmp_path / "m.csv", MAPPING_FILE))
    with Workspace.open(str(tmp_path / "a.db")) as ws:
        result = data.import_data(ws, sits, mapping=mapping)
        assert not data.has_data(ws)
    problems = [str(p) for p in result.errors]
    assert ("students, row 1, email: the contract column email is in the file and also mapped from "
            "Email Address, so it would be read twice; remove one from the mapping or the file") in problems


def write_text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("rows, fault", [
    ("students,STU_CODE,student_id\nstudents,Student Code,student_id\n",
     "mapping m.csv, row 3, contract_column: two source columns are mapped to students.student_id "
     "(also row 2); keep one"),
    ("students,STU_CODE,student_id\nstudents,stu_code ,first_name\n",
     "mapping m.csv, row 3, source_column: the column stu_code of students is mapped twice (also row 2); "
     "map it to one contract column"),
    ("students,STU_CODE,student_number\n",
     "mapping m.csv, row 2, contract_column: student_number is not a column of students; its columns are "
     "student_id, first_name"),
    ("learners,STU_CODE,student_id\n",
     "mapping m.csv, row 2, table: learners is not a table of the data format"),
])
def test_a_faulty_mapping_file_is_refused_by_row_and_column_and_nothing_is_saved(tmp_path, capsys, rows, fault):
    db = str(tmp_path / "a.db")
    path = write_text(tmp_path / "m.csv", "table,source_column,contract_column\n" + rows)
    assert main(["mapping", "save", "SITS", str(path), "--db", db]) == 1
    err = capsys.readouterr().err
    assert fault in err and "Mapping refused" in err
    with Workspace.open(db) as ws:
        assert mappings.mapping_names(ws) == []


def test_an_unknown_mapping_name_is_refused_naming_the_saved_ones(tmp_path, capsys):
    db = str(tmp_path / "a.db")
    assert main(["mapping", "save", "SITS", str(write_text(tmp_path / "m.csv", MAPPING_FILE)), "--db", db]) == 0
    assert main(["import", str(tmp_path), "--mapping", "Banner", "--db", db]) == 1
    assert "no mapping is saved as 'Banner' (saved: SITS)" in capsys.readouterr().err


def test_a_new_years_students_list_is_read_through_the_saved_mapping(tmp_path):
    demo = tmp_path / "demo"
    dataset = data.write_demo(demo)
    with Workspace.open(str(tmp_path / "a.db")) as ws:
        assert data.import_data(ws, demo).ok
        years.close_year(ws, confirmed=True)
        mappings.save_mapping(ws, "SITS", mappings.read_mapping_file(write_text(tmp_path / "m.csv", MAPPING_FILE)))
        nxt = next_year_students(dataset)
        plain = write_students_csv(nxt.students, tmp_path / "plain.csv")
        sits = write_students_csv(nxt.students, tmp_path / "sits.csv")
        as_sits(sits)
        expected = new_year.check_new_year(ws, plain)
        report = new_year.check_new_year(ws, sits, mapping=mappings.resolve(ws, "SITS"))
        assert report.ok, [str(e) for e in report.errors]
        assert (report.moved_up, report.repeats, report.left, report.new, report.changed_programme) == (
            expected.moved_up, expected.repeats, expected.left, expected.new, expected.changed_programme)
        assert sorted(report.new) == sorted(nxt.new) and len(report.repeats) == 2
        assert report.dataset == expected.dataset
        assert any("SPR_CODE, Nationality ignored" in str(w) for w in report.warnings)


def test_a_saved_mapping_is_kept_whole_and_replaced_whole_on_both_back_ends(db_url, tmp_path):
    first = mappings.read_mapping_file(write_text(tmp_path / "m.csv", MAPPING_FILE))
    with Workspace.open(db_url) as ws:
        mappings.save_mapping(ws, "SITS", first)
        assert mappings.resolve(ws, "SITS") == first == {"students": {v: k for k, v in SITS.items()}}
        mappings.save_mapping(ws, " SITS ", {"blocks": {"Block Code": "block_id"}})
        assert mappings.load_mapping(ws, "SITS") == {"blocks": {"Block Code": "block_id"}}
        assert mappings.mapping_names(ws) == ["SITS"]
