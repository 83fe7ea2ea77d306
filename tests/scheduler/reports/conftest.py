"""Fixtures for the document tests: a tiny hand-made data set and plan (no solver, no database)."""

from __future__ import annotations

import datetime as dt

import pytest
from report_helpers import NAMES, _student

from scheduler.domain import Block, CapacityOverride, DataSet, Placement, Plan, Practice, Unplaced
from scheduler.reports.index import PlanIndex
from scheduler.settings import Settings


@pytest.fixture
def settings() -> Settings:
    return Settings(academic_year="2026/27", school_name="School of Medical Sciences",
                    office_contact="GP Placements Office · gp.placements@example.ac.uk · 0161 000 0000",
                    sessions_per_day=2, tariff_per_session=75.0)


@pytest.fixture
def data() -> DataSet:
    practices = (
        Practice("P00001", "Ancoats Urban Village Medical Practice", frozenset({3, 5}), capacity=4,
                 address="Ancoats Urban Village, 1 Old Mill Street, Manchester", postcode="M4 6EE",
                 latitude=53.483, longitude=-2.226, tutor="Dr Ewa Kowalczyk", email="practice.manager@ancoats.example",
                 max_students_per_day=8),
        Practice("P00002", "Wythenshawe Family Practice", frozenset({3}), capacity=4, address="Poundswick Lane",
                 postcode="M22 9TA", latitude=53.38, longitude=-2.26, tutor="Dr Chen Wei"),
        Practice("P00003", "Closed Surgery", frozenset({3, 5}), capacity=3, active=False),
    )
    students = [_student(i, first, last, 3) for i, (first, last) in enumerate(NAMES, start=1)]
    students += [_student(20 + i, f"Fifth{i}", f"Student{i}", 5) for i in range(3)]
    blocks = (
        Block("Y3-B1", 3, dt.date(2026, 9, 7), dt.date(2026, 10, 16), name="Year 3 GP block 1"),
        Block("Y3-B2", 3, dt.date(2027, 1, 11), dt.date(2027, 2, 19), name="Year 3 GP block 2",
              weekdays=frozenset({1, 3})),
        Block("Y5-B1", 5, dt.date(2026, 9, 14), dt.date(2026, 10, 2), name="Year 5 GP block 1",
              weekdays=frozenset({0, 1})),
    )
    return DataSet(practices=practices, students=tuple(students), blocks=blocks,
                   capacities=(CapacityOverride("P00002", "Y3-B2", 7),))


@pytest.fixture
def plan(data: DataSet) -> Plan:
    placements = []
    unplaced = []
    year3 = [s for s in data.students if s.year == 3]
    for i, s in enumerate(year3):
        placements.append(Placement(s.student_id, "Y3-B1", "P00001" if i < 4 else "P00002", 12.0 + i * 7))
        if i < 7:
            placements.append(Placement(s.student_id, "Y3-B2", "P00002", 20.0 + i))
        else:
            unplaced.append(Unplaced(s.student_id, "Y3-B2", "no active practice within 60 min teaches year 3 in "
                                                            "block Y3-B2 with free capacity"))
    for s in data.students:
        if s.year == 5:
            placements.append(Placement(s.student_id, "Y5-B1", "P00001", 30.0))
    return Plan(name="Plan A", placements=tuple(placements), unplaced=tuple(unplaced), status="optimal",
                objective=1234.0, bound=1200.0, seconds=3.2, is_current=True)


@pytest.fixture
def index(data: DataSet, plan: Plan) -> PlanIndex:
    return PlanIndex(data, plan)
