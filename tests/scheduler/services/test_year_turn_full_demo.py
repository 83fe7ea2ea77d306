"""The year turning on the full demo (2,000 students, 472 practices): close-year, then the next year's students
list (year 5 gone, everyone else a year up, 2 repeating, a new year 1 of 400, 1 changing programme); the next
plan's ``variety`` counts last year's practices, and no student goes back to last year's practice where another
suits them (allowed, with a free place, new to them, and no further away)."""

from __future__ import annotations

import dataclasses

import pytest
from year_helpers import next_year_students, write_students_csv

from scheduler.demo import make_demo
from scheduler.rules import aims
from scheduler.rules.hard import blocks_on_dates
from scheduler.services import Workspace, edits, new_year, plans, years
from scheduler.settings import Settings
from scheduler.solver import solve
from scheduler.store import repository

LAST_YEAR = Settings(time_limit_seconds=15, workers=2, seed=1)
NEXT_YEAR = Settings(time_limit_seconds=90, workers=2, seed=1)


def shape(blocks):
    on = blocks_on_dates(blocks)
    return [(day.weekday(), tuple(b.block_id for b in on[day])) for day in sorted(on)]


@pytest.mark.slow
def test_the_next_plan_sends_no_one_back_to_last_years_practice_where_another_suits(tmp_path):
    data = make_demo(1, "full")
    final = dataclasses.replace(solve(data, LAST_YEAR).plan, name="Final", is_current=True, data_version=None)
    with Workspace.open(tmp_path / "full.db") as ws:
        with ws.session() as s:
            repository.replace_dataset(s, data)
            repository.save_plan(s, final)
        years.close_year(ws, "Final", confirmed=True)
        nxt = next_year_students(data, new_students=400)
        report = new_year.start_new_year(ws, write_students_csv(nxt.students, tmp_path / "students.csv"))
        assert report.ok, report.errors[:5]
        assert (len(report.repeats), len(report.changed_programme), len(report.new)) == (2, 1, 400)
        assert len(report.left) == sum(s.year == 5 for s in data.students) == 400
        assert shape(report.blocks) == shape(data.blocks)
        assert [b.weekdays for b in report.blocks] == [b.weekdays for b in data.blocks]

        with ws.session() as s:
            stored = repository.load_dataset(s, travel_students=())
        last_year = {(p.student_id, p.practice_code) for p in final.placements}
        students = {st.student_id: i for i, st in enumerate(stored.students)}
        practices = {p.code: i for i, p in enumerate(stored.practices)}
        been = aims.been_there(stored, students, practices)  # what the variety aim prices
        continuing = {(sid, code) for sid, code in last_year if sid in students}
        assert continuing and all(been[students[sid], practices[code]] for sid, code in continuing)

        outcome = plans.solve(ws, "Next year", settings=NEXT_YEAR)
        back = [p for p in outcome.plan.placements if (p.student_id, p.practice_code) in continuing]
        print(f"\n{len(outcome.plan.placements)} placed, {len(back)} at last year's practice "
              f"({outcome.plan.status})")
        had = {(h.student_id, h.practice_code) for h in stored.history}
        for p in back:
            better = [o.practice_code for o in edits.allowed_moves(ws, "Next year", p.student_id, p.block_id)
                      if o.allowed and o.free_places > 0 and (p.student_id, o.practice_code) not in had
                      and o.travel_minutes <= p.travel_minutes]
            assert better == [], f"{p.student_id} in {p.block_id} is back at {p.practice_code}; {better} suit"
