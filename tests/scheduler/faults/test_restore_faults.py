"""``restore`` sees the offers and preferences rounds (they are audited, so an older backup is refused without
--force) and says what it would discard, counted per kind, never quoting a value."""

from __future__ import annotations

import re

import pytest
from fault_helpers import counts

from scheduler.services import Workspace, audit


@pytest.fixture
def backed_up(run, base_db, tmp_path):
    saved = tmp_path / "saved.sqlite"
    assert run("backup", saved, "--db", base_db)[0] == 0
    return saved


def test_offers_in_is_audited_and_a_restore_over_it_is_refused(run, base_db, backed_up, returned_offers):
    code, _, err = run("offers-in", returned_offers, "--db", base_db)
    assert code == 0, err
    with Workspace.open(base_db) as ws:
        (event,) = audit.events(ws, action="offers-in")
    assert event.what == "1 returned workbook(s)" and event.after.endswith("change(s)") and event.after[0] != "0"
    before = counts(base_db)
    code, _, err = run("restore", backed_up, "--db", base_db)
    assert code == 1 and err.startswith("Restore refused:")
    assert "1 offers-in since the backup" in err and "offer replies: 38 now, 0 in the backup" in err  # 38 sent
    assert "--force" in err
    assert counts(base_db) == before


def test_preferences_in_is_audited_and_a_restore_over_it_is_refused(run, base_db, backed_up, returned_preferences):
    code, _, err = run("preferences-in", returned_preferences, "--db", base_db)
    assert code == 0, err
    with Workspace.open(base_db) as ws:
        (event,) = audit.events(ws, action="preferences-in")
    assert re.fullmatch(r"[1-9]\d* rank\(s\) for [1-9]\d* student\(s\)", event.after)
    code, _, err = run("restore", backed_up, "--db", base_db)
    assert code == 1 and "1 preferences-in since the backup" in err, err


def test_a_forced_restore_says_what_it_replaced(run, base_db, backed_up, returned_preferences):
    assert run("preferences-in", returned_preferences, "--db", base_db)[0] == 0
    assert run("solve", "--db", base_db, "--time-limit", "10", "--workers", "1", "--quiet")[0] == 0
    code, out, err = run("restore", backed_up, "--db", base_db, "--force")
    assert code == 0, err
    assert "It replaced: 1 preferences-in, 1 solve since the backup; plans: 2 now, 1 in the backup; ranks: 17 now, " \
           "16 in the backup; preference replies: 60 now, 0 in the backup." in out  # the demo has 16 ranks; the return adds one
    assert counts(base_db)["plans"] == 1


def test_backup_and_restore_name_the_database_by_its_path_not_an_encoded_url(run, base_db, tmp_path):
    """An officer reads "C:\\users\\Siân Ó Dónaill\\...", not "sqlite:///C%3A%5Cusers%5CSi%C3%A2n..."."""
    folder = tmp_path / "Siân Ó Dónaill data"
    folder.mkdir()
    database = folder / "placements.db"
    database.write_bytes(base_db.read_bytes())
    saved = tmp_path / "saved.sqlite"
    code, out, _ = run("backup", saved, "--db", database)
    assert code == 0 and f"Backed up {database} to {saved}" in out
    code, out, err = run("restore", saved, "--db", database, "--force")
    assert code == 0, err
    assert f"into {database}:" in out and "%" not in out
