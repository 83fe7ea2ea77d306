"""Closing an academic year on both back ends: the preview counts what closing does and changes nothing; closing
turns the final plan into history, archives the year's rows and empties them, moves the academic year on, and
needs the officer's confirmation without a final plan or with students unplaced; a closed year's documents
reprint byte for byte."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from database_helpers import dump_tables
from reportlab import rl_config

from scheduler.cli.main import main
from scheduler.demo import make_demo
from scheduler.domain import Attendance, ChangeRequest
from scheduler.reports import page
from scheduler.services import Workspace, audit, documents, years
from scheduler.settings import Settings
from scheduler.solver import solve
from scheduler.store import offer_rows, repository, request_rows

FAST = Settings(time_limit_seconds=10, workers=1, seed=1)
WHEN = dt.datetime(2026, 11, 2, 9, 0)


@pytest.fixture(scope="module")
def demo_and_plan():
    """The small demo with a few attendance returns, and its solved plan (it leaves students unplaced)."""
    data = make_demo(1, "small")
    plan = solve(data, FAST).plan
    placed = plan.placements[:3]
    data = dataclasses.replace(data, attendance=tuple(Attendance(p.student_id, p.block_id, p.practice_code, 8)
                                                      for p in placed))
    return data, dataclasses.replace(plan, name="Final", is_current=True, data_version=None)


@pytest.fixture
def ws(db_url, demo_and_plan):
    data, plan = demo_and_plan
    with Workspace.open(db_url) as workspace:
        with workspace.session() as s:
            repository.replace_dataset(s, data)
            repository.save_plan(s, plan)
            repository.save_plan(s, dataclasses.replace(plan, name="Draft", is_current=False,
                                                        placements=plan.placements[::2]))
            request_rows.add(s, ChangeRequest(0, data.students[0].student_id, data.blocks[0].block_id, "other",
                                              reason="a question", created=WHEN))
            offer_rows.record_sent(s, [data.practices[0].code], WHEN, dt.date(2026, 11, 23))
        audit.record(workspace, "note", "before closing", "", "")
        yield workspace


def content(ws) -> dict[str, list[tuple]]:
    return dump_tables(ws.database.engine)


def test_the_preview_counts_what_closing_does_and_changes_nothing(ws, demo_and_plan):
    data, plan = demo_and_plan
    before = content(ws)
    closing = years.preview_close(ws, "Final")
    assert content(ws) == before
    assert (closing.academic_year, closing.next_year, closing.final_plan) == ("2026/27", "2027/28", "Final")
    assert closing.history_rows == len({(p.student_id, p.practice_code) for p in plan.placements})
    assert closing.archived["plans"] == 2
    assert closing.archived["placements"] == len(plan.placements) + len(plan.placements[::2])
    assert closing.archived["attendance"] == 3
    assert closing.archived["change_requests"] == 1
    assert closing.archived["capacity_overrides"] == len(data.capacities) > 0
    assert closing.archived["preferences"] == len(data.preferences) > 0
    assert closing.archived["audit_events"] == 1
    assert closing.unplaced_students == len({u.student_id for u in plan.unplaced}) > 0
    text = "\n".join(closing.lines())
    assert f"history rows to add (Final): {closing.history_rows}" in text
    assert f"unplaced students in the final plan: {closing.unplaced_students}" in text


def test_closing_turns_the_final_plan_into_history_and_empties_the_year(ws, demo_and_plan):
    data, plan = demo_and_plan
    closed = years.close_year(ws, "Final", confirmed=True)
    assert closed.backup.is_file()
    with ws.session() as s:
        stored = repository.load_dataset(s, travel_students=())
        settings = repository.load_settings(s)
        counts = repository.counts(s)
        left = request_rows.all_requests(s)
        rounds = offer_rows.statuses(s)
    new_history = {(h.student_id, h.practice_code) for h in stored.history if h.academic_year == "2026/27"}
    assert new_history == {(p.student_id, p.practice_code) for p in plan.placements}
    assert len(stored.history) == len(data.history) + closed.closing.history_rows
    assert settings.academic_year == "2027/28"
    assert (counts["plans"], counts["capacities"], counts["preferences"], counts["attendance"]) == (0, 0, 0, 0)
    assert left == [] and all(r.sent is None for r in rounds)
    assert (stored.students, stored.practices, stored.blocks) == (data.students, data.practices, data.blocks)
    assert closed.archived_rows["placements"] == closed.closing.archived["placements"]
    assert closed.archived_rows["students"] == len(data.students)
    assert "travel_overrides" not in closed.archived_rows
    events = audit.events(ws)
    assert [e.action for e in events] == ["close year"]  # the year's own trail went to the archive
    assert str(closed.backup) in events[0].before
    assert [(y["academic_year"], y["closed"]) for y in years.years_held(ws)] == [("2026/27", True),
                                                                                ("2027/28", False)]


def test_a_year_with_students_unplaced_or_no_final_plan_is_closed_only_when_confirmed(ws):
    before = content(ws)
    with pytest.raises(years.CloseRefused, match=r"leaves \d+ student\(s\) unplaced"):
        years.close_year(ws, "Final")
    with pytest.raises(years.CloseRefused, match="no final plan was chosen"):
        years.close_year(ws)
    assert content(ws) == before
    closed = years.close_year(ws, confirmed=True)
    assert closed.closing.history_rows == 0


def test_a_preview_that_no_longer_holds_closes_nothing(ws):
    preview = years.preview_close(ws, "Final")
    with ws.session() as s:
        request_rows.add(s, ChangeRequest(0, "x", "y", "other", created=WHEN))  # another officer, meanwhile
    before = content(ws)
    with pytest.raises(years.CloseRefused, match="changed since the preview"):
        years.close_year(ws, "Final", confirmed=True, expected=preview)
    assert content(ws) == before


def test_a_closed_year_is_not_closed_again(ws):
    years.close_year(ws, "Final", confirmed=True)
    with ws.session() as s:
        repository.save_settings(s, dataclasses.replace(repository.load_settings(s), academic_year="2026/27"))
    with pytest.raises(years.CloseRefused, match="2026/27 is closed already"):
        years.preview_close(ws)


@pytest.fixture
def fixed_pdfs(monkeypatch):
    """PDFs without the moment they were made: ReportLab's invariant mode and a fixed "made" stamp."""
    monkeypatch.setattr(rl_config, "invariant", 1)

    class FixedClock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2027, 1, 4, 10, 0)

    monkeypatch.setattr(page.dt, "datetime", FixedClock)


