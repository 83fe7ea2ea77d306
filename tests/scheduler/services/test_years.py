"""Closing an academic year on both back ends: the preview counts what closing does and changes nothing; closing
turns the final plan into history, archives the year's rows and empties them, moves the academic year on, and
needs the officer's confirmation without a final plan or with students unplaced; a closed year's documents
reprint byte for byte."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections import Counter

import pytest
from database_helpers import dump_tables
from pypdf import PdfReader
from reportlab import rl_config
from sqlalchemy import func, select
from year_helpers import next_year_students, write_students_csv

from scheduler.block_roll import roll_blocks
from scheduler.cli.main import main
from scheduler.demo import make_demo
from scheduler.domain import Attendance, ChangeRequest, Clearance, DataSet, Tutor
from scheduler.evaluations.returns import Answer
from scheduler.reports import page
from scheduler.rules.hard import blocks_on_dates
from scheduler.services import Workspace, audit, backups, documents, evaluations, new_year, payments, privacy, years
from scheduler.settings import Settings
from scheduler.solver import solve
from scheduler.store import advice_rows, evaluation_rows, offer_rows, repository, request_rows
from scheduler.store.change_versions import Snapshot
from scheduler.store.models import ArchivedRow, ArchivedYearRow, PlanAdviceRow, PlanRow
from scheduler.store.personal_data import pseudonym

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
    assert [e.action for e in events] == ["note", "close year"]  # the trail is kept whole (and archived)
    assert str(closed.backup) in events[-1].before
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


def test_a_closed_years_statements_reprint_byte_for_byte_with_the_practices_own_quality_trend(
        ws, demo_and_plan, fixed_pdfs, tmp_path):
    _, plan = demo_and_plan
    code = Counter(p.practice_code for p in plan.placements).most_common(1)[0][0]
    here = [p for p in plan.placements if p.practice_code == code]
    with ws.session() as s:
        evaluation_rows.record_answers(s, [Answer(p.student_id, p.block_id, code, {"teaching": 4},
                                                  f"<remark {i}>", True, "returned.xlsx")
                                           for i, p in enumerate(here)], WHEN)
        s.add(ArchivedYearRow(academic_year="2025/26", closed_at=dt.datetime(2026, 7, 31, 17, 0), summary={}))
        s.flush()
        s.add_all(ArchivedRow(academic_year="2025/26", table_name="evaluations", student_id=f"OLD{i}",
                              data={"student_id": f"OLD{i}", "block_id": "B", "practice_code": code,
                                    "received": "2026-03-01T10:00:00", "teaching": 3}) for i in range(3))
    statement = f"statements/{code}.pdf"
    payments.write_payments(ws, tmp_path / "live", "Final", today=dt.date(2027, 3, 31))
    live = (tmp_path / "live" / statement).read_bytes()
    years.close_year(ws, "Final", confirmed=True)
    with years.archived_workspace(ws, "2026/27") as year:
        payments.write_payments(year, tmp_path / "reprint", "Final", today=dt.date(2027, 3, 31))
    assert (tmp_path / "reprint" / statement).read_bytes() == live
    pages = ["".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(live)).pages]
    students = len({p.student_id for p in here})
    now = f"4.0(n={students})" if students >= 3 else "fewerthan3answered"
    assert f"Teaching3.0(n=3){now}" in pages[-1] and "2025/262026/27" in pages[-1]  # the trend, oldest first
    assert not any("remark" in page for page in pages)  # comments (and these concerns) are never printed


def test_a_plans_kept_advice_is_archived_with_it_and_leaves_no_row_behind(ws):
    with ws.session() as s:
        advice_rows.keep(s, "Final", {"short": 3}, Snapshot({"students": 1}, None, ("Final", 1)), WHEN)
        assert repository.counts(s)["plans"] == 2
    preview = years.preview_close(ws, "Final")
    assert preview.archived["plan_advice"] == 1
    closed = years.close_year(ws, "Final", confirmed=True)
    assert closed.archived_rows["plan_advice"] == 1
    with ws.session() as s:
        left = s.execute(select(PlanAdviceRow.plan_id)).scalars().all()
        orphans = s.execute(select(func.count()).select_from(PlanAdviceRow).outerjoin(
            PlanRow, PlanRow.id == PlanAdviceRow.plan_id).where(PlanRow.id.is_(None))).scalar_one()
    assert (left, orphans) == ([], 0)
    with years.archived_workspace(ws, "2026/27") as year, year.session() as s:
        assert advice_rows.kept(s, "Final").report == {"short": 3}  # goes with its plan into the archive


@dataclasses.dataclass(frozen=True)
class LaterDefaults(Settings):
    school_name: str = "a later version's default"


def test_a_closed_year_keeps_the_settings_it_was_planned_with_even_unsaved_defaults(ws, monkeypatch):
    with ws.session() as s:
        assert repository.settings_version(s) == 0  # the defaults, never saved
    years.close_year(ws, "Final", confirmed=True)
    with ws.session() as s:
        repository.save_settings(s, dataclasses.replace(repository.load_settings(s), school_name="Renamed"))
    monkeypatch.setattr(repository, "Settings", LaterDefaults)  # the app updated since with other defaults
    with years.archived_workspace(ws, "2026/27") as year, year.session() as s:
        assert repository.load_settings(s).school_name == Settings().school_name
        assert repository.load_settings(s).academic_year == "2026/27"


def test_a_settings_year_that_is_not_a_year_is_refused_by_name(ws):
    with ws.session() as s:
        repository.save_settings(s, dataclasses.replace(repository.load_settings(s), academic_year="this year"))
    with pytest.raises(years.CloseRefused, match="'this year' is not a year such as 2026/27"):
        years.preview_close(ws, "Final")


def test_a_year_that_is_not_closed_cannot_be_opened(ws):
    with pytest.raises(years.YearNotArchived, match="2025/26 is not a closed year"):
        with years.archived_workspace(ws, "2025/26"):
            pass


def test_close_year_command_previews_refuses_without_yes_and_closes(ws, capsys, tmp_path):
    db = ws.url
    assert main(["payments", str(tmp_path / "paid"), "--plan", "Final", "--db", db]) == 0
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
    assert main(["payments", str(tmp_path / "repaid"), "--year", "2026/27", "--plan", "Final", "--db", db]) == 0
    assert (tmp_path / "repaid" / "payments.csv").read_bytes() == (tmp_path / "paid" / "payments.csv").read_bytes()
    for command in ("letters", "calendars"):
        assert main([command, str(tmp_path / command), "--year", "2026/27", "--plan", "Final", "--db", db]) == 0
        assert any((tmp_path / command / "practices").iterdir())
    with pytest.raises(SystemExit) as usage:
        main(["payments", str(tmp_path / "bad"), "--year", "2026", "--db", db])
    assert usage.value.code == 2
    assert "give the academic year as YYYY/YY" in capsys.readouterr().err
    assert main(["info", "--db", db]) == 0
    assert "years held: 2026/27 (closed), 2027/28 (current)" in capsys.readouterr().out


# --- the new year from the records system's list -------------------------------------------------------------

@pytest.fixture
def closed(ws, demo_and_plan, tmp_path):
    """The year closed with its final plan, and the next year's students list (``year_helpers``) as a CSV file."""
    data, _ = demo_and_plan
    with ws.session() as s:  # clearances that cover 2026/27 but not the rolled blocks
        stored = repository.load_dataset(s)
        repository.replace_dataset(s, dataclasses.replace(stored, clearances=CLEARANCES(data), tutors=TUTORS(data)))
        repository.save_plan(s, demo_and_plan[1])
    years.close_year(ws, "Final", confirmed=True)
    nxt = next_year_students(data)
    return nxt, write_students_csv(nxt.students, tmp_path / "students 2027.csv")


