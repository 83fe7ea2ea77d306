"""Hard rules: for each, a case where it changes the plan (penalised) and one where it does not."""

from __future__ import annotations

import datetime as dt

import pytest
from solver_factories import block, dataset, practice, student, travel_only, where

from scheduler.domain import CapacityOverride, Exclusion, Pair, Placement
from scheduler.solver import check_plan, solve

NEAR, FAR = 10.0, 30.0


def two_practices(near_kw=None, student_kw=None, **tables):
    """One student, a near practice N and a far one F."""
    ps = [practice("N", **(near_kw or {})), practice("F", accessible=True)]
    ss = [student("S1", **(student_kw or {}))]
    return dataset(ps, ss, minutes={("S1", "N"): NEAR, ("S1", "F"): FAR}, **tables)


def placed_at(data, settings=None, **kw):
    settings = settings or travel_only()
    result = solve(data, settings, **kw)
    assert check_plan(data, settings, result.plan) == []
    assert result.plan.status == "optimal"
    return where(result.plan), result


CASES = [
    # rule, near practice kw, student kw, extra tables when penalised
    ("active", {"active": False}, {}, {}),
    ("teaches year", {"years": (2,)}, {}, {}),
    ("step-free", {"accessible": False}, {"needs_accessible": True}, {}),
    ("public transport", {"public_transport": False}, {"travel_mode": "public"}, {}),
    ("travel limit", {}, {"max_travel_minutes": 5.0}, {}),
    ("capacity override", {}, {}, {"capacities": [CapacityOverride("N", "Y1-B1", 0)]}),
    ("exclusion", {}, {}, {"exclusions": [Exclusion("S1", "N", "relative works there")]}),
]


@pytest.mark.parametrize("rule,near_kw,student_kw,tables", CASES, ids=[c[0] for c in CASES])
def test_rule_penalised_sends_student_elsewhere(rule, near_kw, student_kw, tables):
    if rule == "travel limit":  # both practices beyond 5 min: nowhere to go
        got, result = placed_at(two_practices(student_kw=student_kw))
        assert got == {} and len(result.plan.unplaced) == 1
        return
    got, _ = placed_at(two_practices(near_kw, student_kw, **tables))
    assert got == {("S1", "Y1-B1"): "F"}


@pytest.mark.parametrize("rule,near_kw,student_kw,tables", CASES, ids=[c[0] for c in CASES])
def test_rule_unpenalised_keeps_nearest(rule, near_kw, student_kw, tables):
    # the same student and practices without the condition that triggers the rule
    harmless_student = {k: v for k, v in student_kw.items() if k not in ("needs_accessible", "max_travel_minutes")}
    if rule == "public transport":
        harmless_student = {"travel_mode": "car"}
    got, _ = placed_at(two_practices({} if rule != "step-free" else {"accessible": True}, harmless_student))
    assert got == {("S1", "Y1-B1"): "N"}


def test_capacity_penalised_and_unpenalised():
    ps = [practice("N", capacity=1), practice("F", capacity=2)]
    ss = [student("S1"), student("S2")]
    data = dataset(ps, ss, minutes={("S1", "N"): 10, ("S2", "N"): 11, ("S1", "F"): 30, ("S2", "F"): 40})
    got, _ = placed_at(data)
    assert got == {("S1", "Y1-B1"): "F", ("S2", "Y1-B1"): "N"}  # S1 gives way: 11 + 30 < 10 + 40
    ps[0] = practice("N", capacity=2)
    got, _ = placed_at(dataset(ps, ss, minutes={("S1", "N"): 10, ("S2", "N"): 11}))
    assert set(got.values()) == {"N"}


