"""The practice quality report, PDF and CSV: per practice and year, response rate, each question's mean with n,
the trend over the years held, and the practices below the review threshold.

Made from ``evaluations.quality`` figures only: no student's number, name or
comment, and no concern, is ever printed here; a score with fewer answers
than the anonymity threshold shows as "–".
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from scheduler.evaluations.layout import QUESTIONS
from scheduler.evaluations.quality import PracticeYear, Score, trend
from scheduler.reports.cells import data_table, para
from scheduler.reports.due_lists import csv_text
from scheduler.reports.page import frame_width, render
from scheduler.settings import Settings

CSV_COLUMNS = ["practice_code", "practice", "academic_year", "sent", "answered", "response_rate",
               *(f"{name}_{part}" for name, _ in QUESTIONS for part in ("mean", "n")), "overall_mean", "overall_n",
               "flagged"]
TOO_FEW = "–"
SHORT_LABELS = ("Teaching", "Welcome", "Patients", "Organised", "Recommend")
"""The questions' headers in the PDF's narrow columns, in ``QUESTIONS`` order."""


def _mean(score: Score) -> str:
    return f"{score.mean:.2f}" if score.mean is not None else ""


def _rate(figure: PracticeYear) -> str:
    return f"{figure.response_rate:.0%}" if figure.response_rate is not None else ""


def quality_csv(figures: list[PracticeYear], names: dict[str, str]) -> str:
    rows = [[f.practice_code, names.get(f.practice_code, ""), f.academic_year, f.sent, f.answered, _rate(f),
             *(v for name, _ in QUESTIONS for v in (_mean(f.scores[name]), f.scores[name].n)),
             _mean(f.overall), f.overall.n, "yes" if f.flagged else ""] for f in figures]
    return csv_text(CSV_COLUMNS, rows)


def _shown(score: Score) -> str:
    return f"{score.mean:.1f} ({score.n})" if score.mean is not None else f"{TOO_FEW} ({score.n})"


def quality_pdf(figures: list[PracticeYear], names: dict[str, str], settings: Settings) -> bytes:
    width = frame_width()
    years = sorted({f.academic_year for f in figures})
    latest = [f for f in figures if years and f.academic_year == years[-1]]
    flagged = [f for f in latest if f.flagged]
    story: list = [
        para("Practice quality report", "title", bold=True),
        para(f"Students' evaluations · {', '.join(years) or 'none yet'} · scores 1 (poor) to 5 (excellent)",
             "subtitle"),
        para(f"Each score is a mean with the number of students who answered in brackets; a score with fewer than "
             f"{settings.evaluation_min_answers} answers is not shown ({TOO_FEW}), so that no student can be told "
             f"apart. Practices whose mean is below {settings.quality_flag_below:g} are listed for review.", "body"),
        Spacer(1, 3 * mm),
        para(f"For review in {years[-1] if years else 'this year'}", "h2", bold=True),
    ]
    if flagged:
        story.append(data_table(["Code", "Practice", "Mean (n)", "Response rate"],
                                [[f.practice_code, names.get(f.practice_code, ""), _shown(f.overall), _rate(f)]
                                 for f in flagged], [width * s for s in (0.14, 0.5, 0.18, 0.18)]))
    else:
        story.append(para("No practice is below the threshold.", "body"))
    header = ["Code", "Replied", *SHORT_LABELS, "Mean", "Trend"]
    widths = [width * s for s in (0.09, 0.1, 0.118, 0.118, 0.118, 0.118, 0.14, 0.08, 0.118)]
    for year in reversed(years):
        story += [Spacer(1, 4 * mm), para(f"Every practice, {year}", "h2", bold=True)]
        rows = []
        for f in (f for f in figures if f.academic_year == year):
            history = trend(figures, f.practice_code)
            rows.append([f.practice_code, f"{f.answered}/{f.sent} {_rate(f)}",
                         *(_shown(f.scores[name]) for name, _ in QUESTIONS), _shown(f.overall),
                         " → ".join(f"{m:.1f}" if m is not None else TOO_FEW for _, m in history)
                         if len(history) > 1 else ""])
        story.append(data_table(header, rows, widths, right_from=1))
    if not years:
        story.append(para("No evaluation has been sent yet.", "body"))
    return render(story, title="Practice quality report", header_right="Practice quality", settings=settings)
