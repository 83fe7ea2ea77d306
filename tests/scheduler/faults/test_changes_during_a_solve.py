"""Every data-changing command run while a solve is under way, and two solves at once: no plan is saved from
data that changed, and no result is lost (it is kept as an unsaved plan, and the message says what changed and
how to re-run).

The change is made at a hook after the solve has read everything (the solver's entry point, in this
process), so each case is deterministic: no sleeps, no timing.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import pickle

import pytest
from fault_helpers import counts, run_first_during

import scheduler.solver
from scheduler.cli import main as cli
from scheduler.cli.errors import EXIT_NOT_SAVED
from scheduler.services import Workspace, data, edits, plans, requests
from scheduler.services.offers import offers_out
from scheduler.settings import Settings
from scheduler.store import repository

FAST = Settings(time_limit_seconds=10, workers=1, seed=1)


def during_solve(monkeypatch, change) -> None:
    """``change()`` runs once, after the solve has read its inputs and before it saves."""
    run_first_during(monkeypatch, scheduler.solver, "solve", change)


def solve(run, db, *extra):
    return run("solve", "--db", db, "--time-limit", "10", "--workers", "1", "--quiet", *extra)


def kept_plans(user_data_folder) -> list:
    return sorted(user_data_folder.rglob("placements.csv"))


def assert_kept_not_saved(code, err, user_data_folder, *changed: str) -> None:
    assert code == EXIT_NOT_SAVED, err
    assert err.startswith("Not saved:") and "Traceback" not in err
    for words in changed:
        assert words in err
    assert "solve again" in err.lower()
    kept = kept_plans(user_data_folder)
    assert len(kept) == 1 and str(kept[0].parent) in err
    assert len(list(csv.reader(kept[0].read_text(encoding="utf-8-sig").splitlines()))) > 1


def plan_names(db) -> set[str]:
    with Workspace.open(db) as ws:
        return plans.plan_names(ws)


def test_offers_in_during_a_solve(run, monkeypatch, base_db, returned_offers, user_data_folder):
    during_solve(monkeypatch, lambda: cli.main(["offers-in", str(returned_offers), "--db", str(base_db)]))
    code, _, err = solve(run, base_db)
    assert_kept_not_saved(code, err, user_data_folder, "the practices' offers (places per block) changed at")
    assert plan_names(base_db) == {"Plan 1"}


def test_preferences_in_during_a_solve(run, monkeypatch, base_db, returned_preferences, user_data_folder):
    during_solve(monkeypatch, lambda: cli.main(["preferences-in", str(returned_preferences), "--db", str(base_db)]))
    code, _, err = solve(run, base_db)
    assert_kept_not_saved(code, err, user_data_folder, "the students' preferences changed")
    assert plan_names(base_db) == {"Plan 1"}


def test_a_request_accepted_during_a_solve(run, monkeypatch, base_db, user_data_folder):
    with Workspace.open(base_db) as ws:
        placed = plans.load_plan(ws).placements[0]
        request = requests.add_request(ws, placed.student_id, placed.block_id, "avoid", "officer",
                                       practice_code=placed.practice_code)
    during_solve(monkeypatch, lambda: cli.main(["requests", "accept", str(request.id), "--db", str(base_db)]))
    code, _, err = solve(run, base_db)
    assert_kept_not_saved(code, err, user_data_folder, "the change requests changed")
    assert plan_names(base_db) == {"Plan 1"}


def test_settings_saved_during_a_solve(run, monkeypatch, base_db, user_data_folder):
    def save_settings():
        with Workspace.open(base_db) as ws:
            settings = data.load_settings(ws)
            data.save_settings(ws, dataclasses.replace(settings, default_max_travel_minutes=30.0))

    during_solve(monkeypatch, save_settings)
    code, _, err = solve(run, base_db)
    assert_kept_not_saved(code, err, user_data_folder, "the settings changed")
    assert plan_names(base_db) == {"Plan 1"}


def test_settings_saved_just_after_the_command_read_them(run, monkeypatch, base_db, user_data_folder):
    """``solve`` reads the settings (to apply --time-limit and the like) before the solve starts: a change saved
    right then is one the plan was not made with."""
    read_settings = data.load_settings

    def read_then_change(ws):
        settings = read_settings(ws)
        with Workspace.open(base_db) as other:
            data.save_settings(other, dataclasses.replace(settings, default_max_travel_minutes=30.0))
        return settings

    monkeypatch.setattr(data, "load_settings", read_then_change)
    code, _, err = solve(run, base_db)
    assert_kept_not_saved(code, err, user_data_folder, "the settings changed")


def test_an_import_during_a_solve(run, monkeypatch, base_db, data_copy, user_data_folder):
    during_solve(monkeypatch, lambda: cli.main(["import", str(data_copy), "--replace", "--db", str(base_db)]))
    code, _, err = solve(run, base_db)
    assert_kept_not_saved(code, err, user_data_folder, "the data set (students, practices, blocks, travel, evaluations) changed at")
    assert counts(base_db)["plans"] == 0  # the import removed the old plans; the stale one was not saved


def test_a_restore_during_a_solve(run, monkeypatch, base_db, tmp_path, user_data_folder):
    saved = tmp_path / "saved.sqlite"
    assert cli.main(["backup", str(saved), "--db", str(base_db)]) == 0
    during_solve(monkeypatch, lambda: cli.main(["restore", str(saved), "--force", "--db", str(base_db)]))
    code, _, err = solve(run, base_db)
    assert_kept_not_saved(code, err, user_data_folder, "the data set", "the settings changed")
    assert plan_names(base_db) == {"Plan 1"}


def test_a_hand_edit_of_the_plan_the_locks_come_from_during_a_solve(run, monkeypatch, base_db, user_data_folder):
    def lock():
        with Workspace.open(base_db) as ws:
            placed = plans.load_plan(ws).placements[0]
            edits.set_locked(ws, "Plan 1", placed.student_id, placed.block_id, True, "officer", "agreed")

    during_solve(monkeypatch, lock)
    code, _, err = solve(run, base_db)
    assert_kept_not_saved(code, err, user_data_folder, "the plan 'Plan 1' it started from was changed")
    assert plan_names(base_db) == {"Plan 1"}


def test_a_min_change_replan_during_a_hand_edit(run, monkeypatch, base_db, user_data_folder):
    def move():
        with Workspace.open(base_db) as ws:
            placed = plans.load_plan(ws).placements[0]
            edits.unplace_student(ws, "Plan 1", placed.student_id, placed.block_id, "officer")

    during_solve(monkeypatch, move)
    code, _, err = solve(run, base_db, "--min-change", "--plan", "Re-plan")
    assert_kept_not_saved(code, err, user_data_folder, "the plan 'Plan 1' it started from was changed")
    assert plan_names(base_db) == {"Plan 1"}


def test_two_solves_at_once_keep_the_second_plan(run, monkeypatch, base_db, user_data_folder):
    """Both take the next free name, "Plan 2"; the one that ends first saves it, the other keeps its plan."""
    during_solve(monkeypatch, lambda: cli.main(["solve", "--db", str(base_db), "--time-limit", "10", "--workers",
                                                "1", "--quiet"]))
    code, _, err = solve(run, base_db)
    assert_kept_not_saved(code, err, user_data_folder, "Plan 'Plan 2' was changed by", "while this run worked", "--plan NAME")
    assert plan_names(base_db) == {"Plan 1", "Plan 2"}


def _read_only(db, tmp_path) -> None:
    with Workspace.open(db) as ws:
        plans.load_plan(ws)
        data.load_dataset(ws)


def _offers_out(db, tmp_path) -> None:
    with Workspace.open(db) as ws:
        offers_out(ws, tmp_path / "sent")


def _open_request(db, tmp_path) -> None:
    with Workspace.open(db) as ws:
        placed = plans.load_plan(ws).placements[0]
        requests.add_request(ws, placed.student_id, placed.block_id, "other", "officer", reason="a question")


@pytest.mark.parametrize("change", [_read_only, _offers_out, _open_request])
def test_what_no_plan_reads_changes_nothing_and_the_solve_saves(run, monkeypatch, base_db, tmp_path,
                                                                   user_data_folder, change):
    """The guard refuses only real changes: reading, sending offers (their record is read by no plan) and a new,
    open request (only an accepted one binds a plan) leave the solve to save as usual."""
    during_solve(monkeypatch, lambda: change(base_db, tmp_path))
    code, out, err = solve(run, base_db)
    assert code == 0, err
    assert plan_names(base_db) == {"Plan 1", "Plan 2"} and kept_plans(user_data_folder) == []


def test_the_service_outcome_names_what_changed_for_the_window(monkeypatch, base_db, user_data_folder):
    """The window calls the service: the refusal it gets says what changed, where the plan is kept, and that it
    can be re-run."""
    from scheduler.services.unsaved import PlanNotSaved

    def save_settings():
        with Workspace.open(base_db) as ws:
            data.save_settings(ws, dataclasses.replace(data.load_settings(ws), academic_year="2027/28"))

    during_solve(monkeypatch, save_settings)
    with Workspace.open(base_db) as ws, pytest.raises(PlanNotSaved) as refused:
        plans.solve(ws, "Plan 2", settings=None)
    assert refused.value.data_changed and refused.value.kept is not None
    assert (refused.value.kept / "placements.csv").is_file()
    assert "the settings changed" in str(refused.value)
    crossed = pickle.loads(pickle.dumps(refused.value))  # the window solves in a child process
    assert (str(crossed), crossed.kept, crossed.data_changed) == (str(refused.value), refused.value.kept, True)
    with Workspace.open(base_db) as ws, ws.session() as s:
        assert repository.load_plan(s, "Plan 2") is None


def _sqlite_files(db) -> list:
    return [db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm")]


@pytest.mark.skipif(os.name == "nt", reason="POSIX only: Windows refuses to delete or replace a database "
                    "file SQLite holds open (a sharing violation), so it cannot go away during a solve")
def test_the_database_file_deleted_during_a_solve(run, monkeypatch, base_db, user_data_folder):
    def delete():
        for file in _sqlite_files(base_db):
            file.unlink(missing_ok=True)

    during_solve(monkeypatch, delete)
    code, _, err = solve(run, base_db)
    assert_kept_not_saved(code, err, user_data_folder, "the database file")
    assert not base_db.exists() or counts(base_db).get("plans", 0) == 0


@pytest.mark.skipif(os.name == "nt", reason="POSIX only: Windows refuses to delete or replace a database "
                    "file SQLite holds open (a sharing violation), so it cannot go away during a solve")
def test_the_database_file_replaced_during_a_solve(run, monkeypatch, base_db, tmp_path, user_data_folder):
    """Another copy (here: the same content, as if restored from a file backup) put in its place."""
    copy = tmp_path / "copy.db"
    copy.write_bytes(base_db.read_bytes())

    def replace():
        for file in _sqlite_files(base_db)[1:]:
            file.unlink(missing_ok=True)
        copy.replace(base_db)

    during_solve(monkeypatch, replace)
    code, _, err = solve(run, base_db)
    assert_kept_not_saved(code, err, user_data_folder, "the database file")
    assert plan_names(base_db) == {"Plan 1"}


def test_the_guard_on_both_back_ends(monkeypatch, db_url, demo_dir, user_data_folder):
    """On PostgreSQL too: settings saved during a solve keep its plan unsaved; a solve with nothing changed saves."""
    from scheduler.services.unsaved import PlanNotSaved

    with Workspace.open(db_url) as ws:
        assert data.import_data(ws, demo_dir).ok

    def save_settings():
        with Workspace.open(db_url) as other:
            data.save_settings(other, dataclasses.replace(data.load_settings(other), default_max_travel_minutes=30.0))

    during_solve(monkeypatch, save_settings)
    with Workspace.open(db_url) as ws:
        with pytest.raises(PlanNotSaved, match="the settings changed"):
            plans.solve(ws, "Plan 1", settings=FAST)
        assert plans.plan_names(ws) == set()
        assert plans.solve(ws, "Plan 1", settings=FAST).plan.version == 1
        assert plans.plan_names(ws) == {"Plan 1"}