def CLEARANCES(data):
    return tuple(Clearance(s.student_id, kind, dt.date(2027, 8, 31)) for s in data.students
                 for kind in ("dbs", "occupational_health"))


def TUTORS(data):
    return tuple(Tutor(p.code, f"Tutor {p.code}", dt.date(2024, 1, 1), dt.date(2030, 1, 1)) for p in data.practices)


def test_the_new_year_report_says_who_moved_up_repeats_left_is_new_and_changed_programme(ws, closed,
                                                                                         demo_and_plan):
    data, _ = demo_and_plan
    nxt, source = closed
    before = content(ws)
    report = new_year.check_new_year(ws, source)
    assert content(ws) == before
    assert report.ok, report.errors
    assert sorted(s for s, _ in report.repeats) == sorted(nxt.repeaters)
    assert report.left == list(nxt.leavers) and len(report.left) == sum(s.year == 5 for s in data.students)
    assert report.new == list(nxt.new)
    assert report.changed_programme == [(nxt.changer, "medicine", "nursing")]
    assert {s for s, _, _ in report.moved_up} == ({s.student_id for s in data.students if s.year < 5}
                                                  - set(nxt.repeaters))
    assert all(new == old + 1 for _, old, new in report.moved_up) and report.other_year == []
    assert report.blocks_rolled_weeks == 53  # 2026 has an ISO week 53
    attending = {s.student_id for s in nxt.students if any(b.attended_by(s) for b in report.blocks)}
    due = {(d.student_id, d.kind): d.valid_until for d in report.clearances_due}
    assert set(due) == {(sid, kind) for sid in attending for kind in ("dbs", "occupational_health")}
    assert {until for (sid, _), until in due.items() if sid not in nxt.new} == {dt.date(2027, 8, 31)}
    assert {until for (sid, _), until in due.items() if sid in nxt.new} == {None}  # none on record
    text = "\n".join(report.lines())
    assert f"repeat their year (history kept): 2: {', '.join(s for s, _ in report.repeats)}" in text
    assert f"changed programme: 1: {nxt.changer} (medicine -> nursing)" in text


