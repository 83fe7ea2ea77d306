"""GP teaching payments: sessions per practice times the tariff, as a PDF table, a CSV and per-practice statements.

Each teaching day a student attends counts ``settings.sessions_per_day``
sessions (a morning and an afternoon by default); a block's teaching days are
``Block.teaching_dates()``. When the data set has an ``attendance`` table,
a student-block with a row there is paid for the sessions delivered, and one
without a row for the sessions planned (and counted as a missing return).
Amounts are ``settings.tariff_per_session`` per session plus the optional
``settings.tariff_per_student_week`` per student-week of the plan.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from scheduler.exchange.formula_guard import InertWriter
from scheduler.reports.cells import data_table, para
from scheduler.reports.index import PlanIndex
from scheduler.reports.page import frame_width, render
from scheduler.reports.text import money
from scheduler.settings import Settings

CSV_COLUMNS = ["practice_code", "practice_name", "student_blocks", "teaching_days", "planned_sessions", "sessions",
               "student_weeks", "attendance_returns", "amount"]
TOTAL_CODE = "TOTAL"


@dataclass(frozen=True, slots=True)
class PaymentLine:
    """One student-block at a practice: what the plan says and what was delivered."""

    student_id: str
    block_id: str
    planned_sessions: int
    """0 when the student attended a practice the plan did not place them at"""
    delivered_sessions: int | None
    """None when no attendance is recorded for it"""
    student_weeks: int

    @property
    def sessions(self) -> int:
        """The sessions paid: delivered where recorded, else planned."""
        return self.planned_sessions if self.delivered_sessions is None else self.delivered_sessions


@dataclass(frozen=True, slots=True)
class PaymentRow:
    practice_code: str
    practice_name: str
    student_blocks: int
    teaching_days: int
    planned_sessions: int
    sessions: int
    """sessions paid"""
    student_weeks: int
    attendance_returns: int
    """student-blocks with delivered sessions recorded"""
    amount: float


def payment_lines(index: PlanIndex, settings: Settings) -> dict[str, list[PaymentLine]]:
    """Per practice code, its student-blocks: the plan's placements and any attendance recorded elsewhere."""
    delivered = {(a.student_id, a.block_id, a.practice_code): a.sessions for a in index.data.attendance}
    lines: dict[str, list[PaymentLine]] = defaultdict(list)
    for p in index.plan.placements:
        dates = index.teaching_dates(p.block_id)
        key = (p.student_id, p.block_id, p.practice_code)
        lines[p.practice_code].append(PaymentLine(p.student_id, p.block_id, len(dates) * settings.sessions_per_day,
                                                  delivered.pop(key, None), _weeks(dates)))
    for (student_id, block_id, code), sessions in delivered.items():  # attended where the plan did not place them
        lines[code].append(PaymentLine(student_id, block_id, 0, sessions, 0))
    return dict(lines)


def _weeks(dates) -> int:
    return len({day.isocalendar()[:2] for day in dates})


def amount(sessions: int, student_weeks: int, settings: Settings) -> float:
    return round(sessions * settings.tariff_per_session + student_weeks * settings.tariff_per_student_week, 2)


def payment_rows(index: PlanIndex, settings: Settings) -> list[PaymentRow]:
    """One row per practice with students (or recorded attendance), by practice code."""
    rows = []
    for code, lines in sorted(payment_lines(index, settings).items()):
        practice = index.practices.get(code)
        sessions, weeks = sum(line.sessions for line in lines), sum(line.student_weeks for line in lines)
        planned = sum(line.planned_sessions for line in lines)
        rows.append(PaymentRow(code, practice.name if practice else "", sum(1 for line in lines if line.planned_sessions),
                               planned // settings.sessions_per_day, planned, sessions, weeks,
                               sum(1 for line in lines if line.delivered_sessions is not None),
                               amount(sessions, weeks, settings)))
    return rows


def total_row(rows: list[PaymentRow]) -> PaymentRow:
    return PaymentRow(TOTAL_CODE, "All practices", sum(r.student_blocks for r in rows),
                      sum(r.teaching_days for r in rows), sum(r.planned_sessions for r in rows),
                      sum(r.sessions for r in rows), sum(r.student_weeks for r in rows),
                      sum(r.attendance_returns for r in rows), round(sum(r.amount for r in rows), 2))


def payments_csv(index: PlanIndex, settings: Settings, target: str | Path | None = None) -> str | None:
    """The payments table as CSV (UTF-8 with a byte-order mark so Excel reads names right); last row is the total."""
    rows = payment_rows(index, settings)
    buffer = io.StringIO()
    writer = InertWriter(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in [*rows, total_row(rows)]:
        writer.writerow([row.practice_code, row.practice_name, row.student_blocks, row.teaching_days,
                         row.planned_sessions, row.sessions, row.student_weeks, row.attendance_returns,
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
        para(tariff_text(settings) + f" {len(rows)} practices, {total.sessions:,} sessions, "
             f"{money(total.amount)} in total.", "body"),
    ]
    if index.data.attendance:
        story.append(para(f"Sessions delivered are recorded for {total.attendance_returns:,} of "
                          f"{total.student_blocks:,} placements; the others are paid as planned until their "
                          "attendance is returned.", "body"))
    story.append(Spacer(1, 4 * mm))
    table_rows = [[r.practice_code, r.practice_name, f"{r.student_blocks:,}", f"{r.planned_sessions:,}",
                   f"{r.sessions:,}", money(r.amount)] for r in [*rows, total]]
    widths = [18 * mm, width - 112 * mm, 23 * mm, 22 * mm, 20 * mm, 29 * mm]
    story.append(data_table(["Code", "Practice", "Placements", "Planned sessions", "Sessions paid", "Amount"],
                            table_rows, widths, right_from=2, total_row=True))
    return story


def tariff_text(settings: Settings) -> str:
    text = (f"Each teaching day a student spends at a practice counts {settings.sessions_per_day} sessions, "
            f"paid at {money(settings.tariff_per_session)} per session")
    if settings.tariff_per_student_week:
        text += f", plus {money(settings.tariff_per_student_week)} per student-week"
    return text + "."


def payments_pdf(index: PlanIndex, settings: Settings, target: str | Path | None = None) -> bytes | None:
    return render(payments_story(index, settings), title="GP teaching payments",
                  header_right="GP teaching payments", settings=settings, target=target, plan=index.plan)
