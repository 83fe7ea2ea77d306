"""SIGKILL of ``purge`` and ``restore`` part-way, the way a power cut or Task Manager stops them: the database
reads back exactly as before the command or exactly as after it, and a killed restore leaves no temporary
folder that another user could read (it is 0700 when one is left; on Windows it is in the user's %TEMP%,
private by the profile's ACL).

Each command is killed just before chosen database statements or its commit (spread over the whole run,
``kill_after_statements.py``) and at random moments (which can fall inside a statement or a file copy).
"""

from __future__ import annotations

import os
import random
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from database_helpers import dump_tables
from fault_helpers import add_leavers, make_smaller_plan
from hard_kill import KILLED
from sqlalchemy import create_engine
from user_data import user_data_env

KILLER = Path(__file__).parents[1] / "services" / "kill_after_statements.py"
ROOT = Path(__file__).resolve().parents[3]
STATEMENT_POINTS = 8
MOMENTS = 6


def content(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table; the audit trail as who did what, change versions as numbers (times, and the
    backup paths an event names, differ per run)."""
    engine = create_engine(f"sqlite:///{db}")
    try:
        tables = dump_tables(engine)
    finally:
        engine.dispose()
    tables["audit_events"] = sorted(row[2:5] for row in tables["audit_events"])
    tables["change_versions"] = [row[:2] for row in tables["change_versions"]]
    return tables


class Runs:
    """Runs one command on fresh copies of a database, whole or killed, in a private temp and data folder."""

    def __init__(self, tmp_path: Path, pristine: Path, args: list[str]) -> None:
        self.tmp_path, self.pristine, self.args, self.count = tmp_path, pristine, args, 0

    def _fresh(self) -> tuple[Path, dict[str, str]]:
        self.count += 1
        folder = self.tmp_path / f"run{self.count}"
        (folder / "tmp").mkdir(parents=True)
        db = folder / "placements.db"
        shutil.copyfile(self.pristine, db)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(folder / "tmp"),
               **user_data_env(folder / "data")}
        return db, env

    def killed_at_statement(self, point: int) -> tuple[subprocess.CompletedProcess, Path]:
        db, env = self._fresh()
        done = subprocess.run([sys.executable, str(KILLER), str(point), *self.args, "--db", str(db)],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        return done, db

    def killed_after(self, seconds: float) -> Path:
        db, env = self._fresh()
        process = subprocess.Popen([sys.executable, str(KILLER), "0", *self.args, "--db", str(db)], env=env,
                                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
        process.wait(timeout=60)
        return db


def kill_everywhere(runs: Runs, seed: int, content=content) -> tuple[list[str], list[Path]]:
    """Runs the command whole, then killed at statement points and at random moments; returns the outcomes
    ("before"/"after") and every database left by a killed run. ``content``: what of a database must be exactly
    before or after."""
    before = content(runs.pristine)
    started = time.perf_counter()
    whole, db = runs.killed_at_statement(0)
    seconds = time.perf_counter() - started
    assert whole.returncode == 0, whole.stderr
    after = content(db)
    assert after != before
    points = int(whole.stderr.rsplit("points=", 1)[1])
    chosen = sorted({1 + round(i * (points - 1) / (STATEMENT_POINTS - 1)) for i in range(STATEMENT_POINTS)}
                    | {points - 1, points})
    outcomes, left = [], []
    for point in chosen:
        done, db = runs.killed_at_statement(point)
        assert done.returncode == KILLED, (point, done.returncode, done.stderr[-500:])
        state = content(db)
        assert state in (before, after), f"killed before statement {point} of {points}: neither before nor after"
        outcomes.append("before" if state == before else "after")
        left.append(db)
    rng = random.Random(seed)
    for _ in range(MOMENTS):
        db = runs.killed_after(seconds * rng.uniform(0.3, 1.15))
        state = content(db)
        assert state in (before, after), "killed at a random moment: neither before nor after"
        outcomes.append("before" if state == before else "after")
        left.append(db)
    print(f"\n{runs.args[0]}: {len(chosen)} of {points} statement points and {MOMENTS} moments: "
          f"{outcomes.count('before')} before, {outcomes.count('after')} after")
    return outcomes, left


@pytest.mark.slow
def test_a_killed_purge_leaves_the_data_before_or_after(tmp_path, base_db):
    add_leavers(base_db, 30)
    outcomes, _ = kill_everywhere(Runs(tmp_path, base_db, ["purge", "--before", "2024/25"]), seed=3)
    assert "before" in outcomes


@pytest.mark.slow
def test_a_killed_restore_leaves_the_data_before_or_after_and_no_readable_temp_folder(tmp_path, base_db):
    saved = tmp_path / "saved.sqlite"
    shutil.copyfile(base_db, saved)  # the backup: Plan 1 only
    make_smaller_plan(base_db)       # newer work, which the forced restore replaces
    outcomes, left = kill_everywhere(Runs(tmp_path, base_db, ["restore", str(saved), "--force"]), seed=5)
    assert "before" in outcomes
    temp_folders = [folder for db in left for folder in (db.parent / "tmp").iterdir()]
    assert temp_folders  # some kills land while the restore's temporary folder exists
    if os.name != "posix":
        return  # Windows: the folder is in the user's %TEMP%, private by the profile's ACL (no mode bits)
    for folder in temp_folders:
        mode = stat.S_IMODE(folder.stat().st_mode)
        assert mode & 0o077 == 0, f"{folder} left readable by others ({mode:o})"
