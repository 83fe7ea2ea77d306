"""A really full disk under the database (a small tmpfs, filled up): every command says "full", with the room it
needs, and never calls the database damaged nor suggests a restore (which would roll back the officer's work).

Needs root to mount the tmpfs (as the fault suite runs here); skipped where mounting is not allowed. The same
message on a write is also checked without root, through SQLite's max_page_count, in test_database_faults.py.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess

import pytest
from fault_helpers import counts


@pytest.fixture
def full_disk(tmp_path, base_db):
    """The base database on a 3 MB tmpfs, the rest of which is filled."""
    if os.name != "posix":
        pytest.skip("POSIX only: a tmpfs mount (the same message through max_page_count: test_database_faults.py)")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("mounting a tmpfs is not allowed here")
    try:
        db = mount / "placements.db"
        shutil.copyfile(base_db, db)
        with contextlib.suppress(OSError), (mount / "filler").open("wb") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()
        yield db
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("command", [("info",), ("solve", "--quiet", "--time-limit", "5", "--workers", "1"),
                                     ("audit",)])
def test_a_full_disk_is_said_as_such_never_as_damage(run, full_disk, command):
    code, out, err = run(*command, "--db", full_disk)
    assert code == 2, err
    assert f"the disk holding the database {full_disk} is full" in err and "free at least 1 MB" in err
    assert "not damaged" in err
    assert "damaged (" not in err and "restore" not in err and "Traceback" not in err


def test_a_full_disk_changes_nothing(run, full_disk, data_copy, base_db):
    code, _, err = run("import", data_copy, "--replace", "--db", full_disk)
    assert code == 2 and "is full" in err and "restore" not in err
    (full_disk.parent / "filler").unlink()
    assert counts(full_disk) == counts(base_db)
