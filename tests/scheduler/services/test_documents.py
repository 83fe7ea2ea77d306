"""The documents service and the ``timetables`` command over a real (temporary) database."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from pypdf import PdfReader

from scheduler.cli import main as cli
from scheduler.domain import Block, DataSet, Placement, Plan, Practice, Student, Unplaced
from scheduler.progress import TaskState
from scheduler.services import PlanNotFound, Workspace, documents
from scheduler.store import repository

STUDENTS = (
    Student("1001", "Łucja", "Nguyễn", 3, email="l@example.ac.uk", latitude=53.46, longitude=-2.23),
    Student("1002", "Жанна", "陈", 3, latitude=53.45, longitude=-2.22),
    Student("1003", "محمد", "علي", 3, latitude=53.44, longitude=-2.21),
)
DATA = DataSet(
    practices=(Practice("M85001", "Ardwick Surgery", frozenset({3}), capacity=2, latitude=53.47, longitude=-2.21),
               Practice("M85002", "Levenshulme Health", frozenset({3}), capacity=1, latitude=53.44, longitude=-2.19)),
    students=STUDENTS,
    blocks=(Block("Y3-B1", 3, dt.date(2026, 9, 7), dt.date(2026, 10, 2)),),
)
PLAN = Plan("First", (Placement("1001", "Y3-B1", "M85001", 14.0), Placement("1002", "Y3-B1", "M85001", 18.5),
                      Placement("1003", "Y3-B1", "M85002", 22.0)), status="optimal", is_current=True)


def text(pdf: bytes) -> str:
    """The PDF's text, Arabic presentation forms folded back to letters (NFKC)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in pages))


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "placements.db")
    with Workspace.open(path) as ws, ws.session() as s:
        repository.replace_dataset(s, DATA)
    return path


@pytest.fixture
def db_with_plan(db) -> str:
    with Workspace.open(db) as ws, ws.session() as s:
        repository.save_plan(s, PLAN)
        repository.save_plan(s, Plan("Other", (Placement("1001", "Y3-B1", "M85002", 9.0),),
                                     (Unplaced("1002", "Y3-B1", "no room"), Unplaced("1003", "Y3-B1", "no room"))))
    return db


def test_write_documents_for_the_current_plan(db_with_plan, tmp_path):
    task = TaskState()
    with Workspace.open(db_with_plan) as ws:
        summary = documents.write_documents(ws, tmp_path / "out", task=task, workers=1)
    assert summary.plan_name == "First" and not summary.cancelled
    assert summary.practices == 2 and summary.students == 3 and summary.files == 2 + 3 + 4
    assert {p.name for p in (tmp_path / "out" / "practices").iterdir()} == {"M85001.pdf", "M85002.pdf"}
    assert "Жанна 陈" in text((tmp_path / "out" / "practices" / "M85001.pdf").read_bytes())
    assert task.history[-1].done == task.history[-1].total == 9


def test_named_plan_and_missing_plans(db_with_plan, db, tmp_path):
    with Workspace.open(db_with_plan) as ws:
        summary = documents.write_documents(ws, tmp_path / "other", plan_name="Other", workers=1)
        assert summary.practices == 1 and summary.students == 1
        with pytest.raises(PlanNotFound):
            documents.write_documents(ws, tmp_path / "x", plan_name="Nope")


def test_no_plan_is_a_clear_error(db, tmp_path):
    with Workspace.open(db) as ws, pytest.raises(documents.NoPlan, match="no current plan"):
        documents.write_documents(ws, tmp_path / "out")


def test_single_documents_for_the_preview(db_with_plan):
    with Workspace.open(db_with_plan) as ws:
        assert "Łucja Nguyễn" in text(documents.practice_timetable_pdf(ws, "M85001"))
        assert "Levenshulme Health" in text(documents.student_schedule_pdf(ws, "1003"))
        assert "Ardwick Surgery" in text(documents.overview_pdf_bytes(ws))
        assert "Ardwick Surgery" in text(documents.payments_pdf_bytes(ws))
        assert documents.payments_csv_text(ws).splitlines()[-1].startswith("TOTAL,")
        assert "Plan quality report" in text(documents.quality_pdf_bytes(ws, "Other"))
        with pytest.raises(documents.NotInPlan):
            documents.practice_timetable_pdf(ws, "X99999")
        previews = documents.open_documents(ws, "First")
    assert previews.plan_name == "First"  # usable after the workspace is closed: domain objects only
    assert "محمد علي" in text(previews.practice_timetable("M85002"))
    with pytest.raises(documents.NotInPlan):
        previews.student_schedule("9999")


@pytest.fixture
def only_document_commands(monkeypatch):
    """The other command groups are tested with their own code."""
    monkeypatch.setattr(cli, "COMMAND_MODULES", ("scheduler.cli.document_commands",))


def run(*args: str) -> int:
    return cli.main(list(args))


def test_timetables_command(only_document_commands, db_with_plan, tmp_path, capsys):
    assert run("timetables", str(tmp_path / "docs"), "--db", db_with_plan, "--workers", "1") == 0
    out = capsys.readouterr().out
    assert "Wrote 9 files" in out and '"First"' in out
    assert (tmp_path / "docs" / "students" / "1002.pdf").exists()
    assert run("timetables", str(tmp_path / "docs2"), "--db", db_with_plan, "--plan", "Other", "--workers", "1") == 0


def test_timetables_command_without_a_plan_exits_1(only_document_commands, db, tmp_path, capsys):
    assert run("timetables", str(tmp_path / "docs"), "--db", db) == 1
    assert "no current plan" in capsys.readouterr().err
    assert run("timetables", str(tmp_path / "docs"), "--db", db, "--plan", "Nope") == 1
