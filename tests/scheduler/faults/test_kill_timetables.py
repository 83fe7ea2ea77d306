"""SIGKILL of ``timetables`` at random moments: the folder holds the old documents or the new ones, complete,
and no process of the command (coordinator, workers, resource tracker) is left alive, writing on."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fault_helpers import digest, files, make_smaller_plan

from scheduler.exchange.atomic import MARKER, recover_folder
from scheduler.services import Workspace, documents

POINTS = 10
ROOT = Path(__file__).resolve().parents[3]


def _start(target: Path, db: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "scheduler", "timetables", str(target), "--db", str(db),
                             "--workers", "2"], env=env, cwd=ROOT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _wait_group_gone(pgid: int, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _group_alive(pgid):
            return True
        time.sleep(0.05)
    return False


def _complete(folder: Path, expected: set[str]) -> bool:
    if files(folder) != expected:
        return False
    return all(p.read_bytes().rstrip().endswith(b"%%EOF") for p in folder.rglob("*.pdf"))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_sigkill_at_random_moments_leaves_old_or_new_folder_complete_and_no_process(base_db, tmp_path):
    target = tmp_path / "T"
    with Workspace.open(base_db) as ws:
        documents.write_documents(ws, target, workers=1)  # the old documents: "Plan 1"
    old_files, old_digest = files(target), digest(target)
    snapshot = tmp_path / "old-snapshot"
    shutil.copytree(target, snapshot)
    make_smaller_plan(base_db, "New")

    started = time.monotonic()
    full = _start(target, base_db)
    assert full.wait(120) == 0
    duration = time.monotonic() - started
    new_files = files(target)
    assert json.loads((target / MARKER).read_text())["plan"] == "New" and new_files != old_files

    rng = random.Random(9)
    outcomes = []
    for point in range(POINTS):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(snapshot, target)
        moment = 1.2 * duration * (point + rng.random()) / POINTS  # the last ones land after the swap
        process = _start(target, base_db)
        time.sleep(moment)
        process.kill()  # the command only: its workers must notice by themselves
        process.wait(30)
        assert _wait_group_gone(process.pid), f"a process of the killed command lives on (point {point})"
        leftovers = {p: files(p) for p in tmp_path.glob(".T.partial-*")}
        time.sleep(0.2)  # nothing may write after the command ended: leftovers stay exactly as they were
        assert leftovers == {p: files(p) for p in tmp_path.glob(".T.partial-*")}
        if not target.exists():  # killed between the two renames of the swap
            recover_folder(target)
        if digest(target) == old_digest:
            outcomes.append("old")
        else:
            assert _complete(target, new_files), f"the folder is neither the old nor the new set (point {point})"
            assert json.loads((target / MARKER).read_text())["plan"] == "New"
            outcomes.append("new")
        for partial in tmp_path.glob(".T.partial-*"):
            shutil.rmtree(partial)
    print(f"\nkill points: {POINTS}, run {duration:.1f} s, moments spread over it; outcomes: "
          f"{outcomes.count('old')} old complete, {outcomes.count('new')} new complete, 0 mixed, 0 processes left")
    assert len(outcomes) == POINTS
