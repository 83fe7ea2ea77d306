"""PDF documents from domain objects (ReportLab platypus, A4): no database, no Qt.

Build a ``PlanIndex(data, plan)`` once, then ask for any document; each
function returns PDF bytes, or writes the file given as ``target``.
"""

from scheduler.reports.index import PlanIndex
from scheduler.reports.overview import overview_pdf
from scheduler.reports.payments import payment_rows, payments_csv, payments_pdf
from scheduler.reports.quality import quality_pdf
from scheduler.reports.schedule import student_schedule
from scheduler.reports.timetable import practice_timetable

__all__ = ["PlanIndex", "overview_pdf", "payment_rows", "payments_csv", "payments_pdf", "practice_timetable",
           "quality_pdf", "student_schedule"]
