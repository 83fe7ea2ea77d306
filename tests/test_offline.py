"""The app works with no network: the whole pipeline and the window's start run with sockets blocked.

Socket creation is replaced by a guard that records the attempt and raises,
in this process (monkeypatch) and in every Python process it starts (a
``sitecustomize`` on PYTHONPATH, which spawned report workers and the window's
process import at start). A test passes only if the work succeeded and the
guard recorded no attempt, so code that swallowed the error would still fail.
The window's start must also load no Qt network plugin (network information,
TLS), and not the QtNetwork bindings.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from scheduler.services import Workspace, data, documents, plans
from scheduler.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
NETWORK_PLUGIN_DIRS = ("networkinformation", "tls")

GUARD = '''
"""Installed by tests/test_offline.py: any socket created in this process is recorded and refused."""
import os, socket

class BlockedSocket(socket.socket):
    def __init__(self, *args, **kwargs):
        with open(os.environ["GP_TEST_SOCKET_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} socket{args}\\n")
        raise OSError("network access is blocked in this test")

def blocked_call(*args, **kwargs):
    with open(os.environ["GP_TEST_SOCKET_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} lookup{args}\\n")
    raise OSError("network access is blocked in this test")

socket.socket = BlockedSocket
socket.create_connection = blocked_call
socket.getaddrinfo = blocked_call
'''


@pytest.fixture
def blocked_network(tmp_path, monkeypatch) -> Path:
    """Blocks sockets here and in child Python processes; returns the log of attempts."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    attempts = tmp_path / "socket-attempts.log"
    attempts.touch()
    monkeypatch.setenv("GP_TEST_SOCKET_LOG", str(attempts))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(guard), str(ROOT), os.environ.get("PYTHONPATH", "")]))
    namespace: dict = {}
    exec(compile(GUARD, "sitecustomize", "exec"), namespace)  # the same guard in this process
    monkeypatch.setattr(socket, "socket", namespace["BlockedSocket"])
    monkeypatch.setattr(socket, "create_connection", namespace["blocked_call"])
    monkeypatch.setattr(socket, "getaddrinfo", namespace["blocked_call"])
    with pytest.raises(OSError, match="blocked"):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    attempts.write_text("", encoding="utf-8")  # that attempt was the check that the guard is armed
    return attempts


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_import_solve_export_and_documents_with_sockets_blocked(blocked_network, tmp_path):
    demo = tmp_path / "demo"
    data.write_demo(demo, seed=2, scale="small")
    with Workspace.open(tmp_path / "placements.db") as ws:
        result = data.import_data(ws, demo)
        assert result.ok, result.errors
        outcome = plans.solve(ws, "Offline", settings=Settings(time_limit_seconds=10, workers=2))
        placements_csv, unplaced_csv = plans.export_plan(ws, tmp_path / "export")
        # two worker processes: spawned, so they run under the sitecustomize guard
        summary = documents.write_documents(ws, tmp_path / "documents", workers=2)

    placed = read_csv(placements_csv)
    assert len(placed) == len(outcome.plan.placements) > 0
    assert len(read_csv(unplaced_csv)) == len(outcome.plan.unplaced)
    practices_used = {row["practice_code"] for row in placed}
    assert summary.practices == len(practices_used)
    assert len(list((tmp_path / "documents" / "practices").glob("*.pdf"))) == len(practices_used)
    assert all(p.read_bytes().startswith(b"%PDF-") for p in (tmp_path / "documents").rglob("*.pdf"))
    assert blocked_network.read_text(encoding="utf-8") == ""


def test_window_starts_with_sockets_blocked_and_no_qt_network_plugin(blocked_network, tmp_path):
    demo = tmp_path / "demo"
    data.write_demo(demo, seed=2, scale="small")
    db = tmp_path / "placements.db"
    with Workspace.open(db) as ws:
        assert data.import_data(ws, demo).ok
    report = tmp_path / "start-probe.json"
    home = tmp_path / "home"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GP_PLACEMENTS_START_PROBE=str(report), HOME=str(home),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"))
    # the frozen build's entry point, run from source: the start probe closes the window at its first paint
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "launcher.py"), "--db", str(db)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    started = json.loads(report.read_text(encoding="utf-8"))
    assert "PySide6.QtWidgets" in started["python_modules"]
    assert "PySide6.QtNetwork" not in started["python_modules"]
    plugins = [lib for lib in started["libraries"] if "plugins" in Path(lib).parts]
    assert any("platforms" in Path(lib).parts for lib in plugins), "the probe saw no Qt plugin at all"
    assert not [lib for lib in plugins if set(Path(lib).parts) & set(NETWORK_PLUGIN_DIRS)]
    assert blocked_network.read_text(encoding="utf-8") == ""
