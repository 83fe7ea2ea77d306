"""A practice's own quality report, printed after its payment statement: how students rated their placements there.

For one practice only, from ``evaluations.quality`` figures: per year held
(closed years from the archive, oldest first, so the columns are the trend),
the replies against the evaluations sent, each question's mean with n and the
mean of all questions. A score with fewer answers than the anonymity
threshold says so in words instead of a number. The figures hold no student's
number, name or comment and no concern, so none can be printed here.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from scheduler.evaluations.layout import QUESTIONS
from scheduler.evaluations.quality import PracticeYear, Score
from scheduler.reports.cells import data_table, para
from scheduler.reports.page import frame_width
from scheduler.settings import Settings

YEARS_SHOWN = 5
"""The most recent years printed as columns (the page holds five beside the questions)."""


def _score(score: Score, too_few: str) -> str:
    return f"{score.mean:.1f} (n={score.n})" if score.mean is not None else too_few


def _replied(figure: PracticeYear) -> str:
    rate = f" ({figure.response_rate:.0%})" if figure.response_rate is not None else ""
    return f"{figure.answered} of {figure.sent}{rate}"


def own_quality_story(practice_name: str, figures: list[PracticeYear], settings: Settings) -> list:
    """The practice's evaluation pages (from a page break): ``figures`` are this practice's, any order."""
    held = sorted(figures, key=lambda f: f.academic_year)[-YEARS_SHOWN:]
    least = settings.evaluation_min_answers
    too_few = f"fewer than {least} answered"
    story: list = [PageBreak(), para("Students’ evaluations of their placements", "title", bold=True),
                   para(f"{practice_name} · scores 1 (poor) to 5 (excellent)", "subtitle")]
    if not held:
        story.append(para("No student has been asked to evaluate a placement here yet.", "body"))
        return story
    story += [
        para(f"Each student placed here is asked to rate the placement. A score is the mean of the students who "
             f"answered (n); it is shown only where at least {least} students answered, so that no student can be "
             f"told apart, and otherwise the table says “{too_few}”. Students’ comments are read by the "
             f"placement office and are not printed here.", "body"),
        Spacer(1, 3 * mm),
    ]
    width = frame_width()
    label = 0.26 * width
    widths = [label, *([(width - label) / len(held)] * len(held))]
    rows = [["Replied", *(_replied(f) for f in held)]]
    rows += [[text, *(_score(f.scores[name], too_few) for f in held)] for name, text in QUESTIONS]
    rows.append(["All questions", *(_score(f.overall, too_few) for f in held)])
    story.append(data_table(["", *(f.academic_year for f in held)], rows, widths, right_from=1, total_row=True))
    latest = held[-1]
    if latest.flagged:
        story += [Spacer(1, 3 * mm),
                  para(f"In {latest.academic_year} the mean of all questions is below the school’s review level "
                       f"of {settings.quality_flag_below:g}; the placement office will be in touch to talk it "
                       f"through.", "body")]
    return story
