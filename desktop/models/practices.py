"""Practices with what the shown plan asks of them: places offered and used."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.models.table import Column, RowTableModel
from scheduler.domain import DataSet, Plan, Practice
from scheduler.services.figures import practice_use


@dataclass(frozen=True, slots=True)
class PracticeRow:
    practice: Practice
    offered: int
    used: int

    @property
    def share(self) -> float:
        return self.used / self.offered if self.offered else 0.0


def practice_rows(data: DataSet, plan: Plan | None) -> list[PracticeRow]:
    use = {u.code: u for u in practice_use(data, plan)}
    return [PracticeRow(p, use[p.code].offered, use[p.code].used) for p in data.practices]


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
    Column("Tutor", lambda r: r.practice.tutor),
]


class PracticeModel(RowTableModel[PracticeRow]):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)