def test_the_new_year_is_written_whole_and_only_once(ws, closed, demo_and_plan):
    data, plan = demo_and_plan
    nxt, source = closed
    with ws.session() as s:
        history_before = repository.load_dataset(s, travel_students=()).history
    report = new_year.start_new_year(ws, source)
    assert report.ok
    with ws.session() as s:
        stored = repository.load_dataset(s)
        settings = repository.load_settings(s)
    assert stored.students == nxt.students
    assert not {s.student_id for s in stored.students} & set(nxt.leavers)
    kept = {s.student_id for s in nxt.students}
    assert set(stored.history) == {h for h in history_before if h.student_id in kept}
    assert {(p.student_id, p.practice_code, "2026/27") for p in plan.placements if p.student_id in nxt.repeaters} \
        <= {(h.student_id, h.practice_code, h.academic_year) for h in stored.history}
    assert set(stored.clearances) == {c for c in CLEARANCES(data) if c.student_id in kept}
    assert stored.tutors == TUTORS(data)  # the practices' tutors carry over with the practices
    assert all(t.student_id in kept for t in stored.travel) and stored.travel
    assert stored.practices == data.practices and stored.capacities == () and stored.preferences == ()
    assert [b.weekdays for b in stored.blocks] == [b.weekdays for b in data.blocks]
    assert all((new.start_date - old.start_date).days == 371 for new, old in zip(stored.blocks, data.blocks))
    assert settings.academic_year == "2027/28"
    assert audit.events(ws)[-1].action == "new year"
    with pytest.raises(new_year.NewYearRefused, match="was started from a students list already"):
        new_year.check_new_year(ws, source)


def test_the_rolled_blocks_keep_their_weekdays_and_blocks_on_dates_its_shape(demo_and_plan):
    data, _ = demo_and_plan
    rolled, problems = roll_blocks(data.blocks, "2026/27")
    assert problems == []

    def shape(blocks):
        on = blocks_on_dates(blocks)
        return [(day.weekday(), tuple(b.block_id for b in on[day])) for day in sorted(on)]

    assert shape(rolled) == shape(data.blocks)
    assert all(d.year in (2027, 2028) for b in rolled for d in (b.start_date, b.end_date))
    assert [len(b.teaching_dates()) for b in rolled] == [len(b.teaching_dates()) for b in data.blocks]


def test_a_block_that_cannot_roll_is_named_and_nothing_is_written(ws, closed, demo_and_plan):
    data, _ = demo_and_plan
    nxt, source = closed
    moved = dataclasses.replace(data.blocks[2], start_date=dt.date(2027, 9, 6), end_date=dt.date(2027, 10, 1))
    with ws.session() as s:
        stored = repository.load_dataset(s)
        repository.replace_dataset(s, dataclasses.replace(stored, blocks=(*stored.blocks[:2], moved,
                                                                          *stored.blocks[3:])))
    before = content(ws)
    report = new_year.start_new_year(ws, source)
    assert not report.ok and content(ws) == before
    assert [(p.table, p.row, p.column) for p in report.errors] == [("blocks", 4, "start_date"),
                                                                  ("blocks", 4, "end_date")]
    assert "is not in 2026/27" in report.errors[0].message and "new blocks table" in report.errors[0].message


def test_a_new_blocks_table_replaces_the_rolled_blocks(ws, closed, demo_and_plan, tmp_path):
    from scheduler.exchange import write_dataset_csv

    data, _ = demo_and_plan
    nxt, _ = closed
    blocks = tuple(dataclasses.replace(b, start_date=b.start_date + dt.timedelta(days=364),
                                       end_date=b.end_date + dt.timedelta(days=364)) for b in data.blocks)
    folder = tmp_path / "new year"
    write_dataset_csv(DataSet(students=nxt.students, blocks=blocks), folder)
    for name in ("practices", "capacity", "exclusions", "pairs", "history", "preferences", "travel", "postcodes",
                 "clearances", "attendance"):
        (folder / f"{name}.csv").unlink()
    report = new_year.start_new_year(ws, folder)
    assert report.ok and report.blocks_rolled_weeks is None
    with ws.session() as s:
        assert repository.load_dataset(s, travel_students=()).blocks == blocks


