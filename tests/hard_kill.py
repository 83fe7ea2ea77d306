"""Ending a process with no chance to clean up, the way a power cut or Task Manager does, on POSIX and Windows.

POSIX has SIGKILL. Windows has no signals: ``os.kill`` with any signal other
than the two console events calls TerminateProcess (what Task Manager's "End
task" does), and the process's exit code is the signal's number. So a test
kills with ``KILL_SIGNAL`` (or ``Popen.kill()``, the same on each system) and
reads ``KILLED`` as the return code of a process that killed itself so.
"""

from __future__ import annotations

import os
import signal

KILL_SIGNAL = getattr(signal, "SIGKILL", signal.SIGTERM)
KILLED = -KILL_SIGNAL if os.name == "posix" else KILL_SIGNAL
