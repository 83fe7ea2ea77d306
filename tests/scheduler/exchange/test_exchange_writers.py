"""Writing data sets, the template and the plan exports; what is written reads back the same."""

from __future__ import annotations

import csv
import dataclasses

import pytest
from openpyxl import load_workbook

from scheduler.domain import Placement, Unplaced
from scheduler.exchange import (
    TABLES,
    check,
    write_dataset_csv,
    write_dataset_xlsx,
    write_placements_csv,
    write_template,
    write_unplaced_csv,
)


def test_csv_round_trip(tmp_path, small_demo):
    write_dataset_csv(small_demo, tmp_path / "out")
    result = check(tmp_path / "out")
    assert result.ok and not result.errors, [str(p) for p in result.errors]
    assert result.dataset == small_demo
    assert (tmp_path / "out" / "students.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_xlsx_round_trip(tmp_path, small_demo):
    write_dataset_xlsx(small_demo, tmp_path / "out.xlsx")
    result = check(tmp_path / "out.xlsx")
    assert result.ok, [str(p) for p in result.errors]
    assert result.dataset == small_demo
    book = load_workbook(tmp_path / "out.xlsx")
    assert book.sheetnames == list(TABLES)
    blocks = book["blocks"]
    assert blocks["E2"].value.date() == small_demo.blocks[0].start_date  # a native date cell, not text
    assert blocks["E2"].number_format == "dd/mm/yyyy"
    assert blocks["A1"].font.b and blocks.freeze_panes == "A2"
    assert book["practices"]["E2"].value == small_demo.practices[0].latitude  # a number cell


def test_round_trip_keeps_awkward_values(tmp_path, small_demo):
    s = small_demo.students[0]
    odd = dataclasses.replace(s, first_name='Zoë "Z", Jr', last_name="O'Brien",
                              max_travel_minutes=37.5, latitude=53.123456789)
    reason = dataclasses.replace(small_demo.exclusions[0], reason="registered there,\nsince 2019")  # may span lines
    data = dataclasses.replace(small_demo, students=(odd, *small_demo.students[1:]),
                               exclusions=(reason, *small_demo.exclusions[1:]))
    write_dataset_csv(data, tmp_path / "csv")
    write_dataset_xlsx(data, tmp_path / "d.xlsx")
    assert check(tmp_path / "csv").dataset == data
    assert check(tmp_path / "d.xlsx").dataset == data


def test_template_has_every_table_notes_and_validation(tmp_path):
    path = write_template(tmp_path / "template.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == list(TABLES)
    students = book["students"]
    headers = [c.value for c in students[1]]
    assert headers == TABLES["students"].headers
    assert all(c.comment is not None and c.comment.text for c in students[1])
    assert students["A1"].font.bold
    formulas = {str(dv.sqref).split(":")[0][0]: (dv.type, dv.formula1) for dv in students.data_validations.dataValidation}
    year_col = "E"
    assert formulas[year_col] == ("whole", "1")
    assert any(dv.type == "list" and "public" in dv.formula1 for dv in students.data_validations.dataValidation)
    assert any(dv.type == "list" and "yes,no" in dv.formula1 for dv in book["practices"].data_validations.dataValidation)
    assert any(dv.type == "list" and "together" in dv.formula1 for dv in book["pairs"].data_validations.dataValidation)
    result = check(path)  # an empty template is an empty, valid data set
    assert result.ok and result.dataset.students == ()


def test_placement_and_unplaced_exports(tmp_path):
    out = tmp_path / "plan"
    write_placements_csv([Placement("1001", "Y3-B1", "P84001", 23.456, locked=True),
                          Placement("1002", "Y3-B1", "P84002", 40.0)], out / "placements.csv")
    write_unplaced_csv([Unplaced("1003", "Y1-GP", "no practice within 20 min is step-free")], out / "unplaced.csv")
    with open(out / "placements.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [["student_id", "block_id", "practice_code", "travel_minutes", "locked"],
                    ["1001", "Y3-B1", "P84001", "23.5", "yes"],
                    ["1002", "Y3-B1", "P84002", "40", "no"]]
    with open(out / "unplaced.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [["student_id", "block_id", "reason"], ["1003", "Y1-GP", "no practice within 20 min is step-free"]]


def test_a_failed_csv_export_leaves_the_old_files_and_no_partial_ones(tmp_path):
    from scheduler.domain import DataSet, Practice, Student
    from scheduler.exchange import write_dataset_csv

    folder = tmp_path / "out"
    good = DataSet(practices=(Practice("P1", "Old", frozenset({1})),), students=(Student("S1", "A", "B", 1),))
    write_dataset_csv(good, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    class Boom(Exception):
        pass

    class BadStudent:  # fails while the students table is being written, after practices was
        def __getattr__(self, name):
            raise Boom()

    bad = DataSet(practices=(Practice("P2", "New", frozenset({1})),), students=(BadStudent(),))  # type: ignore[arg-type]
    with pytest.raises(Boom):
        write_dataset_csv(bad, folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_workbook_that_cannot_be_written_is_a_plain_file_error(tmp_path):
    from scheduler.demo import make_demo
    from scheduler.exchange import write_dataset_xlsx

    in_the_way = tmp_path / "data.xlsx"
    in_the_way.mkdir()  # a folder where the workbook should go
    with pytest.raises(OSError):
        write_dataset_xlsx(make_demo(1, "small"), in_the_way)
    assert [p.name for p in tmp_path.iterdir()] == ["data.xlsx"]
