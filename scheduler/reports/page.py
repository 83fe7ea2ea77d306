"""A4 page templates: a header (school, document title) and a footer (office contact, the plan and when
the document was made, "Page 2 of 3"), so that a printed page never leaves doubt about which plan it shows.

The page count is known only after layout, so the canvas keeps each page's
state and draws the header and footer on every page when the document is
saved (the usual ReportLab "numbered canvas" pattern).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from scheduler.domain import Plan
from scheduler.reports import fonts
from scheduler.reports.styles import ACCENT, MARGIN, MUTED, RULE
from scheduler.settings import Settings

HEADER_GAP = 12 * mm


def _numbered_canvas(header_left: str, header_right: str, footer_left: str, stamp: str):
    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = fonts.REGULAR  # else every page lists Helvetica, which is never embedded
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            width, height = self._pagesize
            left, right = MARGIN, width - MARGIN
            top = height - MARGIN + 6 * mm
            self.saveState()
            self.setFillColor(ACCENT)
            room = right - left - 8 * mm
            left_text = fonts.fit_text(header_left, 8.5, room * 0.55, bold=True)
            right_text = fonts.fit_text(header_right, 8.5, room * 0.45)
            fonts.draw_string(self, left, top, left_text, 8.5, bold=True)
            self.setFillColor(MUTED)
            fonts.draw_string(self, right, top, right_text, 8.5, align="right")
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(left, top - 2.5 * mm, right, top - 2.5 * mm)
            bottom = MARGIN - 8 * mm
            self.line(left, bottom + 4 * mm, right, bottom + 4 * mm)
            page_text = f"Page {number} of {total}"
            if stamp:
                room_for_stamp = (right - left) * 0.6 - _width(page_text, 7.5)
                page_text = f"{fonts.fit_text(stamp, 7.5, room_for_stamp)} · {page_text}"
            footer = fonts.fit_text(footer_left, 7.5, max(20 * mm, right - left - _width(page_text, 7.5) - 6 * mm))
            fonts.draw_string(self, left, bottom, footer, 7.5)
            fonts.draw_string(self, right, bottom, page_text, 7.5, align="right")
            self.restoreState()

    return NumberedCanvas


def _width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in fonts.runs(text))


def plan_stamp(plan: Plan | None, made: dt.datetime | None = None) -> str:
    """``Plan “Plan 1” (solved 01/12/2026 15:40) · made 01/12/2026 15:52``: which plan, and when this was made."""
    if plan is None:
        return ""
    made = made or dt.datetime.now()
    solved = f" (solved {plan.created:%d/%m/%Y %H:%M})" if plan.created else ""
    return f"Plan “{plan.name}”{solved} · made {made:%d/%m/%Y %H:%M}"


def render(story: Sequence[Flowable], *, title: str, settings: Settings, header_right: str = "",
           target: str | Path | io.BytesIO | None = None, plan: Plan | None = None) -> bytes | None:
    """Lays out the story on A4; returns the PDF bytes, or writes ``target``. Every page names ``plan``."""
    fonts.register_fonts()
    buffer = io.BytesIO() if target is None else None
    output = buffer if buffer is not None else (str(target) if isinstance(target, Path) else target)
    doc = SimpleDocTemplate(
        output,
        pagesize=A4,
        leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP - 6 * mm, bottomMargin=MARGIN + 2 * mm,
        title=title, author=settings.school_name, creator="GP Placement Scheduler",
        subject=f"Academic year {settings.academic_year}",
    )
    header_left = f"{settings.school_name} · GP placements {settings.academic_year}"
    doc.build(list(story), canvasmaker=_numbered_canvas(header_left, header_right or title, settings.office_contact,
                                                        plan_stamp(plan)))
    return buffer.getvalue() if buffer is not None else None


def frame_width() -> float:
    """Width of the text frame on an A4 page, in points."""
    return A4[0] - 2 * MARGIN
