"""End to end through ``main([...])`` on both back ends: import, solve, export, backup, restore, audit."""

from __future__ import annotations

import csv
import json

import pytest

from scheduler.cli import main as cli


def run(*args: str) -> int:
    return cli.main(list(args))


def info(db: str, capsys) -> dict[str, int]:
    capsys.readouterr()
    assert run("info", "--db", db, "--json") == 0
    return json.loads(capsys.readouterr().out)


def test_import_solve_export_backup_restore_audit(db_url, tmp_path, capsys):
    assert run("demo", str(tmp_path / "demo"), "--seed", "3") == 0
    assert run("import", str(tmp_path / "demo"), "--db", db_url) == 0
    assert run("solve", "--db", db_url, "--time-limit", "10", "--workers", "1", "--quiet") == 0
    assert run("export", str(tmp_path / "out"), "--db", db_url) == 0
    with open(tmp_path / "out" / "placements.csv", encoding="utf-8-sig") as f:
        exported = list(csv.DictReader(f))
    solved = info(db_url, capsys)
    assert len(exported) == solved["placements"] > 0

    assert run("backup", str(tmp_path / "backup.sqlite"), "--db", db_url) == 0
    backup_info = info(str(tmp_path / "backup.sqlite"), capsys)
    assert backup_info == solved  # the backup opens as SQLite and holds the same

    assert run("demo", str(tmp_path / "other"), "--seed", "4") == 0
    assert run("import", str(tmp_path / "other"), "--db", db_url, "--replace") == 0
    assert info(db_url, capsys) != solved
    assert run("restore", str(tmp_path / "backup.sqlite"), "--db", db_url) == 1  # newer work: refused
    assert "--force" in capsys.readouterr().err
    assert run("restore", str(tmp_path / "backup.sqlite"), "--db", db_url, "--force") == 0
    assert info(db_url, capsys) == solved
    assert run("export", str(tmp_path / "again"), "--db", db_url) == 0
    with open(tmp_path / "again" / "placements.csv", encoding="utf-8-sig") as f:
        assert list(csv.DictReader(f)) == exported

    capsys.readouterr()
    assert run("audit", "--db", db_url, "--csv", str(tmp_path / "audit.csv")) == 0
    with open(tmp_path / "audit.csv", encoding="utf-8-sig") as f:
        actions = [row["action"] for row in csv.DictReader(f)]
    assert actions == ["import", "solve", "backup", "backup", "import", "restore"]  # 2nd backup: before the replace
    capsys.readouterr()
    assert run("audit", "--db", db_url, "--action", "restore") == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "restore" in out and "safety backup" in out


def test_audit_dates_and_bad_backup_files(tmp_path, capsys):
    db = str(tmp_path / "x.db")
    with pytest.raises(SystemExit):  # argparse: one plain line, exit code 2
        run("audit", "--db", db, "--since", "2026-13-01")
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert run("audit", "--db", db, "--since", "2000-01-01") == 0
    assert "No recorded events" in capsys.readouterr().out
    (tmp_path / "junk.sqlite").write_text("not a database")
    assert run("restore", str(tmp_path / "junk.sqlite"), "--db", db) == 1
    err = capsys.readouterr().err
    assert err.startswith("Restore refused:") and err.count("\n") == 1
