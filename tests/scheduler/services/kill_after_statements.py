"""Runs ``gp-placements ARGS`` and kills itself (SIGKILL; TerminateProcess on Windows) just before its Nth database statement or commit.

    python kill_after_statements.py N ARGS...   (N = 0: never; the count is printed to stderr at exit)

Used by the restore crash test to stop the process at chosen points, the way
a power cut or Task Manager would, with no chance to clean up.
"""

from __future__ import annotations

import atexit
import os
import sys
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/, for hard_kill
from hard_kill import KILL_SIGNAL  # noqa: E402

kill_at = int(sys.argv[1])
seen = 0


def _point(*_args, **_kw) -> None:
    global seen
    seen += 1
    if seen == kill_at:
        os.kill(os.getpid(), KILL_SIGNAL)


event.listen(Engine, "before_cursor_execute", _point)
event.listen(Engine, "commit", _point)
atexit.register(lambda: print(f"points={seen}", file=sys.stderr))

from scheduler.cli.main import main  # noqa: E402  (after the listeners, so every engine is watched)

sys.exit(main(sys.argv[2:]))
