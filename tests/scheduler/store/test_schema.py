"""The migrations build exactly the ORM schema on both back ends; SQLite connections enforce foreign keys; backups come first."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, text
from sqlalchemy.exc import IntegrityError
from user_data import app_folder, use_user_data_folder

from scheduler.store import Database, DatabaseUnavailable, backup, migrate
from scheduler.store.models import Base, PlacementRow, PlanRow
from scheduler.store.schema_version import HEAD_REVISION


@pytest.fixture
def sqlite_db(tmp_path):
    with Database.open(tmp_path / "placements.db") as database:
        yield database


def test_migrations_create_the_orm_schema(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_head_revision_constant_matches_the_migration_scripts(db):
    assert migrate.head_revision() == HEAD_REVISION
    assert db.revision() == HEAD_REVISION


def test_downgrade_to_base_and_upgrade_again(db):
    migrate.downgrade(db.engine, "base")
    with db.engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["alembic_version"]
    migrate.upgrade(db.engine)
    assert db.revision() == HEAD_REVISION
    with db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []


def test_foreign_keys_are_enforced_on_every_sqlite_connection(sqlite_db):
    db = sqlite_db
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with pytest.raises(IntegrityError):
        with db.session() as s:
            plan_id = s.execute(insert(PlanRow).values(name="p", weights={}, terms={}).returning(PlanRow.id)).scalar()
            s.execute(insert(PlacementRow).values(plan_id=plan_id, student_id="nobody", block_id="none",
                                                  practice_code="none", travel_minutes=1.0))


def test_an_old_database_is_backed_up_before_it_is_migrated(tmp_path):
    path = tmp_path / "placements.db"
    with Database.open(path) as db:
        migrate.downgrade(db.engine, "base")
        with db.engine.begin() as conn:
            conn.execute(text("CREATE TABLE marker (x TEXT)"))
            conn.execute(text("INSERT INTO marker VALUES ('before')"))
    with Database.open(path) as db:
        assert db.revision() == HEAD_REVISION
    backups = backup.backup_paths(path)
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT x FROM marker").fetchall() == [("before",)]
        assert copy.execute("SELECT count(*) FROM sqlite_master WHERE name = 'plans'").fetchone() == (0,)
    copy.close()


def test_an_up_to_date_or_new_database_is_not_backed_up(tmp_path):
    path = tmp_path / "placements.db"
    Database.open(path).close()
    Database.open(path).close()
    assert backup.backup_paths(path) == []


def test_only_the_newest_backups_are_kept(sqlite_db, tmp_path):
    db = sqlite_db
    path = tmp_path / "placements.db"
    for i in range(7):
        (tmp_path / f"placements.db.backup-2020010{i}T000000000000Z").write_bytes(b"")
    newest = backup.make_backup(db.engine, path)
    kept = backup.backup_paths(path)
    assert len(kept) == backup.KEEP
    assert kept[-1] == newest


def test_default_location_is_in_the_user_data_folder(tmp_path, monkeypatch):
    use_user_data_folder(monkeypatch, tmp_path / "data")
    with Database.open() as db:
        assert db.location == str(app_folder(tmp_path / "data") / "placements.db")
    assert (app_folder(tmp_path / "data") / "placements.db").exists()


@pytest.mark.parametrize("url", ["nosuchdialect://x", "postgresql+psycopg://nobody@127.0.0.1:1/none"])
def test_an_unusable_database_is_a_clear_error(url):
    with pytest.raises(DatabaseUnavailable) as info:
        Database.open(url)
    assert "\n" not in str(info.value)


def test_a_database_from_a_newer_version_is_refused_unchanged(tmp_path):
    path = tmp_path / "placements.db"
    with Database.open(path) as db:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseUnavailable, match="newer version"):
        Database.open(path)
    assert backup.backup_paths(path) == []
