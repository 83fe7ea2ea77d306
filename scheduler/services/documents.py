"""Documents for placement officers, practices and students: the PDFs and the payments CSV.

``write_documents`` writes every document of a plan into a folder (the CLI's
``timetables`` command and the GUI's print job); ``open_documents`` loads a
plan once for the GUI's previews, and the single-document functions return
one document's bytes. Data, settings and the plan
are loaded here; the documents themselves are made by ``scheduler.reports``
from domain objects.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from scheduler.domain import DataSet, Plan
from scheduler.exchange.atomic import FolderNotWritten, FolderRefused, folder_failure, folder_to_write
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
from scheduler.reports.page import in_memory
from scheduler.services import read_guard
from scheduler.services.current_folder import DocumentsNotCurrent, current_folder
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
    """True when the task was cancelled: nothing was written, the folder (if any) is as it was."""
    not_placed: tuple[str, ...] = ()
    """Students with no placement in the plan; their schedule says they are not yet placed."""
    without_document: tuple[tuple[str, str], ...] = ()
    """(student id, why) for every student who got no schedule."""


class DocumentsNotWritten(FolderNotWritten):
    """Writing the documents failed (disk full, no permission …); the folder is as it was before."""


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
    ``payments.csv`` and ``quality.pdf`` for the plan (None = current) as the folder ``folder``.

    All or nothing: the documents are written into a fresh folder beside ``folder`` and swapped in
    only when every file is complete, so ``folder`` always holds one plan's complete set (the earlier
    one until the swap). A non-empty ``folder`` that the app did not write is refused
    (``FolderRefused``); a failure to write (a full disk) raises ``DocumentsNotWritten`` naming the
    path. Raises ``NoPlan`` or ``PlanNotFound``. Progress is reported as documents done of the total;
    cancelling stops between documents, keeps the earlier folder and returns a summary with
    ``cancelled`` set. ``workers`` processes share the work (default: up to two; one inside the
    frozen application).
    """
    if task is not None:
        task.report("Loading the plan")
    read = read_guard.taken(ws, plan_name)  # before the data: a change in between is seen, never missed
    data, settings, plan = _load(ws, plan_name)
    target = Path(folder)
    t0 = time.perf_counter()
    made = dt.datetime.now().replace(microsecond=0)
    about = {"app": "GP Placements", "plan": plan.name, "plan_solved": plan.created, "made": made}
    try:
        with current_folder(ws, read, target, "gp-placements timetables", about) as staging:
            result = write_all(data, plan, settings, staging.path, task=task, workers=workers)
            if result.cancelled:
                staging.discard()
    except (FolderRefused, DocumentsNotCurrent):
        raise
    except OSError as exc:
        raise DocumentsNotWritten(folder_failure(exc, target, "the documents")) from exc
    return DocumentsSummary(target, plan.name, result.practices, result.students, result.files, result.bytes,
                            time.perf_counter() - t0, result.cancelled, tuple(result.not_placed),
                            tuple(result.without_document))


DOCUMENTS_FOLDER_NAME = "GP placement documents"


def documents_folder(chosen: str | Path) -> Path:
    """Where "Save all" into the folder an officer picked writes (``atomic.folder_to_write``): that folder, or a
    folder ``GP placement documents`` inside it."""
    return folder_to_write(chosen, DOCUMENTS_FOLDER_NAME)


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
        return in_memory(practice_timetable(self.index, practice_code, self.settings))

    def student_schedule(self, student_id: str) -> bytes:
        if student_id not in self.index.students:
            raise NotInPlan(f"there is no student with number {student_id!r}")
        return in_memory(student_schedule(self.index, student_id, self.settings))

    def overview(self) -> bytes:
        return in_memory(overview_pdf(self.index, self.settings))

    def payments_pdf(self) -> bytes:
        return in_memory(payments_pdf(self.index, self.settings))

    def payments_csv(self) -> str:
        return in_memory(payments_csv(self.index, self.settings))

    def quality(self) -> bytes:
        return in_memory(quality_pdf(self.index, self.settings))


def open_documents(ws: Workspace, plan_name: str | None = None) -> PlanDocuments:
    """Loads the plan (None = current) for previews; raises ``NoPlan`` or ``PlanNotFound``."""
    return PlanDocuments(*_load(ws, plan_name))


def table_pdf_bytes(ws: Workspace, sheet, plan_name: str | None = None) -> bytes:
    """The print of a table the window shows (a ``spreadsheets.Sheet``: its note, columns and rows), naming the
    plan the window showed."""
    from scheduler.reports.table_print import table_pdf

    with ws.session() as s:
        settings = repository.load_settings(s)
    return table_pdf(sheet, settings, plan_name)


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

    return in_memory(quality_pdf(documents.index, documents.settings, advice=advise(ws, plan_name)))