def _overlapping(limit, second_start):
    """A year-1 Tuesday block and a year-3 Mon-Fri block; practice N has ``limit`` rooms."""
    ps = [practice("N", years=(1, 3), capacity=1, max_students_per_day=limit), practice("F", years=(1, 3), capacity=1)]
    ss = [student("S1", year=1), student("S3", year=3)]
    blocks = [block("Y1-B1", year=1, start=dt.date(2026, 9, 7), end=dt.date(2026, 9, 18), weekdays=frozenset({1})),
              block("Y3-B1", year=3, start=second_start, end=second_start + dt.timedelta(days=4))]
    minutes = {("S1", "N"): 10, ("S3", "N"): 10, ("S1", "F"): 30, ("S3", "F"): 40}
    return dataset(ps, ss, blocks, minutes=minutes)


def test_rooms_per_day_penalised_across_years():
    got, _ = placed_at(_overlapping(1, dt.date(2026, 9, 14)))  # both on site Tue 15 Sep
    assert sorted(got.values()) == ["F", "N"]
    assert got[("S1", "Y1-B1")] == "F"  # 30 + 10 < 10 + 40


def test_rooms_per_day_unpenalised_when_dates_do_not_meet():
    got, _ = placed_at(_overlapping(1, dt.date(2026, 10, 5)))
    assert set(got.values()) == {"N"}


def _pair_data(kind=None, shared_nearest=False):
    ps = [practice("A", capacity=2), practice("B", capacity=2)]
    ss = [student("S1"), student("S2")]
    minutes = {("S1", "A"): 10, ("S1", "B"): 25, ("S2", "A"): 10 if shared_nearest else 25, ("S2", "B"): 12}
    pairs = [Pair("S1", "S2", kind)] if kind else []
    return dataset(ps, ss, minutes=minutes, pairs=pairs)


def test_together_penalised_and_unpenalised():
    got, _ = placed_at(_pair_data("together"))
    assert got[("S1", "Y1-B1")] == got[("S2", "Y1-B1")] == "A"  # 10 + 25 < 25 + 12
    got, _ = placed_at(_pair_data())
    assert got == {("S1", "Y1-B1"): "A", ("S2", "Y1-B1"): "B"}


def test_together_with_no_shared_practice_leaves_both_unplaced():
    ps = [practice("A"), practice("B")]
    ss = [student("S1", max_travel_minutes=15), student("S2", max_travel_minutes=15)]
    data = dataset(ps, ss, minutes={("S1", "A"): 10, ("S1", "B"): 50, ("S2", "A"): 50, ("S2", "B"): 10},
                   pairs=[Pair("S1", "S2", "together")])
    result = solve(data, travel_only())
    assert result.plan.placements == ()
    assert {u.student_id for u in result.plan.unplaced} == {"S1", "S2"}
    assert all("together partner" in u.reason for u in result.plan.unplaced)
    assert check_plan(data, travel_only(), result.plan) == []


def test_apart_penalised_and_unpenalised():
    got, _ = placed_at(_pair_data("apart", shared_nearest=True))
    assert got[("S1", "Y1-B1")] != got[("S2", "Y1-B1")]
    got, _ = placed_at(_pair_data(None, shared_nearest=True))
    assert got[("S1", "Y1-B1")] == got[("S2", "Y1-B1")] == "A"


def test_locked_penalised_and_unpenalised():
    data = two_practices()
    got, result = placed_at(data, locked=[Placement("S1", "Y1-B1", "F", 30.0, locked=True)])
    assert got == {("S1", "Y1-B1"): "F"} and result.plan.placements[0].locked
    got, _ = placed_at(data)
    assert got == {("S1", "Y1-B1"): "N"}


def test_most_placed_comes_before_travel():
    # S1 could take N (10 min) but then S2, who can only reach N, would be unplaced
    ps = [practice("N"), practice("F")]
    ss = [student("S1"), student("S2", max_travel_minutes=20)]
    data = dataset(ps, ss, minutes={("S1", "N"): 10, ("S1", "F"): 59, ("S2", "N"): 15, ("S2", "F"): 45})
    got, _ = placed_at(data)
    assert got == {("S1", "Y1-B1"): "F", ("S2", "Y1-B1"): "N"}
