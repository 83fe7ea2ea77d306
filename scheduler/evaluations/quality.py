"""Each practice's evaluation figures per academic year: response rate, each question's mean with n, and the trend.

A mean is given only where at least ``min_answers`` students answered that
question at that practice that year (each student counted once, with the
mean of their answers, however many blocks they spent there), so that no practice can tell one
student's answers from the figures; below that the score is None (shown as
"too few answers"). A practice is flagged for review when its mean over all
questions (itself shown only with enough answers) is below ``flag_below``
(both tests are the rulebook's, ``scheduler/rules/quality.py``).
No student number, name or comment goes in: the figures are for practices.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from scheduler.domain import PracticeScore
from scheduler.evaluations.layout import QUESTIONS
from scheduler.rules.quality import flagged as flagged_below
from scheduler.rules.quality import score


@dataclass(frozen=True, slots=True)
class Score:
    mean: float | None
    """None where fewer than the threshold answered."""
    n: int


@dataclass(frozen=True, slots=True)
class PracticeYear:
    practice_code: str
    academic_year: str
    sent: int
    answered: int
    """placements answered (a student may have two there)"""
    scores: dict[str, Score]
    overall: Score
    flagged: bool

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.sent if self.sent else None


def practice_years(rows: Iterable[tuple[str, dict[str, Any]]], min_answers: int,
                   flag_below: float) -> list[PracticeYear]:
    """``rows``: (academic year, an ``evaluations`` row as a dict); one figure per practice and year."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for year, row in rows:
        grouped[(row["practice_code"], year)].append(row)
    out = []
    for (code, year), mine in sorted(grouped.items()):
        by_student: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in mine:
            if r.get("received"):
                by_student[r["student_id"]].append(r)
        scores = {name: _score(_per_student(by_student.values(), (name,)), min_answers) for name, _ in QUESTIONS}
        overall = _score(_per_student(by_student.values(), tuple(name for name, _ in QUESTIONS)), min_answers)
        flagged = flagged_below(overall.mean, flag_below)
        answered = sum(len(rs) for rs in by_student.values())
        out.append(PracticeYear(code, year, len(mine), answered, scores, overall, flagged))
    return out


def _per_student(students: Iterable[list[dict[str, Any]]], names: tuple[str, ...]) -> list[float]:
    """One value per student who answered any of ``names``: the mean of their answers (a student placed
    there in two blocks counts once, so that the threshold counts people)."""
    return [statistics.fmean(values) for rows in students
            if (values := [r[name] for r in rows for name in names if r.get(name) is not None])]


def trend(figures: list[PracticeYear], practice_code: str) -> list[tuple[str, float | None]]:
    """The practice's overall mean per year, oldest first (None where too few answered)."""
    return [(f.academic_year, f.overall.mean) for f in sorted(figures, key=lambda f: f.academic_year)
            if f.practice_code == practice_code]


def latest(figures: Iterable[PracticeYear]) -> dict[str, PracticeYear]:
    """Practice code -> its figures of the latest year in which any placement there was answered."""
    out: dict[str, PracticeYear] = {}
    for f in sorted(figures, key=lambda f: f.academic_year):
        if f.answered:
            out[f.practice_code] = f
    return out


def latest_scores(rows: Iterable[tuple[str, dict[str, Any]]]) -> tuple[PracticeScore, ...]:
    """Each practice's overall mean and students of its latest year with answers (``rows`` as for
    ``practice_years``), whatever the anonymity threshold: the rulebook applies it."""
    figures = latest(practice_years(rows, min_answers=1, flag_below=0.0))
    return tuple(PracticeScore(code, f.overall.mean, f.overall.n) for code, f in sorted(figures.items())
                 if f.overall.mean is not None)


def _score(values: list[float], min_answers: int) -> Score:
    mean = round(statistics.fmean(values), 2) if values else None
    return Score(score(mean, len(values), min_answers), len(values))
