"""Letters, email drafts and calendars of a plan, for practices and students (issued, never sent).

``write_letters`` writes ``practices/<code>.pdf`` (the placement letter) and
``practices/<code>.eml`` for each practice with students, and
``students/<id>.eml`` for each placed student (schedule PDF and calendar
attached). With ``since``, only the practices and students whose placements
differ from that plan are written to, each told what changed.
``write_calendars`` writes ``students/<id>.ics`` and ``practices/<code>.ics``.
Both fill a fresh folder beside the target and move it into place only when
every file is complete, so a failure leaves the earlier folder as it was.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Sequence

from scheduler.correspondence.calendars import practice_calendar, student_calendar
from scheduler.correspondence.changes import PlanChanges, plan_changes
from scheduler.correspondence.email_drafts import Attachment, email_draft
from scheduler.correspondence.wording import practice_paragraphs, practice_table, student_paragraphs, student_table
from scheduler.file_names import safe_filename
from scheduler.progress import TaskState
from scheduler.reports.letter import practice_letter
from scheduler.reports.page import in_memory
from scheduler.services import read_guard
from scheduler.services.current_folder import current_folder
from scheduler.services.documents import PlanDocuments, open_documents
from scheduler.services.plans import load_plan
from scheduler.services.workspace import Workspace


@dataclass(frozen=True, slots=True)
class CorrespondenceSummary:
    folder: Path
    plan_name: str
    practices: int
    students: int
    files: int
    seconds: float
    since: str | None = None


def write_letters(ws: Workspace, folder: str | Path, plan_name: str | None = None, since: str | None = None,
                  task: TaskState | None = None, today: dt.date | None = None) -> CorrespondenceSummary:
    """Letters and drafts for the plan (None = current); raises ``NoPlan`` or ``PlanNotFound``."""
    t0 = time.perf_counter()
    read = read_guard.taken(ws, plan_name)
    docs = open_documents(ws, plan_name)
    changes = plan_changes(load_plan(ws, since), docs.index.plan) if since is not None else None
    practices, students = _recipients(docs, changes)
    total = len(practices) + len(students)
    with current_folder(ws, read, Path(folder), "gp-placements letters") as staging:
        out = staging.path
        (out / "practices").mkdir()
        (out / "students").mkdir()
        for done, code in enumerate(practices, start=1):
            _report(task, done, total)
            _write_practice(docs, code, out / "practices", changes, today)
        for done, student_id in enumerate(students, start=len(practices) + 1):
            _report(task, done, total)
            _write_student(docs, student_id, out / "students", changes)
    return CorrespondenceSummary(Path(folder), docs.plan_name, len(practices), len(students),
                                 2 * len(practices) + len(students), time.perf_counter() - t0, since)


def write_calendars(ws: Workspace, folder: str | Path, plan_name: str | None = None,
                    task: TaskState | None = None) -> CorrespondenceSummary:
    """Calendar files for every placed student and every practice with students."""
    t0 = time.perf_counter()
    read = read_guard.taken(ws, plan_name)
    docs = open_documents(ws, plan_name)
    index = docs.index
    practices, students = index.practices_with_students(), index.placed_students()
    jobs: Sequence[tuple[str, Callable[[], bytes]]] = (
        [(f"practices/{safe_filename(c)}.ics", partial(practice_calendar, index, c)) for c in practices]
        + [(f"students/{safe_filename(s)}.ics", partial(student_calendar, index, s)) for s in students])
    with current_folder(ws, read, Path(folder), "gp-placements calendars") as staging:
        out = staging.path
        (out / "practices").mkdir()
        (out / "students").mkdir()
        for done, (name, make) in enumerate(jobs, start=1):
            _report(task, done, len(jobs))
            (out / name).write_bytes(make())
    return CorrespondenceSummary(Path(folder), docs.plan_name, len(practices), len(students), len(jobs),
                                 time.perf_counter() - t0)


def _recipients(docs: PlanDocuments, changes: PlanChanges | None) -> tuple[list[str], list[str]]:
    index = docs.index
    practices, students = index.practices_with_students(), index.placed_students()
    if changes is None:
        return practices, students
    return (sorted(c for c in changes.practices if c in index.practices),
            sorted(s for s in changes.students if s in index.students))


def _report(task: TaskState | None, done: int, total: int) -> None:
    if task is not None:
        task.raise_if_cancelled()
        task.report("Writing letters and drafts", done, total)


def _sender(docs: PlanDocuments) -> tuple[str, str]:
    return (f"{docs.settings.school_name} GP Placements", docs.settings.office_email)


def _write_practice(docs: PlanDocuments, code: str, folder: Path, changes: PlanChanges | None,
                    today: dt.date | None) -> None:
    index, settings = docs.index, docs.settings
    practice = index.practices[code]
    practice_changes = changes.practices.get(code) if changes is not None else None
    letter = in_memory(practice_letter(index, code, settings, practice_changes, today))
    name = safe_filename(code)
    (folder / f"{name}.pdf").write_bytes(letter)
    subject = (f"Medical students' GP placements {settings.academic_year}: "
               + ("changes for " if practice_changes is not None else "") + practice.name)
    draft = email_draft(
        sender=_sender(docs), to=[(practice.tutor or practice.name, practice.email)], subject=subject,
        paragraphs=practice_paragraphs(index, code, settings, practice_changes), table=practice_table(index, code),
        attachments=[Attachment(f"Placement letter {code}.pdf", letter, "application/pdf"),
                     Attachment(f"Calendar {code}.ics", practice_calendar(index, code), "text/calendar")])
    (folder / f"{name}.eml").write_bytes(draft)


def _write_student(docs: PlanDocuments, student_id: str, folder: Path, changes: PlanChanges | None) -> None:
    index, settings = docs.index, docs.settings
    student = index.students[student_id]
    student_changes = changes.students.get(student_id) if changes is not None else None
    subject = (f"Your GP placements {settings.academic_year}"
               + (": changes" if student_changes is not None else ""))
    draft = email_draft(
        sender=_sender(docs), to=[(student.full_name, student.email)], subject=subject,
        paragraphs=student_paragraphs(index, student_id, settings, student_changes),
        table=student_table(index, student_id),
        attachments=[Attachment(f"GP placements {student_id}.pdf", docs.student_schedule(student_id),
                                "application/pdf"),
                     Attachment(f"GP placements {student_id}.ics", student_calendar(index, student_id),
                                "text/calendar")])
    (folder / f"{safe_filename(student_id)}.eml").write_bytes(draft)
