"""All documents of a plan into one folder: files, progress, cancel, process pool."""

from __future__ import annotations

import csv

import pytest
from report_helpers import pdf_text
from wine_limits import POOL_PIPES

from scheduler.progress import TaskState
from scheduler.reports.batch import safe_filename, write_all


def test_writes_every_document_and_reports_progress(data, plan, settings, tmp_path):
    task = TaskState()
    result = write_all(data, plan, settings, tmp_path, task=task, workers=1)
    assert not result.cancelled
    assert sorted(p.name for p in (tmp_path / "practices").iterdir()) == ["P00001.pdf", "P00002.pdf"]
    placed = sorted({p.student_id for p in plan.placements})
    assert sorted(p.stem for p in (tmp_path / "students").iterdir()) == placed
    for name in ("overview.pdf", "payments.pdf", "payments.csv", "quality.pdf"):
        assert (tmp_path / name).stat().st_size > 0
    assert result.files == 2 + len(placed) + 4 and result.practices == 2 and result.students == len(placed)
    assert result.bytes == sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file())
    last = task.history[-1]
    assert last.done == last.total == result.files
    assert [p.done for p in task.history] == sorted(p.done for p in task.history)
    with (tmp_path / "payments.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows[-1]["practice_code"] == "TOTAL"


def test_cancel_stops_between_documents(data, plan, settings, tmp_path):
    task = TaskState()
    task.cancel()
    result = write_all(data, plan, settings, tmp_path, task=task, workers=1)
    assert result.cancelled and result.files == 0
    assert not (tmp_path / "overview.pdf").exists()


@pytest.mark.wine_limitation(reason=POOL_PIPES)
def test_process_pool_gives_the_same_files(data, plan, settings, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    write_all(data, plan, settings, one, workers=1)
    result = write_all(data, plan, settings, two, workers=2)
    assert result.files == len(list(one.rglob("*.*")))
    names = sorted(p.relative_to(one).as_posix() for p in one.rglob("*.*"))
    assert names == sorted(p.relative_to(two).as_posix() for p in two.rglob("*.*"))
    assert "محمد علي" in pdf_text((two / "students" / "S00005.pdf").read_bytes())


def test_file_names_are_safe():
    assert safe_filename("M85001") == "M85001"
    assert safe_filename("../etc/passwd").startswith("_etc_passwd-")
    assert safe_filename("A B/C").startswith("A_B_C-")
    # a replaced character never makes two codes share a file
    assert safe_filename("AB/1") != safe_filename("AB_1") == "AB_1"
    assert safe_filename("ab1").lower() != safe_filename("AB1").lower()  # Windows ignores case


def test_a_plan_without_placements_still_gets_its_summaries_and_a_letter_for_each_student(data, settings, tmp_path):
    from scheduler.domain import Plan, Unplaced

    plan = Plan("Empty", unplaced=(Unplaced("S00001", "Y3-B1", "no practice teaches year 3"),))
    result = write_all(data, plan, settings, tmp_path, workers=1)
    students = len(data.students)
    assert result.practices == 0 and result.students == students and result.files == 4 + students
    assert len(result.not_placed) == students
    assert "no practice teaches year 3" in pdf_text((tmp_path / "quality.pdf").read_bytes())
    assert "No students placed in this block." in pdf_text((tmp_path / "overview.pdf").read_bytes())


def test_every_student_gets_a_schedule_or_is_named_with_the_reason(data, plan, settings, tmp_path):
    import dataclasses

    from scheduler.domain import Student, Unplaced
    from scheduler.reports.batch import NO_BLOCKS

    fifth = next(s for s in data.students if s.year == 5)
    lost = tuple(p for p in plan.placements if p.student_id == fifth.student_id)
    plan = dataclasses.replace(plan, placements=tuple(p for p in plan.placements if p not in lost),
                               unplaced=plan.unplaced + tuple(Unplaced(p.student_id, p.block_id, "full")
                                                              for p in lost))
    data = dataclasses.replace(data, students=data.students + (Student("S-NOBLOCK", "Ada", "Nobody", 2),))
    result = write_all(data, plan, settings, tmp_path, workers=1)
    written = {p.stem for p in (tmp_path / "students").iterdir()}
    named = {sid for sid, _ in result.without_document}
    assert written | named == {s.student_id for s in data.students} and not written & named
    assert result.without_document == [("S-NOBLOCK", NO_BLOCKS)]
    assert result.not_placed == [fifth.student_id]
    assert "Not yet placed" in pdf_text((tmp_path / "students" / f"{fifth.student_id}.pdf").read_bytes())
