"""Practices flagged for review: the one definition the quality report, the Practices page, the ``quality`` aim
and the ``avoid_flagged_practices`` rule share.

A practice's score is the mean of its students' evaluations (each student's mean over every question) in its
latest year with answers. It is a score only where at least ``Settings.evaluation_min_answers`` students
answered (anonymity: below that it is "no score", never penalised); a practice whose score is below
``Settings.quality_flag_below`` is flagged for review.
"""

from __future__ import annotations

import numpy as np

from scheduler.domain import DataSet
from scheduler.settings import Settings


def score(mean: float | None, students: int, min_answers: int) -> float | None:
    """The mean shown for ``students`` answers: None where fewer than the anonymity threshold answered."""
    return mean if mean is not None and students >= max(1, min_answers) else None


def flagged(shown: float | None, flag_below: float) -> bool:
    """A shown score below the flag (no score is never flagged)."""
    return shown is not None and shown < flag_below


def practice_flags(data: DataSet, settings: Settings) -> np.ndarray:
    """Per practice of ``data`` (in its order): True where its score flags it for review."""
    by_code = {s.practice_code: s for s in data.scores}
    out = np.zeros(len(data.practices), dtype=bool)
    for j, practice in enumerate(data.practices):
        s = by_code.get(practice.code)
        if s is not None:
            out[j] = flagged(score(s.mean, s.students, settings.evaluation_min_answers), settings.quality_flag_below)
    return out
