"""Tiny hand-made data sets: journeys are given in the ``travel`` table, so every minute is exact."""

from __future__ import annotations

import datetime as dt

from scheduler.domain import Block, DataSet, Pair, Practice, Student, TravelOverride
from scheduler.settings import Settings


def practice(code: str, *, years=(1,), capacity: int = 1, **kw) -> Practice:
    return Practice(code=code, name=f"Surgery {code}", years=frozenset(years), capacity=capacity,
                    latitude=53.4, longitude=-2.2, **kw)


def student(sid: str, *, year: int = 1, **kw) -> Student:
    kw.setdefault("travel_mode", "car")
    return Student(student_id=sid, first_name="A", last_name=sid, year=year, latitude=53.4, longitude=-2.2, **kw)


def block(bid: str = "Y1-B1", *, year: int = 1, start=dt.date(2026, 9, 7), end=dt.date(2026, 9, 11),
          weekdays=frozenset(range(5)), group: str = "") -> Block:
    return Block(block_id=bid, year=year, start_date=start, end_date=end, weekdays=weekdays, group=group)


def dataset(practices, students, blocks=None, minutes: dict | None = None, **tables) -> DataSet:
    """``minutes[(student_id, code)]`` = journey; unspecified pairs take 20 minutes."""
    minutes = minutes or {}
    travel = tuple(TravelOverride(s.student_id, p.code, float(minutes.get((s.student_id, p.code), 20.0)))
                   for s in students for p in practices)
    return DataSet(practices=tuple(practices), students=tuple(students), blocks=tuple(blocks or [block()]),
                   travel=travel, **{k: tuple(v) for k, v in tables.items()})


def travel_only(**kw) -> Settings:
    weights = {"travel": 1.0, "long_travel": 0.0, "fairness": 0.0, "balance": 0.0, "preference": 0.0, "variety": 0.0}
    weights.update(kw)
    return Settings(time_limit_seconds=20, workers=1, seed=1).with_weights(**weights)


def where(plan) -> dict[tuple[str, str], str]:
    return {(p.student_id, p.block_id): p.practice_code for p in plan.placements}


__all__ = ["practice", "student", "block", "dataset", "travel_only", "where", "Pair"]
