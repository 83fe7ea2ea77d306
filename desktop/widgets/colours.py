"""The colours that mean something in the app (journey time, year groups), readable on white."""

from __future__ import annotations

from PySide6.QtGui import QColor

JOURNEY_STEPS: tuple[tuple[float, str], ...] = (
    (20, "#1a9850"), (35, "#66bd63"), (45, "#d9a400"), (60, "#f46d43"), (float("inf"), "#b2182b"),
)
"""(up to minutes, colour): green for short journeys through to red for the longest."""

YEAR_COLOURS: dict[int, str] = {1: "#4e79a7", 2: "#59a14f", 3: "#f28e2b", 4: "#b07aa1", 5: "#e15759"}


def journey_colour(minutes: float) -> QColor:
    for limit, colour in JOURNEY_STEPS:
        if minutes <= limit:
            return QColor(colour)
    return QColor(JOURNEY_STEPS[-1][1])


def journey_legend() -> list[tuple[str, QColor]]:
    legend, low = [], 0
    for limit, colour in JOURNEY_STEPS:
        text = f"over {low:.0f} min" if limit == float("inf") else f"{low:.0f}–{limit:.0f} min"
        legend.append((text, QColor(colour)))
        low = limit
    return legend


def year_colour(year: int) -> QColor:
    return QColor(YEAR_COLOURS.get(year, "#777777"))


def year_band_colour(year: int) -> QColor:
    """A pale tint of the year's colour for backgrounds (mixed with white, so text stays readable)."""
    colour = year_colour(year)
    mix = 0.16
    return QColor(int(255 - (255 - colour.red()) * mix), int(255 - (255 - colour.green()) * mix),
                  int(255 - (255 - colour.blue()) * mix))
