"""Row <-> domain mapping: data sets, settings, plans and the edit trail survive a round trip."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from database_helpers import dump_tables
from sqlalchemy.exc import IntegrityError

from scheduler.domain import DataSet, EditRecord, Placement, Plan, TravelOverride, Unplaced
from scheduler.settings import Settings
from scheduler.store import PlanNameTaken, PlanNotFound
from scheduler.store import repository as repo

WHEN = dt.datetime(2026, 9, 1, 9, 30)


def make_plan(name: str, current: bool = False, practice: str = "M85000") -> Plan:
    return Plan(
        name=name,
        placements=(Placement("1001", "Y1-B1", practice, 12.5, locked=True), Placement("1002", "Y1-B1", "M85001", 20.0)),
        unplaced=(Unplaced("2001", "Y3-B1", "no practice teaches year 3 with free capacity"),),
        status="optimal", objective=140.0, bound=130.0, seconds=1.5, is_current=current, created=WHEN,
        weights={"travel": 1.0}, terms={"travel": 32.5},
    )


@pytest.fixture
def filled(db, dataset):
    with db.session() as s:
        repo.replace_dataset(s, dataset)
    return db


def dump(db) -> dict[str, list[tuple]]:
    return dump_tables(db.engine)


def test_dataset_round_trip(filled, dataset):
    with filled.session() as s:
        assert repo.has_data(s)
        assert repo.load_dataset(s) == dataset


def test_empty_database(db):
    with db.session() as s:
        assert not repo.has_data(s)
        assert repo.load_dataset(s) == DataSet()
        assert repo.load_plan(s) is None
        assert repo.list_plans(s) == []
        assert set(repo.counts(s).values()) == {0}


def test_counts(filled):
    with filled.session() as s:
        repo.save_plan(s, make_plan("A", current=True))
        repo.save_plan(s, make_plan("B"))
        counts = repo.counts(s)
    assert counts["students"] == 3 and counts["practices"] == 3 and counts["blocks"] == 2
    assert counts["plans"] == 2 and counts["placements"] == 2 and counts["unplaced"] == 1
    assert counts["travel"] == 2 and counts["postcodes"] == 1 and counts["preferences"] == 2


def test_replacing_the_dataset_removes_old_rows_and_plans(filled, dataset):
    with filled.session() as s:
        repo.save_plan(s, make_plan("A", current=True))
    smaller = dataclasses.replace(dataset, travel=(), preferences=dataset.preferences[:1])
    with filled.session() as s:
        repo.replace_dataset(s, smaller)
    with filled.session() as s:
        assert repo.load_dataset(s) == smaller
        assert repo.list_plans(s) == []


def test_a_failed_write_leaves_the_content_unchanged(filled, dataset):
    before = dump(filled)
    broken = dataclasses.replace(dataset, travel=(TravelOverride("nobody", "M85001", 5.0),))
    with pytest.raises(IntegrityError):
        with filled.session() as s:
            repo.replace_dataset(s, broken)
    assert dump(filled) == before


def test_settings_round_trip(db):
    with db.session() as s:
        assert repo.load_settings(s) == Settings()
    changed = Settings().with_weights(travel=3.0)
    with db.session() as s:
        repo.save_settings(s, changed)
    with db.session() as s:
        repo.save_settings(s, changed)
    with db.session() as s:
        assert repo.load_settings(s) == changed


def test_plan_round_trip_and_current_plan(filled):
    with filled.session() as s:
        repo.save_plan(s, make_plan("A", current=True))
        repo.save_plan(s, make_plan("B", current=True))
    with filled.session() as s:
        assert repo.load_plan(s, "A") == make_plan("A", current=False)
        assert repo.load_plan(s) == make_plan("B", current=True)
        assert repo.load_plan(s, "missing") is None


def test_saving_under_an_existing_name_replaces_the_plan_but_keeps_its_edits(filled):
    with filled.session() as s:
        repo.save_plan(s, make_plan("A", current=True))
        repo.record_edit(s, EditRecord("A", WHEN, "officer", "move", "moved a student"))
        repo.save_plan(s, make_plan("A", current=True, practice="M85001"))
    with filled.session() as s:
        assert repo.load_plan(s, "A") == make_plan("A", current=True, practice="M85001")
        assert len(repo.list_plans(s)) == 1
        assert [e.action for e in repo.list_edits(s, "A")] == ["move"]


def test_list_plans_gives_headline_figures(filled):
    with filled.session() as s:
        repo.save_plan(s, make_plan("A", current=True))
        repo.save_plan(s, Plan(name="B", created=WHEN + dt.timedelta(hours=1)))
        a, b = repo.list_plans(s)
    assert (a.name, a.placed, a.unplaced, a.is_current, a.status) == ("A", 2, 1, True, "optimal")
    assert a.gap == pytest.approx(10 / 140)
    assert (b.name, b.placed, b.unplaced, b.is_current, b.gap) == ("B", 0, 0, False, None)


def test_rename_copy_set_current_and_delete(filled):
    with filled.session() as s:
        repo.save_plan(s, make_plan("A", current=True))
        repo.record_edit(s, EditRecord("A", WHEN, "officer", "lock", "locked a placement"))
        repo.rename_plan(s, "A", "Final")
        repo.copy_plan(s, "Final", "Try")
        repo.set_current_plan(s, "Try")
    with filled.session() as s:
        assert [(p.name, p.is_current) for p in repo.list_plans(s)] == [("Final", False), ("Try", True)]
        assert [e.plan_name for e in repo.list_edits(s, "Final")] == ["Final"]
        assert repo.list_edits(s, "Try") == []
        assert repo.load_plan(s, "Try").placements == make_plan("x").placements
        repo.delete_plan(s, "Final")
    with filled.session() as s:
        assert [p.name for p in repo.list_plans(s)] == ["Try"]
        assert repo.counts(s)["placements"] == 2


def test_misuse_raises_store_errors(filled):
    with filled.session() as s:
        repo.save_plan(s, make_plan("A"))
        repo.save_plan(s, make_plan("B"))
        with pytest.raises(PlanNameTaken):
            repo.rename_plan(s, "A", "B")
        with pytest.raises(PlanNameTaken):
            repo.copy_plan(s, "A", "B")
        for call in (lambda: repo.rename_plan(s, "X", "Y"), lambda: repo.delete_plan(s, "X"),
                     lambda: repo.set_current_plan(s, "X"), lambda: repo.copy_plan(s, "X", "Y"),
                     lambda: repo.list_edits(s, "X"),
                     lambda: repo.record_edit(s, EditRecord("X", WHEN, "u", "move", ""))):
            with pytest.raises(PlanNotFound, match="'X'"):
                call()


def test_edits_come_back_in_order_with_aware_times_stored_as_local(filled):
    aware = dt.datetime(2026, 9, 1, 8, 0, tzinfo=dt.timezone.utc)
    with filled.session() as s:
        repo.save_plan(s, make_plan("A"))
        repo.record_edit(s, EditRecord("A", WHEN, "officer", "move", "first"))
        repo.record_edit(s, EditRecord("A", aware, "officer", "swap", "second"))
    with filled.session() as s:
        edits = repo.list_edits(s, "A")
    assert [e.detail for e in edits] == ["first", "second"]
    assert edits[1].when == aware.astimezone().replace(tzinfo=None)


def test_the_travel_rows_of_some_students_only(filled, dataset):
    with filled.session() as s:
        partial = repo.load_dataset(s, travel_students={"2001", "nobody"})
    assert partial == dataclasses.replace(dataset, travel=(TravelOverride("2001", "M85001", 30.0),))
