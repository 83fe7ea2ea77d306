"""Soft terms: with the weight set the plan gives way to the wish (penalised); with weight 0 it does not."""

from __future__ import annotations

import datetime as dt

import pytest
from solver_factories import block, dataset, practice, student, travel_only, where

from scheduler.domain import HistoryEntry, Preference
from scheduler.solver import check_plan, solve


def run(data, settings):
    result = solve(data, settings)
    assert check_plan(data, settings, result.plan) == []
    assert result.plan.status == "optimal"
    return where(result.plan), result.plan


def test_travel_term_value_and_choice():
    data = dataset([practice("N"), practice("F")], [student("S1")], minutes={("S1", "N"): 12.5, ("S1", "F"): 30})
    got, plan = run(data, travel_only())
    assert got == {("S1", "Y1-B1"): "N"} and plan.terms["travel"] == pytest.approx(12.5)
    assert plan.objective == pytest.approx(12.5) and plan.bound == pytest.approx(12.5)
    got, plan = run(data, travel_only(travel=0.0))
    assert plan.objective == pytest.approx(0.0)


def test_long_travel():
    # S1 and S2 compete for N; sending S2 (long trip) over the 45-minute threshold costs extra
    ps = [practice("N"), practice("F")]
    ss = [student("S1"), student("S2")]
    minutes = {("S1", "N"): 10, ("S1", "F"): 40, ("S2", "N"): 15, ("S2", "F"): 50}
    got, plan = run(dataset(ps, ss, minutes=minutes), travel_only())
    assert got[("S2", "Y1-B1")] == "N" or got[("S1", "Y1-B1")] == "N"
    base = plan.terms["travel"]
    got, plan = run(dataset(ps, ss, minutes=minutes), travel_only(long_travel=2.0))
    assert got == {("S1", "Y1-B1"): "F", ("S2", "Y1-B1"): "N"} and plan.terms["long_travel"] == 0
    got, plan = run(dataset(ps, ss, minutes=minutes), travel_only(long_travel=0.0))
    assert plan.terms["travel"] == pytest.approx(base)


def test_fairness_shortens_the_longest_journey():
    ps = [practice("N"), practice("F")]
    ss = [student("S1"), student("S2")]
    minutes = {("S1", "N"): 10, ("S1", "F"): 20, ("S2", "N"): 30, ("S2", "F"): 45}
    got, plan = run(dataset(ps, ss, minutes=minutes), travel_only())
    assert got == {("S1", "Y1-B1"): "F", ("S2", "Y1-B1"): "N"}  # 20 + 30 < 10 + 45
    minutes = {("S1", "N"): 10, ("S1", "F"): 40, ("S2", "N"): 30, ("S2", "F"): 42}
    got, plan = run(dataset(ps, ss, minutes=minutes), travel_only())
    assert got == {("S1", "Y1-B1"): "N", ("S2", "Y1-B1"): "F"}  # travel alone: 52 < 70
    got, plan = run(dataset(ps, ss, minutes=minutes), travel_only(fairness=20.0))
    assert got == {("S1", "Y1-B1"): "F", ("S2", "Y1-B1"): "N"}  # 70 + 20 * 40 < 52 + 20 * 42
    assert plan.terms["fairness"] == pytest.approx(40)


def test_balance_spreads_students():
    ps = [practice("A", capacity=2), practice("B", capacity=2)]
    ss = [student("S1"), student("S2")]
    minutes = {("S1", "A"): 10, ("S2", "A"): 10, ("S1", "B"): 12, ("S2", "B"): 14}
    got, plan = run(dataset(ps, ss, minutes=minutes), travel_only())
    assert set(got.values()) == {"A"} and plan.terms["balance"] == 1
    got, plan = run(dataset(ps, ss, minutes=minutes), travel_only(balance=5.0))
    assert got == {("S1", "Y1-B1"): "B", ("S2", "Y1-B1"): "A"} and plan.terms["balance"] == 0


def test_preference():
    data = dataset([practice("N"), practice("F")], [student("S1")], minutes={("S1", "N"): 10, ("S1", "F"): 15},
                   preferences=[Preference("S1", "F", 1), Preference("S1", "N", 2)])
    got, plan = run(data, travel_only(preference=10.0))
    assert got == {("S1", "Y1-B1"): "F"} and plan.terms["preference"] == 0
    got, plan = run(data, travel_only(preference=0.0))
    assert got == {("S1", "Y1-B1"): "N"} and plan.terms["preference"] == 1


def test_variety_history():
    data = dataset([practice("N"), practice("F")], [student("S1")], minutes={("S1", "N"): 10, ("S1", "F"): 15},
                   history=[HistoryEntry("S1", "N", "2025/26")])
    got, plan = run(data, travel_only(variety=30.0))
    assert got == {("S1", "Y1-B1"): "F"} and plan.terms["variety"] == 0
    got, plan = run(data, travel_only(variety=0.0))
    assert got == {("S1", "Y1-B1"): "N"}


def test_variety_same_practice_twice():
    blocks = [block("Y1-B1"), block("Y1-B2", start=dt.date(2026, 10, 5), end=dt.date(2026, 10, 9))]
    data = dataset([practice("N"), practice("F")], [student("S1")], blocks,
                   minutes={("S1", "N"): 10, ("S1", "F"): 15})
    got, plan = run(data, travel_only(variety=30.0))
    assert sorted(got.values()) == ["F", "N"] and plan.terms["variety"] == 0
    got, plan = run(data, travel_only(variety=0.0))
    assert set(got.values()) == {"N"}
