"""A team server (PostgreSQL, the throwaway server of tests/conftest.py) refusing what SQLite keeps: a NUL
character, a name longer than its column. copy-to-server and restore name the table, row and column, never the
value, and leave the server as it was. Changes on a server are recorded under the officer's team login."""

from __future__ import annotations

import sqlite3

import pytest
from fault_helpers import counts
from sqlalchemy import text

from scheduler.services import Workspace, audit, plans
from scheduler.services.requests import list_requests

SECRET = "Zbigniewska"


def _spoil(db, value: str) -> None:
    conn = sqlite3.connect(db)
    sid = sorted(i for (i,) in conn.execute("SELECT student_id FROM students"))[4]
    conn.execute("UPDATE students SET last_name = ? WHERE student_id = ?", (value, sid))
    conn.commit()
    conn.close()


@pytest.fixture
def server(postgres_server):
    url = postgres_server.fresh()
    yield url
    postgres_server.drop(url)


@pytest.mark.parametrize("value, why", [(f"{SECRET}\x00", "holds a NUL character"),
                                        (SECRET * 30, "is 330 characters long, more than the 200")])
def test_copy_to_server_names_table_row_and_column_never_the_value(run, base_db, server, value, why):
    _spoil(base_db, value)
    code, out, err = run("copy-to-server", server, "--db", base_db)
    assert code == 2
    assert "row 5 of the table students" in err and f"its last_name {why}" in err and "nothing was copied" in err
    assert SECRET not in out + err and "Traceback" not in out + err
    assert counts(server)["students"] == 0


def test_restore_to_a_server_names_the_row_and_keeps_the_server_as_it_was(run, base_db, server, tmp_path):
    assert run("copy-to-server", server, "--db", base_db)[0] == 0
    before = counts(server)
    _spoil(base_db, f"{SECRET}\x00")
    assert run("backup", tmp_path / "spoilt.sqlite", "--db", base_db)[0] == 0
    code, out, err = run("restore", tmp_path / "spoilt.sqlite", "--db", server, "--force")
    assert code == 2 and "row 5 of the table students" in err and "NUL" in err
    assert SECRET not in out + err and "Traceback" not in out + err
    assert counts(server) == before


def test_requests_and_import_plan_record_the_team_login(run, base_db, server, tmp_path):
    assert run("copy-to-server", server, "--db", base_db)[0] == 0
    with Workspace.open(server) as ws:
        login = ws.database.user
        placement = plans.load_plan(ws).placements[0]
        copied = len(audit.events(ws))  # the local database's own events, recorded there by the OS user
    assert login == "gp"
    assert run("export", tmp_path / "out", "--db", server)[0] == 0
    assert run("import-plan", tmp_path / "out" / "placements.csv", "--name", "Loaded", "--db", server)[0] == 0
    code, _, err = run("requests", "add", placement.student_id, placement.block_id, "avoid", "--practice",
                       placement.practice_code, "--db", server)
    assert code == 0, err
    assert run("requests", "decline", "1", "--db", server)[0] == 0
    with Workspace.open(server) as ws, ws.session() as s:
        audited = {e.user for e in audit.events(ws)[copied:]}
        edited = set(s.execute(text('SELECT DISTINCT "user" FROM edits')).scalars())
        requests = list_requests(ws)
    assert audited <= {"gp"} and edited == {"gp"}  # the import-plan's edit record too
    assert [(r.created_by, r.decided_by) for r in requests] == [("gp", "gp")]
