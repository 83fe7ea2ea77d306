"""The print of a table as the officer sees it: the note that states its filter, its columns, its rows.

The window hands over the same ``Sheet`` an export writes (the columns shown,
the rows the filters leave, or all rows, and the note saying which), so a
print and an export of one table hold the same rows. Landscape A4 when the
columns need the width; column widths follow their longest cells.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from scheduler.reports.cells import PADDING, data_table, para
from scheduler.reports.fonts import text_width
from scheduler.reports.page import frame_width, render
from scheduler.reports.styles import styles
from scheduler.settings import Settings

if TYPE_CHECKING:  # the services hand the sheet down; reports import nothing of theirs
    from scheduler.services.spreadsheets import Sheet

LONGEST = 60 * mm
"""A column wider than this wraps its cells."""


def _text(value) -> str:
    if value is None:
        return ""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _widths(header: list[str], rows: list[list[str]], room: float) -> list[float]:
    size = styles()["cell"].fontSize
    wanted = [min(LONGEST, max([text_width(header[i], size, True)] + [text_width(row[i], size) for row in rows])
                  + PADDING + 1) for i in range(len(header))]
    scale = room / sum(wanted) if sum(wanted) > room else 1.0
    return [w * scale for w in wanted]


def table_pdf(sheet: Sheet, settings: Settings, plan_name: str | None = None,
              made: dt.datetime | None = None) -> bytes:
    """The sheet as a PDF: its note under the title, the plan the window showed, then the table (its header
    repeated on every page)."""
    header = [name for name, _kind in sheet.columns]
    rows = [[_text(v) for v in row] for row in sheet.rows]
    numeric = [kind == "number" for _name, kind in sheet.columns]
    pagesize = A4 if sum(_widths(header, rows, 10_000)) <= frame_width(A4) else landscape(A4)
    widths = _widths(header, rows, frame_width(pagesize))
    # right-aligned number columns come last in the table style's terms only when they are trailing
    right_from = next((i for i in range(len(numeric)) if all(numeric[i:])), None) if any(numeric) else None
    made = made or dt.datetime.now()
    shown = f"Plan “{plan_name}” shown · printed {made:%d/%m/%Y %H:%M}" if plan_name else f"Printed {made:%d/%m/%Y %H:%M}"
    story: list = [para(sheet.title, "title", bold=True), para(sheet.note, "subtitle"), para(shown, "small"),
                   Spacer(1, 3 * mm)]
    story.append(data_table(header, rows, widths, right_from=right_from) if rows else para("No rows.", "body"))
    return render(story, title=sheet.title, header_right=sheet.title, settings=settings, pagesize=pagesize)
