"""Payments to practices for the finance office: the summary (PDF and CSV) and a statement per practice.

``write_payments`` fills a folder all or nothing: ``payments.pdf``,
``payments.csv`` and ``statements/<practice_code>.pdf`` for every practice
paid, each statement followed by the practice's own evaluation figures
(``reports.own_quality``), since a practice's quality report goes out with
its payment statement. Sessions delivered come from the data set's ``attendance`` table where
it has a row; otherwise the plan's sessions are paid (see ``reports.payments``).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from scheduler.file_names import safe_filename
from scheduler.reports.payment_statement import payment_statement
from scheduler.reports.payments import payment_rows, payments_csv, payments_pdf, total_row
from scheduler.services import read_guard
from scheduler.services.current_folder import current_folder
from scheduler.services.documents import open_documents
from scheduler.services.evaluations import practice_figures
from scheduler.services.workspace import Workspace


@dataclass(frozen=True, slots=True)
class PaymentsSummary:
    folder: Path
    plan_name: str
    practices: int
    sessions: int
    amount: float
    attendance_returns: int
    student_blocks: int
    seconds: float
    with_evaluations: int = 0
    """statements whose practice has evaluations sent in at least one year held"""


def write_payments(ws: Workspace, folder: str | Path, plan_name: str | None = None,
                   today: dt.date | None = None) -> PaymentsSummary:
    """Writes the payments of the plan (None = current); raises ``NoPlan`` or ``PlanNotFound``."""
    t0 = time.perf_counter()
    read = read_guard.taken(ws, plan_name)
    docs = open_documents(ws, plan_name)
    index, settings = docs.index, docs.settings
    rows = payment_rows(index, settings)
    quality = practice_figures(ws)

    def evaluations_changed() -> list[str]:
        return [] if practice_figures(ws) == quality else ["the students' evaluations changed"]

    with current_folder(ws, read, Path(folder), "gp-placements payments", also=evaluations_changed) as staging:
        out = staging.path
        payments_pdf(index, settings, target=out / "payments.pdf")
        payments_csv(index, settings, target=out / "payments.csv")
        (out / "statements").mkdir()
        for row in rows:
            if row.practice_code in index.practices:
                payment_statement(index, row.practice_code, settings, today,
                                  target=out / "statements" / f"{safe_filename(row.practice_code)}.pdf",
                                  quality=quality.get(row.practice_code, []))
    total = total_row(rows)
    return PaymentsSummary(Path(folder), docs.plan_name, len(rows), total.sessions, total.amount,
                           total.attendance_returns, total.student_blocks, time.perf_counter() - t0,
                           sum(1 for row in rows if quality.get(row.practice_code)))
