"""``tutors-due`` lists exactly the GP tutors whose training lapses before a block they would teach: their
practice has students planned in it, or offers places in it. Written as PDF and CSV, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from scheduler.cli.main import main
from scheduler.domain import Block, CapacityOverride, DataSet, Placement, Plan, Practice, Student, Tutor
from scheduler.services import Workspace
from scheduler.services.compliance import write_tutors_due
from scheduler.store import repository
from scheduler.tutors_due import UnknownBlock

TODAY = dt.date(2026, 9, 1)
OLD = Block("Y3-OLD", 3, dt.date(2026, 6, 1), dt.date(2026, 6, 26))       # ended before today
B1 = Block("Y3-B1", 3, dt.date(2026, 10, 5), dt.date(2026, 10, 30))
B2 = Block("Y3-B2", 3, dt.date(2027, 1, 11), dt.date(2027, 2, 5))
Y4 = Block("Y4-B1", 4, dt.date(2027, 3, 1), dt.date(2027, 3, 26))
LONG_AGO, FAR = dt.date(2023, 1, 1), dt.date(2030, 1, 1)


def practice(code: str, years=frozenset({3}), **kw) -> Practice:
    return Practice(code, f"Surgery {code}", years, capacity=kw.pop("capacity", 2), latitude=53.4, longitude=-2.2,
                    **kw)


PRACTICES = (
    practice("P1"),                                  # offers places in every block of year 3
    practice("P2", capacity=0),                      # offers none, but has a student planned in B2 (by hand)
    practice("P3", capacity=0),                      # offers none, nobody planned
    practice("P4"),                                  # teaches year 3 only: the year-4 block is not its
    practice("P5", active=False),                    # inactive: offers nothing
    practice("P6"),
)
TUTORS = (
    Tutor("P1", "Dr Ann Lapse", LONG_AGO, dt.date(2026, 12, 31), "ann@nhs.net"),   # lapses before B2: listed
    Tutor("P1", "Dr Bob Fine", LONG_AGO, FAR),                                     # in date: not listed
    Tutor("P1", "Dr Cy Gone", LONG_AGO, dt.date(2026, 10, 1), active=False),       # inactive: not listed
    Tutor("P2", "Dr Di Planned", LONG_AGO, dt.date(2027, 1, 20)),                  # B2 planned: listed
    Tutor("P3", "Dr Ed Idle", LONG_AGO, dt.date(2026, 9, 10)),                     # teaches nothing: not listed
    Tutor("P4", "Dr Flo Four", LONG_AGO, dt.date(2027, 3, 10)),                    # Y4 not taught: not listed
    Tutor("P5", "Dr Gus Shut", LONG_AGO, dt.date(2026, 9, 10)),                    # practice inactive: not listed
    Tutor("P6", "Dr Hal Past", LONG_AGO, dt.date(2026, 6, 20)),                    # lapses in every block: listed
)
STUDENTS = (Student("S1", "A", "One", 3, latitude=53.4, longitude=-2.2),)
DATA = DataSet(practices=PRACTICES, students=STUDENTS, blocks=(OLD, B1, B2, Y4), tutors=TUTORS,
               capacities=(CapacityOverride("P6", "Y3-B1", 0),))
PLAN = Plan("Plan A", placements=(Placement("S1", "Y3-B2", "P2", 10.0, locked=True),), is_current=True)


@pytest.fixture
def ws(tmp_path):
    with Workspace.open(tmp_path / "t.db") as workspace:
        with workspace.session() as s:
            repository.replace_dataset(s, DATA)
            repository.save_plan(s, PLAN)
        yield workspace


def test_exactly_the_tutors_whose_training_lapses_before_a_block_they_would_teach(ws, tmp_path):
    due = write_tutors_due(ws, tmp_path / "due", today=TODAY)
    assert [(d.tutor, [b.block_id for b in d.blocks]) for d in due] == [
        ("Dr Hal Past", ["Y3-B2"]),          # P6 offers no places in B1 (override 0), so B2 only
        ("Dr Ann Lapse", ["Y3-B2"]),
        ("Dr Di Planned", ["Y3-B2"]),
    ]
    rows = list(csv.reader(io.StringIO((tmp_path / "due" / "tutors-due.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["practice_code", "practice", "tutor", "email", "refresher_due", "first_block_affected",
                       "block_ends", "blocks_affected"]
    assert rows[2] == ["P1", "Surgery P1", "Dr Ann Lapse", "ann@nhs.net", "31/12/2026", "Y3-B2", "05/02/2027",
                       "Y3-B2"]
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "due" / "tutors-due.pdf").pages)
    assert "3 tutors whose training lapses" in text and "Dr Di Planned" in text and "Dr Bob Fine" not in text


def test_one_block_only_and_an_unknown_block_is_refused_writing_nothing(ws, tmp_path):
    assert write_tutors_due(ws, tmp_path / "b1", block_id="Y3-B1", today=TODAY) == []
    with pytest.raises(UnknownBlock):
        write_tutors_due(ws, tmp_path / "nope", block_id="Y9", today=TODAY)
    assert not (tmp_path / "nope").exists()


def test_the_command_writes_the_list_and_prints_no_names(ws, tmp_path, capsys):
    db = str(ws.database.engine.url.database)
    assert main(["tutors-due", str(tmp_path / "out"), "--db", db, "--block", "Y3-B2"]) == 0
    out = capsys.readouterr().out
    assert "P1" in out and "Dr " not in out and "@" not in out
    assert (tmp_path / "out" / "tutors-due.pdf").exists()
    assert main(["tutors-due", str(tmp_path / "x"), "--db", db, "--block", "Y9"]) == 1
    assert "there is no block Y9 in the data" in capsys.readouterr().err
