"""Excel exports of every table: names beside ids, minutes as numbers shown in minutes, one row per entry."""

from __future__ import annotations

import openpyxl
import pytest

from scheduler.demo import make_demo
from scheduler.services import Workspace, plans
from scheduler.services.spreadsheets import TABLES, export_table
from scheduler.settings import Settings
from scheduler.store import repository

FAST = Settings(time_limit_seconds=10, workers=1, seed=1)


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    workspace = Workspace.open(tmp_path_factory.mktemp("xlsx") / "x.db")
    with workspace.session() as s:
        repository.replace_dataset(s, make_demo(1, "small"))
    plans.solve(workspace, "Plan 1", settings=FAST)
    plans.solve(workspace, "Plan 2", settings=FAST.with_weights(travel=0.0))
    yield workspace
    workspace.close()


def _rows(path):
    """(the sheet, the column names, the rows) below the note that says what the rows are."""
    sheet = openpyxl.load_workbook(path).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].endswith(f"all {len(rows) - 2:,} rows"), rows[0]
    return sheet, rows[1], rows[2:]


def test_the_plan_table_has_names_and_numeric_minutes(ws, tmp_path):
    plan = plans.load_plan(ws, "Plan 1")
    data = make_demo(1, "small")
    sheet, header, rows = _rows(export_table(ws, "plan", tmp_path / "plan.xlsx", "Plan 1"))
    assert header[:8] == ("student_id", "first_name", "last_name", "year", "block_id", "practice_code",
                          "practice_name", "travel_minutes")
    assert len(rows) == len(plan.placements)
    first = plan.placements[0]
    student = next(s for s in data.students if s.student_id == first.student_id)
    practice = next(p for p in data.practices if p.code == first.practice_code)
    assert rows[0][:8] == (first.student_id, student.first_name, student.last_name, student.year, first.block_id,
                           first.practice_code, practice.name, pytest.approx(first.travel_minutes))
    assert sheet.cell(3, 8).number_format == '0" min"' and sheet.freeze_panes == "A3"
    assert sheet.cell(1, 1).value == f"Placements of Plan 1, all {len(plan.placements):,} rows"


def test_every_table_exports(ws, tmp_path):
    plan = plans.load_plan(ws, "Plan 1")
    data = make_demo(1, "small")
    expected = {"students": len(data.student_blocks()), "practices": len(data.practices),
                "plan": len(plan.placements), "unplaced": len(plan.unplaced)}
    for kind in TABLES:
        path = export_table(ws, kind, tmp_path / f"{kind}.xlsx", "Plan 1", other_plan="Plan 2")
        _, header, rows = _rows(path)
        if kind in expected:
            assert len(rows) == expected[kind], kind
    comparison = plans.compare_plans(ws, "Plan 1", "Plan 2")
    _, header, rows = _rows(tmp_path / "compare.xlsx")
    assert len(rows) == len(comparison.moves) and "practice in Plan 2" in header


def test_export_writes_placements_xlsx_beside_the_contract_csv(ws, tmp_path):
    plans.export_plan(ws, tmp_path / "out", "Plan 1")
    book = openpyxl.load_workbook(tmp_path / "out" / "placements.xlsx")
    assert book.sheetnames == ["Placements", "Unplaced"]
    assert (tmp_path / "out" / "placements.csv").exists()


def test_an_unknown_table_is_refused(ws, tmp_path):
    with pytest.raises(ValueError, match="no table"):
        export_table(ws, "teachers", tmp_path / "x.xlsx")