def test_an_archived_timetable_reprints_byte_for_byte(ws, demo_and_plan, fixed_pdfs):
    _, plan = demo_and_plan
    code = plan.placements[0].practice_code
    student = plan.placements[0].student_id
    live = documents.open_documents(ws, "Final")
    before = (live.practice_timetable(code), live.student_schedule(student), live.payments_csv())
    years.close_year(ws, "Final", confirmed=True)
    with years.archived_workspace(ws, "2026/27") as year:
        archived = documents.open_documents(year, "Final")
        assert (archived.practice_timetable(code), archived.student_schedule(student),
                archived.payments_csv()) == before


def test_a_year_that_is_not_closed_cannot_be_opened(ws):
    with pytest.raises(years.YearNotArchived, match="2025/26 is not a closed year"):
        with years.archived_workspace(ws, "2025/26"):
            pass


def test_close_year_command_previews_refuses_without_yes_and_closes(ws, capsys, tmp_path):
    db = ws.url
    assert main(["close-year", "--plan", "Final", "--dry-run", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "history rows to add (Final)" in out and "Dry run: nothing was changed." in out
    assert main(["close-year", "--plan", "Final", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "student(s) unplaced" in err and "--yes" in err
    assert main(["close-year", "--plan", "Final", "--yes", "--db", db]) == 0
    assert "Closed 2026/27" in capsys.readouterr().out
    assert main(["info", "--json", "--db", db]) == 0
    held = json.loads(capsys.readouterr().out)["years"]
    assert [(y["academic_year"], y["closed"]) for y in held] == [("2026/27", True), ("2027/28", False)]
    assert held[0]["final_plan"] == "Final"
    assert main(["timetables", "--year", "2026/27", "--plan", "Final", str(tmp_path / "docs"), "--db", db,
                 "--workers", "1"]) == 0
    assert any((tmp_path / "docs" / "practices").glob("*.pdf"))
    assert main(["timetables", "--year", "2025/26", str(tmp_path / "none"), "--db", db]) == 1
    assert "2025/26 is not a closed year" in capsys.readouterr().err