def test_a_workbook_with_the_students_sheet_and_empty_others_rolls_the_blocks(ws, closed, tmp_path):
    from scheduler.exchange import write_dataset_xlsx

    nxt, _ = closed
    workbook = write_dataset_xlsx(DataSet(students=nxt.students), tmp_path / "records system.xlsx")
    report = new_year.start_new_year(ws, workbook)
    assert report.ok, report.errors
    assert report.blocks_rolled_weeks == 53
    assert any(w.table == "blocks" and "roll forward" in w.message for w in report.warnings)
    with ws.session() as s:
        assert repository.load_dataset(s, travel_students=()).students == nxt.students


def test_a_students_list_without_rows_is_refused(ws, closed, tmp_path):
    before = content(ws)
    report = new_year.start_new_year(ws, write_students_csv((), tmp_path / "empty.csv"))
    assert not report.ok and content(ws) == before
    assert [(p.table, p.row) for p in report.errors] == [("students", None)]
    assert "has no rows" in report.errors[0].message


def test_a_student_id_twice_is_named_by_row_and_nothing_is_written(ws, closed, tmp_path):
    nxt, _ = closed
    source = write_students_csv((*nxt.students, nxt.students[4]), tmp_path / "twice.csv")
    before = content(ws)
    report = new_year.start_new_year(ws, source)
    assert not report.ok and content(ws) == before
    assert [(p.table, p.row, p.column) for p in report.errors] == [("students", len(nxt.students) + 2,
                                                                   "student_id")]
    assert nxt.students[4].first_name not in str(report.errors[0])


def test_a_new_year_needs_the_old_one_closed(ws, demo_and_plan, tmp_path):
    data, _ = demo_and_plan
    source = write_students_csv(next_year_students(data).students, tmp_path / "s.csv")
    with pytest.raises(new_year.NewYearRefused, match="follows no closed year"):
        new_year.check_new_year(ws, source)


def test_the_reprint_after_the_new_year_is_the_document_before_closing(ws, demo_and_plan, fixed_pdfs, tmp_path):
    data, plan = demo_and_plan
    code = plan.placements[0].practice_code
    before = documents.open_documents(ws, "Final").practice_timetable(code)
    years.close_year(ws, "Final", confirmed=True)
    source = write_students_csv(next_year_students(data).students, tmp_path / "s.csv")
    assert new_year.start_new_year(ws, source).ok
    with years.archived_workspace(ws, "2026/27") as year:
        assert documents.open_documents(year, "Final").practice_timetable(code) == before


def test_new_year_import_command_reports_then_writes(ws, closed, capsys):
    nxt, source = closed
    db = ws.url
    assert main(["import", "--new-year", "--dry-run", str(source), "--db", db]) == 0
    out = capsys.readouterr().out
    assert f"left (kept in the 2026/27 archive, in no plan): {len(nxt.leavers)}" in out
    assert "Dry run: nothing was changed." in out
    assert main(["import", "--new-year", str(source), "--db", db]) == 0
    assert "Started 2027/28" in capsys.readouterr().out
    assert main(["import", "--new-year", str(source), "--db", db]) == 1
    assert "started from a students list already" in capsys.readouterr().err


# --- personal data in the closed years ------------------------------------------------------------------------

def archived_text(ws) -> str:
    return "\n".join(json.dumps(row, ensure_ascii=False) for row in dump_tables(ws.database.engine)["archived_rows"])


