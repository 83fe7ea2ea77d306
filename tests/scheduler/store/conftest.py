"""A tiny hand-made data set and a fresh database for the store tests."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.domain import (
    Block,
    CapacityOverride,
    DataSet,
    Exclusion,
    HistoryEntry,
    Pair,
    PostcodeLocation,
    Practice,
    Preference,
    Student,
    TravelOverride,
)
from scheduler.store import Database


def make_dataset() -> DataSet:
    practices = (
        Practice("M85001", "Ardwick Surgery", frozenset({1, 3}), capacity=2, postcode="M12 4AB", latitude=53.47,
                 longitude=-2.21, accessible=True, max_students_per_day=3, tutor="Dr Ōkubo", email="a@example.org"),
        Practice("M85002", "Levenshulme Health", frozenset({3}), capacity=1, postcode="M19 3AA",
                 public_transport=False, active=False),
        Practice("M85000", "Withington Practice", frozenset({1}), latitude=53.43, longitude=-2.23),
    )
    students = (
        Student("2001", "Łucja", "Nguyễn", 3, email="l@example.org", group="A", latitude=53.46, longitude=-2.23,
                travel_mode="car", max_travel_minutes=40.0, needs_accessible=True),
        Student("1001", "Жанна", "محمد", 1, postcode="M13 9PL"),
        Student("1002", "陈", "Smith", 1, travel_mode="walk"),
    )
    blocks = (
        Block("Y3-B1", 3, dt.date(2026, 9, 7), dt.date(2026, 10, 2), group="A", name="Year 3 block 1",
              weekdays=frozenset({1, 3})),
        Block("Y1-B1", 1, dt.date(2026, 9, 14), dt.date(2026, 9, 18)),
    )
    return DataSet(
        practices=practices,
        students=students,
        blocks=blocks,
        capacities=(CapacityOverride("M85001", "Y3-B1", 0),),
        exclusions=(Exclusion("2001", "M85002", "registered there"),),
        pairs=(Pair("1001", "1002", "apart"),),
        history=(HistoryEntry("2001", "M85001", "2025/26"),),
        preferences=(Preference("1001", "M85000", 1), Preference("1001", "M85001", 2)),
        travel=(TravelOverride("1001", "M85000", 12.5), TravelOverride("2001", "M85001", 30.0)),
        postcodes=(PostcodeLocation("M13 9PL", 53.4668, -2.2339),),
    )


@pytest.fixture
def dataset() -> DataSet:
    return make_dataset()


@pytest.fixture
def db(tmp_path):
    database = Database.open(tmp_path / "placements.db")
    yield database
    database.close()
