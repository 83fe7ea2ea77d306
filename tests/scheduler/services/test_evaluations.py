"""The students' evaluations round over a real (temporary) database: out, filled in, back, broken returns refused."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from openpyxl import load_workbook

from scheduler.domain import Block, DataSet, Placement, Plan, Practice, Student
from scheduler.evaluations import layout as L
from scheduler.exchange.atomic import FolderRefused
from scheduler.returned_workbooks import ReturnsRefused
from scheduler.services import Workspace, audit
from scheduler.services.evaluations import (
    concerns,
    evaluations_out,
    evaluations_status,
    import_evaluations,
    record_concern_action,
)
from scheduler.store import evaluation_rows, repository

PRACTICES = (Practice("P1", "Ardwick Surgery", frozenset({3}), capacity=4, latitude=53.47, longitude=-2.21),
             Practice("P2", "Levenshulme Health", frozenset({3}), capacity=4, latitude=53.44, longitude=-2.19))
STUDENTS = tuple(Student(f"S{i}", "Stu", f"Dent{i}", 3, email=f"s{i}@uni.example") for i in range(1, 6))
BLOCKS = (Block("Y3-B1", 3, dt.date(2026, 9, 7), dt.date(2026, 10, 2)),
          Block("Y3-B2", 3, dt.date(2027, 1, 11), dt.date(2027, 2, 5)))
PLACED = {("S1", "Y3-B1"): "P1", ("S2", "Y3-B1"): "P1", ("S3", "Y3-B1"): "P1", ("S4", "Y3-B1"): "P2",
          ("S1", "Y3-B2"): "P2", ("S2", "Y3-B2"): "P2"}
"""S5 has no placement: they get no workbook."""


@pytest.fixture
def ws(tmp_path):
    with Workspace.open(str(tmp_path / "placements.db")) as ws:
        with ws.session() as s:
            repository.replace_dataset(s, DataSet(practices=PRACTICES, students=STUDENTS, blocks=BLOCKS))
            repository.save_plan(s, Plan("Plan 1", tuple(Placement(sid, bid, code, 20.0)
                                                          for (sid, bid), code in PLACED.items()), is_current=True))
        yield ws


def fill(path, answers: dict[str, dict[str, object]]) -> None:
    """``answers``: block id -> column letter -> value, written into the returned workbook."""
    book = load_workbook(path)
    sheet = book[L.SHEET]
    for row in range(L.FIRST_ROW, sheet.max_row + 1):
        for letter, value in answers.get(sheet[f"{L.BLOCK_COLUMN}{row}"].value, {}).items():
            sheet[f"{letter}{row}"] = value
    book.save(path)


def rows(ws) -> dict[tuple[str, str], dict]:
    with ws.session() as s:
        return {(r["student_id"], r["block_id"]): r for r in evaluation_rows.all_rows(s)}


def test_each_placed_student_gets_a_protected_workbook_of_exactly_their_placements(ws, tmp_path):
    summary = evaluations_out(ws, tmp_path / "out", blocks=["Y3-B1"])
    assert (summary.students, summary.placements) == (4, 4)
    assert sorted(p.name for p in (tmp_path / "out").glob("*.xlsx")) == ["S1.xlsx", "S2.xlsx", "S3.xlsx", "S4.xlsx"]
    assert (tmp_path / "out" / "S1.eml").read_bytes().count(b"S1.xlsx") >= 1
    assert all(f.stat().st_mode & 0o077 == 0 for f in (tmp_path / "out").iterdir())  # private: 0600
    sheet = load_workbook(tmp_path / "out" / "S4.xlsx")[L.SHEET]
    assert sheet.protection.sheet
    listed = [(sheet[f"A{r}"].value, sheet[f"D{r}"].value) for r in range(L.FIRST_ROW, sheet.max_row + 1)]
    assert listed == [("Y3-B1", "P2")]
    assert [sheet.cell(row=L.HEADER_ROW, column=6 + i).value for i in range(5)] == [q for q, _ in L.QUESTIONS]
    assert not sheet[f"F{L.FIRST_ROW}"].protection.locked and sheet[f"A{L.FIRST_ROW}"].protection.locked
    evaluations_out(ws, tmp_path / "all")
    both = load_workbook(tmp_path / "all" / "S1.xlsx")[L.SHEET]
    assert [both[f"A{r}"].value for r in (L.FIRST_ROW, L.FIRST_ROW + 1)] == ["Y3-B1", "Y3-B2"]
    assert {s.student_id: (s.placements, s.answered) for s in evaluations_status(ws)} == {
        "S1": (2, 0), "S2": (2, 0), "S3": (1, 0), "S4": (1, 0)}


def test_answers_come_back_all_and_a_concern_reaches_the_concerns_list_and_the_audit(ws, tmp_path):
    evaluations_out(ws, tmp_path / "out")
    back = tmp_path / "back"
    shutil.copytree(tmp_path / "out", back)
    fill(back / "S1.xlsx", {"Y3-B1": {"F": 5, "G": "4 ", "H": 3, "I": 2, "J": 1, "K": "Great tutor"},
                            "Y3-B2": {"F": 2, "K": "Left alone all week", "L": "yes"}})
    fill(back / "S2.xlsx", {"Y3-B1": {"F": 4}})
    check = import_evaluations(ws, [back])
    assert len(check.answers) == 3
    stored = rows(ws)
    assert {k: stored[("S1", "Y3-B1")][k] for k in ("teaching", "welcome", "patient_contact", "organisation",
                                                     "recommend", "comment", "concern")} == {
        "teaching": 5, "welcome": 4, "patient_contact": 3, "organisation": 2, "recommend": 1,
        "comment": "Great tutor", "concern": False}
    assert stored[("S3", "Y3-B1")]["received"] is None and stored[("S1", "Y3-B2")]["sent"] is not None
    [concern] = concerns(ws)
    assert (concern.student_id, concern.block_id, concern.practice_code, concern.action) == ("S1", "Y3-B2", "P2", "")
    record_concern_action(ws, "S1", "Y3-B2", "Phoned the practice manager")
    [concern] = concerns(ws)
    assert concern.action == "Phoned the practice manager" and concern.action_at is not None
    trail = [(e.action, e.what, e.after) for e in audit.events(ws)]
    assert ("evaluation concern", "S1 Y3-B2 at P2", "raised") in trail
    assert ("evaluation concern", "S1 Y3-B2", "Phoned the practice manager") in trail
    assert not any("Left alone" in f"{e.what} {e.before} {e.after}" for e in audit.events(ws))
    status = {s.student_id: s for s in evaluations_status(ws)}
    assert (status["S1"].answered, status["S2"].answered, status["S3"].replied) == (2, 1, None)


@pytest.mark.parametrize("letter, value, message", [
    ("F", 6, "Teaching must be 5 or less"),
    ("G", 0, "Welcome must be 1 or more"),
    ("H", "three", "Patient contact must be a whole number"),
    ("L", "maybe", "concern must be yes or empty"),
    ("K", "x" * 2001, "2,001 characters long; the most is 2,000"),
])
def test_a_broken_return_is_refused_by_file_sheet_and_cell_and_nothing_is_written(ws, tmp_path, letter, value,
                                                                                   message):
    evaluations_out(ws, tmp_path / "out")
    back = tmp_path / "back"
    shutil.copytree(tmp_path / "out", back)
    fill(back / "S2.xlsx", {"Y3-B1": {"F": 4}})
    fill(back / "S1.xlsx", {"Y3-B2": {"F": 3, letter: value}})
    before = rows(ws)
    with pytest.raises(ReturnsRefused) as refused:
        import_evaluations(ws, [back])
    [problem] = refused.value.check.problems
    assert (problem.file, problem.sheet, problem.cell) == ("S1.xlsx", L.SHEET, f"{letter}{L.FIRST_ROW + 1}")
    assert message in problem.message
    assert not isinstance(value, str) or value not in problem.message  # a cell is never quoted
    assert rows(ws) == before


def test_a_row_that_is_not_a_placement_and_a_second_return_are_refused_an_unanswered_row_is_no_answer(ws, tmp_path):
    evaluations_out(ws, tmp_path / "out")
    back = tmp_path / "back"
    back.mkdir()
    shutil.copy(tmp_path / "out" / "S1.xlsx", back / "S1.xlsx")
    shutil.copy(tmp_path / "out" / "S1.xlsx", back / "S1 (copy).xlsx")
    book = load_workbook(back / "S1.xlsx")
    book[L.SHEET][f"D{L.FIRST_ROW}"] = "P2"  # S1 was at P1 in Y3-B1
    book[L.SHEET][f"F{L.FIRST_ROW}"] = 3
    book.save(back / "S1.xlsx")
    (back / "notes.xlsx").write_text("not a workbook")
    with pytest.raises(ReturnsRefused) as refused:
        import_evaluations(ws, [back])
    assert {(p.file, p.cell) for p in refused.value.check.problems} == {("S1.xlsx", f"A{L.FIRST_ROW}"),
                                                                        ("notes.xlsx", "")}
    with ws.session() as s:  # S1 moved out of Y3-B2 since: their unanswered row for it is no answer, not a problem
        plan = repository.load_plan(s)
        repository.save_plan(s, Plan("Plan 1", tuple(p for p in plan.placements if p.block_id != "Y3-B2"
                                                     or p.student_id != "S1"), is_current=True))
    fill(back / "S1.xlsx", {"Y3-B1": {"D": "P1"}})
    (back / "notes.xlsx").unlink()
    assert len(import_evaluations(ws, [back / "S1.xlsx"]).answers) == 1
    before = rows(ws)
    shutil.copy(tmp_path / "out" / "S1.xlsx", back / "S1.xlsx")
    with pytest.raises(ReturnsRefused) as refused:
        import_evaluations(ws, [back])
    [second] = refused.value.check.problems
    assert (second.file, second.cell) == ("S1.xlsx", L.STUDENT_CELL) and "second return" in second.message
    assert rows(ws) == before


def test_a_folder_holding_a_returned_workbook_is_not_replaced(ws, tmp_path):
    evaluations_out(ws, tmp_path / "out")
    fill(tmp_path / "out" / "S1.xlsx", {"Y3-B1": {"F": 5}})
    with pytest.raises(FolderRefused):
        evaluations_out(ws, tmp_path / "out")
    assert load_workbook(tmp_path / "out" / "S1.xlsx")[L.SHEET][f"F{L.FIRST_ROW}"].value == 5


def test_cli_evaluations_round(ws, tmp_path, capsys):
    from scheduler.cli import main as cli

    db = str(tmp_path / "placements.db")
    assert cli.main(["evaluations-out", str(tmp_path / "o"), "--block", "Y3-B9", "--db", db]) == 1
    assert "no block Y3-B9" in capsys.readouterr().err and not (tmp_path / "o").exists()
    assert cli.main(["evaluations-out", str(tmp_path / "o"), "--block", "Y3-B2", "--db", db]) == 0
    assert sorted(p.name for p in (tmp_path / "o").glob("*.xlsx")) == ["S1.xlsx", "S2.xlsx"]
    fill(tmp_path / "o" / "S1.xlsx", {"Y3-B2": {"F": 9}})
    assert cli.main(["evaluations-in", str(tmp_path / "o"), "--db", db]) == 1
    err = capsys.readouterr().err
    assert f"S1.xlsx, sheet {L.SHEET}, cell F{L.FIRST_ROW}: Teaching must be 5 or less" in err
    fill(tmp_path / "o" / "S1.xlsx", {"Y3-B2": {"F": 2, "K": "Unsafe", "L": "yes"}})
    assert cli.main(["evaluations-in", str(tmp_path / "o"), "--db", db]) == 0
    assert "1 concern(s)" in capsys.readouterr().out
    assert cli.main(["evaluations-concern", "S1", "Y3-B2", "--done", "Met the student", "--db", db]) == 0
    assert cli.main(["evaluations-concern", "S2", "Y3-B2", "--done", "x", "--db", db]) == 1
    capsys.readouterr()
    assert cli.main(["evaluations-status", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "1 of 2 student(s) replied." in out and "Met the student" in out and "Unsafe" not in out


def test_the_quality_report_shows_scores_only_with_three_answers_and_never_a_concern(ws, tmp_path):
    from scheduler.services.evaluations import write_quality_report
    from scheduler.store.models import ArchivedRow, ArchivedYearRow

    with ws.session() as s:  # a closed year in the archive, for the trend
        s.add(ArchivedYearRow(academic_year="2025/26", closed_at=dt.datetime(2026, 8, 1), closed_by="officer",
                              final_plan="Plan 1", summary={}))
        s.flush()
        s.add_all(ArchivedRow(academic_year="2025/26", table_name="evaluations", student_id=f"OLD{i}",
                              data={"practice_code": "P1", "student_id": f"OLD{i}", "received": "2026-03-01T10:00:00", "teaching": 2,
                                    "welcome": 2, "patient_contact": 2, "organisation": 2, "recommend": 2})
                  for i in range(3))
    evaluations_out(ws, tmp_path / "out")
    back = tmp_path / "back"
    shutil.copytree(tmp_path / "out", back)
    every = {letter: 4 for letter in L.SCORE_COLUMNS}
    fill(back / "S1.xlsx", {"Y3-B1": every, "Y3-B2": {"F": 1}})
    fill(back / "S2.xlsx", {"Y3-B1": {**every, "F": 5, "K": "The tutor shouted at a patient", "L": "yes"},
                            "Y3-B2": {"F": 2}})
    fill(back / "S3.xlsx", {"Y3-B1": {**every, "F": 3}})
    import_evaluations(ws, [back])
    figures = write_quality_report(ws, tmp_path / "report")
    by = {(f.practice_code, f.academic_year): f for f in figures}
    p1, p2 = by[("P1", "2026/27")], by[("P2", "2026/27")]
    assert (p1.answered, p1.sent, p1.scores["teaching"].mean, p1.scores["teaching"].n) == (3, 3, 4.0, 3)
    assert (p2.answered, p2.sent, p2.scores["teaching"].mean, p2.scores["teaching"].n) == (2, 3, None, 2)
    assert by[("P1", "2025/26")].flagged and not p1.flagged
    csv_text = (tmp_path / "report" / "quality-report.csv").read_text(encoding="utf-8-sig")
    lines = {tuple(line.split(",")[:3]): line.split(",") for line in csv_text.splitlines()[1:]}
    header = csv_text.splitlines()[0].split(",")
    assert lines[("P2", "Levenshulme Health", "2026/27")][header.index("teaching_mean")] == ""
    assert lines[("P1", "Ardwick Surgery", "2026/27")][header.index("teaching_mean")] == "4.00"
    from pypdf import PdfReader

    pdf = "\n".join(page.extract_text() for page in PdfReader(tmp_path / "report" / "quality-report.pdf").pages)
    assert "2.0 → 4.0" in pdf and "Practice quality report" in pdf
    for private in ("shouted", "S1", "S2", "Dent", "concern"):
        assert private not in csv_text and private not in pdf.replace("For review", "")


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("GP_REQUIRE_LIBREOFFICE"),
                    reason="LibreOffice (soffice) is not installed; CI sets GP_REQUIRE_LIBREOFFICE so it must run")
def test_a_workbook_resaved_by_libreoffice_imports_identically(ws, tmp_path):
    import subprocess

    from scheduler.services.evaluations import check_evaluation_returns

    evaluations_out(ws, tmp_path / "out")
    back = tmp_path / "back"
    shutil.copytree(tmp_path / "out", back)
    fill(back / "S1.xlsx", {"Y3-B1": {"F": 5, "G": "4", "H": 3, "I": 2, "J": 1, "K": "Good teaching\nbusy days"},
                            "Y3-B2": {"F": 2, "K": "Left alone", "L": "yes"}})
    fill(back / "S2.xlsx", {"Y3-B1": {"F": 4, "J": 5}})
    resaved = tmp_path / "resaved"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(resaved), str(back / "S1.xlsx"), str(back / "S2.xlsx")],
                   check=True, capture_output=True, timeout=180)
    assert sorted(p.name for p in resaved.glob("*.xlsx")) == ["S1.xlsx", "S2.xlsx"]
    original = check_evaluation_returns(ws, [back / "S1.xlsx", back / "S2.xlsx"])
    again = check_evaluation_returns(ws, [resaved])
    assert original.ok and again.ok, again.problems
    assert again.answers == original.answers and len(again.answers) == 3
    assert load_workbook(resaved / "S1.xlsx")[L.SHEET].protection.sheet


def test_merged_and_uncached_formula_answer_cells_are_refused_by_cell(ws, tmp_path):
    evaluations_out(ws, tmp_path / "out")
    back = tmp_path / "back"
    shutil.copytree(tmp_path / "out", back)
    book = load_workbook(back / "S1.xlsx")
    sheet = book[L.SHEET]
    sheet[f"F{L.FIRST_ROW}"] = 4
    sheet.merge_cells(f"F{L.FIRST_ROW}:G{L.FIRST_ROW}")
    sheet[f"H{L.FIRST_ROW + 1}"] = "=2+1"  # openpyxl saves no cached value
    book.save(back / "S1.xlsx")
    with pytest.raises(ReturnsRefused) as refused:
        import_evaluations(ws, [back])
    cells = {p.cell: p.message for p in refused.value.check.problems if p.file == "S1.xlsx"}
    assert "merged" in cells[f"F{L.FIRST_ROW}:G{L.FIRST_ROW}"] and "formula" in cells[f"H{L.FIRST_ROW + 1}"]
    assert all(r["received"] is None for r in rows(ws).values())


def test_the_round_end_to_end_on_the_demo(tmp_path):
    """Solve the small demo, send every student their evaluation, all answer, the report keeps the threshold."""
    from collections import Counter

    from scheduler.demo import make_demo
    from scheduler.services import plans
    from scheduler.services.evaluations import write_quality_report
    from scheduler.settings import Settings

    with Workspace.open(str(tmp_path / "demo.db")) as demo:
        with demo.session() as s:
            repository.replace_dataset(s, make_demo(1, "small"))
        plan = plans.solve(demo, "Plan 1", settings=Settings(time_limit_seconds=10, workers=1, seed=1)).plan
        summary = evaluations_out(demo, tmp_path / "out")
        students = sorted({p.student_id for p in plan.placements})
        assert (summary.students, summary.placements) == (len(students), len(plan.placements))
        back = tmp_path / "back"
        shutil.copytree(tmp_path / "out", back)
        blocks = {p.block_id for p in plan.placements}
        for i, sid in enumerate(students):
            fill(back / f"{sid}.xlsx", {b: {c: 1 + (i % 5) for c in L.SCORE_COLUMNS} for b in blocks})
        fill(back / f"{students[0]}.xlsx", {p.block_id: {"K": "Unsafe chaperoning", "L": "yes"}
                                            for p in plan.placements if p.student_id == students[0]})
        import_evaluations(demo, [back])
        assert {c.student_id for c in concerns(demo)} == {students[0]}
        figures = {f.practice_code: f for f in write_quality_report(demo, tmp_path / "report")}
        at = Counter(p.practice_code for p in plan.placements)
        people = Counter(code for code, _ in {(p.practice_code, p.student_id) for p in plan.placements})
        assert {code: f.answered for code, f in figures.items()} == dict(at)
        assert all((f.overall.mean is None) == (people[code] < 3) for code, f in figures.items())
        assert any(n >= 3 for n in people.values()) and any(n < 3 for n in people.values()), people
        report = (tmp_path / "report" / "quality-report.csv").read_text(encoding="utf-8-sig")
        assert "Unsafe" not in report and not any(sid in report for sid in students)
