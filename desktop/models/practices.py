"""Practices with what the shown plan asks of them (places offered and used) and what students said of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from desktop.models.table import Column, RowTableModel
from scheduler.domain import DataSet, Plan, Practice
from scheduler.evaluations.quality import PracticeYear
from scheduler.services.figures import practice_use


@dataclass(frozen=True, slots=True)
class PracticeRow:
    practice: Practice
    offered: int
    used: int
    quality: PracticeYear | None = None
    """its latest year's evaluation figures (None before any student answered)"""

    @property
    def share(self) -> float:
        return self.used / self.offered if self.offered else 0.0


def practice_rows(data: DataSet, plan: Plan | None,
                  quality: Mapping[str, PracticeYear] | None = None) -> list[PracticeRow]:
    use = {u.code: u for u in practice_use(data, plan)}
    quality = quality or {}
    return [PracticeRow(p, use[p.code].offered, use[p.code].used, quality.get(p.code)) for p in data.practices]


def _recommend(r: PracticeRow) -> str:
    """The mean of "would recommend" with its n (blank where too few answered to show it), and "review" when the
    practice is flagged for review."""
    score = r.quality.scores["recommend"] if r.quality else None
    shown = f"{score.mean:.1f} (n={score.n})" if score and score.mean is not None else ""
    return " · ".join(part for part in (shown, "review" if r.quality and r.quality.flagged else "") if part)


def quality_text(q: PracticeYear | None) -> str:
    """One sentence on a practice's latest evaluations, for its details."""
    if q is None:
        return "No student has evaluated a placement here yet."
    overall = (f"mean of all questions {q.overall.mean:.1f} (n={q.overall.n})" if q.overall.mean is not None
               else "too few students answered to show a score")
    flag = "; flagged for review (below the threshold in Settings)" if q.flagged else ""
    return f"{q.academic_year}: {q.answered} of {q.sent} placements evaluated, {overall}{flag}."


def _yes(value: bool) -> str:
    return "yes" if value else "no"


COLUMNS: list[Column[PracticeRow]] = [
    Column("Code", lambda r: r.practice.code, tooltip="NHS ODS practice code"),
    Column("Name", lambda r: r.practice.name),
    Column("Postcode", lambda r: r.practice.postcode),
    Column("Years", lambda r: ",".join(str(y) for y in sorted(r.practice.years)), tooltip="Year groups it teaches"),
    Column("Places", lambda r: str(r.practice.capacity), lambda r: r.practice.capacity, numeric=True,
           tooltip="Students per block (before any override)"),
    Column("Rooms/day", lambda r: "" if r.practice.max_students_per_day is None else str(r.practice.max_students_per_day),
           lambda r: r.practice.max_students_per_day or 0, numeric=True,
           tooltip="Most students of all years on site on one day"),
    Column("Step-free", lambda r: _yes(r.practice.accessible)),
    Column("Bus/train", lambda r: _yes(r.practice.public_transport), tooltip="Reachable by public transport"),
    Column("Active", lambda r: _yes(r.practice.active), colour=lambda r: None if r.practice.active else "#b3261e"),
    Column("Used / offered", lambda r: f"{r.used} / {r.offered}", lambda r: r.share, numeric=True,
           tooltip="Student-blocks placed here by the shown plan, over the places offered in all blocks"),
    Column("Use", lambda r: f"{r.share:.0%}" if r.offered else "", lambda r: r.share, numeric=True),
    Column("Recommend", _recommend, lambda r: (r.quality.scores["recommend"].mean or 0) if r.quality else 0,
           numeric=True, colour=lambda r: "#b3261e" if r.quality and r.quality.flagged else None,
           tooltip="Students' mean answer to \"would recommend\" (1-5) with how many answered, in the latest year "
                   "evaluated; blank where too few answered to keep them anonymous; red when flagged for review"),
    Column("Tutor", lambda r: r.practice.tutor),
]


class PracticeModel(RowTableModel[PracticeRow]):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)
