"""Documents for placement officers, practices and students: the PDFs and the payments CSV.

``write_documents`` writes every document of a plan into a folder (the CLI's
``timetables`` command and the GUI's print job); ``open_documents`` loads a
plan once for the GUI's previews, and the single-document functions return
one document's bytes. Data, settings and the plan
are loaded here; the documents themselves are made by ``scheduler.reports``
from domain objects.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from scheduler.domain import DataSet, Plan
from scheduler.progress import TaskState
from scheduler.reports import (
    PlanIndex,
    overview_pdf,
    payments_csv,
    payments_pdf,
    practice_timetable,
    quality_pdf,
    student_schedule,
)
from scheduler.reports.batch import write_all
from scheduler.services.plans import NoPlan
from scheduler.services.workspace import Workspace
from scheduler.settings import Settings
from scheduler.store import repository
from scheduler.store.errors import PlanNotFound


class NotInPlan(LookupError):
    """The practice has no students in the plan, or the student is not placed, or the code is unknown."""


@dataclass(frozen=True, slots=True)
class DocumentsSummary:
    folder: Path
    plan_name: str
    practices: int
    """practice timetables written"""
    students: int
    """student schedules written"""
    files: int
    bytes: int
    seconds: float
    cancelled: bool = False
    """True when the task was cancelled: the files written so far are kept, the summaries may be missing."""


def _load(ws: Workspace, plan_name: str | None) -> tuple[DataSet, Settings, Plan]:
    with ws.session() as s:
        plan = repository.load_plan(s, plan_name)
        if plan is None:
            if plan_name is not None:
                raise PlanNotFound(plan_name)
            raise NoPlan()
        # documents print the plan's own journey minutes, so the (large) travel table is not read
        return repository.load_dataset(s, travel_students=()), repository.load_settings(s), plan


def write_documents(ws: Workspace, folder: str | Path, plan_name: str | None = None,
                    task: TaskState | None = None, workers: int | None = None) -> DocumentsSummary:
    """Writes ``practices/<code>.pdf``, ``students/<id>.pdf``, ``overview.pdf``, ``payments.pdf``,
    ``payments.csv`` and ``quality.pdf`` for the plan (None = current) under ``folder``.

    Raises ``NoPlan`` or ``PlanNotFound``. Progress is reported as documents done of the total;
    cancelling stops between documents and returns a summary with ``cancelled`` set. ``workers``
    processes share the work (default: up to two; one inside the frozen application).
    """
    if task is not None:
        task.report("Loading the plan")
    data, settings, plan = _load(ws, plan_name)
    t0 = time.perf_counter()
    result = write_all(data, plan, settings, folder, task=task, workers=workers)
    return DocumentsSummary(Path(folder), plan.name, result.practices, result.students, result.files, result.bytes,
                            time.perf_counter() - t0, result.cancelled)


class PlanDocuments:
    """One plan loaded once, for many previews: each method returns one document.

    ``open_documents(ws)`` loads the data, settings and plan; the object holds
    only domain objects (no session), so it may be passed to another thread.
    """

    def __init__(self, data: DataSet, settings: Settings, plan: Plan) -> None:
        self.settings = settings
        self.index = PlanIndex(data, plan)

    @property
    def plan_name(self) -> str:
        return self.index.plan.name

    def practice_timetable(self, practice_code: str) -> bytes:
        if practice_code not in self.index.practices:
            raise NotInPlan(f"there is no practice with code {practice_code!r}")
        return practice_timetable(self.index, practice_code, self.settings)

    def student_schedule(self, student_id: str) -> bytes:
        if student_id not in self.index.students:
            raise NotInPlan(f"there is no student with number {student_id!r}")
        return student_schedule(self.index, student_id, self.settings)

    def overview(self) -> bytes:
        return overview_pdf(self.index, self.settings)

    def payments_pdf(self) -> bytes:
        return payments_pdf(self.index, self.settings)

    def payments_csv(self) -> str:
        return payments_csv(self.index, self.settings)

    def quality(self) -> bytes:
        return quality_pdf(self.index, self.settings)


def open_documents(ws: Workspace, plan_name: str | None = None) -> PlanDocuments:
    """Loads the plan (None = current) for previews; raises ``NoPlan`` or ``PlanNotFound``."""
    return PlanDocuments(*_load(ws, plan_name))


def practice_timetable_pdf(ws: Workspace, practice_code: str, plan_name: str | None = None) -> bytes:
    return open_documents(ws, plan_name).practice_timetable(practice_code)


def student_schedule_pdf(ws: Workspace, student_id: str, plan_name: str | None = None) -> bytes:
    return open_documents(ws, plan_name).student_schedule(student_id)


def overview_pdf_bytes(ws: Workspace, plan_name: str | None = None) -> bytes:
    return open_documents(ws, plan_name).overview()


def payments_pdf_bytes(ws: Workspace, plan_name: str | None = None) -> bytes:
    return open_documents(ws, plan_name).payments_pdf()


def payments_csv_text(ws: Workspace, plan_name: str | None = None) -> str:
    return open_documents(ws, plan_name).payments_csv()


def quality_pdf_bytes(ws: Workspace, plan_name: str | None = None, with_advice: bool = False) -> bytes:
    """The quality report; ``with_advice`` adds where more places would help (seconds: each one is re-solved)."""
    documents = open_documents(ws, plan_name)
    if not with_advice:
        return documents.quality()
    from scheduler.services.advice import advise

    return quality_pdf(documents.index, documents.settings, advice=advise(ws, plan_name))
