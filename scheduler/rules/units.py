"""Units of cost: every journey and every aim's cost is a whole number of tenths of its unit.

Journeys are compared in tenths of a minute (12.34 min is 123): a limit of
45 min holds for 45.04 min, not for 45.05. Each aim's cost is an integer in
tenths of its unit (of a minute, a rank step, a student over a share, a
repeat, a student at a practice flagged for review) and each weight is held in tenths too (``round(10 w)``), so the
solver's integer costs are hundredths of the objective. This is the one place
the factor is written.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

TENTHS = 10
"""Tenths per unit: of a minute for journeys, of each aim's unit for costs and weights."""


def tenths(amount: ArrayLike) -> np.ndarray:
    """An amount (minutes, a weight) as integer tenths: the one rounding every comparison and cost uses."""
    out: np.ndarray = np.rint(np.asarray(amount, dtype=float) * TENTHS).astype(np.int64)
    return out


def weight_tenths(weight: float) -> int:
    """A weight held in tenths (what the solver multiplies each aim's cost by)."""
    return int(round(float(weight) * TENTHS))


def minutes(t10: float | np.integer | np.floating) -> float:
    """Tenths of a minute back as minutes (one value)."""
    return float(t10) / TENTHS
