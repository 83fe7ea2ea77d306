"""The Students page's Clearances column: red when a required check is missing or ends before the next block
ends, amber when it ends within 60 days, plain otherwise (dates relative to the day the test runs)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from scheduler.domain import Block, Clearance, DataSet, Practice, Student
from scheduler.services import Workspace
from scheduler.store import repository

TODAY = dt.date.today()


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


STUDENTS = tuple(Student(f"S{i}", "Stu", f"Dent{i}", 3, travel_mode="car") for i in range(1, 6))
BLOCKS = (Block("B1", 3, day(5), day(30)), Block("B2", 3, day(170), day(200)))
LONG = day(400)
CLEARANCES = (
    Clearance("S1", "dbs", LONG), Clearance("S1", "occupational_health", day(300)),
    Clearance("S2", "occupational_health", LONG),  # no DBS check
    Clearance("S3", "dbs", day(10)), Clearance("S3", "occupational_health", LONG),  # ends before B1 ends
    Clearance("S4", "dbs", day(45)), Clearance("S4", "occupational_health", LONG),  # covers B1, ends within 60 days
    Clearance("S5", "dbs", day(120)), Clearance("S5", "occupational_health", LONG),  # ends before B2
)
DATA = DataSet(practices=(Practice("P1", "Surgery 1", frozenset({3}), capacity=5, latitude=53.47, longitude=-2.23),),
               students=STUDENTS, blocks=BLOCKS, clearances=CLEARANCES)


@pytest.fixture
def window(make_window, tmp_path):
    db = str(tmp_path / "clearances.db")
    with Workspace.open(db) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, DATA)
    win = make_window(db)
    win.show_page(win.pages.index(win.students))
    return win


def test_the_clearances_column_says_who_to_chase_in_warning_colours(window):
    page = window.students
    model = page.model
    column = next(i for i, c in enumerate(model.columns) if c.title == "Clearances")
    assert not page.table.isColumnHidden(column)
    shown: dict[str, tuple[str, str | None]] = {}
    for position, row in enumerate(model.rows()):
        index = model.index(position, column)
        brush = index.data(Qt.ItemDataRole.ForegroundRole)
        shown[row.student.student_id] = (index.data(), brush.color().name() if brush is not None else None)
    red, amber = "#b3261e", "#9a5b00"
    uk = "%d/%m/%Y"
    assert shown["S1"] == (f"Cleared to {day(300):{uk}}", None)
    assert shown["S2"] == ("No DBS check on record", red)
    assert shown["S3"] == (f"DBS check expires {day(10):{uk}}, before block B1 ends", red)
    assert shown["S4"] == (f"DBS check expires {day(45):{uk}}", amber)
    assert shown["S5"] == (f"DBS check expires {day(120):{uk}}, before block B2 ends", None)


def test_sorting_by_the_column_puts_the_red_first_and_the_details_say_it(window):
    page = window.students
    column = next(i for i, c in enumerate(page.model.columns) if c.title == "Clearances")
    page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    order = [page.proxy.row_at(r).student.student_id for r in range(page.proxy.rowCount())]
    assert list(dict.fromkeys(order)) == ["S2", "S3", "S4", "S5", "S1"]  # red, amber, later, cleared; soonest first
    page.table.selectRow(0)
    assert "Clearances:" in page.details.toPlainText() and "DBS check" in page.details.toPlainText()


def test_without_a_clearances_table_the_column_is_empty(make_window, planned_db):
    window = make_window(planned_db)
    page = window.students
    column = next(i for i, c in enumerate(page.model.columns) if c.title == "Clearances")
    assert {page.model.index(r, column).data() for r in range(page.model.rowCount())} == {""}
    assert page.table.isColumnHidden(column)
