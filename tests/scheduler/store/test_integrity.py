"""A damaged SQLite file is refused naming the newest good backup, which restores it; network folders are noticed."""

from __future__ import annotations

import sys

import pytest

from scheduler.cli.main import main
from scheduler.services import Workspace, audit, backups
from scheduler.store import Database, integrity
from scheduler.store.integrity import DatabaseDamaged


def damage(path) -> None:
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):  # scribble over the header of every page after the first
        data[offset:offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_refused_naming_the_newest_good_backup_and_restored_from_it(tmp_path, capsys):
    db = tmp_path / "placements.db"
    with Workspace.open(db) as ws:
        audit.record(ws, "import", "first")
        old = backups.automatic_backup(ws, "daily")
        good = backups.automatic_backup(ws, "daily")
        audit.record(ws, "import", "second")
    (tmp_path / "placements.db-wal").unlink(missing_ok=True)
    damage(db)
    integrity._checked.clear()
    with pytest.raises(DatabaseDamaged) as refused:
        Database.open(db)
    assert refused.value.backup == good and str(good) in str(refused.value) and "--force" in str(refused.value)
    assert old != good

    capsys.readouterr()
    assert main(["restore", str(good), "--db", str(db)]) == 2  # without --force: the message, nothing changed
    assert "damaged" in capsys.readouterr().err
    assert main(["restore", str(good), "--db", str(db), "--force"]) == 0
    assert "moved to" in capsys.readouterr().out
    with Workspace.open(db) as ws:
        assert [(e.action, e.what) for e in audit.events(ws)][-1][0] == "restore"
        assert ("import", "first") in [(e.action, e.what) for e in audit.events(ws)]
    assert list(tmp_path.glob("placements.db.damaged-*"))


def test_network_paths_are_recognised(monkeypatch, tmp_path):
    assert integrity.is_network_path(r"\\server\share\placements.db")
    assert not integrity.is_network_path(tmp_path / "placements.db")
    if sys.platform == "win32":
        monkeypatch.setattr(integrity, "_windows_remote_drive", lambda _text: True)  # a mapped network drive
    else:
        monkeypatch.setattr(integrity, "_mount_type", lambda _p: "cifs")
    assert integrity.is_network_path(tmp_path / "placements.db")
    with pytest.warns(integrity.NetworkDatabaseWarning, match="team server"):
        with Database.open(tmp_path / "placements.db") as db:
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
