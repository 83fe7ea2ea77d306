"""The vectorised forms of the approval, programme, clearance and tutor rules equal the rules, on random data."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.domain import Block, Clearance, DataSet, Practice, Student, Tutor
from scheduler.rules.hard import PLACEMENT_RULES, Facts
from scheduler.settings import Settings

START = dt.date(2026, 9, 7)
PROGRAMMES = ("medicine", "nursing", "pharmacy")
KINDS = ("dbs", "occupational_health", "immunisation")
RULES = [r for r in PLACEMENT_RULES if r.name in ("approval", "programme", "clearances", "tutor")]

days = st.integers(min_value=-30, max_value=400)


@st.composite
def data_sets(draw) -> DataSet:
    practices = tuple(
        Practice(f"P{j}", f"P{j}", frozenset({3}), capacity=2,
                 approved_until=draw(st.none() | days.map(lambda d: START + dt.timedelta(days=d))),
                 programmes=frozenset(draw(st.lists(st.sampled_from(PROGRAMMES), max_size=2))))
        for j in range(draw(st.integers(1, 5))))
    students = tuple(Student(f"S{i}", "A", "B", 3, programme=draw(st.sampled_from(PROGRAMMES)))
                     for i in range(draw(st.integers(1, 6))))
    blocks = tuple(Block(f"B{k}", 3, START + dt.timedelta(days=60 * k), START + dt.timedelta(days=60 * k + 20),
                         programme=draw(st.sampled_from(PROGRAMMES))) for k in range(3))
    clearances = tuple(Clearance(s.student_id, kind, START + dt.timedelta(days=draw(days)))
                       for s in students for kind in KINDS if draw(st.booleans()))
    tutors = tuple(Tutor(p.code, f"T{k}", START + dt.timedelta(days=draw(days)),
                         START + dt.timedelta(days=draw(days)), active=draw(st.booleans()))
                   for p in practices for k in range(draw(st.integers(0, 2))))
    return DataSet(practices=practices, students=students, blocks=blocks, clearances=clearances, tutors=tutors)


@settings(max_examples=60, deadline=None)
@given(data=data_sets())
def test_each_vectorised_rule_equals_the_rule(data):
    facts = Facts(data, Settings())
    rows = np.arange(len(data.students))
    for b, block in enumerate(data.blocks):
        for rule in RULES:
            mask = rule.mask(facts, rows, b)
            for i, s in enumerate(data.students):
                for j, p in enumerate(data.practices):
                    assert mask[i, j] == (rule.holds(facts, s, block, p) is None), (rule.name, i, j)
