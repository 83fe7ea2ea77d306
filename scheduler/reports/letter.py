"""The placement letter to a practice: who comes, in which blocks and on which days, and the office's contact.

Its words come from ``scheduler.correspondence.wording``, shared with the email
draft that carries it, so the letter and the email never disagree.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from scheduler.correspondence.changes import PracticeChanges
from scheduler.correspondence.wording import practice_paragraphs, practice_table
from scheduler.reports.cells import data_table, para
from scheduler.reports.index import PlanIndex
from scheduler.reports.page import frame_width, render
from scheduler.reports.text import date_text
from scheduler.settings import Settings

COLUMN_SHARES = (0.25, 0.12, 0.07, 0.11, 0.29, 0.16)


def letter_story(index: PlanIndex, code: str, settings: Settings, changes: PracticeChanges | None,
                 today: dt.date) -> list:
    practice = index.practices[code]
    address = [practice.name, practice.address, practice.postcode]
    story: list = [para(line) for line in address if line]
    story += [Spacer(1, 4 * mm), para(date_text(today, weekday=False)), Spacer(1, 4 * mm),
              para(f"Medical students' GP placements {settings.academic_year}"
                   + (" — changes" if changes is not None else ""), "h2", bold=True)]
    paragraphs = practice_paragraphs(index, code, settings, changes)
    story.append(para(paragraphs[0]))
    story.append(para(paragraphs[1]))
    story.append(Spacer(1, 2 * mm))
    table = practice_table(index, code)
    width = frame_width()
    story.append(data_table(table[0], table[1:], [width * share for share in COLUMN_SHARES]))
    story.append(Spacer(1, 3 * mm))
    for text in paragraphs[2:]:
        story += [para(line) for line in text.split("\n")]
        story.append(Spacer(1, 2 * mm))
    story.append(para(f"Plan: {index.plan.name}", "small"))
    return story


def practice_letter(index: PlanIndex, code: str, settings: Settings, changes: PracticeChanges | None = None,
                    today: dt.date | None = None, target: str | Path | None = None) -> bytes | None:
    """The letter as PDF bytes, or written to ``target``."""
    story = letter_story(index, code, settings, changes, today or dt.date.today())
    return render(story, title=f"Placement letter {code}", header_right=f"Placement letter · {code}",
                  settings=settings, target=target)
