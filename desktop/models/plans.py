"""The list of plans (scenarios) with their headline figures."""

from __future__ import annotations

from desktop.models.table import Column, RowTableModel
from desktop.text import status_words
from scheduler.domain import PlanSummary


def _number(value: float | None, pattern: str = "{:,.0f}") -> str:
    return "" if value is None else pattern.format(value)


def _closeness(gap: float | None) -> str:
    if gap is None:
        return ""
    return "best possible" if gap <= 0 else f"within {gap:.1%}"


COLUMNS: list[Column[PlanSummary]] = [
    Column("Plan", lambda p: p.name + ("  (current)" if p.is_current else "")),
    Column("Status", lambda p: status_words(p.status), tooltip="How the plan was made: best possible (proven), "
           "found (within the time limit), stopped early, or changed by hand"),
    Column("Placed", lambda p: str(p.placed), lambda p: p.placed, numeric=True),
    Column("Unplaced", lambda p: str(p.unplaced), lambda p: p.unplaced, numeric=True,
           colour=lambda p: "#b3261e" if p.unplaced else None),
    Column("Cost", lambda p: _number(p.objective), lambda p: p.objective if p.objective is not None else -1.0,
           numeric=True, tooltip="The weighted sum of the soft aims (journeys, fairness, balance …); lower is better"),
    Column("How good", lambda p: _closeness(p.gap), lambda p: p.gap if p.gap is not None else -1.0,
           tooltip="How far the plan could still be from the best possible plan, as proven by the search"),
    Column("Created", lambda p: p.created.strftime("%d %b %Y %H:%M") if p.created else "",
           lambda p: p.created.isoformat() if p.created else ""),
]


class PlanListModel(RowTableModel[PlanSummary]):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)
