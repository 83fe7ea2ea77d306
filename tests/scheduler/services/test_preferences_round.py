"""The students' preferences round over a real (temporary) database: out, filled in, back, and honoured."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from openpyxl import load_workbook

from scheduler.domain import Block, DataSet, Exclusion, Practice, Preference, Student, TravelOverride
from scheduler.preference_round.changes import ranks_text
from scheduler.preference_round.workbook import HEADER_ROW, SHEET
from scheduler.returned_workbooks import ReturnsRefused
from scheduler.rules.hard import Facts, placement_breaks
from scheduler.services import Workspace, plans
from scheduler.services.data import load_dataset, load_settings
from scheduler.services.preferences import (
    REPLY_DAYS,
    PreviewOutdated,
    import_preferences,
    preference_replies,
    preferences_out,
    preview_preferences,
)
from scheduler.store import preference_rows, repository

PRACTICES = tuple(Practice(f"P{j}", f"Surgery {j}", frozenset({3}), capacity=2, latitude=53.47, longitude=-2.23)
                  for j in range(1, 6)) + (
    Practice("PX", "Inactive", frozenset({3}), capacity=2, latitude=53.47, longitude=-2.23, active=False),
    Practice("PY", "Year 5 only", frozenset({5}), capacity=2, latitude=53.47, longitude=-2.23))
STUDENTS = tuple(Student(f"S{i}", "Stu", f"Dent{i}", 3, travel_mode="car", group="A" if i < 4 else "B")
                 for i in range(1, 7))
BLOCKS = (Block("Y3-A", 3, dt.date(2026, 10, 5), dt.date(2026, 10, 30), group="A"),
          Block("Y3-B", 3, dt.date(2027, 1, 11), dt.date(2027, 2, 5), group="B"))


def minutes(s: Student, p: Practice) -> float:
    if s.student_id == "S1" and p.code == "P5":
        return 80.0  # beyond the 60-minute default
    if s.student_id == "S3":
        return 15.0  # every practice equally near: only the preference tells them apart
    return 15.0 + int(p.code[1:]) if p.code[1:].isdigit() else 15.0


DATA = DataSet(practices=PRACTICES, students=STUDENTS, blocks=BLOCKS, exclusions=(Exclusion("S2", "P1"),),
               travel=tuple(TravelOverride(s.student_id, p.code, minutes(s, p)) for s in STUDENTS for p in PRACTICES))


@pytest.fixture
def ws(tmp_path):
    with Workspace.open(str(tmp_path / "placements.db")) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, DATA)
        yield ws


def listed(path) -> dict[str, list[str]]:
    sheet = load_workbook(path)[SHEET]
    out: dict[str, list[str]] = {}
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        out.setdefault(row[0], []).append(row[3])
    return out


def test_each_student_is_offered_exactly_the_practices_the_rules_allow(ws, tmp_path):
    summary = preferences_out(ws, tmp_path / "out")
    assert summary.workbooks == 2 and summary.students == 6
    assert sorted(p.name for p in (tmp_path / "out").glob("*.xlsx")) == [
        "preferences-year3-group-A.xlsx", "preferences-year3-group-B.xlsx"]
    offered = {**listed(tmp_path / "out" / "preferences-year3-group-A.xlsx"),
               **listed(tmp_path / "out" / "preferences-year3-group-B.xlsx")}
    facts = Facts(DATA, load_settings(ws))
    block_of = {"A": BLOCKS[0], "B": BLOCKS[1]}
    for s in STUDENTS:
        allowed = [p.code for p in PRACTICES if not placement_breaks(facts, s, block_of[s.group], p)]
        assert sorted(offered[s.student_id]) == sorted(allowed)
    assert "P5" not in offered["S1"] and "P1" not in offered["S2"] and "PX" not in offered["S3"]


def fill(path, ranks: dict[tuple[str, str], object]) -> None:
    book = load_workbook(path)
    sheet = book[SHEET]
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        key = (sheet[f"A{row}"].value, sheet[f"D{row}"].value)
        if key in ranks:
            sheet[f"G{row}"] = ranks[key]
    book.save(path)


def test_a_filled_in_return_imports_and_the_solver_gives_a_free_first_choice(ws, tmp_path):
    preferences_out(ws, tmp_path / "out")
    path = tmp_path / "out" / "preferences-year3-group-A.xlsx"
    fill(path, {("S3", "P4"): 1, ("S3", "P2"): "2 "})  # P4 has room: nobody else needs it
    check = import_preferences(ws, [path])
    assert {sid: [(p.practice_code, p.rank) for p in ranks] for sid, ranks in check.preferences.items()} == {
        "S3": [("P2", 2), ("P4", 1)]}
    assert {(p.student_id, p.practice_code, p.rank) for p in load_dataset(ws).preferences} == {
        ("S3", "P2", 2), ("S3", "P4", 1)}
    outcome = plans.solve(ws, "With preferences")
    placed = {(p.student_id, p.block_id): p.practice_code for p in outcome.plan.placements}
    assert placed[("S3", "Y3-A")] == "P4"


@pytest.mark.parametrize("column, value, message", [
    ("G", 0, "rank must be 1 or more"),
    ("G", "first", "rank must be a whole number"),
    ("G", 51, "rank must be 50 or less"),
    ("G", "１", "rank must be a whole number (type plain digits 0-9)"),
    ("D", "P5", "the practice_code is not a practice this student may be placed at"),
    ("A", "S99", "the student_id is not a student of the data set"),
])
def test_a_broken_return_is_refused_by_file_sheet_and_cell_with_nothing_written(ws, tmp_path, column, value,
                                                                                message):
    preferences_out(ws, tmp_path / "out")
    path = tmp_path / "out" / "preferences-year3-group-A.xlsx"
    book = load_workbook(path)
    sheet = book[SHEET]
    row = next(r for r in range(HEADER_ROW + 1, sheet.max_row + 1) if sheet[f"A{r}"].value == "S1")
    sheet[f"G{row}"] = 1
    sheet[f"{column}{row}"] = value
    book.save(path)
    with pytest.raises(ReturnsRefused) as refused:
        import_preferences(ws, [path])
    problems = [str(p) for p in refused.value.check.problems]
    assert len(problems) == 1 and problems[0].startswith(
        f"preferences-year3-group-A.xlsx, sheet Preferences, cell {column}{row}: {message}")
    assert load_dataset(ws).preferences == ()


def test_the_same_rank_twice_is_named_at_both_cells(ws, tmp_path):
    preferences_out(ws, tmp_path / "out")
    path = tmp_path / "out" / "preferences-year3-group-A.xlsx"
    fill(path, {("S3", "P1"): 1, ("S3", "P2"): 1})
    with pytest.raises(ReturnsRefused) as refused:
        import_preferences(ws, [path])
    assert "the student gives rank 1 twice (also G" in str(refused.value.check.problems[0])
    assert "S3" not in str(refused.value.check.problems[0])


def test_sending_records_each_student_as_awaiting_a_reply_until_the_reply_by_date(ws, tmp_path):
    today = dt.date(2026, 9, 1)
    summary = preferences_out(ws, tmp_path / "out", today=today)
    assert summary.reply_by == today + dt.timedelta(days=REPLY_DAYS)
    replies = {r.student_id: r for r in preference_replies(ws)}
    assert list(replies) == [s.student_id for s in STUDENTS]
    assert {r.cohort for r in replies.values()} == {"Year 3 group A", "Year 3 group B"}
    assert all(r.sent is not None and r.replied is None and r.reply_by == summary.reply_by for r in replies.values())
    assert {r.standing(summary.reply_by) for r in replies.values()} == {"awaiting reply"}
    assert {r.standing(summary.reply_by + dt.timedelta(days=1)) for r in replies.values()} == {"to chase"}


def test_a_preview_shows_old_and_new_ranks_and_the_save_marks_the_students_replied(ws, tmp_path):
    with ws.session() as s:
        preference_rows.replace_preferences(s, ["S3"], [Preference("S3", "P1", 1)])
    preferences_out(ws, tmp_path / "out")
    path = tmp_path / "out" / "preferences-year3-group-A.xlsx"
    fill(path, {("S3", "P1"): None, ("S3", "P4"): 1, ("S3", "P2"): 2, ("S2", "P3"): 1})
    shown = preview_preferences(ws, [path])
    assert shown.ok and shown.files == ("preferences-year3-group-A.xlsx",) and shown.unchanged == 0
    assert [(c.student_id, ranks_text(c.before), ranks_text(c.after), c.source) for c in shown.changes] == [
        ("S2", "none", "1 P3", path.name), ("S3", "1 P1", "1 P4, 2 P2", path.name)]
    assert {(p.student_id, p.practice_code) for p in load_dataset(ws).preferences} == {("S3", "P1")}  # nothing saved

    import_preferences(ws, [path], previewed=shown)
    replies = {r.student_id: r for r in preference_replies(ws)}
    assert {sid for sid, r in replies.items() if r.replied is not None} == {"S2", "S3"}
    assert (replies["S3"].ranks, replies["S3"].source, replies["S3"].standing(dt.date.today())) == (
        2, path.name, "replied")
    assert replies["S3"].sent is not None  # still known when it went out
    assert preview_preferences(ws, [path]).changes == ()


def test_a_save_refuses_when_the_ranks_changed_since_the_preview(ws, tmp_path):
    preferences_out(ws, tmp_path / "out")
    path = tmp_path / "out" / "preferences-year3-group-A.xlsx"
    fill(path, {("S3", "P4"): 1})
    shown = preview_preferences(ws, [path])
    fill(path, {("S3", "P4"): 2})  # the workbook saved again after the officer looked
    with pytest.raises(PreviewOutdated) as outdated:
        import_preferences(ws, [path], previewed=shown)
    assert load_dataset(ws).preferences == ()
    assert all(r.replied is None for r in preference_replies(ws))
    assert str(pickle.loads(pickle.dumps(outdated.value))) == str(outdated.value)  # as from the window's worker


def test_an_untouched_return_is_no_reply_even_when_ranks_on_record_name_a_practice_it_cannot_list(ws, tmp_path):
    with ws.session() as s:  # P5 is beyond S1's limit, so their workbook does not list it
        preference_rows.replace_preferences(s, ["S1"], [Preference("S1", "P5", 1), Preference("S1", "P2", 2)])
    preferences_out(ws, tmp_path / "out")
    path = tmp_path / "out" / "preferences-year3-group-A.xlsx"
    shown = preview_preferences(ws, [path])
    assert shown.changes == () and shown.unchanged == 1  # S1, returned as sent
    fill(path, {("S1", "P3"): 1})
    (change,) = preview_preferences(ws, [path]).changes
    assert (ranks_text(change.before), ranks_text(change.after)) == ("1 P5, 2 P2", "1 P3, 2 P2")


def test_a_refusal_survives_the_trip_from_a_worker_process(ws, tmp_path):
    preferences_out(ws, tmp_path / "out")
    path = tmp_path / "out" / "preferences-year3-group-A.xlsx"
    fill(path, {("S3", "P4"): "first"})
    with pytest.raises(ReturnsRefused) as refused:
        import_preferences(ws, [path])
    again = pickle.loads(pickle.dumps(refused.value))
    assert str(again) == str(refused.value) and again.check.problems == refused.value.check.problems
