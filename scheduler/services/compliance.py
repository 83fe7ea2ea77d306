"""Chase lists for the office: students whose clearances will not cover their blocks, practices whose approval ends,
GP tutors whose training lapses before a block they would teach.

Each writes a PDF and a CSV into a folder filled all or nothing and returns the list, so the GUI can show it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scheduler.compliance import ApprovalDue, ClearanceDue, approvals_due, clearances_due
from scheduler.domain import DataSet
from scheduler.exchange.atomic import replaced_folder
from scheduler.reports.due_lists import (
    approvals_due_csv,
    approvals_due_pdf,
    clearances_due_csv,
    clearances_due_pdf,
    tutors_due_csv,
    tutors_due_pdf,
)
from scheduler.services.workspace import Workspace
from scheduler.settings import Settings
from scheduler.store import repository
from scheduler.tutors_due import TutorDue, tutors_due


def _inputs(ws: Workspace) -> tuple[DataSet, Settings]:
    """The data set without its travel table (no journeys are needed here) and the settings, in one read."""
    with ws.session() as s:
        return repository.load_dataset(s, travel_students=()), repository.load_settings(s)


def list_clearances_due(ws: Workspace, today: dt.date | None = None) -> list[ClearanceDue]:
    data, settings = _inputs(ws)
    return clearances_due(data, settings.required_clearances, today or dt.date.today())


def list_approvals_due(ws: Workspace, months: int = 6, today: dt.date | None = None,
                       data: DataSet | None = None) -> list[ApprovalDue]:
    """``data``: the data set when the caller has it loaded already (the window does), saving a second read."""
    if data is None:
        data, _ = _inputs(ws)
    return approvals_due(data, today or dt.date.today(), months)


def write_clearances_due(ws: Workspace, folder: str | Path, today: dt.date | None = None) -> list[ClearanceDue]:
    today = today or dt.date.today()
    data, settings = _inputs(ws)
    due = clearances_due(data, settings.required_clearances, today)
    with replaced_folder(Path(folder)) as staging:
        out = staging.path
        (out / "clearances-due.pdf").write_bytes(clearances_due_pdf(due, settings, today))
        (out / "clearances-due.csv").write_text(clearances_due_csv(due), encoding="utf-8-sig", newline="")
    return due


def write_approvals_due(ws: Workspace, folder: str | Path, months: int = 6,
                        today: dt.date | None = None) -> list[ApprovalDue]:
    today = today or dt.date.today()
    data, settings = _inputs(ws)
    due = approvals_due(data, today, months)
    with replaced_folder(Path(folder)) as staging:
        out = staging.path
        (out / "approvals-due.pdf").write_bytes(approvals_due_pdf(due, settings, today, months))
        (out / "approvals-due.csv").write_text(approvals_due_csv(due), encoding="utf-8-sig", newline="")
    return due


def write_tutors_due(ws: Workspace, folder: str | Path, block_id: str | None = None,
                     today: dt.date | None = None) -> list[TutorDue]:
    """Raises ``tutors_due.UnknownBlock`` (nothing written) when ``block_id`` is not a block of the data."""
    today = today or dt.date.today()
    with ws.session() as s:
        data, settings = repository.load_dataset(s, travel_students=()), repository.load_settings(s)
        plan = repository.load_plan(s)
    due = tutors_due(data, plan, today, block_id)
    with replaced_folder(Path(folder)) as staging:
        out = staging.path
        (out / "tutors-due.pdf").write_bytes(tutors_due_pdf(due, settings, today, block_id))
        (out / "tutors-due.csv").write_text(tutors_due_csv(due), encoding="utf-8-sig", newline="")
    return due
