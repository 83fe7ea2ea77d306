"""The covering letter of the capacity-offers round: what the practice is asked to confirm, and by when."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from scheduler.correspondence.wording import practice_greeting
from scheduler.domain import Block
from scheduler.reports.cells import data_table, para
from scheduler.reports.index import PlanIndex
from scheduler.reports.page import frame_width, render
from scheduler.reports.text import date_range, date_text
from scheduler.settings import Settings


def offer_letter_paragraphs(index: PlanIndex, code: str, settings: Settings, reply_by: dt.date) -> list[str]:
    """The words shared by the covering letter and its email."""
    return [
        practice_greeting(index, code),
        f"Thank you for teaching our medical students. To plan the GP placements of {settings.academic_year}, "
        "please confirm the places you can offer in each block of the years you teach, the most students you "
        "can host on any one day, and your lead GP tutor.",
        "The attached workbook lists this year's figures. Change the yellow cells that are not right (type 0 "
        f"for a block in which you cannot take students), save it and return it to us by {date_text(reply_by)}.",
        f"If you have any questions, please contact us: {settings.office_contact}.",
        f"With thanks,\n{settings.school_name}",
    ]


def offer_letter(index: PlanIndex, code: str, blocks: list[Block], settings: Settings, reply_by: dt.date,
                 today: dt.date) -> bytes:
    practice = index.practices[code]
    story: list = [para(line) for line in (practice.name, practice.address, practice.postcode) if line]
    story += [Spacer(1, 4 * mm), para(date_text(today, weekday=False)), Spacer(1, 4 * mm),
              para(f"Teaching capacity {settings.academic_year}: please confirm your offer", "h2", bold=True)]
    paragraphs = offer_letter_paragraphs(index, code, settings, reply_by)
    for text in paragraphs[:3]:
        story += [para(text), Spacer(1, 2 * mm)]
    width = frame_width()
    rows = [[b.block_id, f"Year {b.year}", date_range(b.start_date, b.end_date),
             str(index.capacity(practice, b))] for b in blocks]
    story.append(data_table(["Block", "Year", "Dates", "Places now"], rows,
                            [width * 0.2, width * 0.15, width * 0.45, width * 0.2], right_from=3))
    story.append(Spacer(1, 3 * mm))
    for text in paragraphs[3:]:
        story += [para(line) for line in text.split("\n")]
        story.append(Spacer(1, 2 * mm))
    return render(story, title=f"Capacity offer {code}", header_right=f"Capacity offer · {code}", settings=settings)
