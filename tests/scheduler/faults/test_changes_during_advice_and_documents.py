"""An advice run, document generation and loading a plan file while another officer changes what they read:
the advice says it is out of date (exit 3), the documents are not put in place (the folder keeps what it held)
but kept aside, and the plan file is not loaded, each saying what changed and how to re-run. Nothing changed:
they go through as before."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from fault_helpers import digest, run_first_during
from user_data import app_folder

import scheduler.services.advice as advice_service
import scheduler.services.documents as document_service
import scheduler.services.plan_files as plan_file_service
from scheduler.cli.errors import EXIT_NOT_SAVED
from scheduler.services import Workspace, data, edits, plans


def _save_settings(db) -> None:
    with Workspace.open(db) as ws:
        data.save_settings(ws, dataclasses.replace(data.load_settings(ws), tariff_per_session=80.0))


def _move_one(db) -> None:
    with Workspace.open(db) as ws:
        placed = plans.load_plan(ws).placements[0]
        edits.unplace_student(ws, "Plan 1", placed.student_id, placed.block_id, "officer")


def test_advice_while_the_settings_change_says_it_is_out_of_date(run, monkeypatch, base_db):
    run_first_during(monkeypatch, advice_service, "_most_placeable", lambda: _save_settings(base_db))
    code, out, err = run("advise", "--db", base_db, "--top", "1")
    assert code == EXIT_NOT_SAVED
    assert "The plan places" in out  # the advice is shown, not lost
    assert err.startswith("Out of date:") and "the settings changed" in err and "advise again" in err


def test_advice_on_a_plan_edited_meanwhile_says_so(run, monkeypatch, base_db):
    run_first_during(monkeypatch, advice_service, "_most_placeable", lambda: _move_one(base_db))
    code, _, err = run("advise", "--db", base_db, "--top", "1", "--json")
    assert code == EXIT_NOT_SAVED and "the plan 'Plan 1' it started from was changed" in err


def test_advice_with_nothing_changed_is_current(run, base_db):
    code, _, err = run("advise", "--db", base_db, "--top", "1")
    assert code == 0 and err == ""


def test_documents_of_a_plan_edited_while_they_are_written_are_kept_aside(run, monkeypatch, base_db, tmp_path,
                                                                          user_data_folder):
    folder = tmp_path / "docs"
    assert run("timetables", folder, "--db", base_db, "--workers", "1")[0] == 0
    before = digest(folder)
    run_first_during(monkeypatch, document_service, "write_all", lambda: _move_one(base_db))
    code, _, err = run("timetables", folder, "--db", base_db, "--workers", "1")
    assert code == EXIT_NOT_SAVED, err
    assert "the plan 'Plan 1' it started from was changed" in err and "timetables" in err
    assert digest(folder) == before  # the earlier documents, untouched
    kept = [p for p in (app_folder(user_data_folder) / "Unsaved documents").iterdir()]
    assert len(kept) == 1 and str(kept[0]) in err
    assert (kept[0] / "overview.pdf").is_file() and any((kept[0] / "practices").glob("*.pdf"))
    assert not list(tmp_path.glob(".docs*"))  # no staging folder left beside it


def test_documents_not_current_crosses_to_the_window(tmp_path):
    from scheduler.services.current_folder import DocumentsNotCurrent

    error = DocumentsNotCurrent(tmp_path / "docs", ["the settings changed at 10:00"], tmp_path / "kept",
                                "gp-placements letters")
    crossed = pickle.loads(pickle.dumps(error))
    assert (str(crossed), crossed.kept, crossed.changes) == (str(error), error.kept, error.changes)


def test_documents_while_the_settings_change_are_kept_aside(run, monkeypatch, base_db, tmp_path, user_data_folder):
    folder = tmp_path / "docs"
    run_first_during(monkeypatch, document_service, "write_all", lambda: _save_settings(base_db))
    code, _, err = run("timetables", folder, "--db", base_db, "--workers", "1")
    assert code == EXIT_NOT_SAVED and "the settings changed" in err
    assert not folder.exists()


def test_a_plan_file_checked_against_settings_that_change_is_not_loaded(run, monkeypatch, base_db, tmp_path):
    assert run("export", tmp_path / "out", "--db", base_db)[0] == 0
    run_first_during(monkeypatch, plan_file_service, "plan_breaks", lambda: _save_settings(base_db))
    code, _, err = run("import-plan", tmp_path / "out" / "placements.csv", "--name", "Loaded", "--db", base_db)
    assert code == 1 and err.startswith("Not loaded:") and "the settings changed" in err and "again" in err
    with Workspace.open(base_db) as ws:
        assert plans.plan_names(ws) == {"Plan 1"}
    assert run("import-plan", tmp_path / "out" / "placements.csv", "--name", "Loaded", "--db", base_db)[0] == 0


@pytest.mark.parametrize("command, step", [("letters", "_write_practice"), ("calendars", "practice_calendar"),
                                           ("payments", "payment_statement")])
def test_letters_calendars_and_payments_of_a_plan_edited_meanwhile_are_kept_aside(
        run, monkeypatch, base_db, tmp_path, user_data_folder, command, step):
    import scheduler.services.correspondence as correspondence_service
    import scheduler.services.payments as payment_service

    folder = tmp_path / command
    assert run(command, folder, "--db", base_db)[0] == 0
    before = digest(folder)
    owner = payment_service if command == "payments" else correspondence_service
    run_first_during(monkeypatch, owner, step, lambda: _move_one(base_db))
    code, _, err = run(command, folder, "--db", base_db)
    assert code == EXIT_NOT_SAVED, err
    assert "the plan 'Plan 1' it started from was changed" in err and f"gp-placements {command}" in err
    assert digest(folder) == before
    (kept,) = (app_folder(user_data_folder) / "Unsaved documents").iterdir()
    assert str(kept) in err and any(kept.rglob("*.*"))


def _answer_one(db) -> None:
    import datetime as dt

    from scheduler.evaluations.returns import Answer
    from scheduler.store import evaluation_rows

    with Workspace.open(db) as ws, ws.session() as s:
        placed = plans.load_plan(ws).placements[0]
        evaluation_rows.record_answers(s, [Answer(placed.student_id, placed.block_id, placed.practice_code,
                                                  {"teaching": 5}, "", False, "returned.xlsx")],
                                       dt.datetime(2027, 3, 1, 10, 0))


def test_payment_statements_made_while_an_evaluation_comes_in_are_kept_aside(
        run, monkeypatch, base_db, tmp_path, user_data_folder):
    import scheduler.services.payments as payment_service

    folder = tmp_path / "payments"
    assert run("payments", folder, "--db", base_db)[0] == 0
    before = digest(folder)
    run_first_during(monkeypatch, payment_service, "payment_statement", lambda: _answer_one(base_db))
    code, _, err = run("payments", folder, "--db", base_db)
    assert code == EXIT_NOT_SAVED, err
    assert "the students' evaluations changed" in err and "gp-placements payments" in err
    assert digest(folder) == before
    (kept,) = (app_folder(user_data_folder) / "Unsaved documents").iterdir()
    assert any((kept / "statements").glob("*.pdf"))
    code, out, _ = run("payments", folder, "--db", base_db)
    assert code == 0 and "Each statement ends with the practice's own quality report (1 of" in out
