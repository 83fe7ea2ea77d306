"""Backups and restores on both back ends: a backup opens as SQLite with the same content, a restore is all or
nothing even when the process is killed part-way, newer work is not overwritten by accident."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from database_helpers import dump_tables
from hard_kill import KILLED
from sqlalchemy import create_engine

from scheduler.cli.main import main
from scheduler.demo import make_demo
from scheduler.domain import Placement, Plan
from scheduler.services import Workspace, audit, backups, data, edits
from scheduler.services.backups import BadBackup, RestoreRefused, TargetNotEmpty
from scheduler.store import backups as files
from scheduler.store import repository

KILLER = Path(__file__).with_name("kill_after_statements.py")


def fill(ws: Workspace, seed: int, plan_name: str) -> None:
    demo = make_demo(seed, "small")
    with ws.session() as s:
        repository.replace_dataset(s, demo)
        pairs = list(demo.student_blocks())[:12]
        repository.save_plan(s, Plan(plan_name, tuple(Placement(st.student_id, b.block_id, demo.practices[i].code, 10.0 + i)
                                                      for i, (st, b) in enumerate(pairs)), is_current=True))
    audit.record(ws, "import", f"demo seed {seed}")


def content(url_or_engine) -> dict[str, list[tuple]]:
    """Every row of every table, the audit trail reduced to who did what and change versions to their numbers
    (times and paths differ per run)."""
    engine = create_engine(_url(url_or_engine)) if not hasattr(url_or_engine, "connect") else url_or_engine
    try:
        tables = dump_tables(engine)
    finally:
        if engine is not url_or_engine:
            engine.dispose()
    tables["audit_events"] = sorted((row[2], row[3], row[4].split(" ")[0] if row[3] == "restore" else row[4])
                                    for row in tables["audit_events"])
    tables["change_versions"] = [row[:2] for row in tables["change_versions"]]  # (kind, version): not when
    return tables


def _url(db: str) -> str:
    return db if "://" in db else f"sqlite:///{db}"


def info_json(db: str, capsys) -> dict:
    capsys.readouterr()
    assert main(["info", "--json", "--db", db]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_backup_opens_as_sqlite_with_the_same_content_and_info(db_url, tmp_path, capsys):
    with Workspace.open(db_url) as ws:
        fill(ws, 1, "Plan 1")
        path = backups.backup(ws, tmp_path / "copy.sqlite")
        live = content(ws.database.engine)
    assert files.read_backup(path).revision is not None
    assert not Path(f"{path}-wal").exists() and not path.with_name(f".{path.name}.partial").exists()
    assert info_json(str(path), capsys) == info_json(db_url, capsys)
    copied = content(str(path))
    live["audit_events"] = [e for e in live["audit_events"] if e[1] != "backup"]  # recorded after the copy was taken
    assert copied == live


def test_restore_brings_the_backup_back_keeps_the_audit_trail_and_a_safety_copy(db_url, tmp_path, capsys):
    with Workspace.open(db_url) as ws:
        fill(ws, 1, "Plan 1")
        saved = backups.backup(ws, tmp_path / "b.sqlite")
        before = content(ws.database.engine)
        fill(ws, 2, "Plan 2")
        capsys.readouterr()
        assert main(["restore", str(saved), "--db", db_url]) == 1
        assert "--force" in capsys.readouterr().err
        assert content(ws.database.engine)["plans"][0][1] == "Plan 2"
        assert main(["restore", str(saved), "--db", db_url, "--force"]) == 0
        after = content(ws.database.engine)
        kept = ("audit_events", "change_versions")  # neither goes back: versions only rise
        assert {k: v for k, v in after.items() if k not in kept} == {k: v for k, v in before.items() if k not in kept}
        assert all(new[1] > old[1] for new, old in zip(after["change_versions"], before["change_versions"])
                   if new[0] != "database")
        actions = [e.action for e in audit.events(ws)]
        assert actions == ["import", "backup", "import", "restore"]
        safety = [p for p in files.automatic_backups(files.default_folder(), ws.database.engine.url)
                  if p.name.endswith("before-restore.sqlite")]
        assert len(safety) == 1 and files.read_backup(safety[0]).revision is not None
        assert {k: v for k, v in content(str(safety[0])).items() if k != "audit_events"}["plans"][0][1] == "Plan 2"
        # new rows after a restore get fresh ids (PostgreSQL sequences were moved past the restored rows)
        edits.unplace_student(ws, "Plan 1", *[(p.student_id, p.block_id) for p in
                                              repository_plan(ws, "Plan 1").placements][0], "officer")


def repository_plan(ws: Workspace, name: str) -> Plan:
    with ws.session() as s:
        return repository.load_plan(s, name)


def test_restore_refuses_newer_work_bad_files_and_files_from_a_newer_app(db_url, tmp_path):
    with Workspace.open(db_url) as ws:
        fill(ws, 1, "Plan 1")
        saved = backups.backup(ws, tmp_path / "b.sqlite")
        edits.unplace_student(ws, "Plan 1", *first_key(ws), "officer")
        before = content(ws.database.engine)
        with pytest.raises(RestoreRefused, match="after this backup"):
            backups.restore(ws, saved)
        (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 100)
        with pytest.raises(BadBackup):
            backups.restore(ws, tmp_path / "junk.sqlite", force=True)
        with pytest.raises(BadBackup, match="no backup file"):
            backups.restore(ws, tmp_path / "missing.sqlite", force=True)
        newer = tmp_path / "newer.sqlite"
        shutil.copyfile(saved, newer)
        import sqlite3
        with sqlite3.connect(newer) as conn:
            conn.execute("UPDATE alembic_version SET version_num = 'zz99'")
        conn.close()
        with pytest.raises(RestoreRefused, match="newer version"):
            backups.restore(ws, newer, force=True)
        assert content(ws.database.engine) == before


def first_key(ws: Workspace) -> tuple[str, str]:
    p = repository_plan(ws, "Plan 1").placements[0]
    return p.student_id, p.block_id


def test_automatic_backups_keep_the_newest_n(db_url, tmp_path):
    with Workspace.open(db_url) as ws:
        fill(ws, 1, "Plan 1")
        data.save_settings(ws, dataclasses.replace(data.load_settings(ws), backups_kept=3))
        assert backups.daily_backup(ws, tmp_path) is not None
        assert backups.daily_backup(ws, tmp_path) is None  # once a day
        made = [backups.automatic_backup(ws, "test", tmp_path) for _ in range(4)]
        kept = files.automatic_backups(tmp_path, ws.database.engine.url)
    assert kept == made[-3:]


def test_copy_to_an_empty_server_is_checked_row_for_row_and_refused_when_not_empty(postgres_server, tmp_path, capsys):
    local = str(tmp_path / "local.db")
    with Workspace.open(local) as ws:
        fill(ws, 1, "Plan 1")
    server = postgres_server.fresh()
    try:
        assert main(["copy-to-server", server, "--db", local]) == 0
        assert info_json(server, capsys) == info_json(local, capsys)
        with Workspace.open(server) as team:
            assert data.load_dataset(team) == make_demo(1, "small")
            assert [e.action for e in audit.events(team)] == ["import", "move to server"]
            with Workspace.open(local) as ws, pytest.raises(TargetNotEmpty):
                backups.move_to_server(ws, server)
    finally:
        postgres_server.drop(server)


def test_a_sigkill_at_any_point_of_a_restore_leaves_the_database_as_before_or_after(backend, tmp_path, request):
    """Kills ``gp-placements restore`` just before one of its database statements or its commit (16 points spread
    over the whole run, and the last two), and at six moments in time (which may fall inside a statement), then checks that the database reads back exactly as before the restore or exactly as after it."""
    source = tmp_path / "source.db"
    with Workspace.open(source) as ws:
        fill(ws, 2, "Backup plan")
        saved = backups.backup(ws, tmp_path / "saved.sqlite")

    if backend == "sqlite":
        pristine = tmp_path / "pristine.db"

        def fresh(i: int) -> str:
            target = tmp_path / f"target{i}.db"
            shutil.copyfile(pristine, target)
            return str(target)

        def drop(url: str) -> None:
            Path(url).unlink()
        pristine_url = str(pristine)
    else:
        server = request.getfixturevalue("postgres_server")
        pristine_url = server.fresh()
        request.addfinalizer(lambda: server.drop(pristine_url))
        from sqlalchemy.engine import make_url
        pristine_name = make_url(pristine_url).database

        def fresh(i: int) -> str:
            server.execute(f"CREATE DATABASE gp_kill_{i} TEMPLATE {pristine_name}")
            return server.url(f"gp_kill_{i}")

        drop = server.drop
    with Workspace.open(pristine_url) as ws:
        fill(ws, 1, "Current plan")
    before = content(pristine_url)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(Path.cwd()), os.environ.get("PYTHONPATH")]))}

    def restore(kill_at: int, url: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(KILLER), str(kill_at), "restore", str(saved), "--db", url, "--force"],
                              capture_output=True, text=True, env=env, timeout=120)

    whole_url = fresh(0)
    started = time.perf_counter()
    whole = restore(0, whole_url)
    whole_seconds = time.perf_counter() - started
    assert whole.returncode == 0, whole.stderr
    after = content(whole_url)
    drop(whole_url)
    assert after != before
    points = int(whole.stderr.rsplit("points=", 1)[1])
    spread = 16  # each point is a process start: enough to cover opening, the safety backup, the copy and the commit
    chosen = sorted({1 + round(i * (points - 1) / (spread - 1)) for i in range(spread)} | {points - 1, points})
    assert len(chosen) >= 10
    outcomes = []
    for i, point in enumerate(chosen, start=1):
        url = fresh(i)
        run = restore(point, url)
        assert run.returncode == KILLED, (point, run.returncode, run.stderr[-500:])
        state = content(url)
        drop(url)
        assert state in (before, after), f"killed at point {point} of {points}: neither before nor after"
        outcomes.append("before" if state == before else "after")
    # and at moments in time, which can fall inside a statement (the middle of a COPY or a page write)
    timed = []
    for i, fraction in enumerate((0.5, 0.6, 0.7, 0.8, 0.9, 0.95), start=len(chosen) + 1):
        url = fresh(i)
        process = subprocess.Popen([sys.executable, str(KILLER), "0", "restore", str(saved), "--db", url, "--force"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        try:
            process.wait(timeout=whole_seconds * fraction)
        except subprocess.TimeoutExpired:
            process.kill()
        process.wait(timeout=60)
        state = content(url)
        drop(url)
        assert state in (before, after), f"killed at {fraction:.0%} of the run: neither before nor after"
        timed.append("before" if state == before else "after")
    summary = (f"{len(chosen)} of {points} statement points: {outcomes.count('before')} before, "
               f"{outcomes.count('after')} after; {len(timed)} timed: {timed.count('before')} before, "
               f"{timed.count('after')} after")
    request.node.user_properties.append(("kill_points", summary))
    print(f"\n[{backend}] SIGKILL at {summary}")
