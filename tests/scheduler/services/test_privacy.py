"""Personal data on both back ends: purge anonymises leavers and keeps their practice history; a subject access
export holds everything about one student."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from scheduler.cli.main import main
from scheduler.domain import (
    Block,
    DataSet,
    HistoryEntry,
    Pair,
    Placement,
    Plan,
    Practice,
    Preference,
    Student,
    TravelOverride,
)
from scheduler.evaluations.returns import Answer
from scheduler.services import Workspace, audit, data, edits, privacy
from scheduler.store import evaluation_rows, preference_rows, repository

SENT = dt.datetime(2026, 6, 1, 9, 30)

DATA = DataSet(
    practices=(Practice("P1", "Surgery One", frozenset({3}), capacity=3, latitude=53.4, longitude=-2.2),
               Practice("P2", "Surgery Two", frozenset({3}), capacity=3, latitude=53.5, longitude=-2.2)),
    students=(Student("1001", "Łucja", "Nguyễn", 3, email="l@example.ac.uk", postcode="M13 9PL", latitude=53.46,
                      longitude=-2.23),
              Student("2001", "Жанна", "Smith", 5, email="z@example.ac.uk", postcode="M14 5AA", latitude=53.45,
                      longitude=-2.22),  # year 5: no block of the data set, so a leaver
              Student("3001", "Ann", "Lee", 3)),
    blocks=(Block("B1", 3, dt.date(2026, 9, 7), dt.date(2026, 9, 11)),),
    history=(HistoryEntry("2001", "P1", "2019/20"), HistoryEntry("2001", "P2", "2020/21"),
             HistoryEntry("1001", "P1", "2019/20"), HistoryEntry("3001", "P2", "2024/25")),
    preferences=(Preference("2001", "P2", 1),),
    pairs=(Pair("2001", "3001", "apart"),),
    travel=(TravelOverride("2001", "P1", 12.0), TravelOverride("1001", "P1", 9.0)),
)


@pytest.fixture
def ws(db_url):
    with Workspace.open(db_url) as workspace:
        with workspace.session() as s:
            repository.replace_dataset(s, DATA)
            repository.save_plan(s, Plan("Plan 1", (Placement("1001", "B1", "P1", 9.0),), is_current=True))
            preference_rows.record_sent(s, ["1001", "2001"], SENT, dt.date(2026, 6, 22))
            evaluation_rows.record_sent(s, [("1001", "B1", "P1")], SENT, dt.date(2026, 6, 22))
            evaluation_rows.record_answers(s, [Answer("2001", "B0", "P2", {"teaching": 2}, "Dr X was rude to me",
                                                      True, "2001.xlsx")], SENT)
        audit.record(workspace, "note", "about 2001", "2001 was here", "")
        yield workspace


def test_purge_anonymises_leavers_only_and_keeps_their_history(ws, tmp_path):
    assert privacy.leavers(ws, "2025/26") == ["2001"]  # 1001 is in a plan; 3001 attends B1 of the current data
    assert privacy.leavers(ws, "2021/22") == ["2001"]
    done = privacy.purge(ws, "2021/22")
    assert (done.anonymised, done.kept) == (1, 0) and done.backup is not None
    stored = data.load_dataset(ws)
    by_id = {st.student_id: st for st in stored.students}
    assert "2001" not in by_id
    (anon,) = [st for st in stored.students if st.student_id.startswith("ANON-")]
    assert (anon.first_name, anon.last_name, anon.email, anon.postcode, anon.latitude) == ("", "(anonymised)", "", "", None)
    assert by_id["1001"] == DATA.students[0]
    assert sorted((h.practice_code, h.academic_year) for h in stored.history if h.student_id == anon.student_id) == [
        ("P1", "2019/20"), ("P2", "2020/21")]
    assert all(t.student_id != anon.student_id for t in stored.travel) and stored.preferences == () and stored.pairs == ()
    with ws.session() as s:
        assert set(preference_rows.round_records(s)) == {"1001"}  # the leaver's preferences round is gone too
        evaluated = {r["student_id"]: r for r in evaluation_rows.all_rows(s)}
    assert set(evaluated) == {"1001", anon.student_id}  # the scores stay for the report; their own words go
    assert {k: evaluated[anon.student_id][k] for k in ("teaching", "concern", "comment", "source")} == {
        "teaching": 2, "concern": True, "comment": "", "source": ""}
    trail = audit.events(ws)
    assert not any("2001" in e.what + e.before + e.after for e in trail)
    assert trail[-1].action == "purge" and trail[-1].after == "1 anonymised"
    assert privacy.purge(ws, "2021/22").anonymised == 0  # nothing left to do
    with pytest.raises(ValueError, match="YYYY/YY"):
        privacy.purge(ws, "2025")


def test_subject_export_writes_everything_held_about_a_student(ws, db_url, tmp_path, capsys):
    edits.set_locked(ws, "Plan 1", "1001", "B1", True, "officer")
    assert main(["subject-export", "1001", str(tmp_path / "sar"), "--db", db_url]) == 0
    record = json.loads((tmp_path / "sar" / "subject-access-1001.json").read_text(encoding="utf-8"))
    assert record["student"]["first_name"] == "Łucja" and record["student"]["email"] == "l@example.ac.uk"
    assert record["history"] == [{"practice_code": "P1", "academic_year": "2019/20"}]
    assert record["travel_times"] == [{"practice_code": "P1", "minutes": 9.0}]
    assert [(p["plan"], p["practice_code"], p["locked"]) for p in record["placements"]] == [("Plan 1", "P1", True)]
    assert [e["action"] for e in record["plan_edits"]] == ["lock"]
    assert [(r["reply_by"], r["replied"]) for r in record["preference_round"]] == [("2026-06-22", None)]
    assert [(r["block_id"], r["practice_code"], r["received"]) for r in record["evaluations"]] == [("B1", "P1", None)]
    assert [e["action"] for e in record["audit_trail"]] == ["lock"]
    assert main(["subject-export", "9999", str(tmp_path / "none"), "--db", db_url]) == 1
    assert "no student '9999'" in capsys.readouterr().err


def test_the_retention_setting_gives_the_default_cut_off(ws, db_url, capsys):
    assert privacy.retention_cutoff(ws) == "2020/21"  # 2026/27 less the default 6 years
    capsys.readouterr()
    assert main(["purge", "--dry-run", "--db", db_url]) == 0
    assert "0 student(s) left before 2020/21" in capsys.readouterr().out
    assert main(["purge", "--before", "2021/22", "--db", db_url]) == 0
    assert "Anonymised 1 student(s)" in capsys.readouterr().out
