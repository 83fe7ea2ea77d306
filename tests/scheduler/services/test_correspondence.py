"""Letters, email drafts and calendars over a real (temporary) database: parsed back with ``email`` and ``icalendar``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy

import pytest
from icalendar import Calendar

from scheduler.cli import main as cli
from scheduler.domain import Block, DataSet, Placement, Plan, Practice, Student
from scheduler.exchange.atomic import MARKER, FolderRefused
from scheduler.services import Workspace
from scheduler.services.correspondence import write_calendars, write_letters
from scheduler.store import repository

PRACTICES = (
    Practice("M85001", "Ardwick Surgery", frozenset({3}), capacity=2, latitude=53.47, longitude=-2.21,
             address="1 Ardwick Green", postcode="M12 6AA", tutor="Dr Ada Shah", email="ardwick@nhs.example"),
    Practice("M85002", "Levenshulme Health", frozenset({3}), capacity=2, latitude=53.44, longitude=-2.19,
             email="lev@nhs.example"),
    Practice("M85003", "Gorton Medical", frozenset({3}), capacity=2, latitude=53.46, longitude=-2.17,
             email="gorton@nhs.example"),
)
STUDENTS = (
    Student("1001", "Łucja", "Nguyễn", 3, email="lucja@student.example", latitude=53.46, longitude=-2.23),
    Student("1002", "Amelia", "Smith", 3, email="amelia@student.example", latitude=53.45, longitude=-2.22),
    Student("1003", "Tom", "Lee", 3, email="tom@student.example", latitude=53.44, longitude=-2.21),
)
BLOCKS = (
    Block("Y3-B1", 3, dt.date(2026, 9, 7), dt.date(2026, 9, 25), weekdays=frozenset({1, 3})),  # Tue, Thu
    Block("Y3-B2", 3, dt.date(2027, 1, 11), dt.date(2027, 1, 22)),  # Mon-Fri
)
DATA = DataSet(practices=PRACTICES, students=STUDENTS, blocks=BLOCKS)
PLAN = Plan("Plan 1", (
    Placement("1001", "Y3-B1", "M85001", 14.0), Placement("1002", "Y3-B1", "M85001", 18.5),
    Placement("1003", "Y3-B1", "M85002", 22.0),
    Placement("1001", "Y3-B2", "M85002", 12.0), Placement("1002", "Y3-B2", "M85002", 19.0),
), status="optimal", is_current=True, created=dt.datetime(2026, 11, 30, 9, 0))


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "placements.db")
    with Workspace.open(path) as ws, ws.session() as s:
        repository.replace_dataset(s, DATA)
        repository.save_plan(s, PLAN)
    return path


def read_draft(path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def test_letters_write_a_draft_per_practice_with_students_and_per_placed_student(db, tmp_path):
    out = tmp_path / "letters"
    with Workspace.open(db) as ws:
        summary = write_letters(ws, out)
    assert (summary.practices, summary.students) == (2, 3)
    assert sorted(p.name for p in (out / "practices").iterdir()) == [
        "M85001.eml", "M85001.pdf", "M85002.eml", "M85002.pdf"]
    assert sorted(p.name for p in (out / "students").iterdir()) == ["1001.eml", "1002.eml", "1003.eml"]
    for code in ("M85001", "M85002"):
        draft = read_draft(out / "practices" / f"{code}.eml")
        practice = next(p for p in PRACTICES if p.code == code)
        assert draft["X-Unsent"] == "1"
        assert draft["To"].addresses[0].addr_spec == practice.email
        pdfs = [part for part in draft.iter_attachments() if part.get_content_type() == "application/pdf"]
        assert len(pdfs) == 1 and pdfs[0].get_content().startswith(b"%PDF")
        assert {part.get_content_type() for part in draft.walk()} >= {"text/plain", "text/html"}
    for student in STUDENTS:
        draft = read_draft(out / "students" / f"{student.student_id}.eml")
        assert draft["To"].addresses[0].addr_spec == student.email
        kinds = sorted(part.get_content_type() for part in draft.iter_attachments())
        assert kinds == ["application/pdf", "text/calendar"]
    ardwick = read_draft(out / "practices" / "M85001.eml").get_body(("plain",)).get_content()
    assert "Dear Dr Ada Shah," in ardwick and "Amelia Smith" in ardwick and "Łucja Nguyễn" in ardwick
    assert "Tom Lee" not in ardwick


def test_letters_since_a_plan_write_only_to_those_concerned(db, tmp_path):
    moved = tuple(dataclasses.replace(p, practice_code="M85003") if (p.student_id, p.block_id) == ("1003", "Y3-B1")
                  else p for p in PLAN.placements)
    with Workspace.open(db) as ws, ws.session() as s:
        repository.save_plan(s, dataclasses.replace(PLAN, name="Plan 2", placements=moved, is_current=False))
    out = tmp_path / "changes"
    with Workspace.open(db) as ws:
        summary = write_letters(ws, out, plan_name="Plan 2", since="Plan 1")
    assert (summary.practices, summary.students) == (2, 1)
    assert sorted(p.name for p in (out / "practices").glob("*.eml")) == ["M85002.eml", "M85003.eml"]
    assert [p.name for p in (out / "students").iterdir()] == ["1003.eml"]
    gorton = read_draft(out / "practices" / "M85003.eml").get_body(("plain",)).get_content()
    assert "Tom Lee (1003) now joins you in Y3-B1." in gorton
    lev = read_draft(out / "practices" / "M85002.eml").get_body(("plain",)).get_content()
    assert "Tom Lee (1003) no longer comes to you in Y3-B1." in lev
    tom = read_draft(out / "students" / "1003.eml").get_body(("plain",)).get_content()
    assert "In Y3-B1 you now go to Gorton Medical (M85003) instead of Levenshulme Health (M85002)." in tom


def test_calendars_have_one_event_per_attendance_day_and_stable_uids(db, tmp_path):
    with Workspace.open(db) as ws:
        first = write_calendars(ws, tmp_path / "cal")
        uids = {}
        for path in sorted((tmp_path / "cal").rglob("*.ics")):
            uids[path.name] = sorted(str(e["uid"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
        write_calendars(ws, tmp_path / "cal")
    assert (first.students, first.practices) == (3, 2)
    for path in sorted((tmp_path / "cal").rglob("*.ics")):
        assert sorted(str(e["uid"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")) == uids[path.name]
    events = list(Calendar.from_ical((tmp_path / "cal" / "students" / "1001.ics").read_bytes()).walk("VEVENT"))
    days = sorted(e.decoded("dtstart") for e in events)
    tue_thu = [dt.date(2026, 9, d) for d in (8, 10, 15, 17, 22, 24)]
    weekdays = [dt.date(2027, 1, d) for d in (11, 12, 13, 14, 15, 18, 19, 20, 21, 22)]
    assert days == tue_thu + weekdays
    assert all("1 Ardwick Green" in str(e["location"]) for e in events if e.decoded("dtstart") < dt.date(2027, 1, 1))
    practice = list(Calendar.from_ical((tmp_path / "cal" / "practices" / "M85001.ics").read_bytes()).walk("VEVENT"))
    assert len(practice) == 6 and "Amelia Smith (1002)" in str(practice[0]["description"])
    assert len(set(uid for names in uids.values() for uid in names)) == sum(len(v) for v in uids.values())


def test_an_unrelated_folder_is_refused_and_left_alone(db, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "budget.xlsx").write_bytes(b"officer's own file")
    with Workspace.open(db) as ws, pytest.raises(FolderRefused, match="holds files this app did not write"):
        write_calendars(ws, out)
    assert [p.name for p in out.iterdir()] == ["budget.xlsx"]


def test_a_failed_export_leaves_the_earlier_folder_whole(db, tmp_path, monkeypatch):
    out = tmp_path / "cal"
    with Workspace.open(db) as ws:
        write_calendars(ws, out)
        before = sorted(p.relative_to(out) for p in out.rglob("*"))
        from scheduler.services import correspondence

        def broken(index, student_id):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(correspondence, "student_calendar", broken)
        with pytest.raises(OSError):
            write_calendars(ws, out)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert (out / MARKER).exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".cal")] == []


def test_cli_letters_and_calendars(db, tmp_path, capsys):
    assert cli.main(["letters", str(tmp_path / "l"), "--db", db]) == 0
    assert "2 practices and 3 students" in capsys.readouterr().out
    assert cli.main(["calendars", str(tmp_path / "c"), "--db", db, "--plan", "Nope"]) == 1
    assert "Nothing written" in capsys.readouterr().err
