"""Small helpers about processes: is one still running, and making a worker process die with its parent."""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import threading


def is_alive(pid: int) -> bool:
    """True when a process with this id runs (on Windows, where asking would send Ctrl+C, assumed True)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def die_with_parent() -> None:
    """In a worker process: ends it at once when its parent ends, however the parent ended (even SIGKILL).

    A daemon thread waits on the parent's sentinel (a pipe on POSIX, the process handle on Windows), which
    becomes ready when the parent is gone; the worker then exits without finishing what it was writing.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()
