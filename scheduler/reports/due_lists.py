"""Chase lists as PDF and CSV: clearances due (students), teaching approvals due for review (practices) and
GP tutors whose training lapses before a block they would teach."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from scheduler.compliance import ApprovalDue, ClearanceDue, kind_name, uk_date
from scheduler.exchange.formula_guard import InertWriter
from scheduler.reports.cells import data_table, para
from scheduler.reports.page import frame_width, render
from scheduler.settings import Settings
from scheduler.tutors_due import TutorDue

CLEARANCE_COLUMNS = ["student_id", "name", "clearance", "valid_until", "first_block_affected", "block_ends"]
APPROVAL_COLUMNS = ["practice_code", "name", "approved_until", "blocks_affected"]
TUTOR_COLUMNS = ["practice_code", "practice", "tutor", "email", "refresher_due", "first_block_affected",
                 "block_ends", "blocks_affected"]


def csv_text(header: list[str], rows: Sequence[Sequence[object]]) -> str:
    """Rows as CSV text (CRLF line ends), every cell made inert for spreadsheets."""
    buffer = io.StringIO()
    writer = InertWriter(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def clearance_rows(due: list[ClearanceDue]) -> list[list[str]]:
    return [[d.student_id, d.name, kind_name(d.kind), uk_date(d.valid_until) if d.valid_until else "not on record",
             d.block_id, uk_date(d.block_end)] for d in due]


def approval_rows(due: list[ApprovalDue]) -> list[list[str]]:
    return [[d.practice_code, d.name, uk_date(d.approved_until), ", ".join(d.blocks_affected)] for d in due]


def tutor_rows(due: list[TutorDue]) -> list[list[str]]:
    return [[d.practice_code, d.practice_name, d.tutor, d.email, uk_date(d.refresher_due), d.blocks[0].block_id,
             uk_date(d.blocks[0].end_date), ", ".join(b.block_id for b in d.blocks)] for d in due]


def tutors_due_csv(due: list[TutorDue]) -> str:
    return csv_text(TUTOR_COLUMNS, tutor_rows(due))


def tutors_due_pdf(due: list[TutorDue], settings: Settings, today: dt.date, block_id: str | None) -> bytes:
    width = frame_width()
    scope = f"block {block_id}" if block_id else "every block ending from today"
    story: list = [
        para("GP tutor training due", "title", bold=True),
        para(f"As of {uk_date(today)} · {scope}", "subtitle"),
        para(f"{len(due)} tutor{'s' if len(due) != 1 else ''} whose training lapses before a block they would "
             "teach (their practice has students planned or offers places in it); the soonest first. A practice "
             "takes a block only with a GP tutor whose training is in date through its last day.", "body"),
        Spacer(1, 3 * mm),
    ]
    if due:
        rows = [[r[0], r[1], r[2], r[4], r[5], r[6]] for r in tutor_rows(due)]
        story.append(data_table(["Code", "Practice", "Tutor", "Refresher due", "First block", "Block ends"],
                                rows, [width * s for s in (0.11, 0.27, 0.22, 0.14, 0.12, 0.14)]))
    else:
        story.append(para("Every tutor's training is in date through the blocks they would teach.", "body"))
    return render(story, title="Tutor training due", header_right="GP tutor training due", settings=settings)


def clearances_due_csv(due: list[ClearanceDue]) -> str:
    return csv_text(CLEARANCE_COLUMNS, clearance_rows(due))


def approvals_due_csv(due: list[ApprovalDue]) -> str:
    return csv_text(APPROVAL_COLUMNS, approval_rows(due))


def clearances_due_pdf(due: list[ClearanceDue], settings: Settings, today: dt.date) -> bytes:
    width = frame_width()
    count = len({d.student_id for d in due})
    story: list = [
        para("Clearances due", "title", bold=True),
        para(f"As of {uk_date(today)} · required: {', '.join(kind_name(k) for k in settings.required_clearances)}",
             "subtitle"),
        para(f"{count} student{'s' if count != 1 else ''} lack or will lose a clearance before a placement block "
             "ends; the soonest first. A student is not placed in a block their clearances do not cover.", "body"),
        Spacer(1, 3 * mm),
    ]
    if due:
        story.append(data_table(["Number", "Student", "Clearance", "Valid until", "First block", "Block ends"],
                                clearance_rows(due), [width * s for s in (0.12, 0.24, 0.22, 0.15, 0.13, 0.14)]))
    else:
        story.append(para("Every student holds every required clearance through all their blocks.", "body"))
    return render(story, title="Clearances due", header_right="Clearances due", settings=settings)


def approvals_due_pdf(due: list[ApprovalDue], settings: Settings, today: dt.date, months: int) -> bytes:
    width = frame_width()
    story: list = [
        para("Teaching approvals due for review", "title", bold=True),
        para(f"As of {uk_date(today)} · approvals ending within {months} month{'s' if months != 1 else ''}",
             "subtitle"),
        para(f"{len(due)} practice{'s' if len(due) != 1 else ''}. A practice takes no block that ends after its "
             "approval; the blocks listed would be lost unless the approval is renewed.", "body"),
        Spacer(1, 3 * mm),
    ]
    if due:
        story.append(data_table(["Code", "Practice", "Approved until", "Blocks affected"], approval_rows(due),
                                [width * s for s in (0.12, 0.38, 0.16, 0.34)]))
    else:
        story.append(para("No approval ends in this period.", "body"))
    return render(story, title="Approvals due", header_right="Teaching approvals due", settings=settings)
