"""Database faults: a solve racing an import, a locked, full, read-only or damaged database, a lost
alembic_version table; never a traceback, never an SQL parameter (personal data) on the terminal."""

from __future__ import annotations

import csv
import sqlite3

import pytest
from fault_helpers import counts, digest
from sqlalchemy import text

import scheduler.services.plans as plan_service
from scheduler.cli.errors import EXIT_NOT_SAVED
from scheduler.services import Workspace, data
from scheduler.store import database as database_module
from scheduler.store import dataset_rows, failures, repository
from scheduler.store.database import Database


def _no_traceback(*outputs: str) -> None:
    for output in outputs:
        assert "Traceback" not in output and "sqlalchemy" not in output.lower()


def _import_during_solve(monkeypatch, folder) -> None:
    """Another officer imports ``folder`` with --replace just after the solve has read the data."""
    original = plan_service._load_inputs

    def load_then_import(ws, settings):
        loaded = original(ws, settings)
        with Workspace.open(ws.location) as other:
            assert data.import_data(other, folder, replace=True).ok
        return loaded

    monkeypatch.setattr(plan_service, "_load_inputs", load_then_import)


def _inactive_copy(data_copy, tmp_path):
    folder = tmp_path / "inactive"
    folder.mkdir()
    for file in data_copy.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    with (data_copy / "practices.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["active"] = "no"
    with (folder / "practices.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def test_a_solve_racing_an_import_is_not_saved_but_kept_in_a_file(run, monkeypatch, base_db, data_copy, tmp_path,
                                                                  user_data_folder):
    _import_during_solve(monkeypatch, _inactive_copy(data_copy, tmp_path))
    code, out, err = run("solve", "--db", base_db, "--time-limit", "10", "--workers", "1", "--quiet")
    assert code == EXIT_NOT_SAVED
    assert "Not saved: What it was computed from changed while it ran: the data set" in err
    kept = sorted(user_data_folder.rglob("placements.csv"))
    assert len(kept) == 1 and str(kept[0].parent) in err
    assert len(list(csv.reader(kept[0].read_text(encoding="utf-8-sig").splitlines()))) > 1
    assert counts(base_db)["plans"] == 0  # the import removed the old plans; the stale one was not saved
    _no_traceback(out, err)


def test_a_solve_racing_an_import_with_new_ids_ends_cleanly(run, monkeypatch, base_db, tmp_path):
    other = tmp_path / "other"
    data.write_demo(other, seed=2, scale="small")
    _import_during_solve(monkeypatch, other)
    code, out, err = run("solve", "--db", base_db, "--time-limit", "10", "--workers", "1", "--quiet")
    assert code == EXIT_NOT_SAVED and "Not saved" in err and "IntegrityError" not in err
    _no_traceback(out, err)


def test_a_plan_of_an_older_data_version_is_never_saved(base_db):
    """Hand edits save through the same function: a plan whose data was replaced is refused."""
    from scheduler.store.errors import DataChanged

    with Workspace.open(base_db) as ws:
        with ws.session() as s:
            plan = repository.load_plan(s)
            version = repository.data_version(s)
        assert plan.data_version == version
        with ws.session() as s:
            repository.replace_dataset(s, repository.load_dataset(s))
        with pytest.raises(DataChanged), ws.session() as s:
            repository.save_plan(s, plan)
        assert data.counts(ws)["plans"] == 0


@pytest.fixture
def locked(base_db):
    """Another program holds the database's write lock."""
    holder = sqlite3.connect(base_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield holder
    holder.execute("ROLLBACK")
    holder.close()


@pytest.fixture
def impatient(monkeypatch):
    monkeypatch.setattr(database_module, "BUSY_SECONDS", 0.2)
    monkeypatch.setattr(Database, "lock_patience", 1.0)


def test_a_locked_database_is_waited_for_then_refused_plainly(run, impatient, locked, base_db, data_copy):
    before = counts(base_db)
    code, out, err = run("import", data_copy, "--replace", "--db", base_db)
    assert code == 2
    assert "The database is busy" in err and "Waiting" in err
    assert f"the database {base_db} is locked by another program" in err and "nothing was changed" in err
    _no_traceback(out, err)
    locked.execute("ROLLBACK")
    locked.execute("BEGIN")
    assert counts(base_db) == before


def test_a_locked_database_names_the_officer_holding_it(run, impatient, locked, base_db, data_copy):
    with failures.writing(base_db, "import"):
        code, _, err = run("import", data_copy, "--replace", "--db", base_db)
    assert code == 2
    assert "(GP Placements import, since" in err


def test_a_solve_that_finds_the_database_locked_keeps_its_plan(run, impatient, monkeypatch, base_db,
                                                              user_data_folder):
    original = plan_service._load_inputs
    holders = []

    def load_then_lock(ws, settings):
        loaded = original(ws, settings)
        holder = sqlite3.connect(base_db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        holders.append(holder)
        return loaded

    monkeypatch.setattr(plan_service, "_load_inputs", load_then_lock)
    code, out, err = run("solve", "--db", base_db, "--time-limit", "10", "--workers", "1", "--quiet")
    holders[0].close()
    assert code == EXIT_NOT_SAVED and "is locked by another program" in err
    assert list(user_data_folder.rglob("placements.csv"))
    _no_traceback(out, err)


def _with_pragma(monkeypatch, pragma) -> None:
    original = database_module._sqlite_pragmas

    def pragmas(connection, record, **options):
        original(connection, record, **options)
        cursor = connection.cursor()
        cursor.execute(pragma(cursor))
        cursor.close()

    monkeypatch.setattr(database_module, "_sqlite_pragmas", pragmas)


def test_a_full_disk_under_the_database_is_a_plain_refusal(run, monkeypatch, base_db, data_copy):
    before = counts(base_db)

    def no_room(cursor):
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        return f"PRAGMA max_page_count = {pages}"

    _with_pragma(monkeypatch, no_room)
    with (data_copy / "postcodes.csv").open("a", encoding="utf-8") as f:  # more data than the free pages hold
        f.writelines(f"ZZ{i} 1AA,53.{i},-2.2\n" for i in range(20_000))
    code, out, err = run("import", data_copy, "--replace", "--db", base_db)
    assert code == 2
    assert f"the disk holding the database {base_db} is full" in err
    _no_traceback(out, err)
    monkeypatch.undo()
    assert counts(base_db) == before


def test_a_read_only_database_keeps_the_solved_plan_in_a_file(run, monkeypatch, base_db, user_data_folder):
    _with_pragma(monkeypatch, lambda cursor: "PRAGMA query_only = ON")
    code, out, err = run("solve", "--db", base_db, "--time-limit", "10", "--workers", "1", "--quiet")
    assert code == EXIT_NOT_SAVED
    assert "read-only" in err and "The plan was not saved to the database" in err
    assert list(user_data_folder.rglob("placements.csv"))
    _no_traceback(out, err)


def test_a_damaged_database_file_is_named(run, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database, just some bytes " * 200)
    code, out, err = run("info", "--db", bad)
    assert code == 2 and f"{bad} is damaged" in err
    _no_traceback(out, err)


def test_a_lost_alembic_version_table_is_refused_and_the_file_left_alone(run, base_db, data_copy):
    with sqlite3.connect(base_db) as con:
        con.execute("DROP TABLE alembic_version")
    con.close()
    before = digest(base_db)
    siblings = sorted(p.name for p in base_db.parent.iterdir())
    code, out, err = run("import", data_copy, "--replace", "--db", base_db)
    assert code == 2
    assert "alembic_version is missing" in err and "left as it was" in err
    assert digest(base_db) == before
    assert sorted(p.name for p in base_db.parent.iterdir()) == siblings  # no backup, no journal left
    _no_traceback(out, err)


SECRET = "PERSONAL-4711"


@pytest.mark.parametrize("statement", [
    "INSERT INTO placements (plan_id, student_id, block_id, practice_code, travel_minutes, locked) "
    "VALUES (999, :v, :v, :v, 1.0, 0)",  # breaks a foreign key
    "INSERT INTO no_such_table VALUES (:v)",  # an operational error
])
def test_sql_parameters_never_reach_the_terminal(run, monkeypatch, tmp_path, data_copy, statement):
    def insert_and_fail(s, dataset):
        s.execute(text(statement), {"v": SECRET})

    monkeypatch.setattr(dataset_rows, "insert_dataset", insert_and_fail)
    code, out, err = run("import", data_copy, "--db", tmp_path / "new.db")
    assert code in (1, 2)
    assert SECRET not in out + err and "INSERT" not in out + err
    _no_traceback(out, err)


def test_the_engine_hides_parameters_from_error_texts(tmp_path):
    with Workspace.open(tmp_path / "x.db") as ws:
        with pytest.raises(Exception) as caught, ws.database.engine.begin() as conn:
            conn.execute(text("INSERT INTO students (student_id) VALUES (:v)"), {"v": SECRET})
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("args", [
    ("solve", "--seed", "2147483648"), ("demo", "{tmp}/D", "--seed", "-1"),
    ("timetables", "{tmp}/T", "--workers", "-3"), ("solve", "--workers", "0"),
])
def test_out_of_range_arguments_are_usage_errors(run, tmp_path, base_db, args):
    code, out, err = run(*[a.format(tmp=tmp_path) for a in args], "--db", base_db)
    assert code == 2 and "out of range" in err
    _no_traceback(out, err)


def test_messages_show_paths_as_typed_not_percent_encoded(run, tmp_path, data_copy):
    db = tmp_path / "Université" / "x.db"
    code, out, err = run("import", data_copy, "--db", db)
    assert code == 0, err
    assert f"into {db}" in out and "%C3" not in out
