"""Domain objects: weekday text, teaching dates, who attends a block, plan gap, capacity overrides."""

import datetime as dt

from scheduler.domain import Block, CapacityOverride, DataSet, Plan, Practice, Student, format_weekdays


def test_weekdays_format_as_officers_write_them():
    assert format_weekdays(frozenset({0, 1, 2, 3, 4})) == "Mon-Fri"
    assert format_weekdays({1, 3}) == "Tue,Thu"
    assert format_weekdays({0, 1, 3}) == "Mon,Tue,Thu"
    assert format_weekdays({0, 1, 2, 4}) == "Mon-Wed,Fri"
    assert format_weekdays(set()) == ""


def test_teaching_dates_keep_only_the_blocks_weekdays():
    block = Block("Y1-B1", 1, dt.date(2026, 9, 7), dt.date(2026, 9, 20), weekdays=frozenset({1}))
    assert block.teaching_dates() == [dt.date(2026, 9, 8), dt.date(2026, 9, 15)]


def test_a_group_block_is_attended_only_by_its_group():
    block = Block("Y4-A", 4, dt.date(2026, 9, 7), dt.date(2026, 9, 20), group="A")
    in_group = Student("1", "Ana", "Ng", 4, group="A")
    other_group = Student("2", "Bo", "Li", 4, group="B")
    other_year = Student("3", "Cy", "Wu", 3, group="A")
    assert block.attended_by(in_group)
    assert not block.attended_by(other_group)
    assert not block.attended_by(other_year)


def test_capacity_override_wins_for_its_block_only():
    practice = Practice("P1", "Surgery", frozenset({1}), capacity=3)
    data = DataSet(practices=(practice,), capacities=(CapacityOverride("P1", "B2", 0),))
    assert data.capacity(practice, "B1") == 3
    assert data.capacity(practice, "B2") == 0


def test_plan_gap_is_relative_and_never_negative():
    assert Plan("p", objective=200.0, bound=198.0).gap == 0.01
    assert Plan("p", objective=100.0, bound=100.5).gap == 0.0
    assert Plan("p").gap is None
