"""``purge`` never anonymises current work: a year not wholly past is refused, students of the current data set
(or of a plan) are kept whatever their history, and a real purge is preceded by a backup that restores it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from fault_helpers import add_leavers
from user_data import app_folder

from scheduler.services import Workspace, audit, data, privacy
from scheduler.store import backups as backup_files


@pytest.fixture
def fresh_db(tmp_path, demo_dir):
    """The demo data set freshly imported, no plans: every student is a current student with history."""
    path = tmp_path / "fresh.db"
    with Workspace.open(path) as ws:
        assert data.import_data(ws, demo_dir).ok
    return path


def _state(db):
    with Workspace.open(db) as ws:
        return data.load_dataset(ws), [e.action for e in audit.events(ws)]


@pytest.mark.parametrize("year", ["2026/27", "2027/28", "2099/00"])
def test_a_year_not_wholly_past_is_refused_and_nothing_changes(run, fresh_db, year):
    before = _state(fresh_db)
    code, out, err = run("purge", "--before", year, "--db", fresh_db)
    assert code == 1 and "is not wholly past" in err and "2025/26 or earlier" in err
    assert _state(fresh_db) == before
    code, _, err = run("purge", "--before", year, "--dry-run", "--db", fresh_db)
    assert code == 1 and "is not wholly past" in err


def test_a_malformed_year_is_refused(run, fresh_db):
    code, _, err = run("purge", "--before", "2020/25", "--db", fresh_db)
    assert code == 1 and "YYYY/YY" in err


def test_current_students_are_never_anonymised_whatever_their_history(fresh_db, user_data_folder):
    """The probe's case: 48 of 60 current students had history before 2026/27 and were anonymised. A year on
    (2026/27 wholly past), they are still students of the current data set: all kept."""
    with Workspace.open(fresh_db) as ws:
        data.save_settings(ws, dataclasses.replace(data.load_settings(ws), academic_year="2027/28"))
    before = _state(fresh_db)
    with Workspace.open(fresh_db) as ws:
        done = privacy.purge(ws, "2026/27", today=dt.date(2027, 10, 1))
    assert (done.anonymised, done.kept, done.backup) == (0, 48, None)
    assert _state(fresh_db) == before
    assert not (app_folder(user_data_folder) / "backups").exists()  # nothing to do: no backup either


def test_a_real_leaver_is_anonymised_after_a_backup_that_brings_them_back(run, fresh_db, user_data_folder):
    assert add_leavers(fresh_db, 1) == ["L0000"]
    code, out, err = run("purge", "--before", "2024/25", "--db", fresh_db)
    assert code == 0, err
    assert "Anonymised 1 student(s)" in out and "after backing the database up to" in out
    with Workspace.open(fresh_db) as ws:
        ids = {st.student_id for st in data.load_dataset(ws).students}
        assert "L0000" not in ids and len(ids) == 61
        (safety,) = backup_files.automatic_backups(backup_files.default_folder(), ws.database.engine.url)
    assert safety.name.endswith("before-purge.sqlite") and str(safety) in out
    with Workspace.open(safety) as copy:
        assert "L0000" in {st.student_id for st in data.load_dataset(copy).students}
