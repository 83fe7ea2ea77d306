"""SIGKILL of ``export`` and ``backup`` at random moments: the export folder holds the earlier export or the new
one, complete; the backup file is the earlier backup or a whole new one. Never a mix, never a torn file."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fault_helpers import digest, files, make_smaller_plan

from scheduler.exchange.atomic import MARKER, recover_folder
from scheduler.store.backups import read_backup

POINTS = 8
ROOT = Path(__file__).resolve().parents[3]


def _start(*args: object) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "scheduler", *map(str, args)], env=env, cwd=ROOT,
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _timed(*args: object) -> float:
    started = time.monotonic()
    assert _start(*args).wait(120) == 0
    return time.monotonic() - started


def _kill_at(moment: float, *args: object) -> None:
    process = _start(*args)
    time.sleep(moment)
    process.kill()
    process.wait(30)


def _plans_in(backup: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        return {name for (name,) in conn.execute("SELECT name FROM plans")}
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_of_export_leaves_the_earlier_or_the_new_export_complete(base_db, tmp_path):
    target = tmp_path / "out"
    assert _start("export", target, "--db", base_db).wait(120) == 0
    old = digest(target)
    snapshot = tmp_path / "old-snapshot"
    shutil.copytree(target, snapshot)
    make_smaller_plan(base_db, "New")
    duration = _timed("export", target, "--db", base_db)
    new_files = files(target)
    assert json.loads((target / MARKER).read_text())["plan"] == "New"

    rng = random.Random(5)
    outcomes = []
    for point in range(POINTS):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(snapshot, target)
        _kill_at(1.2 * duration * (point + rng.random()) / POINTS, "export", target, "--db", base_db)
        if not target.exists():  # killed between the two renames of the swap: the next export puts it back
            recover_folder(target)
        if digest(target) == old:
            outcomes.append("old")
        else:
            assert files(target) == new_files, f"neither the earlier nor the new export (point {point})"
            about = json.loads((target / MARKER).read_text())
            assert about["plan"] == "New" and set(about["sha256"]) == new_files - {MARKER}
            outcomes.append("new")
        for partial in tmp_path.glob(".out.partial-*"):
            shutil.rmtree(partial)
    print(f"\nexport kill points: {POINTS} over {duration:.1f} s: {outcomes.count('old')} earlier complete, "
          f"{outcomes.count('new')} new complete, 0 mixed")
    assert len(outcomes) == POINTS


@pytest.mark.slow
def test_sigkill_of_backup_leaves_the_earlier_or_a_whole_new_backup(base_db, tmp_path):
    target = tmp_path / "b.sqlite"
    assert _start("backup", target, "--db", base_db).wait(120) == 0
    old = digest(target)
    kept = tmp_path / "old.sqlite"
    shutil.copyfile(target, kept)
    make_smaller_plan(base_db, "New")
    duration = _timed("backup", target, "--db", base_db)

    rng = random.Random(6)
    outcomes = []
    for point in range(POINTS):
        shutil.copyfile(kept, target)
        _kill_at(1.2 * duration * (point + rng.random()) / POINTS, "backup", target, "--db", base_db)
        if digest(target) == old:
            outcomes.append("old")
        else:
            read_backup(target)  # quick_check ok, this app's schema
            assert "New" in _plans_in(target), f"a backup that is neither the earlier nor the new one (point {point})"
            outcomes.append("new")
        for partial in tmp_path.glob(".b.sqlite.partial*"):
            partial.unlink()
    print(f"\nbackup kill points: {POINTS} over {duration:.1f} s: {outcomes.count('old')} earlier, "
          f"{outcomes.count('new')} new and whole, 0 torn")
    assert len(outcomes) == POINTS
