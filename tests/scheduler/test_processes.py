"""``is_alive`` tells a running process from one that ended, on Windows too, so a crashed program's lock note
and staging folders are cleared: Windows has no ``os.kill(pid, 0)`` (it would end the process), so the answer
comes from the process's exit code there."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

from scheduler.exchange.atomic import recover_folder
from scheduler.processes import is_alive
from scheduler.store.failures import holder_note, locked_message, writing


def _waiting_process() -> subprocess.Popen:
    """A process that runs until its standard input is closed (``communicate()``)."""
    return subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)


def _ended_process_id() -> int:
    """The id of a process that ran and ended (its id is not reused at once)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    child.communicate(timeout=60)
    return child.pid


def test_a_running_process_is_alive_and_an_ended_one_is_not():
    child = _waiting_process()
    try:
        assert is_alive(child.pid)
        assert is_alive(os.getpid())
    finally:
        child.communicate(timeout=60)
    assert not is_alive(child.pid)  # ended, though this test still holds its handle on Windows
    assert not is_alive(0) and not is_alive(-1)


def _crashed_writer_note(database) -> None:
    holder_note(database).write_text(json.dumps({"user": "officer", "host": socket.gethostname(),
                                                 "pid": _ended_process_id(), "action": "solving",
                                                 "since": "2026-01-05T09:30:00"}), encoding="utf-8")


def test_the_lock_note_of_a_crashed_program_is_replaced_by_the_next_writer(tmp_path):
    database = tmp_path / "placements.db"
    _crashed_writer_note(database)
    with writing(database, "importing"):
        note = json.loads(holder_note(database).read_text(encoding="utf-8"))
        assert note["pid"] == os.getpid() and note["action"] == "importing"
    assert not holder_note(database).exists()


def test_a_crashed_program_is_not_named_as_holding_the_lock(tmp_path):
    database = tmp_path / "placements.db"
    _crashed_writer_note(database)
    message = locked_message(str(database))
    assert "officer" not in message and "another program" in message


def test_the_staging_folder_of_a_crashed_program_is_removed(tmp_path):
    target = tmp_path / "documents"
    stale = tmp_path / f".documents.partial-{_ended_process_id()}"
    stale.mkdir()
    (stale / "half-written.pdf").write_bytes(b"%PDF-")
    writer = _waiting_process()
    try:
        running = tmp_path / f".documents.partial-{writer.pid}"
        running.mkdir()
        recover_folder(target)
    finally:
        writer.communicate(timeout=60)
    assert not stale.exists() and running.is_dir()
