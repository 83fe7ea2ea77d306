"""The store on a new, empty PostgreSQL database: migrated on first open (server from ``tests/conftest.py``)."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from scheduler.domain import EditRecord, Placement, Plan
from scheduler.store import Database
from scheduler.store import repository as repo
from scheduler.store.models import Base


@pytest.fixture
def postgres_url(postgres_server):
    url = postgres_server.fresh(migrated=False)
    yield url
    postgres_server.drop(url)


def test_the_store_works_on_postgresql(postgres_url, dataset):
    with Database.open(postgres_url) as db:
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []
        with db.session() as s:
            repo.replace_dataset(s, dataset)
        with db.session() as s:
            assert repo.load_dataset(s) == dataset
            repo.save_plan(s, Plan(name="A", placements=(Placement("1001", "Y1-B1", "M85000", 12.5, True),),
                                   is_current=True, weights={"travel": 1.0}))
            repo.save_plan(s, Plan(name="B", is_current=True))
            repo.set_current_plan(s, "A")
            repo.copy_plan(s, "A", "C")
            repo.rename_plan(s, "C", "D")
            repo.record_edit(s, EditRecord("A", dt.datetime(2026, 9, 1, 9, 0), "officer", "move", "moved"))
        with db.session() as s:
            assert [(p.name, p.placed, p.is_current) for p in repo.list_plans(s)] == [
                ("A", 1, True), ("B", 0, False), ("D", 1, False)]
            assert repo.counts(s)["placements"] == 1
            assert [e.action for e in repo.list_edits(s, "A")] == ["move"]
            repo.replace_dataset(s, dataset)
        with db.session() as s:
            assert repo.counts(s)["plans"] == 0
