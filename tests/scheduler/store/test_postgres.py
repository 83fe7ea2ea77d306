"""The same store on PostgreSQL: a throwaway server on a Unix socket, skipped where PostgreSQL is not installed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from scheduler.domain import EditRecord, Placement, Plan
from scheduler.store import Database
from scheduler.store import repository as repo
from scheduler.store.models import Base


def _as_server_user(*command: str) -> list[str]:
    # PostgreSQL refuses to run as root; tests in CI containers often are root
    if os.geteuid() == 0:
        return ["runuser", "-u", "nobody", "--", *command]
    return list(command)


def _unavailable(reason: str) -> None:
    """Skips on a developer's machine without PostgreSQL; CI sets GP_REQUIRE_POSTGRES so the test must run."""
    if os.environ.get("GP_REQUIRE_POSTGRES"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def postgres_url():
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if not initdb or not pg_ctl or (os.geteuid() == 0 and not shutil.which("runuser")):
        _unavailable("PostgreSQL server binaries not installed")
    folder = Path(tempfile.mkdtemp(prefix="gp-pg-"))  # pytest's tmp folders are private to root
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
    data = folder / "data"
    try:
        subprocess.run(_as_server_user(initdb, "-D", str(data), "-U", "gp", "--auth=trust", "-E", "UTF8", "--no-sync"),
                       check=True, capture_output=True, timeout=60)
        subprocess.run(_as_server_user(pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-w", "start", "-o",
                                       f"-p 55432 -k {folder} -c listen_addresses='' -c fsync=off"),
                       check=True, capture_output=True, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        _unavailable(f"could not start a PostgreSQL server: {exc}")
    yield f"postgresql+psycopg://gp@/postgres?host={quote(str(folder), safe='')}&port=55432"
    subprocess.run(_as_server_user(pg_ctl, "-D", str(data), "-m", "immediate", "stop"), capture_output=True, timeout=60)
    shutil.rmtree(folder, ignore_errors=True)


def test_the_store_works_on_postgresql(postgres_url, dataset):
    with Database.open(postgres_url) as db:
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata) == []
        with db.session() as s:
            repo.replace_dataset(s, dataset)
        with db.session() as s:
            assert repo.load_dataset(s) == dataset
            repo.save_plan(s, Plan(name="A", placements=(Placement("1001", "Y1-B1", "M85000", 12.5, True),),
                                   is_current=True, weights={"travel": 1.0}))
            repo.save_plan(s, Plan(name="B", is_current=True))
            repo.set_current_plan(s, "A")
            repo.copy_plan(s, "A", "C")
            repo.rename_plan(s, "C", "D")
            repo.record_edit(s, EditRecord("A", dt.datetime(2026, 9, 1, 9, 0), "officer", "move", "moved"))
        with db.session() as s:
            assert [(p.name, p.placed, p.is_current) for p in repo.list_plans(s)] == [
                ("A", 1, True), ("B", 0, False), ("D", 1, False)]
            assert repo.counts(s)["placements"] == 1
            assert [e.action for e in repo.list_edits(s, "A")] == ["move"]
            repo.replace_dataset(s, dataset)
        with db.session() as s:
            assert repo.counts(s)["plans"] == 0
