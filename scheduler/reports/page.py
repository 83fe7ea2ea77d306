"""A4 page templates: a header (school, document title) and a footer (office contact, the plan and when
the document was made, "Page 2 of 3"), so that a printed page never leaves doubt about which plan it shows.

The page count is known only after layout, so the canvas keeps each page's
state and draws the header and footer on every page when the document is
saved (the usual ReportLab "numbered canvas" pattern). A header or footer too
long for one line (a long office contact, plan name or school name) wraps onto
more lines, and the text frame gives way to them: nothing there is cut off.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AnyStr, Sequence, overload

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from scheduler.domain import Plan
from scheduler.reports import fonts
from scheduler.reports.styles import ACCENT, MARGIN, MUTED, RULE
from scheduler.settings import Settings

HEADER_GAP = 12 * mm
HEADER_SIZE, FOOTER_SIZE = 8.5, 7.5
HEADER_LEADING, FOOTER_LEADING = 3.6 * mm, 3.2 * mm
PAGE_TEXT_ROOM = "Page 999 of 999"
"""The widest page number the footer keeps room for."""


@dataclass(frozen=True)
class Furniture:
    """The header's and footer's lines, wrapped to fit the page: nothing in them is shortened."""

    header: tuple[tuple[str, str], ...]
    """(left, right) text per line, top first; the left in bold."""
    footer: tuple[tuple[str, bool], ...]
    """(text, page number on this line) per line, top first."""

    @property
    def extra_top(self) -> float:
        return (len(self.header) - 1) * HEADER_LEADING

    @property
    def extra_bottom(self) -> float:
        return (len(self.footer) - 1) * FOOTER_LEADING


def furniture(header_left: str, header_right: str, contact: str, stamp: str, width: float) -> Furniture:
    """One line each for the header and the footer when they fit (as they mostly do), else wrapped lines."""
    room = width - 8 * mm
    if (_width(header_left, HEADER_SIZE, True) <= room * 0.55 and _width(header_right, HEADER_SIZE) <= room * 0.45):
        header: tuple[tuple[str, str], ...] = ((header_left, header_right),)
    else:
        header = tuple((line, "") for line in fonts.wrap_text(header_left, HEADER_SIZE, width, True))
        header += tuple(("", line) for line in fonts.wrap_text(header_right, HEADER_SIZE, width))
    beside_page = width - _width(PAGE_TEXT_ROOM, FOOTER_SIZE) - 6 * mm
    one_line = " · ".join(t for t in (contact, stamp) if t)
    if _width(one_line, FOOTER_SIZE) <= beside_page:
        footer: tuple[tuple[str, bool], ...] = ((one_line, True),)
    else:
        lines = [line for text in (contact, stamp) if text for line in fonts.wrap_text(text, FOOTER_SIZE, beside_page)]
        footer = tuple((line, i == 0) for i, line in enumerate(lines or [""]))
    return Furniture(header, footer)


def _numbered_canvas(layout: Furniture):
    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
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
            width, height = self._pagesize  # type: ignore[attr-defined]  # ReportLab's own, not in its stubs
            left, right = MARGIN, width - MARGIN
            self.saveState()
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            y = height - MARGIN + 6 * mm
            for left_text, right_text in layout.header:
                self.setFillColor(ACCENT)
                fonts.draw_string(self, left, y, left_text, HEADER_SIZE, bold=True)
                self.setFillColor(MUTED)
                fonts.draw_string(self, right, y, right_text, HEADER_SIZE, align="right")
                y -= HEADER_LEADING
            y += HEADER_LEADING
            self.line(left, y - 2.5 * mm, right, y - 2.5 * mm)
            y = MARGIN - 8 * mm + layout.extra_bottom
            self.line(left, y + 4 * mm, right, y + 4 * mm)
            self.setFillColor(MUTED)
            for text, with_page in layout.footer:
                fonts.draw_string(self, left, y, text, FOOTER_SIZE)
                if with_page:
                    fonts.draw_string(self, right, y, f"Page {number} of {total}", FOOTER_SIZE, align="right")
                y -= FOOTER_LEADING
            self.restoreState()

    return NumberedCanvas


def _width(text: str, size: float, bold: bool = False) -> float:
    return fonts.text_width(text, size, bold)


def plan_stamp(plan: Plan | None, made: dt.datetime | None = None) -> str:
    """``Plan “Plan 1” (solved 01/12/2026 15:40) · made 01/12/2026 15:52``: which plan, and when this was made."""
    if plan is None:
        return ""
    made = made or dt.datetime.now()
    solved = f" (solved {plan.created:%d/%m/%Y %H:%M})" if plan.created else ""
    return f"Plan “{plan.name}”{solved} · made {made:%d/%m/%Y %H:%M}"


@overload
def render(story: Sequence[Flowable], *, title: str, settings: Settings, header_right: str = "",
           target: None = None, plan: Plan | None = None, pagesize: tuple[float, float] = A4) -> bytes: ...
@overload
def render(story: Sequence[Flowable], *, title: str, settings: Settings, header_right: str = "",
           target: str | Path | io.BytesIO, plan: Plan | None = None, pagesize: tuple[float, float] = A4) -> None: ...
def render(story: Sequence[Flowable], *, title: str, settings: Settings, header_right: str = "",
           target: str | Path | io.BytesIO | None = None, plan: Plan | None = None,
           pagesize: tuple[float, float] = A4) -> bytes | None:
    """Lays out the story on A4 (or ``pagesize``: a wide table prints landscape); returns the PDF bytes, or
    writes ``target``. Every page names ``plan``."""
    fonts.register_fonts()
    buffer = io.BytesIO() if target is None else None
    output = buffer if buffer is not None else (target if isinstance(target, io.BytesIO) else str(target))
    header_left = f"{settings.school_name} · GP placements {settings.academic_year}"
    layout = furniture(header_left, header_right or title, settings.office_contact, plan_stamp(plan),
                       frame_width(pagesize))
    doc = SimpleDocTemplate(
        output,
        pagesize=pagesize,
        leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_GAP - 6 * mm + layout.extra_top,
        bottomMargin=MARGIN + 2 * mm + layout.extra_bottom,
        title=title, author=settings.school_name, creator="GP Placement Scheduler",
        subject=f"Academic year {settings.academic_year}",
    )
    doc.build(list(story), canvasmaker=_numbered_canvas(layout))
    return buffer.getvalue() if buffer is not None else None


def in_memory(document: AnyStr | None) -> AnyStr:
    """A report made without a ``target``: the reports return None only when they wrote one."""
    if document is None:
        raise ValueError("the report was written to its target, not returned")
    return document


def frame_width(pagesize: tuple[float, float] = A4) -> float:
    """Width of the text frame on an A4 page (or one of ``pagesize``), in points."""
    return pagesize[0] - 2 * MARGIN
