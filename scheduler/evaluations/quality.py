"""Each practice's evaluation figures per academic year: response rate, each question's mean with n, and the trend.

A mean is given only where at least ``min_answers`` students answered that
question at that practice that year, so that no practice can tell one
student's answers from the figures; below that the score is None (shown as
"too few answers"). A practice is flagged for review when its mean over all
questions (itself shown only with enough answers) is below ``flag_below``.
No student number, name or comment goes in: the figures are for practices.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from scheduler.evaluations.layout import QUESTIONS


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
        answered = [r for r in mine if r.get("received")]
        scores = {name: _score([r[name] for r in answered if r.get(name) is not None], min_answers)
                  for name, _ in QUESTIONS}
        students = [statistics.fmean(values) for r in answered
                    if (values := [r[name] for name, _ in QUESTIONS if r.get(name) is not None])]
        overall = _score(students, min_answers)
        flagged = overall.mean is not None and overall.mean < flag_below
        out.append(PracticeYear(code, year, len(mine), len(answered), scores, overall, flagged))
    return out


def trend(figures: list[PracticeYear], practice_code: str) -> list[tuple[str, float | None]]:
    """The practice's overall mean per year, oldest first (None where too few answered)."""
    return [(f.academic_year, f.overall.mean) for f in sorted(figures, key=lambda f: f.academic_year)
            if f.practice_code == practice_code]


def _score(values: list[float], min_answers: int) -> Score:
    return Score(round(statistics.fmean(values), 2) if len(values) >= max(1, min_answers) else None, len(values))
