"""Every file and folder the app creates is readable only by its user (0600 files, 0700 folders on POSIX),
whatever the umask: the database and its journal, backups, unsaved plans, exports, documents, letters, rounds,
subject-access files, audit CSVs, the template and the desktop log."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from fault_helpers import make_smaller_plan

from scheduler.services import Workspace, plans
from scheduler.services.unsaved import keep_plan

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows keeps files private by the profile's ACLs")


@pytest.fixture
def open_umask():
    """The common default: files 0644 and folders 0755 unless the app sets the mode itself."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _not_private(root: Path, since: set[Path]) -> list[str]:
    wrong = []
    for path in [root, *root.rglob("*")]:
        if path in since:
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode != (0o700 if path.is_dir() else 0o600):
            wrong.append(f"{path.relative_to(root.parent)} {mode:o}")
    return wrong


COMMANDS = [
    ("export", ["{out}"]),
    ("export-data", ["{out}"]),
    ("export-data", ["{out}.xlsx"]),
    ("timetables", ["{out}", "--workers", "1"]),
    ("letters", ["{out}"]),
    ("calendars", ["{out}"]),
    ("payments", ["{out}"]),
    ("offers-out", ["{out}"]),
    ("preferences-out", ["{out}"]),
    ("clearances-due", ["{out}"]),
    ("tutors-due", ["{out}"]),
    ("backup", ["{out}.sqlite"]),
    ("audit", ["--csv", "{out}.csv"]),
    ("template", ["{out}.xlsx"]),
]


@pytest.mark.parametrize("command, args", COMMANDS, ids=[" ".join([c, *a]) for c, a in COMMANDS])
def test_what_a_command_writes_is_private(run, open_umask, base_db, tmp_path, command, args):
    out = tmp_path / "made" / "out"
    wanted = [a.format(out=out) for a in args]
    db = [] if command == "template" else ["--db", base_db]
    code, _, err = run(command, *wanted, *db)
    assert code == 0, err
    assert _not_private(tmp_path / "made", set()) == []


def test_a_new_database_its_journal_and_subject_access_file_are_private(run, open_umask, demo_dir, tmp_path):
    db = tmp_path / "new" / "placements.db"
    assert run("import", demo_dir, "--db", db)[0] == 0
    sid = next(line.split(",")[0] for line in (demo_dir / "students.csv").read_text(encoding="utf-8-sig")
               .splitlines()[1:])
    assert run("subject-export", sid, tmp_path / "new" / "sar", "--db", db)[0] == 0
    assert _not_private(tmp_path / "new", set()) == []


def test_an_unsaved_plan_is_kept_privately(open_umask, base_db, tmp_path):
    make_smaller_plan(base_db)
    with Workspace.open(base_db) as ws:
        plan = plans.load_plan(ws)
    kept = keep_plan(plan, tmp_path / "unsaved")
    assert kept is not None and _not_private(tmp_path / "unsaved", set()) == []


def test_the_desktop_log_and_its_rotations_are_private(open_umask, tmp_path):
    from desktop.logs import PrivateRotatingFileHandler

    path = tmp_path / "logs" / "gp.log"
    path.parent.mkdir(mode=0o700)
    os.chmod(path.parent, 0o700)
    handler = PrivateRotatingFileHandler(path, maxBytes=200, backupCount=2, encoding="utf-8")
    record = logging.LogRecord("desktop", logging.WARNING, __file__, 1, "x" * 150, None, None)
    for _ in range(5):
        handler.emit(record)
    handler.close()
    assert len(list(path.parent.iterdir())) == 3 and _not_private(path.parent, set()) == []


def test_folders_that_were_there_already_are_left_as_they_were(run, open_umask, base_db, tmp_path):
    """The app makes what it creates private; the officer's own Documents folder keeps its mode."""
    documents = tmp_path / "Documents"
    documents.mkdir()
    os.chmod(documents, 0o755)
    assert run("backup", documents / "b.sqlite", "--db", base_db)[0] == 0
    assert stat.S_IMODE(documents.stat().st_mode) == 0o755
    assert stat.S_IMODE((documents / "b.sqlite").stat().st_mode) == 0o600


def test_a_subject_export_that_wrote_nothing_records_nothing(run, base_db, tmp_path):
    """The audit says a subject-access file was written only when it was: a folder that is a file fails first."""
    from scheduler.services import audit

    in_the_way = tmp_path / "sar"
    in_the_way.write_bytes(b"not a folder")
    with Workspace.open(base_db) as ws:
        sid = plans.load_plan(ws).placements[0].student_id
        before = len(audit.events(ws, action="subject export"))
    code, out, err = run("subject-export", sid, in_the_way, "--db", base_db)
    assert code == 2 and "Traceback" not in out + err
    with Workspace.open(base_db) as ws:
        assert len(audit.events(ws, action="subject export")) == before
    assert run("subject-export", sid, tmp_path / "sar2", "--db", base_db)[0] == 0
    with Workspace.open(base_db) as ws:
        assert len(audit.events(ws, action="subject export")) == before + 1