def test_a_leavers_archived_rows_are_in_their_subject_export_and_purged_with_them(ws, closed, demo_and_plan,
                                                                                 tmp_path):
    data, plan = demo_and_plan
    nxt, source = closed
    assert new_year.start_new_year(ws, source).ok
    leaver = next(p.student_id for p in plan.placements if p.student_id in nxt.leavers)
    person = next(s for s in data.students if s.student_id == leaver)
    record = json.loads(privacy.subject_export(ws, leaver, tmp_path / "sar").read_text(encoding="utf-8"))
    year = record["closed_years"]["2026/27"]
    assert [row["last_name"] for row in year["students"]] == [person.last_name]
    assert {(r["block_id"], r["practice_code"]) for r in year["placements"]} == {
        (p.block_id, p.practice_code) for p in plan.placements if p.student_id == leaver}
    assert "student" not in record  # no longer in the current data set

    with ws.session() as s:  # six years on
        repository.save_settings(s, dataclasses.replace(repository.load_settings(s), academic_year="2033/34"))
    assert leaver in privacy.leavers(ws, "2027/28", today=dt.date(2034, 1, 5))
    stays = nxt.repeaters[0]
    done = privacy.purge(ws, "2027/28", today=dt.date(2034, 1, 5))
    assert done.anonymised >= len(nxt.leavers)
    text = archived_text(ws)
    assert leaver not in text and person.last_name not in text and person.email not in text
    assert pseudonym(leaver) in text
    assert stays in text  # a student still here keeps their archived rows
    with pytest.raises(privacy.UnknownStudent):
        privacy.subject_export(ws, leaver, tmp_path / "again")
    with years.archived_workspace(ws, "2026/27") as closed_year:  # the year still reprints, anonymised
        assert documents.open_documents(closed_year, "Final").practice_timetable(
            next(p.practice_code for p in plan.placements if p.student_id == leaver))


def test_a_student_purged_from_the_current_data_is_anonymised_in_the_closed_years_too(ws, closed, tmp_path):
    nxt, source = closed
    assert new_year.start_new_year(ws, source).ok  # the programme changer attends no block of the small demo
    record = json.loads(privacy.subject_export(ws, nxt.changer, tmp_path / "sar").read_text(encoding="utf-8"))
    assert {(c["kind"], c["valid_until"]) for c in record["clearances"]} == {
        ("dbs", "2027-08-31"), ("occupational_health", "2027-08-31")}
    assert record["student"]["programme"] == "nursing"
    assert [r["programme"] for r in record["closed_years"]["2026/27"]["students"]] == ["medicine"]
    with ws.session() as s:
        repository.save_settings(s, dataclasses.replace(repository.load_settings(s), academic_year="2033/34"))
    assert nxt.changer in privacy.leavers(ws, "2027/28", today=dt.date(2034, 1, 5))
    privacy.purge(ws, "2027/28", today=dt.date(2034, 1, 5))
    assert nxt.changer not in archived_text(ws) and pseudonym(nxt.changer) in archived_text(ws)


@pytest.fixture
def evaluated(ws, demo_and_plan):
    """Every placement of the final plan evaluated (teaching 2, a numbered remark), before the year closes."""
    _, plan = demo_and_plan
    with ws.session() as s:
        evaluation_rows.record_answers(s, [Answer(p.student_id, p.block_id, p.practice_code, {"teaching": 2},
                                                  f"<remark {i}>", i == 0, "returned.xlsx")
                                           for i, p in enumerate(plan.placements)], WHEN)
    return plan


def test_a_closed_years_evaluations_stay_in_its_figures_and_a_leavers_remarks_are_purged(ws, evaluated, closed):
    plan = evaluated
    nxt, source = closed
    with ws.session() as s:
        assert evaluation_rows.all_rows(s) == []  # the live table is the new year's
    figures, _ = evaluations.quality_figures(ws)
    assert {f.academic_year for f in figures} == {"2026/27"}
    assert sum(f.answered for f in figures) == len(plan.placements)
    assert new_year.start_new_year(ws, source).ok
    leaver = next(p.student_id for p in plan.placements if p.student_id in nxt.leavers)
    theirs = [f"<remark {i}>" for i, p in enumerate(plan.placements) if p.student_id == leaver]
    assert all(remark in archived_text(ws) for remark in theirs)
    with ws.session() as s:
        repository.save_settings(s, dataclasses.replace(repository.load_settings(s), academic_year="2033/34"))
    privacy.purge(ws, "2027/28", today=dt.date(2034, 1, 5))
    text = archived_text(ws)
    assert not any(remark in text for remark in theirs) and leaver not in text
    assert sum(f.answered for f in evaluations.quality_figures(ws)[0]) == len(plan.placements)  # scores stay


def test_restoring_a_backup_from_before_the_close_names_the_closed_year_and_keeps_the_trail(ws, tmp_path):
    saved = backups.backup(ws, tmp_path / "before closing.sqlite")
    years.close_year(ws, "Final", confirmed=True)
    with pytest.raises(backups.RestoreRefused, match="closed years: 1 now, 0 in the backup"):
        backups.restore(ws, saved)
    backups.restore(ws, saved, force=True)
    assert years.years_held(ws) == [{"academic_year": "2026/27", "closed": False}]
    assert {"note", "close year", "restore"} <= {e.action for e in audit.events(ws)}
