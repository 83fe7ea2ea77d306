"""Every hard rule of data-format.md, Timefold style: broken, the checker names it and a hand edit is refused;
met (its condition present), nothing is named. Journeys come from the travel table, so they are exact."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from scheduler.domain import (
    Block,
    CapacityOverride,
    Clearance,
    DataSet,
    Exclusion,
    Pair,
    Placement,
    Plan,
    Practice,
    Student,
    TravelOverride,
    Tutor,
)
from scheduler.rules.hard import Facts, plan_breaks
from scheduler.services import Workspace, edits
from scheduler.services.edits import EditRefused
from scheduler.settings import Settings
from scheduler.store import repository

MON = dt.date(2026, 9, 7)
SETTINGS = Settings()


def practice(code: str, **kw) -> Practice:
    values = dict(name=f"Surgery {code}", years=frozenset({3, 4}), capacity=2, latitude=53.47, longitude=-2.23,
                  accessible=True)
    values.update(kw)
    return Practice(code=code, **values)


def student(sid: str, year: int = 3, **kw) -> Student:
    kw.setdefault("travel_mode", "car")
    return Student(student_id=sid, first_name="A", last_name=sid, year=year, latitude=53.47, longitude=-2.23, **kw)


def world(p_kw=None, s1_kw=None, **tables) -> DataSet:
    """S1 and S2 in year-3 block B1; S5 in year-4 block B2 on the same dates; practices P (under test) and Q."""
    practices = (practice("P", **(p_kw or {})), practice("Q"))
    students = (student("S1", **(s1_kw or {})), student("S2"), student("S5", year=4))
    blocks = (Block("B1", 3, MON, MON + dt.timedelta(days=4)), Block("B2", 4, MON, MON + dt.timedelta(days=4)))
    travel = tuple(TravelOverride(s.student_id, p.code, 20.0) for s in students for p in practices)
    return DataSet(practices=practices, students=students, blocks=blocks, travel=travel,
                   **{k: tuple(v) for k, v in tables.items()})


# rule, data when broken, data when met (the rule's condition present), where S2 and S5 are; S1 moves to P
CASES = [
    ("active", world({"active": False}), world({"active": True}), {}),
    ("teaches_year", world({"years": frozenset({4})}), world({"years": frozenset({3})}), {}),
    ("open_in_block", world(capacities=[CapacityOverride("P", "B1", 0)]),
     world(capacities=[CapacityOverride("P", "B1", 1)]), {}),
    ("capacity", world({"capacity": 1}), world({"capacity": 2}), {"S2": "P"}),
    ("rooms_per_day", world({"max_students_per_day": 1}), world({"max_students_per_day": 2}), {"S5": "P"}),
    ("exclusion", world(exclusions=[Exclusion("S1", "P", "registered there")]),
     world(exclusions=[Exclusion("S1", "Q", "registered there")]), {}),
    ("step_free", world({"accessible": False}, {"needs_accessible": True}),
     world({"accessible": True}, {"needs_accessible": True}), {}),
    ("public_transport", world({"public_transport": False}, {"travel_mode": "public"}),
     world({"public_transport": True}, {"travel_mode": "public"}), {}),
    ("travel_limit", world(s1_kw={"max_travel_minutes": 19.9}), world(s1_kw={"max_travel_minutes": 20.0}), {}),
    ("together", world(pairs=[Pair("S1", "S2", "together")]), world(pairs=[Pair("S1", "S2", "together")]),
     {"S2": "Q"}),
    ("apart", world(pairs=[Pair("S1", "S2", "apart")]), world(pairs=[Pair("S1", "S2", "apart")]), {"S2": "P"}),
    ("approval", world({"approved_until": MON + dt.timedelta(days=3)}),
     world({"approved_until": MON + dt.timedelta(days=4)}), {}),
    ("programme", world({"programmes": frozenset({"nursing"})}),
     world({"programmes": frozenset({"medicine", "nursing"})}), {}),
    ("tutor", world(tutors=[Tutor("P", "Dr A", MON - dt.timedelta(days=700), MON + dt.timedelta(days=3)),
                            Tutor("P", "Dr B", MON - dt.timedelta(days=700), MON + dt.timedelta(days=400), active=False),
                            Tutor("Q", "Dr C", MON - dt.timedelta(days=700), MON + dt.timedelta(days=400))]),
     world(tutors=[Tutor("P", "Dr A", MON - dt.timedelta(days=700), MON + dt.timedelta(days=3)),
                   Tutor("P", "Dr B", MON, MON + dt.timedelta(days=4))]), {}),
    ("clearances", world(clearances=[Clearance("S1", "dbs", MON + dt.timedelta(days=3)),
                                     Clearance("S1", "occupational_health", MON + dt.timedelta(days=400))]),
     world(clearances=[Clearance("S1", "dbs", MON + dt.timedelta(days=4)),
                       Clearance("S1", "occupational_health", MON + dt.timedelta(days=400))]), {}),
]
IDS = [c[0] for c in CASES]


def plan_with(others: dict[str, str], s1_at: str | None = "P", **kw) -> Plan:
    block = {"S5": "B2"}
    placements = [Placement(sid, block.get(sid, "B1"), code, 20.0) for sid, code in others.items()]
    if s1_at is not None:
        placements.append(Placement("S1", "B1", s1_at, 20.0))
    return Plan("Plan A", placements=tuple(placements), is_current=True, **kw)


def met_target(rule: str) -> str:
    return "Q" if rule in ("together", "apart") else "P"


@pytest.mark.parametrize("rule,broken,met,others", CASES, ids=IDS)
def test_broken_rule_is_named_by_the_checker(rule, broken, met, others):
    found = plan_breaks(Facts(broken, SETTINGS), plan_with(others).placements)
    assert [(b.rule, b.block_id) for b in found] == [(rule, "B1")]
    assert found[0].text


@pytest.mark.parametrize("rule,broken,met,others", CASES, ids=IDS)
def test_met_rule_is_not_named(rule, broken, met, others):
    assert plan_breaks(Facts(met, SETTINGS), plan_with(others, met_target(rule)).placements) == []


@pytest.mark.parametrize("rule,broken,met,others", CASES, ids=IDS)
def test_edit_service_refuses_the_break_and_allows_it_when_met(tmp_path, rule, broken, met, others):
    for data, target, refused in ((broken, "P", True), (met, met_target(rule), False)):
        with Workspace.open(tmp_path / f"{rule}-{refused}.db") as ws:
            with ws.session() as s:
                repository.replace_dataset(s, data)
                repository.save_plan(s, plan_with(others, None))
            if refused:
                expected = plan_breaks(Facts(data, SETTINGS), plan_with(others).placements)[0].text
                with pytest.raises(EditRefused) as error:
                    edits.move_student(ws, "Plan A", "S1", "B1", target, user="officer")
                assert expected in error.value.reasons
                plan = edits.move_student(ws, "Plan A", "S1", "B1", target, user="officer", override=True)
                assert edits.list_edits(ws, "Plan A")[-1].action == "move (override)"
            else:
                plan = edits.move_student(ws, "Plan A", "S1", "B1", target, user="officer")
            assert ("S1", "B1", target) in {(p.student_id, p.block_id, p.practice_code) for p in plan.placements}


def test_together_partner_left_unplaced_is_a_break_for_both_checker_and_edits():
    data = world(pairs=[Pair("S1", "S2", "together")])
    plan = plan_with({}, "P")
    assert [b.rule for b in plan_breaks(Facts(data, SETTINGS), plan.placements)] == ["together"]
    assert any("unplaced" in r for r in edits.move_breaks(data, SETTINGS, plan_with({}, None), "S1", "B1", "P"))


def test_a_locked_placement_is_excused_only_when_asked():
    data = world({"active": False})
    plan = plan_with({}, "P")
    locked = dataclasses.replace(plan, placements=tuple(dataclasses.replace(p, locked=True) for p in plan.placements))
    assert plan_breaks(Facts(data, SETTINGS), locked.placements, excuse_locked=True) == []
    assert [b.rule for b in plan_breaks(Facts(data, SETTINGS), locked.placements)] == ["active"]
