"""GP teaching payments: sessions taught per practice times the tariff, as a PDF table and a CSV.

Each teaching day a student attends counts ``settings.sessions_per_day``
sessions (a morning and an afternoon by default); a block's teaching days are
``Block.teaching_dates()``. Amounts are paid per session at
``settings.tariff_per_session``.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from scheduler.reports.cells import data_table, para
from scheduler.reports.index import PlanIndex
from scheduler.reports.page import frame_width, render
from scheduler.reports.text import money
from scheduler.settings import Settings

CSV_COLUMNS = ["practice_code", "practice_name", "student_blocks", "teaching_days", "sessions", "amount"]
TOTAL_CODE = "TOTAL"


@dataclass(frozen=True, slots=True)
class PaymentRow:
    practice_code: str
    practice_name: str
    student_blocks: int
    teaching_days: int
    sessions: int
    amount: float


def payment_rows(index: PlanIndex, settings: Settings) -> list[PaymentRow]:
    """One row per practice with students, by practice code."""
    student_blocks: dict[str, int] = defaultdict(int)
    days: dict[str, int] = defaultdict(int)
    for placement in index.plan.placements:
        student_blocks[placement.practice_code] += 1
        days[placement.practice_code] += len(index.teaching_dates(placement.block_id))
    rows = []
    for code in sorted(student_blocks):
        practice = index.practices.get(code)
        sessions = days[code] * settings.sessions_per_day
        rows.append(PaymentRow(code, practice.name if practice else "", student_blocks[code], days[code], sessions,
                               round(sessions * settings.tariff_per_session, 2)))
    return rows


def total_row(rows: list[PaymentRow]) -> PaymentRow:
    return PaymentRow(TOTAL_CODE, "All practices", sum(r.student_blocks for r in rows),
                      sum(r.teaching_days for r in rows), sum(r.sessions for r in rows),
                      round(sum(r.amount for r in rows), 2))


def payments_csv(index: PlanIndex, settings: Settings, target: str | Path | None = None) -> str | None:
    """The payments table as CSV (UTF-8 with a byte-order mark so Excel reads names right); last row is the total."""
    rows = payment_rows(index, settings)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in [*rows, total_row(rows)]:
        writer.writerow([row.practice_code, row.practice_name, row.student_blocks, row.teaching_days, row.sessions,
                         f"{row.amount:.2f}"])
    text = buffer.getvalue()
    if target is None:
        return text
    Path(target).write_text(text, encoding="utf-8-sig", newline="")
    return None


def payments_story(index: PlanIndex, settings: Settings) -> list:
    rows = payment_rows(index, settings)
    total = total_row(rows)
    width = frame_width()
    story: list = [
        para("GP teaching payments", "title", bold=True),
        para(f"Academic year {settings.academic_year} · plan “{index.plan.name}”", "subtitle"),
        para(f"Each teaching day a student spends at a practice counts {settings.sessions_per_day} sessions, "
             f"paid at {money(settings.tariff_per_session)} per session. {len(rows)} practices, "
             f"{total.sessions:,} sessions, {money(total.amount)} in total.", "body"),
        Spacer(1, 4 * mm),
    ]
    table_rows = [[r.practice_code, r.practice_name, f"{r.student_blocks:,}", f"{r.teaching_days:,}",
                   f"{r.sessions:,}", money(r.amount)] for r in [*rows, total]]
    widths = [18 * mm, width - 110 * mm, 23 * mm, 20 * mm, 20 * mm, 29 * mm]
    story.append(data_table(["Code", "Practice", "Placements", "Teaching days", "Sessions", "Amount"],
                            table_rows, widths, right_from=2, total_row=True))
    return story


def payments_pdf(index: PlanIndex, settings: Settings, target: str | Path | None = None) -> bytes | None:
    return render(payments_story(index, settings), title="GP teaching payments",
                  header_right="GP teaching payments", settings=settings, target=target, plan=index.plan)
